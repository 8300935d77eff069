// The demo server: the demo page, the bundle, and chat routes that stream one real "ask the docs" answer in
// every wire format the project speaks. Plain node:http, no framework; every bad input is a JSON error, never a
// crash; a client that goes away stops its stream's work at once. A local answer is computed before its first
// event (backend/turn-plan.mjs) and paced on a fixed schedule by one scheduler for all streams
// (backend/stream-scheduler.mjs, backend/plan-streamer.mjs): a few thousand streams at 20 events/s each cost one
// socket write per event and little else. `?long=TOKENS` on the house route streams a long generated answer instead,
// through the same machinery (backend/long-answer-turn.mjs).

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createDocsBackend } from './backend/docs-backend.mjs';
import { HttpError, parseJsonBody, readBody, readChatRequest } from './backend/http-input.mjs';
import { StreamClock, TimerLedger } from './backend/stream-clock.mjs';
import { StreamScheduler } from './backend/stream-scheduler.mjs';
import { PlanStreamer } from './backend/plan-streamer.mjs';
import { describeLongAnswer, parseLongAnswer, planLongAnswer, replayLongAnswer } from './backend/long-answer-turn.mjs';
import { loadCanonicalEncoderFactory } from './backend/canonical-fallback.mjs';
import { renderDocPage } from './backend/doc-pages.mjs';
import { validateChatBody } from './backend/chat-body.mjs';
import { cannedResponse, DEFAULT_FAULT_CAP_MS, drainedOrClosed, faultHeartbeat, faultHeartbeatMs, openFaultyConnection, parseFaults, syntheticAnswer } from './faults.mjs';
import { BufferedTurn, newStreamId, produceTurn, ResumableStreams } from './resume.mjs';
import { seedRoutes } from './encoders/seeds.mjs';
import { vendorRoutes } from './encoders/vendors.mjs';

const DEMO_DIR = dirname(fileURLToPath(import.meta.url));
const PROJECT_ROOT = join(DEMO_DIR, '..');

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
 * @property {number} [maxBodyBytes=65536]
 * @property {number} [heartbeatMs=15000]       a keep-alive is written after this much silence on a stream
 * @property {{ baseUrl: string, apiKey?: string, model?: string }} [openai]  write answers with this server
 * @property {string} [rootDir]                 where README.md, docs/ and CHANGELOG.md are read (the project)
 * @property {number} [faultCapMs=300000]      the longest a `?fault=` stream waits or stays open (docs/testing.md)
 * @property {import('./resume.mjs').ResumeOptions} [resume]  grace, time-to-live and bounds of resumable streams
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
 * @typedef {import('./encoders/types.mjs').DemoRoute & { pattern: RegExp }} ChatRoute
 */

/**
 * @typedef {import('./backend/http-input.mjs').ChatRequest & { model?: string, long?: LongAnswer }} RouteRequest
 *   What a chat request asks for: the question and its context from the body; from the URL, a long answer in place
 *   of the docs' one (`?long=`, backend/long-answer-turn.mjs).
 */

/**
 * @typedef {import('./backend/long-answer-turn.mjs').LongAnswer} LongAnswer
 */

/**
 * Connections the kernel may queue for us to accept. Node's default (511) overflows when a few thousand clients
 * connect within a second while the loop is busy: the dropped ones wait a second or more for a SYN retry, some are
 * reset. The kernel caps it at net.core.somaxconn.
 */
const LISTEN_BACKLOG = 4096;

/** How long close() lets open sockets finish writing before it cuts them. */
const CLOSE_GRACE_MS = 2000;

/**
 * Starts the demo server and resolves once it listens.
 * @param {DemoServerOptions} [options]
 * @returns {Promise<DemoServer>}
 */
