import { expect } from '@open-wc/testing';
import { createDialectMapper } from '../../src/dialects/index.js';
import type { DialectName } from '../../src/dialects/dialect.js';
import type { SseMessage } from '../../src/transport/sse-message.js';
import { applyChatEvent, createAssistantMessage, endOfStream, type ChatMessage } from '../../src/state/message.js';

/** Detection never throws an answer away (issue 10 §2), read through the reducer as the element reads it. */

const msg = (event: string, data: string, kind?: SseMessage['kind']): SseMessage => ({ event, data, id: '', ...(kind ? { kind } : {}) });

function answer(messages: SseMessage[], dialect: DialectName = 'auto', headers = new Headers()): ChatMessage & { detected?: string } {
  const mapper = createDialectMapper(dialect, headers);
  let m = createAssistantMessage(0);
  for (const message of messages) for (const event of mapper.map(message)) m = applyChatEvent(m, event, 1);
  for (const event of mapper.flush(true)) m = applyChatEvent(m, event, 2);
  return { ...endOfStream(m, 3), detected: mapper.detected };
}

describe('dialects: detection never throws an answer away', () => {
  it('`event: token` messages then `event: done` keep their text (not done-with-empty-text)', () => {
    const m = answer([msg('token', 'Hel'), msg('token', 'lo'), msg('done', '')]);
    expect(m.text).to.equal('Hello');
    expect(m.status).to.equal('done');
    const json = answer([msg('token', '{"content":"Hi"}'), msg('done', '', 'signal')]);
    expect(json.text).to.equal('Hi');
    expect(json.status).to.equal('done');
  });

  it('a house stream opening with {"type":"ping"} is not taken for Anthropic', () => {
    const m = answer([
      msg('ping', '{"type":"ping"}'),
      msg('message', '{"type":"token","content":"Hi"}'),
      msg('message', '{"type":"done"}'),
    ]);
    expect(m.detected).to.equal('json');
    expect(m.text).to.equal('Hi');
    expect(m.status).to.equal('done');
  });

  it('a dialect claimed on weak evidence gives way when it maps nothing from plain answer text', () => {
    // `event: start` is canonical's, yet the answer comes as `event: chunk`: the json family reads it.
    const m = answer([msg('start', '{}'), msg('chunk', '{"content":"Hello"}'), msg('chunk', '{"content":" there"}'), msg('done', '{}')]);
    expect(m.text).to.equal('Hello there');
    expect(m.status).to.equal('done');
  });

  it('a canonical stream ending with a data-less `event: done` is done', () => {
    const m = answer([msg('text-delta', '{"delta":"Hi"}'), msg('done', '', 'signal')]);
    expect(m.detected).to.equal('sse-chat');
    expect(m).to.include({ text: 'Hi', status: 'done' });
    expect(answer([msg('text-delta', '{"delta":"Hi"}'), msg('done', '', 'signal')], 'sse-chat')).to.include({ status: 'done' });
  });

  it('a LangServe-style data-less `event: end` ends a json stream as done', () => {
    expect(answer([msg('data', '"Hi"'), msg('end', '', 'signal')])).to.include({ text: 'Hi', status: 'done' });
  });

  it('done with nothing to show is "no answer received", never an empty finished answer', () => {
    const m = answer([msg('done', '', 'signal')]);
    expect(m.status).to.equal('error');
    expect(m.error?.code).to.equal('no-answer');
  });

  it('an explicit dialect still wins', () => {
    const m = answer([msg('token', 'Hel'), msg('done', '')], 'sse-chat');
    expect(m.detected).to.equal('sse-chat');
    expect(m.text).to.equal('');
  });

  it('reads a plain-text body as text, done on a clean close; explicitly too', () => {
    for (const dialect of ['auto', 'text'] as const) {
      const m = answer([msg('message', 'Hello, ', 'text'), msg('message', 'world.', 'text')], dialect);
      expect(m.detected).to.equal('text');
      expect(m).to.include({ text: 'Hello, world.', status: 'done' });
    }
  });

  it('a plain-text body that failed mid-way is not done', () => {
    const mapper = createDialectMapper('auto', new Headers());
    mapper.map(msg('message', 'Hel', 'text'));
    expect(mapper.flush(false)).to.deep.equal([]);
  });

  it('shows a stray JSON error object (Google style) with its message, in any dialect', () => {
    const error = '{"error":{"code":400,"message":"API key not valid.","status":"INVALID_ARGUMENT"}}';
    for (const dialect of ['auto', 'gemini', 'json'] as const) {
      const m = answer([msg('message', error, 'json')], dialect);
      expect(m.error?.message).to.equal('API key not valid.');
      expect(m.error?.retryable).to.equal(false);
    }
  });

  it('shows Hono’s plain-text `event: error` data as the message', () => {
    const m = answer([msg('text-delta', '{"delta":"a"}'), msg('error', 'Upstream model failed')]);
    expect(m.error?.message).to.equal('Upstream model failed');
    expect(answer([msg('error', 'Upstream model failed')]).error?.message).to.equal('Upstream model failed');
  });

  it('a page’s mapEvent sees signals; an exception it throws on one is ignored', () => {
    const seen: SseMessage[] = [];
    const mapper = createDialectMapper('auto', new Headers(), message => {
      seen.push(message);
      return message.kind === 'signal' ? { type: 'done' } : JSON.parse(message.data);
    });
    expect(mapper.map(msg('end', '', 'signal'))).to.deep.equal([{ type: 'done' }]);
    const throwing = createDialectMapper('auto', new Headers(), message => JSON.parse(message.data));
    expect(throwing.map(msg('end', '', 'signal'))).to.deep.equal([]);
    expect(seen).to.have.length(1);
  });
});
