import { expect } from '@open-wc/testing';
import { chatFixture, exchange, shadow } from '../helpers/chat-fixture.js';
import { nextFrame, until } from '../helpers/fake-sse.js';
import { LONG_ANSWER_CHARS } from '../../src/view/message.js';

/**
 * A long conversation stays cheap to continue: while a new answer streams, and when it starts and ends, the DOM
 * of earlier turns is not touched (no re-render, no button added or removed), so their cost and their height out
 * of view do not change with each new turn; and a finished answer leaves no block-by-block visibility tracking
 * behind, which every scrolled frame of a long conversation would pay for.
 */
describe('<sse-chat> earlier turns', () => {
  it('are not touched while a new answer starts, streams and ends', async () => {
    const { el, fake } = await chatFixture();
    await exchange(el, fake, 'Q1', 'A first answer with **markdown** and `code`.');
    await exchange(el, fake, 'Q2', '- a list\n- of items');
    await exchange(el, fake, 'Q3', 'The third answer.');
    await nextFrame();
    // The last answer loses Regenerate when the next question is sent: it is the turn being replaced as "last".
    const earlier = [...shadow(el).querySelectorAll('.message')].slice(0, -1);
    expect(earlier).to.have.length(5);
    // Each finished answer is measured once in idle time (MessageSizeController): done before the next turn here.
    const answers = earlier.filter(message => message.getAttribute('data-role') === 'assistant');
    await until(() => answers.every(message => (message as HTMLElement).style.containIntrinsicBlockSize !== ''), 3000, 'earlier answers sized');
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

  it('lay out whole once finished, group by group of blocks while streaming or when very long', async () => {
    const { el, fake } = await chatFixture();
    // An answer's blocks come in groups (see block-groups.ts): a group is laid out or skipped as a whole.
    const visibility = (message: Element) => [...message.querySelectorAll('.content > *')].map(group => getComputedStyle(group).contentVisibility);
    const finished = el.send('Q1');
    const call = await fake.nextCall();
    call.response.send({ delta: 'One.\n\nTwo.\n\nThree' }, 'text-delta');
    await until(() => shadow(el).querySelectorAll('.message[data-role="assistant"] .content > .blocks > *').length === 3, 2000, 'three blocks');
    const answer = shadow(el).querySelector('.message[data-role="assistant"]')!;
    expect(visibility(answer), 'while it streams').to.deep.equal(['auto']);
    call.response.send({}, 'done');
    await finished;
    await el.updateComplete;
    await nextFrame();
    expect(visibility(answer), 'finished').to.deep.equal(['visible']);

    const paragraph = 'A long paragraph of a very long answer. '.repeat(40);
    const long = Array.from({ length: Math.ceil(LONG_ANSWER_CHARS / paragraph.length) + 1 }, () => paragraph).join('\n\n');
    const second = el.send('Q2');
    const call2 = await fake.nextCall();
    call2.response.send({ delta: long }, 'text-delta');
    call2.response.send({}, 'done');
    await second;
    await el.updateComplete;
    await nextFrame();
    const longAnswer = shadow(el).querySelectorAll('.message[data-role="assistant"]')[1]!;
    expect(longAnswer.hasAttribute('data-long')).to.equal(true);
    expect(new Set(visibility(longAnswer)), 'a finished answer over LONG_ANSWER_CHARS').to.deep.equal(new Set(['auto']));
  });
});
