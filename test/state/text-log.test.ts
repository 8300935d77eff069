import { expect } from '@open-wc/testing';
import { applyChatEvent, createAssistantMessage } from '../../src/state/message.js';
import { textGrowth } from '../../src/state/text-log.js';
import fc, { runs } from '../helpers/fast-check.js';
import type { ChatEvent } from '../../src/dialects/chat-event.js';

const run = (events: ChatEvent[], start = createAssistantMessage(0)) =>
  events.reduce((message, event, i) => applyChatEvent(message, event, 10 * (i + 1)), start);

describe("state/text-log: the text's growth (a view reads what was added, not the whole answer)", () => {
  it('gives the text from any offset, from the deltas after it, across other events', () => {
    const event = fc.oneof(
      { weight: 4, arbitrary: fc.string({ maxLength: 6 }).map((delta): ChatEvent => ({ type: 'text-delta', delta })) },
      { weight: 1, arbitrary: fc.constant<ChatEvent>({ type: 'notice', message: 'n' }) },
      { weight: 1, arbitrary: fc.constant<ChatEvent>({ type: 'metadata', metadata: { a: 1 } }) },
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), fc.nat(), (events, at) => {
        let message = createAssistantMessage(0);
        let source: object | undefined;
        for (const e of events) {
          message = applyChatEvent(message, e, 1);
          const growth = textGrowth(message);
          if (!growth) continue;
          // One growing text, one source: a view sees that each text extends the one it showed.
          source ??= growth.source;
          expect(growth.source).to.equal(source);
          expect(growth.length).to.equal(message.text.length);
          const start = at % (message.text.length + 1);
          expect(growth.since(start)).to.equal(message.text.slice(start));
        }
      }),
      { numRuns: runs(100) },
    );
  });

  it('keeps one growth over 10,000 deltas, reading the end from the last deltas', () => {
    let message = createAssistantMessage(0);
    for (let i = 0; i < 10_000; i++) message = applyChatEvent(message, { type: 'text-delta', delta: 'word ' }, 1);
    const before = textGrowth(message)!;
    message = applyChatEvent(message, { type: 'text-delta', delta: 'new' }, 1);
    const growth = textGrowth(message)!;
    expect(growth.source).to.equal(before.source);
    expect(growth.since(before.length)).to.equal('new');
    expect(growth.since(before.length - 2)).to.equal('d new');
    expect(growth.since(0)).to.equal(`${'word '.repeat(10_000)}new`);
    expect(growth.since(12_345)).to.equal(message.text.slice(12_345));
  });

  it('starts a new growth when the text is replaced, or an earlier message grows again', () => {
    const first = run([{ type: 'text-delta', delta: 'a' }, { type: 'text-delta', delta: 'b' }]);
    const replaced = applyChatEvent(first, { type: 'text', text: 'xyz' }, 1);
    expect(textGrowth(replaced)).to.equal(undefined);
    const again = applyChatEvent(replaced, { type: 'text-delta', delta: '!' }, 1);
    expect(textGrowth(again)!.source).not.to.equal(textGrowth(first)!.source);
    expect(textGrowth(again)!.since(0)).to.equal('xyz!');
    // Two answers grown from one message share no chunks: each reads its own text.
    const left = applyChatEvent(first, { type: 'text-delta', delta: 'L' }, 1);
    const right = applyChatEvent(first, { type: 'text-delta', delta: 'R' }, 1);
    expect(textGrowth(left)!.since(0)).to.equal('abL');
    expect(textGrowth(right)!.since(0)).to.equal('abR');
    expect(textGrowth(right)!.source).not.to.equal(textGrowth(left)!.source);
  });
});
