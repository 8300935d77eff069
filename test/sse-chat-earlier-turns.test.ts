import { expect } from '@open-wc/testing';
import { chatFixture, shadow } from './helpers/chat-fixture.js';
import { nextFrame, until, type FakeFetch } from './helpers/fake-sse.js';
import type { SseChat } from '../src/sse-chat.js';

/**
 * A long conversation stays cheap to continue: while a new answer streams, and when it starts and ends, the DOM
 * of earlier turns is not touched (no re-render, no button added or removed), so their cost and their height out
 * of view do not change with each new turn.
 */
describe('<sse-chat> earlier turns', () => {
  async function exchange(el: SseChat, fake: FakeFetch, question: string, reply: string) {
    const finished = el.send(question);
    const call = await fake.nextCall();
    call.response.send({ delta: reply }, 'text-delta');
    call.response.send({}, 'done');
    await finished;
    await el.updateComplete;
  }

  it('are not touched while a new answer starts, streams and ends', async () => {
    const { el, fake } = await chatFixture();
    await exchange(el, fake, 'Q1', 'A first answer with **markdown** and `code`.');
    await exchange(el, fake, 'Q2', '- a list\n- of items');
    await exchange(el, fake, 'Q3', 'The third answer.');
    await nextFrame();
    // The last answer loses Regenerate when the next question is sent: it is the turn being replaced as "last".
    const earlier = [...shadow(el).querySelectorAll('.message')].slice(0, -1);
    expect(earlier).to.have.length(5);
    const mutations: MutationRecord[] = [];
    const observer = new MutationObserver(records => mutations.push(...records));
    for (const message of earlier) observer.observe(message, { subtree: true, childList: true, attributes: true, characterData: true });

    const finished = el.send('Q4');
    const call = await fake.nextCall();
    for (const word of ['Streaming ', 'the ', 'fourth ', 'answer.']) {
      call.response.send({ delta: word }, 'text-delta');
      await nextFrame();
    }
    call.response.send({}, 'done');
    await finished;
    await el.updateComplete;
    await until(() => el.status === 'idle');
    await nextFrame();
    mutations.push(...observer.takeRecords());
    observer.disconnect();
    const described = mutations.map(record => `${record.type} ${(record.target as Element).getAttribute?.('part') ?? record.target.nodeName} ${record.attributeName ?? ''}`);
    expect(described, 'mutations in earlier turns').to.deep.equal([]);
    expect(shadow(el).querySelectorAll('.message')).to.have.length(8);
  });
});
