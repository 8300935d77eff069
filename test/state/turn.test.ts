import { expect } from '@open-wc/testing';
import { createDialectMapper, type DetectingMapper } from '../../src/dialects/index.js';
import { createAssistantMessage, MessageStatus, type ChatMessage } from '../../src/state/message.js';
import { endTurn, flushHeld, receiveMessage, type TurnOptions } from '../../src/state/turn.js';
import { ErrorCode } from '../../src/transport/error-code.js';
import { TransportError } from '../../src/transport/transport-error.js';
import type { SseMessage } from '../../src/transport/sse-message.js';

const sse = (data: unknown, event = 'message'): SseMessage => ({ event, data: typeof data === 'string' ? data : JSON.stringify(data), id: '' });
const options: TurnOptions = { endpoint: 'https://api.example/v1/chat', maxAnswerChars: 0 };

/** Reads `messages` into a fresh answer as a turn does; time is the message's index. */
function read(messages: SseMessage[], mapper = createDialectMapper('auto', new Headers()), turnOptions = options): ChatMessage {
  return messages.reduce((answer, message, i) => receiveMessage(answer, message, mapper, turnOptions, i).answer, createAssistantMessage(0));
}

/**
 * The canonical dialect, except that it throws on a message whose data is `unreadable`, as a dialect may on some
 * hostile field (Gemini's does on tool arguments nested past the stack's depth; `sse-chat check`'s test sends those).
 */
function throwingMapper(): DetectingMapper {
  const canonical = createDialectMapper('sse-chat', new Headers());
  return {
    detected: canonical.detected,
    map(message) {
      if (message.data === 'unreadable') throw new RangeError('Maximum call stack size exceeded');
      return canonical.map(message);
    },
    flush: closed => canonical.flush(closed),
  };
}

describe('state/turn', () => {
  it("applies a message's events to the answer and returns them; the answer takes the dialect once detected", () => {
    const mapper = createDialectMapper('auto', new Headers());
    const first = receiveMessage(createAssistantMessage(0), sse({ delta: 'Hello' }, 'text-delta'), mapper, options, 1);
    expect(first.events).to.deep.equal([{ type: 'text-delta', delta: 'Hello' }]);
    expect(first.answer.text).to.equal('Hello');
    expect(first.answer.dialect).to.equal('sse-chat');
    const done = receiveMessage(first.answer, sse({}, 'done'), mapper, options, 2);
    expect(done.answer.status).to.equal(MessageStatus.Done);
  });

  it('skips a message the dialect throws on, counts it in the metadata, and reads the rest of the answer', () => {
    const unreadable = sse('unreadable', 'text-delta');
    const answer = read([sse({ delta: 'Hello ' }, 'text-delta'), unreadable, unreadable, sse({ delta: 'world' }, 'text-delta')], throwingMapper());
    expect(answer.text).to.equal('Hello world');
    expect(answer.status).to.equal(MessageStatus.Streaming);
    expect(answer.metadata).to.deep.equal({ unreadableEvents: 2 });
  });

  it("resolves relative source links against the endpoint's URL", () => {
    const answer = read([sse({ sources: [{ title: 'A', url: '/docs/a' }, { title: 'B', url: 'b?x=1' }] }, 'sources')]);
    expect(answer.sources.map(source => source.url)).to.deep.equal(['https://api.example/docs/a', 'https://api.example/v1/b?x=1']);
  });

  it('ends an answer that grows past maxAnswerChars with answer-too-large, keeping the text up to the limit', () => {
    const answer = read([sse({ delta: 'abcdef' }, 'text-delta')], undefined, { ...options, maxAnswerChars: 4 });
    expect(answer.text).to.equal('abcd');
    expect(answer.error?.code).to.equal(ErrorCode.AnswerTooLarge);
  });

  it('flushHeld reads what detection still held, with the fallback dialect; nothing without a mapper', () => {
    const mapper = createDialectMapper('auto', new Headers());
    const held = read([sse({ content: 'one ' }), sse({ content: 'two' })], mapper);
    expect(held.text).to.equal('');
    const { answer, events } = flushHeld(held, mapper, true, options, 5);
    expect(events).to.deep.equal([
      { type: 'text-delta', delta: 'one ' },
      { type: 'text-delta', delta: 'two' },
    ]);
    expect(answer.text).to.equal('one two');
    expect(flushHeld(held, undefined, true, options, 5)).to.deep.equal({ answer: held, events: [] });
  });

  it('endTurn: a clean close without done is cut off (or no answer), a failure shows its error, a settled answer stays', () => {
    const partial = read([sse({ delta: 'Half' }, 'text-delta')]);
    const cut = endTurn(partial, 9);
    expect([cut.status, cut.text, cut.error?.code]).to.deep.equal([MessageStatus.Error, 'Half', ErrorCode.CutOff]);
    expect(endTurn(createAssistantMessage(0), 9).error?.code).to.equal(ErrorCode.NoAnswer);
    const failed = endTurn(partial, 9, { error: new TransportError(ErrorCode.Stalled, 'No data.', { retryable: true }) });
    expect(failed.status).to.equal(MessageStatus.Error);
    expect(failed.error).to.deep.equal({ message: 'No data.', code: ErrorCode.Stalled, retryable: true });
    const done = read([sse({ delta: 'All' }, 'text-delta'), sse({}, 'done')]);
    expect(endTurn(done, 9, { error: new Error('late') })).to.equal(done);
    expect(endTurn(done, 9)).to.equal(done);
  });
});