export async function startDemoServer(options = {}) {
  const config = {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    tokenDelayMs: options.tokenDelayMs ?? 20,
    quiet: options.quiet ?? false,
    maxConcurrentStreams: options.maxConcurrentStreams ?? 5000,
    maxBodyBytes: options.maxBodyBytes ?? 64 * 1024,
    heartbeatMs: options.heartbeatMs ?? 15000,
    faultCapMs: options.faultCapMs ?? DEFAULT_FAULT_CAP_MS,
  };
  const allowOrigin = parseCorsOrigins(options.corsOrigins);
  const openai = options.openai?.baseUrl ? options.openai : undefined;
  const backend = await createDocsBackend({ rootDir: options.rootDir ?? PROJECT_ROOT, openai });
  const docsBySlug = new Map(backend.docs.map(doc => [doc.slug, doc]));
  const chatRoutes = buildChatRoutes(await loadCanonicalEncoderFactory());

  const ledger = new TimerLedger();
  // One timer paces every planned stream (a timer, promise and generator step per token cost more than the write).
  const scheduler = new StreamScheduler(ledger, (error, task) => /** @type {PlanStreamer} */ (task).fail(error));
  const resumable = new ResumableStreams(ledger, options.resume);
  /** @type {Set<{ stop: (reason: 'shutdown') => void }>} */
  const activeStreams = new Set();
  let reservedStreams = 0;
  let totalStreams = 0;
  let disconnects = 0;
  let requestCount = 0;
  let closing = false;
  /** @type {string} */
  let ownUrl = '';

  /** @param {LogEntry} entry */
  const log = entry => {
    options.onLog?.(entry);
    if (!config.quiet) console.log(formatLogLine(entry));
  };

  const server = createServer((req, res) => {
    const id = ++requestCount;
    handleRequest(req, res, id).catch(error => {
      // A bug, not bad input: answer 500 if still possible, and never take the server down.
      log({ event: 'error', id, path: req.url ?? '', status: 500, detail: String(error?.stack ?? error) });
      if (!res.headersSent) sendError(res, new HttpError(500, 'internal_error', 'The demo server failed.'));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;
  // A client trickling its headers or body holds a connection (and, for a chat POST, a stream slot): bound both.
  // These cover receiving the request only; a long streamed answer is not cut.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

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
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {number} id
   */
  async function handleRequest(req, res, id) {
    const path = (req.url ?? '/').split('?')[0];
    res.setHeader('X-Content-Type-Options', 'nosniff');
    const corsHeaders = corsHeadersFor(req.headers.origin, allowOrigin);
    for (const [name, value] of Object.entries(corsHeaders)) res.setHeader(name, value);
    const reject = (/** @type {HttpError} */ error) => {
      log({ event: 'reject', id, path, status: error.status, detail: error.code });
      sendError(res, error);
    };

    if (closing) {
      res.setHeader('Connection', 'close');
      return reject(new HttpError(503, 'shutting_down', 'The server is shutting down; retry shortly.', { 'Retry-After': '1' }));
    }

    const chatRoute = chatRoutes.find(route => route.pattern.test(path));
    const page = chatRoute ? undefined : pageFor(path);
    if (!chatRoute && !page) return reject(new HttpError(404, 'not_found', `Nothing at ${path}.`));
    const allow = chatRoute ? 'POST, OPTIONS' : 'GET, HEAD, OPTIONS';

    if (req.method === 'OPTIONS') {
      res.writeHead(204, { Allow: allow, ...preflightHeaders(req, corsHeaders, allow) });
      res.end();
      return log({ event: 'request', id, path, status: 204 });
    }
    if (chatRoute) {
      if (req.method !== 'POST') {
        return reject(new HttpError(405, 'method_not_allowed', `${path} accepts POST.`, { Allow: allow }));
      }
      return serveChat(req, res, id, path, chatRoute, reject);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return reject(new HttpError(405, 'method_not_allowed', `${path} accepts GET.`, { Allow: allow }));
    }
    const { status, contentType, body } = await /** @type {() => Promise<PageResponse>} */ (page)();
    res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-cache' });
    res.end(body);
    log({ event: status < 400 ? 'request' : 'error', id, path, status });
  }

  /**
   * @typedef {{ status: number, contentType: string, body: string | Buffer }} PageResponse
   */

  /**
   * The GET resource at `path`, as a function producing the response, or undefined for an unknown path.
   * @param {string} path
   * @returns {(() => Promise<PageResponse>) | undefined}
   */
  function pageFor(path) {
    const json = (/** @type {unknown} */ value) => async () => ({
      status: 200,
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify(value),
    });
    if (path === '/health') return json({ status: 'ok' });
    if (path === '/api/routes') return json(chatRoutes.map(describeRoute));
    const demoFile = DEMO_FILES[path];
    if (demoFile) return () => serveFile(join(DEMO_DIR, demoFile.file), demoFile.contentType, `demo/${demoFile.file}`);
    const distFile = DIST_FILES[path];
    if (distFile) return () => serveFile(join(PROJECT_ROOT, 'dist', distFile.file), distFile.contentType, 'the bundle');
    const docMatch = /^\/docs\/([\w-]+)$/.exec(path);
    const doc = docMatch ? docsBySlug.get(docMatch[1]) : undefined;
    if (doc) {
      return async () => ({ status: 200, contentType: 'text/html; charset=utf-8', body: renderDocPage(doc) });
    }
    return undefined;
  }

  /**
   * Validates a chat POST, then streams the answer in the route's wire format.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {number} id
   * @param {string} path
   * @param {ChatRoute} route
   * @param {(error: HttpError) => void} reject
   */
  async function serveChat(req, res, id, path, route, reject) {
    /** @type {import('./faults.mjs').FaultPlan} */
    let plan;
    /** @type {LongAnswer | undefined} */
    let long;
    try {
      plan = parseFaults(req.url ?? '', { capMs: config.faultCapMs });
      long = parseLongAnswer(req.url ?? '', { path: route.path, contentFault: plan.content?.kind });
    } catch (error) {
      if (error instanceof HttpError) return reject(error);
      throw error;
    }
    // A fault that replaces the response answers whatever the body (like a gateway in front of the backend).
    if (plan.response) return serveCannedResponse(res, id, path, plan);
    if (activeStreams.size + reservedStreams >= config.maxConcurrentStreams) {
      return reject(new HttpError(503, 'overloaded', 'Too many open streams; retry shortly.', { 'Retry-After': '2' }));
    }
    // Hold a slot while the body arrives, so concurrent requests cannot overshoot the cap.
    reservedStreams++;
    let request;
    let wantsResume;
    try {
      const body = parseJsonBody(await readBody(req, config.maxBodyBytes));
      request = { ...readRouteRequest(route, body), long };
      wantsResume = plan.ids || (route.path === '/api/chat' && (req.headers['x-resumable'] === '1' || body.resumable === true));
    } catch (error) {
      reservedStreams--;
      if (!(error instanceof HttpError)) throw error;
      if (error.status === 413) {
        // The rest of the body is never read: close the connection once the answer is out.
        res.setHeader('Connection', 'close');
        res.once('finish', () => req.destroy());
      }
      return reject(error);
    }
    reservedStreams--;
    // Node joins a repeated header it does not know into one string.
    const lastEventId = /** @type {string | undefined} */ (req.headers['last-event-id']);
    if (!plan.active && !wantsResume && !lastEventId) return streamAnswer(req, res, id, path, route, request);
    await streamBuffered(req, res, id, path, route, request, plan, { wantsResume, lastEventId, reject });
  }

  /**
   * The whole response of a fault that replaces it (`status`, `content-type`, `no-content`, `empty`,
   * `comments-only`), after `delay-headers`.
   * @param {import('node:http').ServerResponse} res
   * @param {number} id
   * @param {string} path
   * @param {import('./faults.mjs').FaultPlan} plan
   */
  async function serveCannedResponse(res, id, path, plan) {
    const fault = /** @type {import('./faults.mjs').ResponseFault} */ (plan.response);
    const clock = new StreamClock(ledger);
    res.once('close', () => clock.cancel());
    try {
      await clock.sleep(plan.delayHeadersMs);
    } catch {
      return; // the client left while we waited
    }
    clock.cancel();
    const { status, headers, body } = cannedResponse(fault);
    res.writeHead(status, headers);
    res.end(body);
    log({ event: 'fault', id, path, status, detail: `fault ${fault.kind}` });
  }

  /**
   * Streams a turn through a buffer: for `?fault=` streams and resumable ones. A request with `Last-Event-ID`
   * continues the stream it names (or is refused 409/410); any other starts a turn. The connection applies the
   * wire faults; when it ends, a resumable turn goes on for a grace period, any other stops at once.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {number} id
   * @param {string} path
   * @param {ChatRoute} route
   * @param {RouteRequest} request
   * @param {import('./faults.mjs').FaultPlan} plan
   * @param {{ wantsResume: boolean, lastEventId?: string, reject: (error: HttpError) => void }} how
   */
  async function streamBuffered(req, res, id, path, route, request, plan, { wantsResume, lastEventId, reject }) {
    let fromSeq = 0;
    let startIndex = 0;
    /** @type {import('./resume.mjs').ResumableEntry | undefined} */
    let entry;
    /** @type {BufferedTurn} */
    let turn;
    if (lastEventId) {
      try {
        ({ entry, fromSeq, startIndex } = resumable.find(lastEventId, path));
      } catch (error) {
        if (error instanceof HttpError) return reject(error);
        throw error;
      }
      turn = entry.turn;
      log({ event: 'resume', id, path, detail: `stream ${entry.streamId} after event ${fromSeq}` });
    } else {
      turn = startTurn(req, route, request, plan, wantsResume, id, path);
      if (wantsResume) entry = resumable.add(turn, path);
    }
    const encoder = /** @type {import('./encoders/types.mjs').WireEncoder} */ (turn.encoder);
    const connection = openFaultyConnection({
      res,
      source: turn,
      startIndex,
      fromSeq,
      plan,
      ledger,
      headers: streamHeaders(encoder),
      heartbeat: faultHeartbeat(plan, encoder.heartbeat?.()),
      heartbeatMs: faultHeartbeatMs(plan, config.heartbeatMs),
      capMs: config.faultCapMs,
      shutdownText: () => encoder.encode(SHUTDOWN_ERROR),
    });
    if (entry) /** @type {any} */ (resumable.attach(entry, connection))?.abandon();
    const stream = { stop: () => connection.stop() };
    activeStreams.add(stream);
    const faults = new URLSearchParams((req.url ?? '').split('?')[1] ?? '').getAll('fault').join(',');
    const detail = `streaming (${route.dialect}, buffered${longAnswerNote(request)}${faults && `, fault=${faults}`})`;
    log({ event: 'request', id, path, status: 200, detail });
    const outcome = await connection.done;
    activeStreams.delete(stream);
    if (entry && outcome !== 'shutdown') resumable.detach(entry, connection);
    else turn.abort();
    const events = `${connection.lastSeq() - fromSeq} events`;
    if (outcome === 'gone') {
      disconnects++;
      const after = entry && turn.state === 'running' ? ' (generation goes on for a resume)' : ' — stopped work';
      log({ event: 'disconnect', id, path, detail: `client cancelled after ${events}${after}` });
    } else if (outcome === 'shutdown') {
      log({ event: 'error', id, path, detail: 'server shutting down: stream ended with a retryable error' });
    } else if (outcome === 'complete') {
      log({ event: 'complete', id, path, status: 200, detail: events });
    } else {
      log({ event: 'fault', id, path, detail: `connection ${outcome} after ${events}` });
    }
  }

  /**
   * Starts producing a turn into a buffer: the backend's answer, a fault's synthetic one, or a long answer.
   * @param {import('node:http').IncomingMessage} req
   * @param {ChatRoute} route
   * @param {RouteRequest} request
   * @param {import('./faults.mjs').FaultPlan} plan
   * @param {boolean} wantsResume
   * @param {number} id
   * @param {string} path
   */
  function startTurn(req, route, request, plan, wantsResume, id, path) {
    const encoder = route.createEncoder({ model: request.model });
    const clock = new StreamClock(ledger);
    const controller = new AbortController();
    const turn = new BufferedTurn({
      encoder,
      ...(wantsResume ? { streamId: newStreamId(), ...resumable.limits } : {}),
      stopWork: () => {
        controller.abort();
        clock.cancel();
      },
    });
    const sleep = (/** @type {number} */ ms) => clock.sleep(ms);
    /** @type {AsyncGenerator<import('../src/chat-events.js').ChatEvent>} */
    let events;
    if (plan.content) events = syntheticAnswer(plan.content, controller.signal);
    else if (request.long) events = replayLongAnswer(request.long, sleep);
    else {
      events = backend.answer({
        question: request.question,
        history: request.history,
        sessionId: request.sessionId,
        baseUrl: publicBaseUrl(req.headers.host, ownUrl),
        sleep,
        signal: controller.signal,
        tokenDelayMs: config.tokenDelayMs,
      });
    }
    totalStreams++;
    const shape = {
      errorAfter: plan.errorAfter,
      withholdDone: plan.neverFinish,
      hold: plan.neverFinish || plan.content?.kind === 'heartbeats-only',
      unterminatedLast: plan.unterminatedLast,
    };
    produceTurn(turn, events, encoder, shape).then(error => {
      clock.cancel();
      if (error) log({ event: 'error', id, path, detail: String(/** @type {Error} */ (error)?.stack ?? error) });
    });
    return turn;
  }

  /**
   * Streams one answer. Ends in one of three ways: complete, client gone (work stopped, counted, logged), or
   * server shutdown (a retryable error event, then the end). A local answer is planned in full first and replayed
   * by the shared scheduler; one whose text a model server writes is read from the backend's async generator.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {number} id
   * @param {string} path
   * @param {ChatRoute} route
   * @param {RouteRequest} request
   */
  async function streamAnswer(req, res, id, path, route, request) {
    const turnRequest = {
      question: request.question,
      history: request.history,
      sessionId: request.sessionId,
      baseUrl: publicBaseUrl(req.headers.host, ownUrl),
      tokenDelayMs: config.tokenDelayMs,
    };
    const plan = request.long ? planLongAnswer(request.long) : backend.plan(turnRequest);
    const encoder = route.createEncoder({ model: request.model });
    const started = performance.now();
    /** @type {'streaming' | 'complete' | 'disconnected' | 'shutdown'} */
    let state = 'streaming';
    /** @type {() => number} */
    let eventsSent = () => 0;
    /** @type {() => void} */
    let stopWork = () => {};

    const stream = {
      stop() {
        if (state !== 'streaming') return;
        state = 'shutdown';
        stopWork();
        activeStreams.delete(stream);
        res.end(encoder.encode(SHUTDOWN_ERROR));
        log({ event: 'error', id, path, detail: 'server shutting down: stream ended with a retryable error' });
      },
    };
    activeStreams.add(stream);
    totalStreams++;

    res.on('close', () => {
      if (state !== 'streaming') return;
      state = 'disconnected';
      stopWork();
      activeStreams.delete(stream);
      // The client half-closed or reset; Node would keep a half-open socket waiting for our end. Drop it.
      res.destroy();
      disconnects++;
      log({ event: 'disconnect', id, path, detail: `client cancelled — stopped work after ${eventsSent()} events` });
    });
    const complete = () => {
      state = 'complete';
      stopWork();
      activeStreams.delete(stream);
      res.end();
      const ms = Math.round(performance.now() - started);
      log({ event: 'complete', id, path, status: 200, detail: `${eventsSent()} events in ${ms} ms` });
    };
    const fail = (/** @type {unknown} */ error) => {
      state = 'complete';
      stopWork();
      activeStreams.delete(stream);
      log({ event: 'error', id, path, detail: String(/** @type {Error} */ (error)?.stack ?? error) });
      res.end(
        encoder.encode({ type: 'error', message: 'The demo backend failed.', code: 'internal_error', retryable: true }),
      );
    };

    res.writeHead(200, streamHeaders(encoder));
    res.flushHeaders();
    log({ event: 'request', id, path, status: 200, detail: `streaming (${route.dialect}${longAnswerNote(request)})` });

    if (plan) {
      const streamer = new PlanStreamer({
        res,
        plan,
        encoder,
        scheduler,
        heartbeatMs: config.heartbeatMs,
        onComplete: complete,
        onError: fail,
      });
      eventsSent = () => streamer.events;
      stopWork = () => streamer.cancel();
      streamer.start();
      return;
    }
    const clock = new StreamClock(ledger);
    const controller = new AbortController();
    let events = 0;
    eventsSent = () => events;
    stopWork = () => {
      controller.abort();
      clock.cancel();
    };

    /** Writes at once; waits for the socket to drain when the client reads slower than we write. */
    const send = async (/** @type {string | undefined} */ text) => {
      if (!text || state !== 'streaming') return;
      clock.touch();
      if (!res.write(text)) await drainedOrClosed(res);
    };
    const heartbeat = encoder.heartbeat?.();
    if (heartbeat) clock.startHeartbeat(config.heartbeatMs, () => res.write(heartbeat));

    try {
      await send(encoder.open?.());
      const turn = backend.answer({ ...turnRequest, sleep: ms => clock.sleep(ms), signal: controller.signal });
      for await (const event of turn) {
        if (state !== 'streaming') break;
        events++;
        await send(encoder.encode(event));
      }
      if (state !== 'streaming') return;
      await send(encoder.close?.());
      if (state !== 'streaming') return;
      complete();
    } catch (error) {
      if (state !== 'streaming') return; // cancelled: the rejection is our own doing
      fail(error);
    }
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG }, () => {
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
      activeStreams: activeStreams.size,
      totalStreams,
      disconnects,
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
        for (const stream of [...activeStreams]) stream.stop('shutdown');
        resumable.closeAll();
        for (const [socket, inFlight] of sockets) if (inFlight === 0) socket.destroy();
      });
      return closed;
    },
  };
}

/**
 * What the log adds for a request that asked for a long answer, e.g. ', long answer: 2000 tokens at 200 tokens/s'.
 * @param {RouteRequest} request
 */
function longAnswerNote(request) {
  return request.long ? `, long answer: ${describeLongAnswer(request.long)}` : '';
}

/** The error event an open stream ends with when the server shuts down. */
const SHUTDOWN_ERROR = /** @type {const} */ ({
  type: 'error',
  message: 'The server is shutting down; please retry in a moment.',
  code: 'server_shutdown',
  retryable: true,
});

/**
 * A stream's response headers: the encoder's own first (lowercased, so its 'Cache-Control' cannot duplicate ours),
 * then the ones every stream needs so no proxy buffers or caches it.
 * @param {import('./encoders/types.mjs').WireEncoder} encoder
 * @returns {Record<string, string>}
 */
function streamHeaders(encoder) {
  /** @type {Record<string, string>} */
  const headers = {};
  for (const [name, value] of Object.entries(encoder.headers ?? {})) headers[name.toLowerCase()] = value;
  return {
    ...headers,
    'content-type': encoder.contentType,
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
    connection: 'keep-alive',
  };
}

/** Demo page files, served from demo/. */
const DEMO_FILES = /** @type {Record<string, { file: string, contentType: string }>} */ ({
  '/': { file: 'index.html', contentType: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', contentType: 'text/html; charset=utf-8' },
  '/demo.css': { file: 'demo.css', contentType: 'text/css; charset=utf-8' },
  '/demo.js': { file: 'demo.js', contentType: 'text/javascript; charset=utf-8' },
});

/** The built bundle, served from dist/ (built by `npm start` before the server starts). */
const DIST_FILES = /** @type {Record<string, { file: string, contentType: string }>} */ ({
  '/sse-chat.bundle.js': { file: 'sse-chat.bundle.js', contentType: 'text/javascript; charset=utf-8' },
  '/sse-chat.bundle.js.map': { file: 'sse-chat.bundle.js.map', contentType: 'application/json; charset=utf-8' },
});

/**
 * Reads a file fresh on each request (so a rebuilt bundle is picked up); a missing one is a 500 that says why.
 * @param {string} file
 * @param {string} contentType
 * @param {string} what
 */
async function serveFile(file, contentType, what) {
  try {
    return { status: 200, contentType, body: await readFile(file) };
  } catch {
    const hint = file.includes(`${join('dist', '')}`) ? ' Run `npm run build` (or `npm start`) first.' : '';
    return { status: 500, contentType: 'text/plain; charset=utf-8', body: `${what} is missing.${hint}\n` };
  }
}

/**
 * The chat routes: the house route first, then every seed and vendor route. `{name}` segments in a route's path
 * match any one segment (e.g. '/chat/{session_id}/stream').
 * @param {(options: { model?: string }) => import('./encoders/types.mjs').WireEncoder} createCanonicalEncoder
 * @returns {ChatRoute[]}
 */
function buildChatRoutes(createCanonicalEncoder) {
  /** @type {import('./encoders/types.mjs').DemoRoute} */
  const house = {
    path: '/api/chat',
    name: 'Ask the docs (sse-chat canonical)',
    dialect: 'sse-chat',
    description: 'The embedded backend: BM25 over the project docs, reranked, answered with citations.',
    readQuestion: body => body?.message,
    createEncoder: createCanonicalEncoder,
    exampleBody: { message: 'How do I stop a stream?', session_id: 'demo' },
  };
  return [house, ...seedRoutes, ...vendorRoutes].map(route => ({ ...route, pattern: pathPattern(route.path) }));
}

/**
 * @param {string} path
 * @returns {RegExp}
 */
function pathPattern(path) {
  const source = path
    .split(/(\{[^/}]+\})/)
    .map(part => (/^\{[^/}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

/**
 * What `/api/routes` lists for the demo page's picker.
 * @param {ChatRoute} route
 */
function describeRoute(route) {
  let question;
  try {
    question = route.exampleBody ? route.readQuestion(route.exampleBody) : undefined;
  } catch {
    question = undefined;
  }
  return {
    path: route.path,
    name: route.name,
    dialect: route.dialect,
    description: route.description,
    exampleBody: route.exampleBody,
    // Where the question sits in exampleBody, so a page can build bodies for this route from the example.
    questionPath: typeof question === 'string' ? findValuePath(route.exampleBody, question) : undefined,
  };
}

/**
 * The key path (e.g. ['messages', 0, 'content']) of the first string equal to `wanted` inside `value`.
 * @param {unknown} value
 * @param {string} wanted
 * @returns {Array<string | number> | undefined}
 */
function findValuePath(value, wanted) {
  if (value === wanted) return [];
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    const rest = findValuePath(child, wanted);
    if (rest) return [Array.isArray(value) ? Number(key) : key, ...rest];
  }
  return undefined;
}

/**
 * The question (and context) of a chat request on any route: the house body rules for `/api/chat`, the route's
 * own reader for the others.
 * @param {ChatRoute} route
 * @param {Record<string, any>} body
 * @returns {import('./backend/http-input.mjs').ChatRequest & { model?: string }}
 */
function readRouteRequest(route, body) {
  const model = typeof body.model === 'string' ? body.model : undefined;
  if (route.path === '/api/chat') {
    validateChatBody(body);
    return { ...readChatRequest(body), model };
  }
  let question;
  try {
    question = route.readQuestion(body);
  } catch {
    question = undefined;
  }
  if (typeof question !== 'string' || question.trim() === '') {
    throw new HttpError(400, 'invalid_message', `The request body has no question in the shape ${route.path} expects.`);
  }
  const sessionId = body.session_id ?? body.sessionId;
  return { question, history: [], sessionId: sessionId === undefined ? undefined : String(sessionId), model };
}

/**
 * @param {string | undefined} value   comma list of origins, '*', or nothing (same origin only)
 * @returns {(origin: string) => boolean}
 */
function parseCorsOrigins(value) {
  const origins = (value ?? '')
    .split(',')
    .map(origin => origin.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  if (origins.includes('*')) return () => true;
  const allowed = new Set(origins);
  return origin => allowed.has(origin);
}

/**
 * CORS response headers for a request from `origin`: none unless the origin is allowed.
 * @param {string | undefined} origin
 * @param {(origin: string) => boolean} allowOrigin
 * @returns {Record<string, string>}
 */
function corsHeadersFor(origin, allowOrigin) {
  if (!origin || !allowOrigin(origin)) return {};
  // Exposed so a cross-origin page can read what identifies a stream's format (dialect detection uses it).
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': 'x-vercel-ai-ui-message-stream, Retry-After',
    Vary: 'Origin',
  };
}

/**
 * The extra headers of a preflight answer, when the origin is allowed.
 * @param {import('node:http').IncomingMessage} req
 * @param {Record<string, string>} corsHeaders
 * @param {string} allow
 * @returns {Record<string, string>}
 */
function preflightHeaders(req, corsHeaders, allow) {
  if (!corsHeaders['Access-Control-Allow-Origin'] || !req.headers['access-control-request-method']) return {};
  return {
    'Access-Control-Allow-Methods': allow,
    'Access-Control-Allow-Headers': 'Content-Type, Last-Event-ID, Authorization, X-Resumable',
    'Access-Control-Max-Age': '600',
  };
}

/**
 * The absolute origin links in answers use: the Host the client reached us by when it looks like a host name,
 * else the address we listen on.
 * @param {string | undefined} host
 * @param {string} fallback
 */
function publicBaseUrl(host, fallback) {
  return host && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? `http://${host}` : fallback;
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {HttpError} error
 */
function sendError(res, error) {
  res.writeHead(error.status, { 'Content-Type': 'application/json; charset=utf-8', ...error.headers });
  res.end(JSON.stringify({ error: { message: error.message, code: error.code } }));
}

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
