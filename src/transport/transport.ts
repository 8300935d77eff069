import { createCallControl, createTimers, delay, haltOnAbortOrOffline, type CallControl, type StreamTimers } from './call-control.js';
import { CORS_MESSAGE, ErrorCode, ErrorMessage } from './error-code.js';
import { checkResponse, createBodyDecoder, createStrayJsonCollector, readBody } from './response-body.js';
import type { SseMessage } from './sse-message.js';
import { createSseParser, DEFAULT_MAX_EVENT_SIZE } from './sse-parser.js';
import { TransportError } from './transport-error.js';

/**
 * One chat request, read as an event stream, with every failure classified as a {@link TransportError}.
 *
 * The chat POST is never re-sent behind the caller's back. The one exception is a resumable stream: when the
 * connection drops mid-stream after the server sent event ids, the request is repeated with `Last-Event-ID`
 * (as `EventSource` would), at most `maxResumes` times, and the server is trusted to continue after that id.
 *
 * Why not `@microsoft/fetch-event-source`: its parser is not conformant (per-block ids, an empty message per
 * blank line, dropped colon-less lines and empty first data lines, a BOM stripped per line) and every lifecycle
 * default of `fetchEventSource` — retry forever, re-POST on tab visibility change and on clean close, reject
 * `text/plain`, discard JSON error bodies — is the opposite of what a chat needs. Nothing of it was left to keep.
 *
 * Here: sending (and resending to resume) and the loop that ties it together. What halts a call and its clocks is
 * `call-control.ts`; checking and reading a response body, `response-body.ts`.
 */

/** Default {@link StreamRequest.maxResumes}. */
export const DEFAULT_MAX_RESUMES = 2;
/** The resume delay when the server sent no `retry:` (the `EventSource` convention). */
const DEFAULT_RESUME_DELAY = 1000;
/** A server's `retry:` is honoured up to this delay: a user is waiting for the answer. */
const MAX_RESUME_DELAY = 5000;

/** What to request and the limits that apply. */
export interface StreamRequest {
  url: string;
  /** Default `POST`. */
  method?: string;
  /** `Accept: text/event-stream` is added unless an `Accept` header is given. */
  headers?: HeadersInit;
  body?: string;
  credentials?: RequestCredentials;
  /** Aborting stops the stream at once: the body is cancelled and the call rejects with `signal.reason`. */
  signal: AbortSignal;
  /** The network seam (tests pass a fake). Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Milliseconds without any byte (comments and heartbeats count), from the response headers on, before `stalled`. Default 60 000; 0 disables. */
  idleTimeout?: number;
  /** Milliseconds to wait for the response headers (a request queued by the browser waits here) before `stalled`. Default 300 000; 0 disables. */
  responseTimeout?: number;
  /** Milliseconds for the whole call (from `turnStart`, if given) before `turn-timeout`. Default 600 000; 0 disables. */
  turnTimeout?: number;
  /** When the turn began (`performance.now()`), if before this call: the turn budget counts from there. */
  turnStart?: number;
  /** Largest event, in characters, before `too-large`. Default 4 MiB. */
  maxEventSize?: number;
  /** How often a dropped stream with event ids may be resumed with `Last-Event-ID`. Default 2. */
  maxResumes?: number;
  /** The clock the read loop times its own work with, to yield to the page (tests pass a fake). Default `performance.now`. */
  now?: () => number;
}

/** Callbacks of {@link streamSse}. None is called after the signal aborts or the call settles. */
export interface StreamHandlers {
  /** The (first) response passed the status and content-type checks: choose the dialect from its headers here. */
  onOpen?(response: Response): void;
  /** One SSE message, as a conforming `EventSource` would dispatch it. */
  onMessage(message: SseMessage): void;
  /**
   * What a conforming `EventSource` would not dispatch but a chat still needs ({@link SseMessage.kind}): a named
   * block without data, a piece of a plain-text body (a response whose body is not SSE framing), a JSON object
   * written without `data:` lines. Without this handler they are dropped, as `EventSource` drops them.
   */
  onSignal?(message: SseMessage): void;
  /** The connection dropped and is being resumed: attempt number (from 1) and the `Last-Event-ID` sent. */
  onResume?(attempt: number, lastEventId: string): void;
  /** A comment line (`: ping`), e.g. a server heartbeat. */
  onComment?(text: string): void;
  /** A read delivered this many bytes. */
  onBytes?(byteCount: number): void;
}

