import { expect } from '@open-wc/testing';
import { createJsonMapper, humanize, jsonDialect } from '../../src/dialects/json.js';
import type { ChatEvent } from '../../src/dialects/chat-event.js';
import type { SseMessage } from '../../src/transport/sse-message.js';

const sse = (data: unknown, event = 'message'): SseMessage => ({
  event,
  data: typeof data === 'string' ? data : JSON.stringify(data),
  id: '',
});

/** Maps a whole stream with one mapper, as the element does for one response. */
const mapAll = (...payloads: unknown[]): ChatEvent[] => {
  const mapper = createJsonMapper();
  return payloads.flatMap(payload => mapper.map(payload && typeof payload === 'object' && 'sse' in payload ? (payload as { sse: SseMessage }).sse : sse(payload)));
};

describe('dialects/json', () => {
  it('reads every common token shape as answer text', () => {
    const events = mapAll(
      { type: 'token', content: 'a' },
      { type: 'chunk', content: 'b' },
      { type: 'content', content: { text: 'c' } },
      { type: 'delta', delta: 'd' },
      { type: 'text', text: 'e' },
      { type: 'message', content: 'f' },
      { type: 'Text-Delta', delta: 'g' },
      { type: 'token', content: '' },
    );
    expect(events.map(event => (event.type === 'text-delta' ? event.delta : event.type)).join('')).to.equal('abcdefg');
  });

  it('takes data that is not JSON, or a JSON string, as text, and [DONE] as the end', () => {
    expect(mapAll('Hello', '"  world\\n"', '[DONE]')).to.deep.equal([
      { type: 'text-delta', delta: 'Hello' },
      { type: 'text-delta', delta: '  world\n' },
      { type: 'done' },
    ]);
  });

  it('turns status messages into steps, each new one completing the one before', () => {
    expect(mapAll({ type: 'status', content: 'Searching documents...' }, { type: 'status', content: 'Generating response...' })).to.deep.equal([
      { type: 'step', id: 'status-1', status: 'active', label: 'Searching documents...' },
      { type: 'step', id: 'status-1', status: 'done' },
      { type: 'step', id: 'status-2', status: 'active', label: 'Generating response...' },
    ]);
  });

  it('reads percentages, fractions and "n of m", and marks 100 % as done', () => {
    const events = mapAll(
      { type: 'progress', message: 'Parsing query', progress: 10 },
      { type: 'progress', message: 'Parsing query', percentage: 0.3 },
      { type: 'progress', stage: 'rank', message: 'Ranking', current: 3, total: 8 },
      { type: 'progress', stage: 'rank', message: 'Ranking', progress: { current: 9, total: 8 } },
      { type: 'progress', message: 'Complete', percent: '100' },
    ) as Extract<ChatEvent, { type: 'step' }>[];
    expect(events.map(step => [step.id, step.status, step.progress])).to.deep.equal([
      ['status-1', 'active', { value: 10, max: 100 }],
      ['status-1', 'active', { value: 30, max: 100 }],
      ['status-1', 'done', undefined],
      ['rank', 'active', { value: 3, max: 8 }],
      ['rank', 'done', { value: 8, max: 8 }],
      ['status-2', 'done', { value: 100, max: 100 }],
    ]);
  });

  it('maps *_start and *_complete stage events to one step, completing what is active when the answer starts', () => {
    const events = mapAll(
      { type: 'retrieval_start', content: { stage: 'retrieval', status: 'started' } },
      { type: 'retrieval_complete', content: { stage: 'retrieval', status: 'complete', doc_count: 'unknown' } },
      { type: 'reranking_started', content: { stage: 'reranking' } },
      { type: 'vector-search-begin', message: 'Searching the vector store' },
      { type: 'token', content: 'Answer' },
      { type: 'indexing_failed', message: 'Index offline' },
    );
    expect(events).to.deep.equal([
      { type: 'step', id: 'retrieval', status: 'active', label: 'Retrieval' },
      { type: 'step', id: 'retrieval', status: 'done' },
      { type: 'step', id: 'reranking', status: 'active', label: 'Reranking' },
      { type: 'step', id: 'vector_search', status: 'active', label: 'Searching the vector store' },
      { type: 'step', id: 'reranking', status: 'done' },
      { type: 'step', id: 'vector_search', status: 'done' },
      { type: 'text-delta', delta: 'Answer' },
      { type: 'step', id: 'indexing', status: 'error', label: 'Indexing', detail: 'Index offline' },
    ]);
  });

  it('reads sources under their many names', () => {
    const [event] = mapAll({
      type: 'sources',
      content: [
        { text: 'chunk text', score: 0.95, metadata: { title: 'Annual report', url: 'https://example.com/r.pdf' } },
        { page_content: 'p', metadata: { source: 'https://example.com/page' }, relevance: '0.5' },
        { filename: 'notes.md', snippet: 's' },
        { name: 'Wiki', link: 'https://w.example', content: 'c' },
        42,
      ],
      chunks_used: 3,
    });
    expect(event).to.deep.equal({
      type: 'sources',
      sources: [
        {
          title: 'Annual report',
          url: 'https://example.com/r.pdf',
          snippet: 'chunk text',
          score: 0.95,
          metadata: { title: 'Annual report', url: 'https://example.com/r.pdf' },
        },
        {
          title: 'https://example.com/page',
          url: 'https://example.com/page',
          snippet: 'p',
          score: 0.5,
          metadata: { source: 'https://example.com/page' },
        },
        { title: 'notes.md', snippet: 's' },
        { title: 'Wiki', url: 'https://w.example', snippet: 'c' },
      ],
    });
  });

  it('drops a link with a lone surrogate from a listed result item, never the answer', () => {
    const events = mapAll({ type: 'result', data: { summary: 'Found one.', homes: [{ name: 'Elm', url: 'https://homes.example/\ud800' }] } });
    expect(events.map(event => event.type)).to.deep.equal(['text', 'metadata', 'done']);
    expect((events[0] as { text: string }).text).to.equal('Found one.\n\n**Homes** (1)\n\n- Elm');
  });

  it('skips an event whose JSON is broken (a raw NUL, truncated) visibly, never as answer text', () => {
    const events = mapAll(
      { type: 'token', content: 'Hello' },
      '{"type": "token", "content": "a\u0000b"}',
      '{"type": "token", "content": "trunc',
      { type: 'token', content: ' world' },
    );
    const text = events.map(event => (event.type === 'text-delta' ? event.delta : '')).join('');
    expect(text).to.equal('Hello world');
    expect(events.filter(event => event.type === 'metadata').at(-1)).to.deep.equal({ type: 'metadata', metadata: { malformedEvents: 2 } });
    // Plain text that merely starts with a brace is still answer text.
    expect(mapAll('{ not json }')).to.deep.equal([{ type: 'text-delta', delta: '{ not json }' }]);
  });

  it('takes a final result as the whole answer, lists what else it found, and ends the turn', () => {
    const events = mapAll(
      { type: 'progress', message: 'Ranking', progress: 70 },
      {
        type: 'result',
        data: {
          summary: 'Two homes match.',
          properties: [
            { name: 'Elm Street 4', url: 'https://homes.example/4', price: 350000, beds: 3 },
            { name: 'Oak [Lane] 9', price: 410000 },
          ],
          landmarks: [],
          sources: [{ title: 'Listing feed', url: 'https://feed.example' }],
          timestamp: 'x',
        },
      },
    );
    expect(events.map(event => event.type)).to.deep.equal(['step', 'step', 'text', 'sources', 'metadata', 'done']);
    const text = (events[2] as { text: string }).text;
    expect(text).to.equal(
      'Two homes match.\n\n**Properties** (2)\n\n' +
        '- [Elm Street 4](https://homes.example/4) — Price: 350000 · Beds: 3\n' +
        '- Oak \\[Lane\\] 9 — Price: 410000',
    );
    expect(events[4]).to.deep.equal({
      type: 'metadata',
      metadata: {
        result: {
          properties: [
            { name: 'Elm Street 4', url: 'https://homes.example/4', price: 350000, beds: 3 },
            { name: 'Oak [Lane] 9', price: 410000 },
          ],
          landmarks: [],
        },
      },
    });
  });

  it('picks the answer out of strings, nested objects and done events that carry a result', () => {
    const text = (...payloads: unknown[]) => mapAll(...payloads).find(event => event.type === 'text');
    expect(text({ type: 'answer', answer: 'Plain.' })).to.deep.equal({ type: 'text', text: 'Plain.' });
    expect(text({ type: 'final', result: { response: { text: 'Nested.' } } })).to.deep.equal({ type: 'text', text: 'Nested.' });
    expect(text({ type: 'response', response: 'Yes', sources: [{ title: 'T' }] })).to.deep.equal({ type: 'text', text: 'Yes' });
    expect(text({ type: 'complete', result: { answer: 'Done with a result.' } })).to.deep.equal({
      type: 'text',
      text: 'Done with a result.',
    });
    // No answer string: the listable leftovers are the answer.
    expect(mapAll({ type: 'result', result: [{ title: 'Only item' }] })[0]).to.deep.equal({
      type: 'text-delta',
      delta: '**Results** (1)\n\n- Only item',
    });
  });

  it('reads errors from message, content, content.message or error', () => {
    const error = (payload: unknown) => mapAll(payload)[0];
    expect(error({ type: 'error', message: 'A' })).to.deep.equal({ type: 'error', message: 'A' });
    expect(error({ type: 'error', content: 'B' })).to.deep.equal({ type: 'error', message: 'B' });
    expect(error({ type: 'error', content: { message: 'C', code: 'rate_limit', retryable: false } })).to.deep.equal({
      type: 'error',
      message: 'C',
      code: 'rate_limit',
      retryable: false,
    });
    expect(error({ type: 'error', error: 'D' })).to.deep.equal({ type: 'error', message: 'D' });
    expect(error({ type: 'error', error: { message: 'E', code: 'x' } })).to.deep.equal({ type: 'error', message: 'E', code: 'x' });
    expect(error({ type: 'failed' })).to.deep.equal({ type: 'error', message: 'The server reported an error.' });
  });

  it('ends on any completion word, keeping what the done event carried as metadata', () => {
    for (const type of ['done', 'complete', 'completed', 'end', 'finish']) {
      expect(mapAll({ type, content: {} }), type).to.deep.equal([{ type: 'done' }]);
    }
    expect(mapAll({ type: 'done', data_collected: { goal: 'growth' }, is_complete: true, finish_reason: 'stop' })).to.deep.equal([
      { type: 'metadata', metadata: { data_collected: { goal: 'growth' }, is_complete: true } },
      { type: 'done', reason: 'stop' },
    ]);
  });

  it('ignores heartbeats, and turns other typed events with a message into notices', () => {
    expect(mapAll({ type: 'heartbeat' }, { type: 'ping' }, { type: 'keepalive', message: 'still here' })).to.deep.equal([]);
    expect(mapAll({ type: 'email_sent', message: 'Summary sent to you@example.com' }, { type: 'unknown_thing', value: 3 })).to.deep.equal([
      { type: 'notice', message: 'Summary sent to you@example.com', kind: 'email_sent' },
    ]);
  });

  it('reads start and metadata events', () => {
    expect(mapAll({ type: 'start', session_id: 1, model: 'mistral' })).to.deep.equal([{ type: 'start', model: 'mistral' }]);
    expect(mapAll({ type: 'metadata', content: { model: 'mistral', confidence: null } })).to.deep.equal([
      { type: 'metadata', metadata: { model: 'mistral', confidence: null } },
    ]);
    expect(mapAll({ type: 'usage', prompt_tokens: 3, timestamp: 't' })).to.deep.equal([{ type: 'metadata', metadata: { prompt_tokens: 3 } }]);
  });

  it('uses the SSE event name as the type when the payload has none, and infers one from the fields otherwise', () => {
    expect(mapAll({ sse: sse({ message: 'Loading documents', progress: 20 }, 'progress') })[0]).to.deep.include({
      type: 'step',
      label: 'Loading documents',
    });
    expect(mapAll({ sse: sse('Quota exceeded', 'error') })).to.deep.equal([{ type: 'error', message: 'Quota exceeded' }]);
    expect(mapAll({ sse: sse('', 'ping') })).to.deep.equal([]);
    expect(mapAll({ token: 'x' }, { error: 'bad' })).to.deep.equal([
      { type: 'text-delta', delta: 'x' },
      { type: 'error', message: 'bad' },
    ]);
  });

  it('never lets a type named after an object property change behaviour', () => {
    for (const type of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      expect(mapAll({ type, content: 'x' }), type).to.deep.equal([{ type: 'notice', message: 'x', kind: type.toLowerCase() }]);
    }
    const [event] = mapAll('{"type":"metadata","content":{"__proto__":{"polluted":1},"ok":1}}');
    expect(event).to.deep.equal({ type: 'metadata', metadata: { ok: 1 } });
  });

  it('claims typed JSON and plain text on unnamed events only', () => {
    const detect = (data: string, event = 'message') => jsonDialect.detect!(sse(data, event), new Headers());
    expect(detect('{"type":"token","content":"x"}')).to.equal(true);
    expect(detect('Hello')).to.equal(true);
    expect(detect('{"content":"x"}')).to.equal(false);
    expect(detect('{"type":"token"}', 'token')).to.equal(false);
    expect(detect('')).to.equal(false);
    expect(detect('[1,2]')).to.equal(false);
  });

  it('humanizes stage names', () => {
    expect(humanize('vector_search')).to.equal('Vector search');
    expect(humanize('reranking')).to.equal('Reranking');
  });
});
