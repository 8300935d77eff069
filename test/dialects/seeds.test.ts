import { expect } from '@open-wc/testing';
import { createDialectMapper } from '../../src/dialects/index.js';
import { createSseParser } from '../../src/transport/sse-parser.js';
import { applyChatEvent, createAssistantMessage, endOfStream, MessageStatus, type ChatMessage } from '../../src/state/message.js';
import type { ChatEvent } from '../../src/dialects/chat-event.js';
import type { SseMessage } from '../../src/transport/sse-message.js';
import type { DemoRoute, WireEncoder } from './transcripts/demo-routes.js';

const seedsModule = '../../demo/encoders/seeds.mjs';
const canonicalModule = '../../demo/encoders/canonical.mjs';
const { seedRoutes } = (await import(seedsModule)) as { seedRoutes: DemoRoute[] };
const { createCanonicalEncoder } = (await import(canonicalModule)) as { createCanonicalEncoder(options?: { eventIds?: boolean }): WireEncoder };

const route = (path: string) => {
  const found = seedRoutes.find(candidate => candidate.path === `/seeds/${path}`);
  if (!found) throw new Error(`no seed route ${path}`);
  return found;
};

/** The demo backend's answer, as canonical chat events (with non-ASCII text and a newline to test escaping). */
const answer: ChatEvent[] = [
  { type: 'start', model: 'demo-1' },
  { type: 'step', id: 'retrieve', label: 'Retrieving passages', status: 'active' },
  { type: 'step', id: 'retrieve', progress: { value: 3, max: 8 } },
  { type: 'step', id: 'retrieve', status: 'done' },
  { type: 'step', id: 'rank', label: 'Ranking passages', status: 'active' },
  {
    type: 'sources',
    sources: [
      { title: 'Streaming guide', url: 'https://example.com/guide', snippet: 'How to stream', score: 0.91 },
      { title: 'Café notes', url: 'https://example.com/cafe', snippet: 'Über alles', score: 0.5 },
    ],
  },
  { type: 'text-delta', delta: 'Streaming ' },
  { type: 'text-delta', delta: 'works — über.' },
  { type: 'text-delta', delta: '\nSecond line' },
  { type: 'metadata', metadata: { model: 'demo-1' } },
  { type: 'done' },
];
const answerText = 'Streaming works — über.\nSecond line';

const failure: ChatEvent[] = [
  { type: 'step', id: 'retrieve', label: 'Retrieving passages', status: 'active' },
  { type: 'text-delta', delta: 'Partial' },
  { type: 'error', message: 'The model is overloaded' },
];

/** The raw text a seed route writes for a sequence of chat events, with a keep-alive after the first event. */
function transcript(path: string, events: ChatEvent[]): { raw: string; contentType: string } {
  const encoder = route(path).createEncoder({});
  let raw = encoder.open?.() ?? '';
  events.forEach((event, index) => {
    raw += encoder.encode(event);
    if (index === 0) raw += encoder.heartbeat?.() ?? '';
  });
  raw += encoder.close?.() ?? '';
  return { raw, contentType: encoder.contentType };
}

function parse(raw: string): SseMessage[] {
  const messages: SseMessage[] = [];
  const parser = createSseParser({ onMessage: message => messages.push(message) });
  parser.feed(raw);
  parser.end();
  return messages;
}

/** What a reader sees once the stream closed: auto-detected, mapped, reduced by the real reducer, then ended. */
function read(raw: string, contentType = 'text/event-stream'): { message: ChatMessage; detected: string | undefined; messages: SseMessage[] } {
  const messages = parse(raw);
  const mapper = createDialectMapper('auto', new Headers({ 'content-type': contentType }));
  const events = [...messages.flatMap(message => mapper.map(message)), ...mapper.flush()];
  let clock = 0;
  const reduced = events.reduce((current, event) => applyChatEvent(current, event, (clock += 1)), createAssistantMessage(0));
  return { message: endOfStream(reduced, clock + 1), detected: mapper.detected, messages };
}

const steps = (message: ChatMessage) => message.steps.map(step => [step.label, step.status, step.progress]);
const crlf = (text: string) => text.replace(/\n/g, '\r\n');

