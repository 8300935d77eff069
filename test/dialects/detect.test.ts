import { expect } from '@open-wc/testing';
import { createAutoMapper, DETECTION_WINDOW } from '../../src/dialects/detect.js';
import {
  buildDefaultBody,
  buildRequestBody,
  canonicalDialect,
  createDialectMapper,
  getDialect,
  jsonDialect,
} from '../../src/dialects/index.js';
import { DialectName, type Dialect } from '../../src/dialects/dialect.js';
import type { ChatEvent } from '../../src/dialects/chat-event.js';
import type { SseMessage } from '../../src/transport/sse-message.js';
import { createAssistantMessage, createUserMessage } from '../../src/state/message.js';
import { selectHistory } from '../../src/state/history.js';

const sse = (data: unknown, event = 'message'): SseMessage => ({
  event,
  data: typeof data === 'string' ? data : JSON.stringify(data),
  id: '',
});
const feed = (mapper: { map(m: SseMessage): ChatEvent[] }, messages: SseMessage[]) => messages.flatMap(m => mapper.map(m));

/** A stand-in vendor that is recognised by a response header alone, like the Vercel UI message stream. */
const headerVendor: Dialect = {
  name: 'vercel-ai',
  createMapper: () => ({ map: message => [{ type: 'text-delta', delta: `vendor:${message.data}` }] }),
  detect: (_message, headers) => headers.get('x-test-vendor') === 'v1',
};
const throwingDetector: Dialect = {
  name: 'tgi',
  createMapper: () => ({ map: () => [] }),
  detect: () => {
    throw new Error('detector bug');
  },
};

