// A chat request, from the POST to the end of its stream: plugins inspect it, the body is read and checked, then the
// answer streams in the route's wire format. A local answer is planned in full first and written by the shared
// scheduler (streaming/plan-streamer.mjs); one whose text a model server writes is read from the backend as it comes.
// Testing plugins (demo/testing/) plug in here: they may refuse or answer a request before its body is read, and
// take over streaming its answer.

import { HttpError } from './http/http-error.mjs';
import { attachmentBytes, parseJsonBody, payloadTooLarge, readBody } from './http/request.mjs';
import { StreamClock } from './streaming/stream-clock.mjs';
import { PlanStreamer } from './streaming/plan-streamer.mjs';
import { describeLongAnswer, parseLongAnswer, planLongAnswer, replayLongAnswer } from './backend/long-answer-turn.mjs';
import { readRouteRequest } from './chat-routes.mjs';
import { drainedOrClosed } from './http/response.mjs';

/** @typedef {import('../src/dialects/chat-event.js').ChatEvent} ChatEvent */
/** @typedef {import('./encoders/types.mjs').WireEncoder} WireEncoder */
/** @typedef {import('./server.mjs').LogEntry} LogEntry */

/**
 * What a chat request asks for: the question and its context from the body; from the URL, a long answer in place of
 * the docs' one (`?long=`, backend/long-answer-turn.mjs).
 * @typedef {import('./http/request.mjs').ChatRequest & { model?: string, long?: import('./backend/long-answer-turn.mjs').LongAnswer }} RouteRequest
 */

/**
 * What the server lends its plugins: its books and its settings.
 * @typedef {object} ChatServices
 * @property {import('./streaming/stream-clock.mjs').TimerLedger} ledger   every stream timer is counted here
 * @property {number} heartbeatMs
 * @property {ChatEvent} shutdownEvent                     what an open stream ends with when the server closes
 * @property {(encoder: WireEncoder) => Record<string, string>} streamHeaders
 * @property {(stream: { stop: () => void }) => () => void} track  an open stream, stopped on shutdown; returns untrack
 * @property {() => number} openStreams                     how many are open now
 * @property {() => void} countStream                       a stream started (stats().totalStreams)
 * @property {() => void} countDisconnect                   a client left mid-stream (stats().disconnects)
 * @property {() => Promise<void>} [dropGate]               testing: what a `drop-after` cut waits for before it
 *   closes the socket (default: a short pause)
 */

/**
 * One chat request, as the server and its plugins see it.
 * @typedef {object} ChatExchange
 * @property {number} id                      the request's sequence number (in the log)
 * @property {string} path
 * @property {URLSearchParams} query
 * @property {import('node:http').IncomingMessage} req
 * @property {import('node:http').ServerResponse} res
 * @property {import('./chat-routes.mjs').ChatRoute} route
 * @property {Record<string, any>} body       the parsed body (once read)
 * @property {RouteRequest} request           what it asks (once the body is read)
 * @property {Record<string, any>} notes      what plugins tell each other about this request
 * @property {string} logNote                 what the log's "streaming (…)" line adds, e.g. ', fault=bytewise'
 * @property {ChatServices} server
 * @property {(entry: Omit<LogEntry, 'id' | 'path'>) => void} log
 * @property {() => WireEncoder} createEncoder
 * @property {(pacing: { signal: AbortSignal, sleep: (ms: number) => Promise<void> }) => AsyncGenerator<ChatEvent>} answerEvents
 *   the answer this request gets, as events paced by `sleep`
 */

/**
 * A plugin's hooks, each optional. Hooks run in the order the plugins are given.
 * @typedef {object} ChatPlugin
 * @property {string} name
 * @property {(chat: ChatExchange) => boolean | Promise<boolean>} [inspect]  before the body is read: throw an
 *   HttpError to refuse the request, or answer it and return true
 * @property {(chat: ChatExchange) => boolean | Promise<boolean>} [stream]   once the body is read and checked: stream
 *   the answer and return true, or return false to leave it to the next plugin (and at last the server)
 * @property {() => void} [close]             the server is closing: stop whatever the plugin still holds
 */

