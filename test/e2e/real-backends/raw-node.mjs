import { createServer } from 'node:http';
import { listenOnFreePort } from './http.mjs';

/**
 * An Express-style backend written with plain `node:http` from docs/protocol.md alone, the way a backend author
 * would: `res.write()` of SSE frames.
 * - `POST /chat`     canonical events ending with a data-less `event: done` (as the protocol allows)
 * - `POST /langserve` LangServe's ending: `event: data` chunks, then `event: end` with no data
 * - `POST /ping`     a house JSON stream opening with a `{"type":"ping"}` keep-alive (not Anthropic)
 * - `POST /plain`    a raw-text `StreamingResponse`-style body (`text/plain`, no SSE framing)
 * - `POST /gemini-error` Gemini chunks, then a bare JSON error object without `data:` (Google's API style)
 * - `POST /refused`  `retryable: false` in a canonical error
 * - `POST /invalid`  a FastAPI/pydantic 422 body
 * - `POST /no-cors`  no CORS headers at all: a page on another origin cannot read it
 */
export async function startRawServer() {
  const log = [];
  const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' };
  const frames = {
    '/chat': [
      'event: step\ndata: {"id":"plan","label":"Planning","status":"active"}\n\n',
      'event: step\ndata: {"id":"plan","status":"done"}\n\n',
      'event: text-delta\ndata: {"delta":"Written "}\n\n',
      'event: text-delta\ndata: {"delta":"from the protocol."}\n\n',
      'event: done\n\n',
    ],
    '/langserve': ['event: metadata\ndata: {"run_id":"r-1"}\n\n', 'event: data\ndata: "Lang"\n\n', 'event: data\ndata: "Serve"\n\n', 'event: end\n\n'],
    '/ping': [
      'event: ping\ndata: {"type":"ping"}\n\n',
      'data: {"type":"token","content":"Pinged "}\n\n',
      'data: {"type":"token","content":"answer"}\n\n',
      'data: {"type":"done"}\n\n',
    ],
    '/gemini-error': [
      'data: {"candidates":[{"content":{"parts":[{"text":"Half an "}],"role":"model"}}],"modelVersion":"gemini-x"}\n\n',
      '{\n  "error": {\n    "code": 503,\n    "message": "The model is overloaded. Please try again later.",\n    "status": "UNAVAILABLE"\n  }\n}\n',
    ],
    '/refused': ['event: text-delta\ndata: {"delta":"No."}\n\n', 'event: error\ndata: {"message":"This question is not allowed.","code":"policy","retryable":false}\n\n'],
  };
  const server = createServer(async (req, res) => {
    const route = new URL(req.url, 'http://x').pathname;
    if (req.method === 'OPTIONS') {
      log.push({ route, event: 'preflight' });
      return route === '/no-cors' ? res.writeHead(404).end() : res.writeHead(204, CORS).end();
    }
    for await (const _ of req);
    log.push({ route, event: 'request' });
    if (route === '/no-cors') return res.writeHead(200, { 'content-type': 'text/event-stream' }).end('event: done\n\n');
    if (route === '/invalid') {
      return res
        .writeHead(422, { 'content-type': 'application/json', ...CORS })
        .end(JSON.stringify({ detail: [{ type: 'missing', loc: ['body', 'message'], msg: 'Field required', input: {} }] }));
    }
    if (route === '/plain') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', ...CORS });
      for (const piece of ['Plain ', 'text, ', 'streamed.\n']) {
        res.write(piece);
        await new Promise(resolve => setTimeout(resolve, 5));
      }
      return res.end();
    }
    const list = frames[route];
    if (!list) return res.writeHead(404, CORS).end();
    res.writeHead(200, { 'content-type': route === '/gemini-error' ? 'text/event-stream' : 'text/event-stream', ...CORS });
    for (const frame of list) {
      res.write(frame);
      await new Promise(resolve => setTimeout(resolve, 5));
    }
    res.end();
  });
  return { ...(await listenOnFreePort(server, { closeConnections: true })), log };
}