describe('dialects/detect and registry', () => {
  it('detects the canonical dialect from its event names', () => {
    const mapper = createDialectMapper('auto', new Headers({ 'content-type': 'text/event-stream' }));
    expect(mapper.detected).to.equal(undefined);
    const events = feed(mapper, [sse({ delta: 'Hi' }, 'text-delta'), sse({}, 'done')]);
    expect(mapper.detected).to.equal('sse-chat');
    expect(events).to.deep.equal([{ type: 'text-delta', delta: 'Hi' }, { type: 'done' }]);
  });

  it('detects the json family from a typed payload', () => {
    const mapper = createDialectMapper('auto', new Headers({ 'content-type': 'text/plain' }));
    expect(feed(mapper, [sse({ type: 'chunk', content: 'Hello' })])).to.deep.equal([{ type: 'text-delta', delta: 'Hello' }]);
    expect(mapper.detected).to.equal('json');
  });

  it('holds undecided messages and maps them once the dialect is known', () => {
    const mapper = createDialectMapper('auto', new Headers());
    expect(mapper.map(sse('', 'ping'))).to.deep.equal([]);
    expect(mapper.map(sse({ content: 'Hel' }))).to.deep.equal([]);
    expect(mapper.detected).to.equal(undefined);
    expect(mapper.map(sse({ type: 'token', content: 'lo' }))).to.deep.equal([
      { type: 'text-delta', delta: 'Hel' },
      { type: 'text-delta', delta: 'lo' },
    ]);
    expect(mapper.detected).to.equal('json');
  });

  it('lets a canonical event decide after an undecided ping', () => {
    const mapper = createAutoMapper([headerVendor, canonicalDialect, jsonDialect], jsonDialect, new Headers());
    expect(mapper.map(sse('', 'ping'))).to.deep.equal([]);
    expect(mapper.map(sse({ id: 's', label: 'Searching' }, 'step'))).to.deep.equal([{ type: 'step', id: 's', label: 'Searching' }]);
    expect(mapper.detected).to.equal('sse-chat');
  });

  it(`falls back to json after ${DETECTION_WINDOW} undecided messages, and flush() hands over a shorter backlog`, () => {
    const undecided = [sse({ content: 'one ' }), sse({ content: 'two ' }), sse({ content: 'three' })];
    const mapper = createDialectMapper('auto', new Headers());
    const events = feed(mapper, undecided);
    expect(mapper.detected).to.equal('json');
    expect(events.map(event => (event as { delta: string }).delta).join('')).to.equal('one two three');

    const short = createDialectMapper('auto', new Headers());
    expect(feed(short, undecided.slice(0, 2))).to.deep.equal([]);
    expect(short.flush()).to.deep.equal([
      { type: 'text-delta', delta: 'one ' },
      { type: 'text-delta', delta: 'two ' },
    ]);
    expect(short.detected).to.equal('json');
    expect(short.flush()).to.deep.equal([]);
  });

  it('lets a vendor header decide at once, before any payload looks familiar', () => {
    const mapper = createAutoMapper([headerVendor, canonicalDialect, jsonDialect], jsonDialect, new Headers({ 'x-test-vendor': 'v1' }));
    expect(mapper.map(sse({ type: 'token', content: 'x' }))).to.deep.equal([{ type: 'text-delta', delta: 'vendor:{"type":"token","content":"x"}' }]);
    expect(mapper.detected).to.equal('vercel-ai');
  });

  it('treats a detector that throws as a "no"', () => {
    const mapper = createAutoMapper([throwingDetector, jsonDialect], jsonDialect, new Headers());
    expect(mapper.map(sse({ type: 'token', content: 'x' }))).to.deep.equal([{ type: 'text-delta', delta: 'x' }]);
    expect(mapper.detected).to.equal('json');
  });

  it('uses an explicit dialect as is, even when the stream looks like another', () => {
    const mapper = createDialectMapper('json', new Headers());
    expect(mapper.detected).to.equal('json');
    expect(mapper.map(sse({ delta: 'x' }, 'text-delta'))).to.deep.equal([{ type: 'text-delta', delta: 'x' }]);
    const canonical = createDialectMapper('sse-chat', new Headers());
    expect(canonical.map(sse({ type: 'token', content: 'x' }))).to.deep.equal([]);
  });

  it('serves any other format through mapEvent, turning its exceptions into an error event', () => {
    const mapper = createDialectMapper('auto', new Headers(), message => {
      if (message.data === 'boom') throw new Error('unexpected shape');
      if (message.data === 'many') return [{ type: 'text-delta', delta: 'a' }, { nonsense: true } as unknown as ChatEvent];
      if (message.data === 'none') return null;
      return { type: 'text-delta', delta: message.data.toUpperCase() };
    });
    expect(mapper.detected).to.equal('custom');
    expect(feed(mapper, [sse('hi'), sse('none'), sse('many')])).to.deep.equal([
      { type: 'text-delta', delta: 'HI' },
      { type: 'text-delta', delta: 'a' },
    ]);
    // A mapEvent that throws is the page's setup, as a throwing headers() or buildBody() is.
    expect(mapper.map(sse('boom'))).to.deep.equal([
      { type: 'error', message: 'mapEvent failed: unexpected shape', code: 'setup', retryable: false },
    ]);
  });

  it("checks what mapEvent returns as the wire's events are checked: a wrong field is dropped, never rendered", () => {
    const made: unknown[] = [
      { type: 'text' },
      { type: 'notice' },
      { type: 'suggestions', suggestions: 'abc' },
      { type: 'text-delta', delta: 5 },
      { type: 'step', label: 'no id' },
      { type: 'sources', sources: 'https://example.com' },
      { type: 'metadata', metadata: ['a'] },
      { type: 'text-delta', delta: 'kept' },
      { type: 'step', id: 's1', progress: 250, status: 'nonsense' },
      { type: 'error', message: 42, code: 'quota', retryable: 'no' },
    ];
    const mapper = createDialectMapper('auto', new Headers(), () => made as ChatEvent[]);
    expect(mapper.map(sse('x'))).to.deep.equal([
      { type: 'text-delta', delta: 'kept' },
      { type: 'step', id: 's1', progress: { value: 100, max: 100 } },
      { type: 'error', message: 'The server reported an error.', code: 'quota' },
    ]);
  });

  it('looks dialects up by name and lists every name', () => {
    const dialectNames = Object.values(DialectName);
    expect(getDialect('sse-chat')).to.equal(canonicalDialect);
    expect(getDialect('json')).to.equal(jsonDialect);
    expect(getDialect('auto')).to.equal(undefined);
    expect(getDialect('toString')).to.equal(undefined);
    expect(dialectNames).to.include.members(['auto', 'sse-chat', 'json', 'openai-chat', 'anthropic', 'gemini', 'vercel-ai', 'tgi']);
  });

  it('builds the house request body for canonical, json and auto', () => {
    const finished = { ...createAssistantMessage(2), text: 'Hi there', status: 'done' as const };
    const empty = { ...createAssistantMessage(3), status: 'error' as const };
    // Through selectHistory, as the element does: the failed exchange is left out there, not by the body builder.
    const history = selectHistory([createUserMessage('Hello', 1), finished, createUserMessage('Then?', 3), empty], 10);
    const context = { text: 'And now?', sessionId: 's-1', history };
    const expected = {
      message: 'And now?',
      session_id: 's-1',
      history: [
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Hi there' },
      ],
    };
    expect(buildDefaultBody(context)).to.deep.equal(expected);
    for (const name of ['auto', 'sse-chat', 'json'] as const) expect(buildRequestBody(name, context), name).to.deep.equal(expected);
  });

  it("uses a dialect's own body builder where it has one", () => {
    const context = { text: 'Q', sessionId: 's', history: [], model: 'm' };
    const withBuilder = Object.values(DialectName).map(getDialect).find(dialect => dialect?.buildBody);
    if (!withBuilder) return; // No vendor dialect registered yet: nothing to delegate to.
    expect(buildRequestBody(withBuilder.name, context)).to.deep.equal(withBuilder.buildBody!(context));
    expect(buildRequestBody(withBuilder.name, context)).to.not.deep.equal(buildDefaultBody(context));
  });
});