/** How a stream that closed cleanly went. */
export interface StreamSummary {
  /** The last event ID in force at the end (`''` when the server sent none). */
  lastEventId: string;
  /** Messages dispatched to `onMessage`. */
  messages: number;
  /** Body bytes received, over all connections. */
  bytes: number;
  /** Resumes performed. */
  resumes: number;
  /** The HTTP status of the last response (204 means the server had nothing to say). */
  status: number;
}

/**
 * Sends one request and reads the response as SSE until it closes.
 *
 * Resolves with a {@link StreamSummary} on a clean close (also a 204 or an empty body: zero messages; whether
 * that answered anything is the reducer's call). Rejects with a {@link TransportError} — `http`, `network`,
 * `unexpected-response`, `connection-lost`, `stalled`, `turn-timeout`, `offline`, `too-large` — or, when
 * `request.signal` aborts, with the signal's reason. An exception thrown by a handler rejects the call too, and so
 * does the browser's `TypeError` for a request it refuses to build (an invalid URL or header), before sending.
 */
export async function streamSse(request: StreamRequest, handlers: StreamHandlers): Promise<StreamSummary> {
  request.signal.throwIfAborted();
  const maxResumes = request.maxResumes ?? DEFAULT_MAX_RESUMES;
  const call = createCallControl();
  const summary: StreamSummary = { lastEventId: '', messages: 0, bytes: 0, resumes: 0, status: 0 };
  let resumeDelay = DEFAULT_RESUME_DELAY;

  // Handlers hear nothing once the call has halted.
  const forwardSignal = (message: SseMessage) => {
    if (!call.signal.aborted) handlers.onSignal?.(message);
  };
  const strayJson = createStrayJsonCollector(json =>
    forwardSignal({ event: 'message', data: json, id: parser.lastEventId, kind: 'json' }),
  );
  const replays = createReplayFilter();
  const parser = createSseParser({
    onSignal: forwardSignal,
    onOtherLine: handlers.onSignal ? strayJson.addLine : undefined,
    maxEventSize: request.maxEventSize ?? DEFAULT_MAX_EVENT_SIZE,
    onMessage(message) {
      if (call.signal.aborted || replays.isReplay(message.id)) return;
      summary.messages += 1;
      handlers.onMessage(message);
    },
    onComment: text => {
      if (!call.signal.aborted) handlers.onComment?.(text);
    },
    onRetry: ms => {
      resumeDelay = Math.min(ms, MAX_RESUME_DELAY);
    },
  });
  const body = createBodyDecoder(parser, forwardSignal);
  const timers = createTimers(request, call.halt);
  const stopListening = haltOnAbortOrOffline(request.signal, call.halt);
  const send = createSender(request, call, timers);

  /** Records and checks a response; false when it has no stream to read (204). Only the first body is sniffed: a resume is read the same way. */
  const hasStream = async (response: Response): Promise<boolean> => {
    summary.status = response.status;
    const type = await checkResponse(response, call);
    if (type === undefined) return false;
    if (type !== 'text/event-stream' && handlers.onSignal && summary.resumes === 0) body.sniffKind();
    return true;
  };
  const countBytes = (byteCount: number) => {
    timers.noteActivity();
    summary.bytes += byteCount;
    handlers.onBytes?.(byteCount);
  };
  const now = request.now ?? (() => performance.now());
  const read = (response: Response) => readBody(response, call, countBytes, body.feed, now);

  try {
    let response = await send('');
    if (!(await hasStream(response))) return { ...summary, lastEventId: parser.lastEventId };
    handlers.onOpen?.(response);
    call.throwIfHalted();
    let outcome = await read(response);
    while (outcome !== 'closed') {
      const lastEventId = parser.lastEventId;
      if (lastEventId === '' || summary.resumes >= maxResumes) {
        throw new TransportError(ErrorCode.ConnectionLost, ErrorMessage.ConnectionLost, {
          cause: outcome.dropped,
        });
      }
      summary.resumes += 1;
      handlers.onResume?.(summary.resumes, lastEventId);
      timers.pauseIdleClock(); // waiting on purpose is not stalling
      await call.guard(delay(resumeDelay, call.signal));
      // The next connection starts clean: nothing half-read carries over, and what it replays is skipped.
      parser.restart();
      strayJson.reset();
      body.restart();
      replays.resumeAfter(lastEventId);
      try {
        response = await send(lastEventId);
      } catch (error) {
        if (call.signal.aborted || !(error instanceof TransportError)) throw error;
        outcome = { dropped: error }; // the resume request failed too: another drop, judged by the same rule
        continue;
      }
      if (!(await hasStream(response))) break; // 204: the server has nothing more to send
      outcome = await read(response);
    }
    body.feed();
    parser.end();
    return { ...summary, lastEventId: parser.lastEventId };
  } catch (error) {
    call.throwIfHalted();
    call.halt(error); // cancels the body and silences handlers
    throw error;
  } finally {
    call.halt(undefined);
    timers.clear();
    stopListening();
  }
}

