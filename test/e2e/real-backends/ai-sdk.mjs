import { createServer } from 'node:http';
import { streamText, tool, jsonSchema } from 'ai';
import { MockLanguageModelV3, simulateReadableStream } from 'ai/test';

/**
 * A backend built with the real Vercel AI SDK (`ai`), its own mock language model standing in for a provider (no
 * network, no keys). Every route streams `streamText` the way an app's route handler would:
 * - `POST /ui`        `result.toUIMessageStreamResponse()` (reasoning, a source, a tool call and its result, text)
 * - `POST /ui-pipe`   `result.pipeUIMessageStreamToResponse(res)` (the Node form), same turn
 * - `POST /text`      `result.toTextStreamResponse()` (plain text, no SSE framing)
 * - `POST /ui-error`  the model fails after some text: the UI stream's `error` part
 * - `POST /ui-slow`   many slow deltas, for Stop: the log records when the client went away
 * Every response allows any origin (the browser tests serve the page from another port).
 */

const usage = { inputTokens: { total: 3, noCache: 3, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 5, text: 5, reasoning: 0 } };

const answerChunks = [
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
  { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage },
];

const errorChunks = [
  { type: 'stream-start', warnings: [] },
  { type: 'text-start', id: 't1' },
  { type: 'text-delta', id: 't1', delta: 'Partial ' },
  { type: 'error', error: new Error('The mock model failed.') },
];

const slowChunks = (count) => [
  { type: 'stream-start', warnings: [] },
  { type: 'text-start', id: 't1' },
  ...Array.from({ length: count }, (_, i) => ({ type: 'text-delta', id: 't1', delta: `word${i} ` })),
  { type: 'text-end', id: 't1' },
  { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage },
];

function model(chunks, chunkDelayInMs = 0) {
  return new MockLanguageModelV3({
    doStream: async () => ({ stream: simulateReadableStream({ chunks, chunkDelayInMs, initialDelayInMs: 0 }) }),
  });
}

function run(chunks, delay, abortSignal) {
  return streamText({
    model: model(chunks, delay),
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

/** Starts the server on 127.0.0.1 and a free port; `log` records requests and disconnects. */
export async function startAiSdkServer() {
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
          return await send(run(answerChunks, 5, abort.signal).toUIMessageStreamResponse({ sendReasoning: true, sendSources: true }), res);
        case '/ui-pipe':
          res.setHeader('access-control-allow-origin', '*');
          return run(answerChunks, 5, abort.signal).pipeUIMessageStreamToResponse(res, { sendReasoning: true, sendSources: true });
        case '/text':
          return await send(run(answerChunks, 5, abort.signal).toTextStreamResponse(), res);
        case '/ui-error':
          return await send(run(errorChunks, 5, abort.signal).toUIMessageStreamResponse({ onError: errorMessage }), res);
        case '/ui-slow':
          return await send(run(slowChunks(2000), 20, abort.signal).toUIMessageStreamResponse(), res);
      }
      res.writeHead(404, CORS).end();
    } catch (error) {
      log.push({ route, event: 'server-error', message: errorMessage(error) });
      if (!res.headersSent) res.writeHead(500, CORS);
      res.end();
    }
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () => new Promise(resolve => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
