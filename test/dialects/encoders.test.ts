import { expect } from '@open-wc/testing';
import { vendorDialects } from '../../src/dialects/vendors.js';
import type { Dialect } from '../../src/dialects/dialect.js';
import { createAssistantMessage, createUserMessage } from '../../src/state/message.js';
import type { ChatEvent } from '../../src/dialects/chat-event.js';
import { parseSse, replay } from './transcripts/replay.js';
import type { DemoRoute } from './transcripts/demo-routes.js';

const vendorsModule = '../../demo/encoders/vendors.mjs';
const { vendorRoutes } = (await import(vendorsModule)) as { vendorRoutes: DemoRoute[] };

/** The demo backend's answer as canonical chat events: steps before and after the text, sources, metadata. */
const answer: ChatEvent[] = [
  { type: 'start', model: 'demo-1' },
  { type: 'step', id: 'understand', label: 'Understanding the question', status: 'active' },
  { type: 'step', id: 'understand', status: 'done', detail: '3 terms' },
  { type: 'step', id: 'retrieve', label: 'Retrieving passages', status: 'active', progress: { value: 1, max: 3 } },
  { type: 'step', id: 'retrieve', progress: { value: 3, max: 3 } },
  { type: 'step', id: 'retrieve', status: 'done' },
  { type: 'step', id: 'write', label: 'Writing the answer', status: 'active' },
  {
    type: 'sources',
    sources: [
      { title: 'Streaming guide', url: 'https://example.com/guide', snippet: 'How to stream', score: 0.91 },
      { title: 'Café notes', url: 'https://example.com/cafe#über', snippet: 'Über alles', score: 0.5 },
    ],
  },
  { type: 'text-delta', delta: 'Streaming ' },
  { type: 'text-delta', delta: 'works — über "quoted".' },
  { type: 'text-delta', delta: '\n\nSecond paragraph' },
  { type: 'step', id: 'write', status: 'done', detail: '3 tokens' },
  { type: 'metadata', metadata: { model: 'demo-1', usage: { outputTokens: 3 } } },
  { type: 'done', reason: 'stop' },
];
const answerText = 'Streaming works — über "quoted".\n\nSecond paragraph';
const answerSources = [
  { title: 'Streaming guide', url: 'https://example.com/guide' },
  { title: 'Café notes', url: 'https://example.com/cafe#über' },
];

const failure: ChatEvent[] = [
  { type: 'start' },
  { type: 'text-delta', delta: 'Partial' },
  { type: 'error', message: 'The model is overloaded', code: 'overloaded', retryable: true },
];

const dialectNamed = (name: string): Dialect => {
  const dialect = vendorDialects.find(candidate => candidate.name === name);
  if (!dialect) throw new Error(`no dialect ${name}`);
  return dialect;
};

/** The whole response a route writes for a sequence of events, heartbeats between events included. */
function wire(route: DemoRoute, events: ChatEvent[]): string {
  const encoder = route.createEncoder({ model: 'demo-model' });
  const heartbeat = encoder.heartbeat?.() ?? '';
  return (encoder.open?.() ?? '') + events.map(event => heartbeat + encoder.encode(event)).join('') + (encoder.close?.() ?? '');
}

const expectedPaths = [
  '/v1/chat/completions',
  '/v1/responses',
  '/v1/messages',
  '/v1beta/models/demo:streamGenerateContent',
  '/api/ai-sdk/chat',
  '/generate_stream',
];

describe('demo/encoders/vendors', () => {
  it('serves one route per vendor API on its usual path', () => {
    expect(vendorRoutes.map(route => route.path)).to.deep.equal(expectedPaths);
    expect(vendorRoutes.map(route => route.dialect)).to.deep.equal(['openai-chat', 'openai-responses', 'anthropic', 'gemini', 'vercel-ai', 'tgi']);
  });

  for (const route of vendorRoutes) {
    describe(route.name, () => {
      const dialect = dialectNamed(route.dialect);

      it('streams an answer its dialect reads back with the same text and sources, complete', () => {
        const m = replay(dialect, wire(route, answer));
        expect(m.text).to.equal(answerText);
        expect(m.status).to.equal('done');
        expect(m.error).to.equal(null);
        // TGI streams tokens only; every other format has a place for citations.
        const sources = m.sources.map(source => ({ title: source.title, url: source.url }));
        expect(sources).to.deep.equal(route.dialect === 'tgi' ? [] : answerSources);
      });

      it('is detected as its own dialect from its first message and headers', () => {
        const encoder = route.createEncoder({});
        const first = parseSse(wire(route, answer)).find(message => message.event !== 'ping')!;
        const picked = vendorDialects.find(candidate => candidate.detect?.(first, new Headers(encoder.headers)));
        expect(picked?.name).to.equal(route.dialect);
        expect(encoder.contentType).to.equal('text/event-stream');
      });

      it('turns an error into an error its dialect reports, keeping the partial text', () => {
        const m = replay(dialect, wire(route, failure));
        expect(m.text).to.equal('Partial');
        expect(m.status).to.equal('error');
        expect(m.error?.message).to.equal('The model is overloaded');
        expect(m.error?.retryable).to.equal(true);
      });

      it('reads the question from its example body and from the body its dialect builds', () => {
        expect(route.readQuestion(route.exampleBody)).to.equal('How do I stop a stream?');
        const body = dialect.buildBody!({
          text: 'And resume?',
          history: [createUserMessage('How do I stop?', 0), { ...createAssistantMessage(1), text: 'Press Stop.' }],
          sessionId: 'demo',
          model: 'demo-model',
        });
        expect(route.readQuestion(JSON.parse(JSON.stringify(body)))).to.equal('And resume?');
        expect(route.readQuestion({})).to.equal(undefined);
      });
    });
  }

  it('shows the steps as labelled reasoning where the format has per-item reasoning (Responses, Vercel)', () => {
    for (const path of ['/v1/responses', '/api/ai-sdk/chat']) {
      const route = vendorRoutes.find(candidate => candidate.path === path)!;
      const m = replay(dialectNamed(route.dialect), wire(route, answer));
      expect(m.steps.map(step => [step.label, step.status]), path).to.deep.equal([
        ['Understanding the question', 'done'],
        ['Retrieving passages', 'done'],
        ['Writing the answer', 'done'],
      ]);
    }
  });

  it('shows the steps before the answer as one Thinking step where the format has one stream of reasoning', () => {
    for (const path of ['/v1/chat/completions', '/v1/messages', '/v1beta/models/demo:streamGenerateContent']) {
      const route = vendorRoutes.find(candidate => candidate.path === path)!;
      const m = replay(dialectNamed(route.dialect), wire(route, answer));
      expect(m.steps.map(step => [step.label, step.status, step.detail]), path).to.deep.equal([
        ['Thinking', 'done', 'Understanding the question\nRetrieving passages\nWriting the answer\n'],
      ]);
    }
  });
});
