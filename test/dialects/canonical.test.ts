import { expect } from '@open-wc/testing';
import { canonicalDialect, canonicalEventTypes, mapCanonicalMessage } from '../../src/dialects/canonical.js';
import type { SseMessage } from '../../src/transport/sse-message.js';

const sse = (event: string, data: unknown): SseMessage => ({
  event,
  data: typeof data === 'string' ? data : JSON.stringify(data),
  id: '',
});
const map = (event: string, data: unknown) => mapCanonicalMessage(sse(event, data));

describe('dialects/canonical', () => {
  it('reads suggestions: trimmed non-blank strings only, at most five, none from a bad payload', () => {
    expect(map('suggestions', { suggestions: [' Why? ', '', 7, null, 'How?'] })).to.deep.equal([{ type: 'suggestions', suggestions: ['Why?', 'How?'] }]);
    expect(map('suggestions', { suggestions: ['1', '2', '3', '4', '5', '6'] })[0]).to.deep.equal({ type: 'suggestions', suggestions: ['1', '2', '3', '4', '5'] });
    expect(map('suggestions', { suggestions: 'Why?' })).to.deep.equal([]);
    expect(map('suggestions', { suggestions: ['x'.repeat(201)] })).to.deep.equal([]);
  });

  it('maps every event of the vocabulary with its documented fields', () => {
    expect(map('start', { model: 'demo-1', messageId: 'm1' })).to.deep.equal([{ type: 'start', model: 'demo-1', messageId: 'm1' }]);
    expect(map('text-delta', { delta: 'Hel' })).to.deep.equal([{ type: 'text-delta', delta: 'Hel' }]);
    expect(map('text', { text: 'Whole answer' })).to.deep.equal([{ type: 'text', text: 'Whole answer' }]);
    expect(
      map('step', { id: 'retrieve', label: 'Retrieving passages', status: 'active', progress: { value: 3, max: 8 }, detail: 'index A' }),
    ).to.deep.equal([
      { type: 'step', id: 'retrieve', label: 'Retrieving passages', status: 'active', progress: { value: 3, max: 8 }, detail: 'index A' },
    ]);
    expect(
      map('sources', { sources: [{ title: 'Spec', url: 'https://example.com/spec', snippet: 'An excerpt', score: 0.9 }] }),
    ).to.deep.equal([{ type: 'sources', sources: [{ title: 'Spec', url: 'https://example.com/spec', snippet: 'An excerpt', score: 0.9 }] }]);
    expect(map('notice', { message: 'Summary e-mailed', kind: 'email' })).to.deep.equal([
      { type: 'notice', message: 'Summary e-mailed', kind: 'email' },
    ]);
    expect(map('metadata', { metadata: { usage: { tokens: 12 } } })).to.deep.equal([
      { type: 'metadata', metadata: { usage: { tokens: 12 } } },
    ]);
    expect(map('error', { message: 'Quota exceeded', code: 'quota', retryable: false })).to.deep.equal([
      { type: 'error', message: 'Quota exceeded', code: 'quota', retryable: false },
    ]);
    expect(map('done', {})).to.deep.equal([{ type: 'done' }]);
    expect(map('done', '')).to.deep.equal([{ type: 'done' }]);
    expect(map('done', { reason: 'stop' })).to.deep.equal([{ type: 'done', reason: 'stop' }]);
  });

  it('drops fields of the wrong type instead of passing them on', () => {
    expect(map('start', { model: 42, messageId: { x: 1 } })).to.deep.equal([{ type: 'start' }]);
    expect(map('step', { id: 's', label: ['x'], status: 'finished', detail: 7, progress: 'half' })).to.deep.equal([{ type: 'step', id: 's' }]);
    expect(map('error', { message: 5, code: 404, retryable: 'yes' })).to.deep.equal([
      { type: 'error', message: 'The server reported an error.' },
    ]);
    expect(map('notice', { message: 12 })).to.deep.equal([]);
    expect(map('text', { text: null })).to.deep.equal([]);
  });

  it('needs a step id, and clamps progress into 0…max with a positive max', () => {
    expect(map('step', { label: 'No id' })).to.deep.equal([]);
    expect(map('step', { id: 's', progress: { value: 12, max: 8 } })[0]).to.deep.include({ progress: { value: 8, max: 8 } });
    expect(map('step', { id: 's', progress: { value: -3, max: 8 } })[0]).to.deep.include({ progress: { value: 0, max: 8 } });
    expect(map('step', { id: 's', progress: { value: 3, max: 0 } })[0]).to.not.have.property('progress');
    expect(map('step', { id: 's', progress: 42 })[0]).to.deep.include({ progress: { value: 42, max: 100 } });
    // Infinity and NaN cannot come out of JSON.parse, but a numeric string can and must be finite.
    expect(map('step', { id: 's', progress: { value: '1e999', max: 8 } })[0]).to.not.have.property('progress');
  });

  it('keeps only well-formed sources and never drops a source for lack of a title', () => {
    const [event] = map('sources', {
      sources: [{ url: 'https://a.example' }, 'junk', { title: 'B', score: 'high' }, { snippet: 'only an excerpt' }, {}],
    });
    expect(event).to.deep.equal({
      type: 'sources',
      sources: [{ title: '', url: 'https://a.example' }, { title: 'B' }, { title: 'only an excerpt', snippet: 'only an excerpt' }],
    });
  });

  it('takes text-delta data literally when it is not a JSON object', () => {
    expect(map('text-delta', 'plain words')).to.deep.equal([{ type: 'text-delta', delta: 'plain words' }]);
    expect(map('text-delta', '"quoted"')).to.deep.equal([{ type: 'text-delta', delta: 'quoted' }]);
    expect(map('text-delta', {})).to.deep.equal([]);
  });

  it('ignores unknown events, including names that exist on every object', () => {
    for (const name of ['ping', 'message', 'toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf']) {
      expect(map(name, { delta: 'x', message: 'x' }), name).to.deep.equal([]);
    }
  });

  it('does not let __proto__ or constructor keys reach what the page keeps', () => {
    const [event] = map('metadata', '{"metadata":{"__proto__":{"polluted":true},"constructor":{"x":1},"model":"m"}}');
    expect(event).to.deep.equal({ type: 'metadata', metadata: { model: 'm' } });
    const [error] = map('error', '{"__proto__":{"message":"inherited"}}');
    expect(error).to.deep.equal({ type: 'error', message: 'The server reported an error.' });
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it('is not fooled by invalid JSON', () => {
    expect(map('step', '{"id": "s"')).to.deep.equal([]);
    // Plain-text error data is the message itself (Hono's streamSSE error path).
    expect(map('error', 'not json')).to.deep.equal([{ type: 'error', message: 'not json' }]);
    expect(map('error', '')).to.deep.equal([{ type: 'error', message: 'The server reported an error.' }]);
  });

  it('detects named canonical events carrying JSON, and nothing else', () => {
    const detect = (event: string, data: string) => canonicalDialect.detect!(sse(event, data), new Headers());
    expect(detect('text-delta', '{"delta":"x"}')).to.equal(true);
    // `done` and `error` are every format's: no evidence of this one.
    expect(detect('done', '')).to.equal(false);
    expect(detect('error', '{"message":"x"}')).to.equal(false);
    expect(detect('message', '{"type":"token"}')).to.equal(false);
    expect(detect('text-delta', 'plain')).to.equal(false);
    expect(detect('toString', '{}')).to.equal(false);
    expect(detect('content_block_delta', '{}')).to.equal(false);
    expect([...canonicalEventTypes].sort()).to.deep.equal(
      ['done', 'error', 'metadata', 'notice', 'sources', 'start', 'step', 'suggestions', 'text', 'text-delta'],
    );
  });
});
