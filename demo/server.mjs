// The demo server: the demo page and the bundle (pages.mjs), the docs the answers cite, and chat routes that stream
// one real "ask the docs" answer in every wire format the project speaks (chat.mjs, chat-routes.mjs). Plain
// node:http, no framework; every bad input is a JSON error, never a crash; a client that goes away stops its stream's
// work at once; close() ends every open stream with a retryable error. Fault injection and resumable streams are
// testing plugins (demo/testing/), plugged in by default.

import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createDocsBackend } from './backend/docs-backend.mjs';
import { TimerLedger } from './streaming/stream-clock.mjs';
import { StreamScheduler } from './streaming/stream-scheduler.mjs';
import { createChatHandler } from './chat.mjs';
import { findChatRoute } from './chat-routes.mjs';
import { createPages } from './pages.mjs';
import { HttpError } from './http/http-error.mjs';
import { corsHeadersFor, parseCorsOrigins, preflightHeaders, publicBaseUrl, sendError, streamHeaders } from './http/response.mjs';
import { DEFAULT_FAULT_CAP_MS, faultInjection } from './testing/faults.mjs';
import { resumableStreams } from './testing/resume.mjs';

export { faultInjection, resumableStreams };

const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * @typedef {object} DemoServerOptions
 * @property {string} [host='127.0.0.1']
 * @property {number} [port=0]                  0 picks a free port
 * @property {string} [corsOrigins]             comma-separated allowed origins, or '*'; default: same origin only
 * @property {number} [tokenDelayMs=20]         time between two ~4-character tokens of the answer; a stream keeps
 *   a fixed schedule (token n at its start + n × delay), so a late token does not delay the ones after it
 * @property {boolean} [quiet=false]            no console output
 * @property {(entry: LogEntry) => void} [onLog]
 * @property {number} [maxConcurrentStreams=5000]
 * @property {number} [maxBodyBytes=1048576]  a chat request's body (1 MB: a dozen long answers of history and more)
 * @property {number} [maxAttachmentBodyBytes=16777216]  a body on `/api/chat`, the route that reads attachments
 *   (16 MB: the element's default 10 MiB of files per message, a third larger as base64); the body without the
 *   attachments' data still has to fit maxBodyBytes
 * @property {number} [headersTimeoutMs=10000]  a request's headers must arrive within this
 * @property {number} [requestTimeoutMs=30000]  a whole request (headers and body) must arrive within this; the
 *   answer streamed back is not bounded by it
 * @property {number} [heartbeatMs=15000]       a keep-alive is written after this much silence on a stream
 * @property {{ baseUrl: string, apiKey?: string, model?: string }} [openai]  write answers with this server
 * @property {string} [rootDir]                 where README.md, docs/ and CHANGELOG.md are read (the project)
 * @property {number} [faultCapMs=300000]      the longest a `?fault=` stream waits or stays open (docs/testing.md)
 * @property {import('./testing/resume.mjs').ResumeOptions} [resume]  grace, time-to-live and bounds of resumable streams
 * @property {() => Promise<void>} [dropGate]  testing: a `drop-after` cut closes the socket once this resolves instead
 *   of after a short pause, so a test can let the page read every event before the cut (a connection error
 *   discards whatever the page has not read yet)
 * @property {import('./chat.mjs').ChatPluginFactory[]} [plugins]  the testing plugins of the chat routes; default:
 *   resumable streams, then fault injection (`[]`: a plain server)
 */

/**
 * @typedef {object} LogEntry
 * @property {'request' | 'disconnect' | 'complete' | 'error' | 'reject' | 'fault' | 'resume'} event
 * @property {number} id        the request's sequence number
 * @property {string} path
 * @property {number} [status]
 * @property {string} [detail]
 */

/**
 * One human-readable console line per log entry.
 * @param {LogEntry} entry
 */
export function formatLogLine({ event, id, path, status, detail }) {
  const parts = [`#${id}`, event.padEnd(10), path];
  if (status !== undefined) parts.push(String(status));
  if (detail) parts.push(event === 'error' ? detail.split('\n')[0] : detail);
  return parts.join(' ');
}

/**
 * @typedef {object} DemoServerStats
 * @property {number} activeStreams   streams open right now
 * @property {number} totalStreams    streams ever started
 * @property {number} disconnects     streams the client left before the end
 * @property {number} timers          pending timers owned by streams (0 when idle: proof none leak)
 */

/**
 * @typedef {object} DemoServer
 * @property {string} url             e.g. 'http://127.0.0.1:8787'
 * @property {number} port
 * @property {() => Promise<void>} close   stops accepting, ends open streams with a retryable error, resolves
 *   when every socket is closed
 * @property {() => DemoServerStats} stats
 */

/**
 * Connections the kernel may queue for us to accept. Node's default (511) overflows when a few thousand clients
 * connect within a second while the loop is busy: the dropped ones wait a second or more for a SYN retry, some are
 * reset. The kernel caps it at net.core.somaxconn.
 */
const LISTEN_BACKLOG = 4096;

/**
 * How often Node checks the header and request timeouts. Its default (30 s) let a client trickling its headers hold a
 * connection for up to 40 s against a 10 s timeout; checked every second, a timeout fires within a second of its time.
 */
const TIMEOUT_CHECK_MS = 1000;

/**
 * The largest chat request body accepted by default: 1 MB. The element sends the conversation's history with each
 * message, ~8 KB per long answer; a dozen such turns must fit with room to spare (the element bounds what it sends
 * by size, with defaults below this).
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The largest body on `/api/chat`, the one route that reads attachments: 16 MB. The element sends at most 10 MiB of
 * files per message by default (`max-attachments-size`), base64 in JSON makes them ~13.4 MiB, and history adds 32 KiB.
 */
export const MAX_ATTACHMENT_BODY_BYTES = 16 * 1024 * 1024;

/** How long close() lets open sockets finish writing before it cuts them. */
const CLOSE_GRACE_MS = 2000;

/** The error event an open stream ends with when the server shuts down. */
const SHUTDOWN_EVENT = /** @type {const} */ ({
  type: 'error',
  message: 'The server is shutting down; please retry in a moment.',
  code: 'server_shutdown',
  retryable: true,
});

/**
 * Starts the demo server and resolves once it listens.
 * @param {DemoServerOptions} [options]
 * @returns {Promise<DemoServer>}
 */
export async function startDemoServer(options = {}) {
  const quiet = options.quiet ?? false;
  const allowOrigin = parseCorsOrigins(options.corsOrigins);
  const openai = options.openai?.baseUrl ? options.openai : undefined;
  const backend = await createDocsBackend({ rootDir: options.rootDir ?? PROJECT_ROOT, openai });
  const pageFor = createPages({ projectRoot: PROJECT_ROOT, docs: backend.docs });

  const ledger = new TimerLedger();
  // One timer paces every planned stream (a timer, promise and generator step per token cost more than the write).
  const scheduler = new StreamScheduler(ledger, (error, task) => /** @type {any} */ (task).fail(error));
  /** @type {Set<{ stop: () => void }>} */
  const openStreams = new Set();
  const counts = { totalStreams: 0, disconnects: 0, requests: 0 };
  let closing = false;
  let ownUrl = '';

  /** @param {LogEntry} entry */
  const log = entry => {
    options.onLog?.(entry);
    if (!quiet) console.log(formatLogLine(entry));
  };

  /** @type {import('./chat.mjs').ChatServices} */
  const services = {
    ledger,
    heartbeatMs: options.heartbeatMs ?? 15000,
    shutdownEvent: SHUTDOWN_EVENT,
    streamHeaders,
    track(stream) {
      openStreams.add(stream);
      return () => openStreams.delete(stream);
    },
    openStreams: () => openStreams.size,
    countStream: () => counts.totalStreams++,
    countDisconnect: () => counts.disconnects++,
    dropGate: options.dropGate,
  };
  const pluginFactories = options.plugins ?? [
    resumableStreams(options.resume),
    faultInjection({ capMs: options.faultCapMs ?? DEFAULT_FAULT_CAP_MS }),
  ];
  const plugins = pluginFactories.map(create => create(services));
  const serveChat = createChatHandler({
    backend,
    services,
    plugins,
    scheduler,
    limits: {
      maxBodyBytes: options.maxBodyBytes ?? MAX_BODY_BYTES,
      maxAttachmentBodyBytes: options.maxAttachmentBodyBytes ?? MAX_ATTACHMENT_BODY_BYTES,
      maxConcurrentStreams: options.maxConcurrentStreams ?? 5000,
      tokenDelayMs: options.tokenDelayMs ?? 20,
    },
    baseUrlOf: req => publicBaseUrl(req.headers.host, ownUrl),
    log,
  });

  // A client trickling its headers or body holds a connection (and, for a chat POST, a stream slot): bound both.
  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  const timeouts = {
    headersTimeout: Math.min(options.headersTimeoutMs ?? 10_000, requestTimeout),
    requestTimeout,
    connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_MS, requestTimeout),
  };
  const server = createServer(timeouts, (req, res) => {
    const id = ++counts.requests;
    const path = (req.url ?? '/').split('?')[0];
    handleRequest(req, res, id, path).catch(error => {
      if (error instanceof HttpError) {
        log({ event: 'reject', id, path, status: error.status, detail: error.code });
        if (!res.headersSent) sendError(res, error);
        return;
      }
      // A bug, not bad input: answer 500 if still possible, and never take the server down.
      log({ event: 'error', id, path, status: 500, detail: String(error?.stack ?? error) });
      if (!res.headersSent) sendError(res, new HttpError(500, 'internal_error', 'The demo server failed.'));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;

  // Sockets and their in-flight responses, so close() can drop idle keep-alive sockets (including ones a client
  // opened ahead of time and never used, which closeIdleConnections() misses) and end busy ones as they finish.
  /** @type {Map<import('node:net').Socket, number>} */
  const sockets = new Map();
  server.on('connection', socket => {
    sockets.set(socket, 0);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('request', (req, res) => {
    const socket = req.socket;
    sockets.set(socket, (sockets.get(socket) ?? 0) + 1);
    res.once('close', () => {
      const inFlight = sockets.get(socket);
      if (inFlight !== undefined) sockets.set(socket, inFlight - 1);
      if (closing) socket.end();
    });
  });

  /**
   * Routes one request: a preflight, a chat POST, or a GET page. Refusals are thrown as HttpErrors.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {number} id
   * @param {string} path
   */
  async function handleRequest(req, res, id, path) {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    const corsHeaders = corsHeadersFor(req.headers.origin, allowOrigin);
    for (const [name, value] of Object.entries(corsHeaders)) res.setHeader(name, value);
    if (closing) {
      res.setHeader('Connection', 'close');
      throw new HttpError(503, 'shutting_down', 'The server is shutting down; retry shortly.', { 'Retry-After': '1' });
    }
    const chatRoute = findChatRoute(path);
    const page = chatRoute ? undefined : pageFor(path);
    if (!chatRoute && !page) throw new HttpError(404, 'not_found', `Nothing at ${path}.`);
    const allow = chatRoute ? 'POST, OPTIONS' : 'GET, HEAD, OPTIONS';
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { Allow: allow, ...preflightHeaders(req, corsHeaders, allow) });
      res.end();
      return log({ event: 'request', id, path, status: 204 });
    }
    const accepted = chatRoute ? ['POST'] : ['GET', 'HEAD'];
    if (!accepted.includes(req.method ?? '')) {
      throw new HttpError(405, 'method_not_allowed', `${path} accepts ${accepted[0]}.`, { Allow: allow });
    }
    if (chatRoute) return serveChat(req, res, id, chatRoute);
    const { status, contentType, body } = await /** @type {() => Promise<import('./pages.mjs').PageResponse>} */ (page)();
    res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-cache' });
    res.end(body);
    log({ event: status < 400 ? 'request' : 'error', id, path, status });
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1', backlog: LISTEN_BACKLOG }, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  ownUrl = `http://${urlHost}:${address.port}`;

  /** @type {Promise<void> | null} */
  let closed = null;
  return {
    url: ownUrl,
    port: address.port,
    stats: () => ({
      activeStreams: openStreams.size,
      totalStreams: counts.totalStreams,
      disconnects: counts.disconnects,
      timers: ledger.pending,
    }),
    close() {
      closed ??= new Promise(resolve => {
        closing = true;
        const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        cut.unref();
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        for (const stream of [...openStreams]) stream.stop();
        for (const plugin of plugins) plugin.close?.();
        for (const [socket, inFlight] of sockets) if (inFlight === 0) socket.destroy();
      });
      return closed;
    },
  };
}