describe('seed backends: wire formats and how <sse-chat> reads them', () => {
  it('serves one route per seed, each reading its own request key and `message`', () => {
    expect(seedRoutes.map(r => r.path)).to.deep.equal([
      '/seeds/property-search',
      '/seeds/doc-chat',
      '/seeds/assistant',
      '/seeds/rag',
      '/seeds/trading',
    ]);
    expect(route('property-search').readQuestion({ query: 'homes near downtown' })).to.equal('homes near downtown');
    expect(route('doc-chat').readQuestion({ query: 'Highlights?', auto_load_documents: true })).to.equal('Highlights?');
    expect(route('assistant').readQuestion({ question: 'Hello', model: 'mistral' })).to.equal('Hello');
    for (const r of seedRoutes) {
      expect(r.readQuestion({ message: 'Hi' }), r.path).to.equal('Hi');
      expect(r.readQuestion(undefined), r.path).to.equal(undefined);
      expect(r.readQuestion({ message: 42 }), r.path).to.equal(undefined);
      expect(r.readQuestion(r.exampleBody), r.path).to.be.a('string');
      expect(r.dialect, r.path).to.equal('json');
    }
  });

  describe('property search (seed 000): percentage progress and a final result object', () => {
    const { raw, contentType } = transcript('property-search', answer);

    it('writes progress events with percentages and the result as the last event', () => {
      const payloads = parse(raw).map(message => JSON.parse(message.data));
      expect(payloads.map(p => [p.type, p.progress])).to.deep.equal([
        ['progress', 10],
        ['progress', 38],
        ['progress', 30],
        ['progress', 100],
        ['result', undefined],
      ]);
      expect(raw).to.include('data: {"type": "progress", "stage": "retrieve", "message": "Retrieving passages", "progress": 10}\n\n');
      expect(raw).to.include('\\u00fc'); // Python's ensure_ascii
    });

    it('reads as the answer, the properties found, and completed steps', () => {
      const { message, detected } = read(raw, contentType);
      expect(detected).to.equal('json');
      expect(message.status).to.equal(MessageStatus.Done);
      expect(message.text).to.equal(
        `${answerText}\n\n**Properties** (2)\n\n` +
          '- [Streaming guide](https://example.com/guide) — Description: How to stream · Match score: 0.91\n' +
          '- [Café notes](https://example.com/cafe) — Description: Über alles · Match score: 0.5',
      );
      expect(steps(message)).to.deep.equal([
        ['Retrieving passages', 'done', { value: 38, max: 100 }],
        ['Ranking passages', 'done', { value: 30, max: 100 }],
        ['Complete', 'done', { value: 100, max: 100 }],
      ]);
      expect((message.metadata.result as { properties: unknown[] }).properties).to.have.length(2);
    });

    it('reads a hand-written search stream with fractions, extra fields and an array result', () => {
      const { message } = read(
        crlf(
          [
            'data: {"progress": 0.1, "message": "Parsing query...", "type": "progress", "request_id": "r1"}',
            '',
            'data: {"type": "progress", "message": "Searching properties...", "progress": 30}',
            '',
            'data: {"type": "result", "result": [{"address": "1 Main St", "price": 500000}, {"address": "2 Side St", "price": 410000}]}',
            '',
            '',
          ].join('\n'),
        ),
      );
      expect(message.status).to.equal(MessageStatus.Done);
      expect(message.text).to.equal('**Results** (2)\n\n- 1 Main St — Price: 500000\n- 2 Side St — Price: 410000');
      expect(steps(message)).to.deep.equal([
        ['Parsing query...', 'done', { value: 10, max: 100 }],
        ['Searching properties...', 'done', { value: 30, max: 100 }],
      ]);
    });
  });

  describe('document chat (seed 001): progress, heartbeats, one result', () => {
    const { raw, contentType } = transcript('doc-chat', answer);

    it('writes heartbeat comments and sends the answer only at the end', () => {
      expect(raw).to.include(': heartbeat\n\n');
      const types = parse(raw).map(message => JSON.parse(message.data).type);
      expect(types).to.deep.equal(['progress', 'progress', 'progress', 'progress', 'result']);
    });

    it('reads as the whole answer, its documents as sources, and "n of m" progress', () => {
      const { message } = read(raw, contentType);
      expect(message.status).to.equal(MessageStatus.Done);
      expect(message.text).to.equal(answerText);
      expect(message.sources.map(source => [source.title, source.url, source.snippet, source.score])).to.deep.equal([
        ['Streaming guide', 'https://example.com/guide', 'How to stream', 0.91],
        ['Café notes', 'https://example.com/cafe', 'Über alles', 0.5],
      ]);
      expect(steps(message)).to.deep.equal([
        ['Retrieving passages', 'done', { value: 3, max: 8 }],
        ['Ranking passages', 'done', { value: 25, max: 100 }],
        ['Response generation complete!', 'done', { value: 100, max: 100 }],
      ]);
      expect(message.metadata.result).to.have.property('processing_time');
    });

    it('reads an error after progress as a failed turn with the server message', () => {
      const { message } = read(transcript('doc-chat', failure).raw);
      expect(message.status).to.equal(MessageStatus.Error);
      expect(message.error?.message).to.equal('The model is overloaded');
      expect(steps(message)).to.deep.equal([['Retrieving passages', 'error', { value: 10, max: 100 }]]);
    });

    it('reads a hand-written stream with emoji messages, explicit `event: message` and CRLF', () => {
      const { message } = read(
        crlf(
          [
            ': heartbeat',
            '',
            'event: message',
            'data: {"type": "progress", "message": "\\ud83d\\udd0d Preparing search query...", "step": 1, "total_steps": 5}',
            '',
            ': heartbeat',
            '',
            'data: {"type": "progress", "message": "\\u2601\\ufe0f Loading documents from S3...", "step": 2, "total_steps": 5}',
            '',
            'data: {"type": "result", "data": {"answer": "MTN grew revenue.", "documents_used": ["a.pdf"], "sources": [{"filename": "MTN_2023.pdf", "page_content": "Revenue grew 12%"}]}}',
            '',
            '',
          ].join('\n'),
        ),
      );
      expect(message.status).to.equal(MessageStatus.Done);
      expect(message.text).to.equal('MTN grew revenue.\n\n**Documents used** (1)\n\n- a.pdf');
      expect(message.sources).to.deep.equal([{ title: 'MTN_2023.pdf', snippet: 'Revenue grew 12%' }]);
      expect(steps(message)).to.deep.equal([
        ['🔍 Preparing search query...', 'done', { value: 1, max: 5 }],
        ['☁️ Loading documents from S3...', 'done', { value: 2, max: 5 }],
      ]);
    });
  });

  describe('assistant (seed 002): start/status/sources/chunk/metadata/done as text/plain', () => {
    const { raw, contentType } = transcript('assistant', answer);

    it('serves text/plain with the documented message types', () => {
      expect(contentType).to.match(/^text\/plain/);
      expect(parse(raw).map(message => JSON.parse(message.data).type)).to.deep.equal([
        'start',
        'status',
        'status',
        'sources',
        'chunk',
        'chunk',
        'chunk',
        'metadata',
        'done',
      ]);
      expect(raw).to.include('data: {"type": "status", "content": "Retrieving passages"}\n\n');
    });

    it('reads as streamed text, status steps, sources with links, model and metadata', () => {
      const { message, detected } = read(raw, contentType);
      expect(detected).to.equal('json');
      expect(message.status).to.equal(MessageStatus.Done);
      expect(message.text).to.equal(answerText);
      expect(message.model).to.equal('demo-1');
      expect(steps(message)).to.deep.equal([
        ['Retrieving passages', 'done', undefined],
        ['Ranking passages', 'done', undefined],
      ]);
      expect(message.sources.map(source => [source.title, source.url, source.snippet, source.score])).to.deep.equal([
        ['Streaming guide', 'https://example.com/guide', 'How to stream', 0.91],
        ['Café notes', 'https://example.com/cafe', 'Über alles', 0.5],
      ]);
      expect(message.metadata).to.deep.include({ search_mode: 'all', total_response: answerText });
    });

    it('reads a hand-written stream with reordered and extra fields and a string error', () => {
      const { message } = read(
        [
          'data: {"model": "mistral", "type": "start", "session_id": 7}',
          '',
          'data: {"content": "Searching documents...", "type": "status", "elapsed_ms": 12}',
          '',
          'data: {"chunks_used": 1, "type": "sources", "content": [{"metadata": {"source": "handbook.pdf", "page": 4}, "score": 0.8, "text": "Leave is 25 days."}]}',
          '',
          'data: {"index": 0, "content": "You get ", "type": "chunk"}',
          '',
          'data: {"type": "error", "content": "Connection to Ollama lost"}',
          '',
          '',
        ].join('\n'),
        'text/plain',
      );
      expect(message.status).to.equal(MessageStatus.Error);
      expect(message.text).to.equal('You get ');
      expect(message.model).to.equal('mistral');
      expect(message.error?.message).to.equal('Connection to Ollama lost');
      expect(steps(message)).to.deep.equal([['Searching documents...', 'done', undefined]]);
      expect(message.sources).to.deep.equal([
        { title: 'handbook.pdf', snippet: 'Leave is 25 days.', score: 0.8, metadata: { source: 'handbook.pdf', page: 4 } },
      ]);
    });
  });

  describe('RAG (seed 003): stage events, tokens, timestamps, ids and retry', () => {
    const { raw, contentType } = transcript('rag', answer);

    it('writes compact JSON with timestamps, an id per event and a retry hint', () => {
      expect(raw.startsWith('retry: 3000\n\n')).to.equal(true);
      const messages = parse(raw);
      expect(messages.map(message => message.id)).to.deep.equal(messages.map((_, i) => String(i + 1)));
      const payloads = messages.map(message => JSON.parse(message.data));
      expect(payloads.map(p => p.type)).to.deep.equal([
        'retrieval_start',
        'retrieval_complete',
        'reranking_start',
        'token',
        'token',
        'token',
        'done',
      ]);
      expect(payloads.every(p => !Number.isNaN(Date.parse(p.timestamp)))).to.equal(true);
      expect(messages[0].data).to.match(/^\{"type":"retrieval_start","content":\{"stage":"retrieval","status":"started"\},"timestamp":"/);
    });

    it('reads as stage steps that complete in order, and the streamed answer', () => {
      const { message } = read(raw, contentType);
      expect(message.status).to.equal(MessageStatus.Done);
      expect(message.text).to.equal(answerText);
      expect(steps(message)).to.deep.equal([
        ['Retrieval', 'done', undefined],
        ['Reranking', 'done', undefined],
      ]);
      // Reranking never completed on the wire: it is completed when the answer starts, not at the very end.
      const rerank = message.steps[1];
      expect(rerank.endedAt).to.be.lessThan(message.endedAt!);
    });

    it('reads the seed document’s own sample output (CRLF), completing reranking at the first token', () => {
      const sample = crlf(
        [
          'data: {"type":"retrieval_start","content":{"stage":"retrieval","status":"started"},"timestamp":"2025-11-06T10:30:40.000Z"}',
          '',
          'data: {"type":"retrieval_complete","content":{"stage":"retrieval","status":"complete","doc_count":"unknown"},"timestamp":"2025-11-06T10:30:41.500Z"}',
          '',
          'data: {"type":"reranking_start","content":{"stage":"reranking","status":"started"},"timestamp":"2025-11-06T10:30:41.501Z"}',
          '',
          'data: {"type":"token","content":"Aripiprazole","timestamp":"2025-11-06T10:30:42.100Z"}',
          '',
          'data: {"type":"token","content":" is","timestamp":"2025-11-06T10:30:42.150Z"}',
          '',
          'data: {"type":"token","content":" an","timestamp":"2025-11-06T10:30:42.200Z"}',
          '',
          'data: {"type":"done","content":{},"timestamp":"2025-11-06T10:30:45.500Z"}',
          '',
          '',
        ].join('\n'),
      );
      const { message } = read(sample);
      expect(message.text).to.equal('Aripiprazole is an');
      expect(message.status).to.equal(MessageStatus.Done);
      expect(message.steps.map(step => [step.id, step.status, step.endedAt])).to.deep.equal([
        ['retrieval', 'done', 2],
        ['reranking', 'done', 4],
      ]);
    });

    it('reads errors carried in content.message', () => {
      const { message } = read(
        'id: 1\ndata: {"type":"retrieval_start","content":{"stage":"retrieval","status":"started"},"timestamp":"t"}\n\n' +
          'id: 2\ndata: {"timestamp":"t","content":{"message":"LLM timeout after 30s","code":"timeout"},"type":"error"}\n\n',
      );
      expect(message.status).to.equal(MessageStatus.Error);
      expect(message.error).to.deep.include({ message: 'LLM timeout after 30s', code: 'timeout' });
      expect(steps(message)).to.deep.equal([['Retrieval', 'error', undefined]]);
      const encoded = read(transcript('rag', failure).raw).message;
      expect(encoded.error?.message).to.equal('The model is overloaded');
      expect(encoded.text).to.equal('Partial');
    });
  });

  describe('trading bot (seed 004): chunk, done, then email_sent', () => {
    const { raw, contentType } = transcript('trading', answer);

    it('writes email_sent after done', () => {
      expect(parse(raw).map(message => JSON.parse(message.data).type)).to.deep.equal(['chunk', 'chunk', 'chunk', 'done', 'email_sent']);
      expect(transcript('trading', failure).raw).to.not.include('email_sent');
    });

    it('reads as the answer, done, with the e-mail as a notice shown after it', () => {
      const { message } = read(raw, contentType);
      expect(message.status).to.equal(MessageStatus.Done);
      expect(message.text).to.equal(answerText);
      expect(message.notices.map(notice => [notice.message, notice.kind])).to.deep.equal([
        ['A summary of this conversation was e-mailed to you.', 'email_sent'],
      ]);
      expect(message.metadata).to.deep.include({ is_complete: true });
    });

    it('reads a hand-written stream with extra fields, a late notice and a message-only error', () => {
      const ok = read(
        crlf(
          'data: {"type": "chunk", "content": "Momentum trading", "seq": 1}\n\n' +
            'data: {"is_complete": false, "type": "done", "data_collected": {"name": null}}\n\n' +
            'data: {"message": "Email sent to advisor@example.com", "type": "email_sent", "to": "advisor@example.com"}\n\n',
        ),
      ).message;
      expect(ok.status).to.equal(MessageStatus.Done);
      expect(ok.text).to.equal('Momentum trading');
      expect(ok.notices.map(notice => notice.message)).to.deep.equal(['Email sent to advisor@example.com']);
      const failed = read('data: {"type": "error", "message": "OpenAI rate limit"}\n\n').message;
      expect(failed.status).to.equal(MessageStatus.Error);
      expect(failed.error?.message).to.equal('OpenAI rate limit');
    });
  });

  it('ends every encoded seed failure as an error that keeps the partial answer', () => {
    for (const r of seedRoutes) {
      const path = r.path.replace('/seeds/', '');
      const { message } = read(transcript(path, failure).raw);
      expect(message.status, path).to.equal(MessageStatus.Error);
      expect(message.error?.message, path).to.equal('The model is overloaded');
    }
  });

  it('reads the canonical encoder’s stream back to the same answer', () => {
    const encoder = createCanonicalEncoder({ eventIds: true });
    expect(encoder.contentType).to.match(/^text\/event-stream/);
    const raw = answer.map(event => encoder.encode(event)).join('');
    expect(raw).to.include('id: 1\nevent: start\ndata: {"model":"demo-1"}\n\n');
    const { message, detected, messages } = read(raw);
    expect(detected).to.equal('sse-chat');
    expect(messages.at(-1)?.id).to.equal(String(answer.length));
    expect(message.status).to.equal(MessageStatus.Done);
    expect(message.text).to.equal(answerText);
    expect(steps(message)).to.deep.equal([
      ['Retrieving passages', 'done', { value: 3, max: 8 }],
      ['Ranking passages', 'done', undefined],
    ]);
    expect(message.sources).to.have.length(2);
    expect(message.metadata).to.deep.equal({ model: 'demo-1' });
  });
});
