import { createServer } from 'node:http';
import { listenOnFreePort } from './http.mjs';

/**
 * A backend built with the real Vercel AI SDK, its own mock language model standing in for a provider (no network,
 * no keys), from either major the element supports: `ai` (v7, `MockLanguageModelV3`) or the `ai-v5` alias (v5,
 * `MockLanguageModelV2`). Only the mock model's stream parts differ between them (`finish`); the routes are the
 * same. Every route streams `streamText` the way an app's route handler would:
 * - `POST /ui`        `result.toUIMessageStreamResponse()` (reasoning, a source, a tool call and its result, text)
 * - `POST /ui-pipe`   `result.pipeUIMessageStreamToResponse(res)` (the Node form), same turn
 * - `POST /text`      `result.toTextStreamResponse()` (plain text, no SSE framing)
 * - `POST /ui-error`  the model fails after some text: the UI stream's `error` part
 * - `POST /ui-slow`   many slow deltas, for Stop: the log records when the client went away
 * Every response allows any origin (the browser tests serve the page from another port).
 */

/** Per major: the package, its mock model, and the model-level `finish` part (v2 models send a plain reason and flat usage). */
const majors = {
  7: {
    load: async () => ({ ...(await import('ai')), MockModel: (await import('ai/test')).MockLanguageModelV3 }),
    finish: {
      type: 'finish',
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: { total: 3, noCache: 3, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 5, text: 5, reasoning: 0 } },
    },
  },
  5: {
    load: async () => ({ ...(await import('ai-v5')), MockModel: (await import('ai-v5/test')).MockLanguageModelV2 }),
    finish: { type: 'finish', finishReason: 'stop', usage: { inputTokens: 3, outputTokens: 5, totalTokens: 8 } },
  },
};

const answerChunks = finish => [
  { type: 'stream-start', warnings: [] },
  { type: 'response-metadata', id: 'resp-1', modelId: 'mock-model', timestamp: new Date(0) },
  { type: 'reasoning-start', id: 'r1' },
  { type: 'reasoning-delta', id: 'r1', delta: 'The user wants the weather.' },
  { type: 'reasoning-end', id: 'r1' },
  { type: 'source', sourceType: 'url', id: 's1', url: 'https://example.com/weather', title: 'Weather service' },
  { type: 'tool-call', toolCallId: 'call-1', toolName: 'weather', input: '{"city":"Paris"}' },
  { type: 'text-start', id: 't1' },
  { type: 'text-delta', id: 't1', delta: 'It is ' },
  { type: 'text-delta', id: 't1', delta: '**sunny** in Paris.' },
  { type: 'text-end', id: 't1' },
  finish,
];

const errorChunks = [
  { type: 'stream-start', warnings: [] },
  { type: 'text-start', id: 't1' },
  { type: 'text-delta', id: 't1', delta: 'Partial ' },
  { type: 'error', error: new Error('The mock model failed.') },
];

const slowChunks = (count, finish) => [
  { type: 'stream-start', warnings: [] },
  { type: 'text-start', id: 't1' },
  ...Array.from({ length: count }, (_, i) => ({ type: 'text-delta', id: 't1', delta: `word${i} ` })),
  { type: 'text-end', id: 't1' },
  finish,
];

function run({ streamText, tool, jsonSchema, simulateReadableStream, MockModel }, chunks, chunkDelayInMs, abortSignal) {
  return streamText({
    model: new MockModel({
      doStream: async () => ({ stream: simulateReadableStream({ chunks, chunkDelayInMs, initialDelayInMs: 0 }) }),
    }),
    prompt: 'What is the weather in Paris?',
    abortSignal,
    tools: {
      weather: tool({
        description: 'The weather in a city',
        inputSchema: jsonSchema({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
        execute: async ({ city }) => ({ city, forecast: 'sunny' }),
      }),
    },
    // The UI stream's `error` part carries this text (the SDK masks errors by default).
    onError: () => {},
  });
}

const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*', 'access-control-allow-methods': 'POST, OPTIONS' };

/** Writes a Web `Response` to a Node response (what a framework adapter does). */
async function send(response, res) {
  res.writeHead(response.status, { ...Object.fromEntries(response.headers), ...CORS });
  if (!response.body) return res.end();
  const reader = response.body.getReader();
  res.on('close', () => reader.cancel().catch(() => {}));
  for (;;) {
    const { done, value } = await reader.read().catch(() => ({ done: true }));
    if (done) return res.end();
    res.write(value);
  }
}

/**
 * Starts the server on 127.0.0.1 and a free port, built with AI SDK `major` (7 or 5); `log` records requests and
 * disconnects.
 */
export async function startAiSdkServer(major = 7) {
  const { load, finish } = majors[major];
  const ai = await load();
  const stream = (chunks, delay, signal) => run(ai, chunks, delay, signal);
  const log = [];
  const server = createServer(async (req, res) => {
    if (req.method === 'OPTIONS') return res.writeHead(204, CORS).end();
    const route = new URL(req.url, 'http://x').pathname;
    for await (const _ of req); // the request body is not needed
    const abort = new AbortController();
    let finished = false;
    res.on('finish', () => (finished = true));
    res.on('close', () => {
      if (!finished) log.push({ route, event: 'client-closed' });
      abort.abort();
    });
    log.push({ route, event: 'request' });
    const errorMessage = error => (error instanceof Error ? error.message : String(error));
    try {
      switch (route) {
        case '/ui':
          return await send(stream(answerChunks(finish), 5, abort.signal).toUIMessageStreamResponse({ sendReasoning: true, sendSources: true }), res);
        case '/ui-pipe':
          res.setHeader('access-control-allow-origin', '*');
          return stream(answerChunks(finish), 5, abort.signal).pipeUIMessageStreamToResponse(res, { sendReasoning: true, sendSources: true });
        case '/text':
          return await send(stream(answerChunks(finish), 5, abort.signal).toTextStreamResponse(), res);
        case '/ui-error':
          return await send(stream(errorChunks, 5, abort.signal).toUIMessageStreamResponse({ onError: errorMessage }), res);
        case '/ui-slow':
          return await send(stream(slowChunks(2000, finish), 20, abort.signal).toUIMessageStreamResponse(), res);
      }
      res.writeHead(404, CORS).end();
    } catch (error) {
      log.push({ route, event: 'server-error', message: errorMessage(error) });
      if (!res.headersSent) res.writeHead(500, CORS);
      res.end();
    }
  });
  return { ...(await listenOnFreePort(server, { closeConnections: true })), log };
}