/**
 * Sends the request: once, then again with `Last-Event-ID` on each resume. Resolves at the response headers;
 * failing to get them is a `network` error.
 */
function createSender(request: StreamRequest, call: CallControl, timers: StreamTimers) {
  const fetchImpl = request.fetch ?? globalThis.fetch;
  return async (lastEventId: string): Promise<Response> => {
    // A header the browser refuses or an endpoint that is not a URL throws here, not in fetch: the page's setup
    // (`toChatError`), not the network.
    const headers = new Headers(request.headers);
    new Request(request.url);
    if (!headers.has('accept')) headers.set('accept', 'text/event-stream');
    if (lastEventId) headers.set('last-event-id', utf8ByteString(lastEventId));
    const stopResponseClock = timers.startResponseClock();
    try {
      const response = await call.guard(
        fetchImpl(request.url, {
          method: request.method ?? 'POST',
          headers,
          body: request.body,
          credentials: request.credentials,
          cache: 'no-store',
          signal: call.signal,
        }),
      );
      timers.startIdleClock();
      return response;
    } catch (error) {
      call.throwIfHalted();
      // A browser reports a CORS refusal exactly like a server that is down; on another origin, say what to check.
      const message = isCrossOrigin(request.url) ? CORS_MESSAGE : ErrorMessage.Network;
      throw new TransportError(ErrorCode.Network, message, { cause: error });
    } finally {
      stopResponseClock();
    }
  };
}

/**
 * After a resume, skips what the server replays: events at or before the `Last-Event-ID` sent were received
 * already. The first event after it ends the skipping.
 */
function createReplayFilter() {
  let resumedAfter: string | undefined;
  /** Whether an event before `resumedAfter` was replayed: then one with that very id is a replay too, not inherited. */
  let replaying = false;
  return {
    resumeAfter(lastEventId: string) {
      resumedAfter = lastEventId;
      replaying = false;
    },
    isReplay(id: string): boolean {
      if (resumedAfter === undefined) return false;
      // An event without an `id:` line carries the id in force, which is the one sent: that is new, unless the
      // server is visibly replaying (it sent an earlier id first).
      replaying = id === resumedAfter ? replaying : isAtOrBefore(id, resumedAfter);
      if (!replaying) resumedAfter = undefined; // the server has moved past it
      return replaying;
    },
  };
}

/**
 * `Last-Event-ID` as `EventSource` sends it: the id's UTF-8 bytes. `Headers` takes byte strings (one character
 * per byte, at most U+00FF), so the bytes are spelled that way; an ASCII id is unchanged.
 */
function utf8ByteString(text: string): string {
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  let bytes = '';
  for (const byte of new TextEncoder().encode(text)) bytes += String.fromCharCode(byte);
  return bytes;
}

/** Whether `url` is on another origin than the page (never in Node, which has no page and no CORS). */
function isCrossOrigin(url: string): boolean {
  const page = globalThis.location;
  try {
    return page !== undefined && page.origin !== 'null' && new URL(url, page.href).origin !== page.origin;
  } catch {
    return false;
  }
}

/**
 * Whether event id `id` comes at or before `last` in the server's sequence: both end in a decimal number after
 * the same prefix (`17`, `s1.17`, `evt-17`), compared as numbers. Ids that are not of that form never compare.
 */
export function isAtOrBefore(id: string, last: string): boolean {
  const a = /^(.*?)(\d+)$/.exec(id);
  const b = /^(.*?)(\d+)$/.exec(last);
  if (!a || !b || a[1] !== b[1]) return false;
  const [x, y] = [a[2].replace(/^0+(?=\d)/, ''), b[2].replace(/^0+(?=\d)/, '')];
  return x.length !== y.length ? x.length < y.length : x <= y;
}