/** @typedef {(server: ChatServices) => ChatPlugin} ChatPluginFactory */

/**
 * @typedef {object} ChatHandlerOptions
 * @property {import('./backend/docs-backend.mjs').DocsBackend} backend
 * @property {ChatServices} services
 * @property {ChatPlugin[]} plugins
 * @property {StreamScheduler} scheduler
 * @property {{ maxBodyBytes: number, maxAttachmentBodyBytes: number, maxConcurrentStreams: number, tokenDelayMs: number }} limits
 * @property {(req: import('node:http').IncomingMessage) => string} baseUrlOf   the origin answers link to
 * @property {(entry: LogEntry) => void} log
 */

/** @typedef {import('./streaming/stream-scheduler.mjs').StreamScheduler} StreamScheduler */

/**
 * The handler of chat POSTs.
 * @param {ChatHandlerOptions} options
 */
export function createChatHandler({ backend, services, plugins, scheduler, limits, baseUrlOf, log }) {
  /** Streams open or about to open (a body being read holds a slot, so concurrent requests cannot overshoot the cap). */
  let openSlots = 0;

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {number} id
   * @param {import('./chat-routes.mjs').ChatRoute} route
   */
  return async function serveChat(req, res, id, route) {
    const [path, search = ''] = (req.url ?? '/').split(/\?(.*)/s);
    const query = new URLSearchParams(search);
    const long = parseLongAnswer(query, route.path);
    /** @type {ChatExchange} */
    const chat = {
      id,
      path,
      query,
      req,
      res,
      route,
      body: {},
      request: /** @type {RouteRequest} */ ({ question: '', history: [] }),
      notes: {},
      logNote: long ? `, long answer: ${describeLongAnswer(long)}` : '',
      server: services,
      log: entry => log({ ...entry, id, path }),
      createEncoder: () => route.createEncoder({ model: chat.request.model }),
      answerEvents: ({ signal, sleep }) =>
        chat.request.long ? replayLongAnswer(chat.request.long, sleep) : backend.answer({ ...turnRequest(chat), sleep, signal }),
    };
    for (const plugin of plugins) if (await plugin.inspect?.(chat)) return;
    if (services.openStreams() + openSlots >= limits.maxConcurrentStreams) {
      throw new HttpError(503, 'overloaded', 'Too many open streams; retry shortly.', { 'Retry-After': '2' });
    }
    openSlots++;
    try {
      // Only the house route reads attachments, so only it takes the larger bodies they make; the rest of its body
      // (the question, the history) keeps the usual limit.
      const raw = await readBody(req, route.readsAttachments ? limits.maxAttachmentBodyBytes : limits.maxBodyBytes);
      const bytes = Buffer.byteLength(raw);
      try {
        chat.body = parseJsonBody(raw);
      } catch (error) {
        throw bytes > limits.maxBodyBytes ? payloadTooLarge(limits.maxBodyBytes) : error;
      }
      if (bytes - attachmentBytes(chat.body) > limits.maxBodyBytes) throw payloadTooLarge(limits.maxBodyBytes);
      chat.request = { ...readRouteRequest(route, chat.body), long };
    } catch (error) {
      if (error instanceof HttpError && error.status === 413) {
        // The rest of the body is never read: close the connection once the answer is out.
        res.setHeader('Connection', 'close');
        res.once('finish', () => req.destroy());
      }
      throw error;
    } finally {
      openSlots--;
    }
    for (const plugin of plugins) if (await plugin.stream?.(chat)) return;
    streamAnswer(chat);
  };

  /**
   * The backend's view of a request.
   * @param {ChatExchange} chat
   */
  function turnRequest(chat) {
    const { question, history, sessionId, attachments } = chat.request;
    return { question, history, sessionId, attachments, baseUrl: baseUrlOf(chat.req), tokenDelayMs: limits.tokenDelayMs };
  }

  /**
   * Streams one answer straight to the socket. Ends in one of three ways: complete, client gone (work stopped,
   * counted, logged), or server shutdown (a retryable error event, then the end).
   * @param {ChatExchange} chat
   */
  function streamAnswer(chat) {
    const { res, request } = chat;
    const plan = request.long ? planLongAnswer(request.long) : backend.plan(turnRequest(chat));
    const encoder = chat.createEncoder();
    const started = performance.now();
    /** @type {'streaming' | 'ended'} */
    let state = 'streaming';
    /** The work writing the stream: the events written so far, and how to stop it. */
    let work = { events: 0, cancel: () => {} };

    const end = (/** @type {Omit<LogEntry, 'id' | 'path'>} */ entry, /** @type {string} */ lastText = '') => {
      if (state !== 'streaming') return false;
      state = 'ended';
      work.cancel();
      untrack();
      res.end(lastText);
      chat.log(entry);
      return true;
    };
    const untrack = services.track({
      stop: () => end({ event: 'error', detail: 'server shutting down: stream ended with a retryable error' }, encoder.encode(services.shutdownEvent)),
    });
    services.countStream();
    res.on('close', () => {
      const events = work.events;
      // The client half-closed or reset; Node would keep a half-open socket waiting for our end. Drop it.
      if (end({ event: 'disconnect', detail: `client cancelled — stopped work after ${events} events` })) {
        res.destroy();
        services.countDisconnect();
      }
    });
    const complete = () => end({ event: 'complete', status: 200, detail: `${work.events} events in ${Math.round(performance.now() - started)} ms` });
    const fail = (/** @type {unknown} */ error) =>
      end(
        { event: 'error', detail: String(/** @type {Error} */ (error)?.stack ?? error) },
        encoder.encode({ type: 'error', message: 'The demo backend failed.', code: 'internal_error', retryable: true }),
      );

    res.writeHead(200, services.streamHeaders(encoder));
    res.flushHeaders();
    chat.log({ event: 'request', status: 200, detail: `streaming (${chat.route.dialect}${chat.logNote})` });

    if (plan) {
      const streamer = new PlanStreamer({ res, plan, encoder, scheduler, heartbeatMs: services.heartbeatMs, onComplete: complete, onError: fail });
      work = { get events() { return streamer.events; }, cancel: () => streamer.cancel() };
      streamer.start();
    } else {
      work = streamModelAnswer(chat, encoder, () => state === 'streaming', complete, fail);
    }
  }

  /**
   * Writes an answer whose text a model server writes, event by event as the backend yields them; waits for the
   * socket to drain when the client reads slower than we write.
   * @param {ChatExchange} chat
   * @param {WireEncoder} encoder
   * @param {() => boolean} open       false once the stream ended (client gone, shutdown)
   * @param {() => void} complete
   * @param {(error: unknown) => void} fail
   */
  function streamModelAnswer(chat, encoder, open, complete, fail) {
    const { res } = chat;
    const clock = new StreamClock(services.ledger);
    const controller = new AbortController();
    const work = {
      events: 0,
      cancel: () => {
        controller.abort();
        clock.cancel();
      },
    };
    const send = async (/** @type {string | undefined} */ text) => {
      if (!text || !open()) return;
      clock.touch();
      if (!res.write(text)) await drainedOrClosed(res);
    };
    const heartbeat = encoder.heartbeat?.();
    if (heartbeat) clock.startHeartbeat(services.heartbeatMs, () => res.write(heartbeat));
    (async () => {
      await send(encoder.open?.());
      for await (const event of chat.answerEvents({ signal: controller.signal, sleep: ms => clock.sleep(ms) })) {
        if (!open()) return;
        work.events++;
        await send(encoder.encode(event));
      }
      await send(encoder.close?.());
      if (open()) complete();
    })().catch(error => {
      if (open()) fail(error); // else cancelled: the rejection is our own doing
    });
    return work;
  }
}
