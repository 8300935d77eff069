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

  it('add no event listeners: one on the list serves every turn', async () => {
    const { el, fake } = await chatFixture();
    await exchange(el, fake, 'Q1', 'The first answer, with `code` and a\n\n```js\nblock\n```');
    // Counted as added to anything that ends up in the chat's shadow root (Lit adds them before it inserts), for
    // turns that have everything the first one had.
    const targets: [EventTarget, string][] = [];
    const add = EventTarget.prototype.addEventListener;
    EventTarget.prototype.addEventListener = function (this: EventTarget, ...args: Parameters<typeof add>) {
      targets.push([this, args[0]]);
      return add.apply(this, args);
    };
    try {
      for (let turn = 2; turn <= 4; turn++) await exchange(el, fake, `Q${turn}`, 'Another answer, with `code` and a\n\n```js\nblock\n```');
      await nextFrame();
    } finally {
      EventTarget.prototype.addEventListener = add;
    }
    expect(shadow(el).querySelectorAll('.message')).to.have.length(8);
    expect(shadow(el).querySelectorAll('[part="code-copy-button"]')).to.have.length(4);
    const added = targets.filter(([target]) => target instanceof Node && target.getRootNode() === shadow(el));
    expect(added.map(([target, type]) => `${type} on ${(target as Element).getAttribute('part') ?? (target as Node).nodeName}`)).to.deep.equal([]);
  });

  it('keep few nodes besides their text and markdown: no template whitespace', async () => {
    const { el, fake } = await chatFixture();
    for (let turn = 1; turn <= 3; turn++) await exchange(el, fake, `Q${turn}`, `Answer ${turn}.`);
    await nextFrame();
    const kinds = (message: Element) => {
      const counts: Record<string, number> = {};
      const walker = document.createTreeWalker(message, NodeFilter.SHOW_ALL);
      for (let node: Node | null = walker.currentNode; node; node = walker.nextNode()) {
        // The markdown's own nodes are its renderer's business.
        if (node.parentElement?.closest('.content')) continue;
        const kind = node.nodeType === Node.COMMENT_NODE ? 'comment' : node.nodeType === Node.TEXT_NODE ? (node.textContent!.trim() ? 'text' : 'blank') : 'element';
        counts[kind] = (counts[kind] ?? 0) + 1;
      }
      return counts;
    };
    // An earlier turn: a question (label, bubble, Edit) and a finished answer (label, content, Copy in its group).
    const [question, answer] = shadow(el).querySelectorAll('.message');
    expect(kinds(question!), 'question').to.deep.equal({ element: 4, text: 3, comment: 6 });
    expect(kinds(answer!), 'answer').to.deep.equal({ element: 5, text: 2, comment: 12 });
  });
});
