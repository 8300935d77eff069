import { parseJson } from '../untrusted/json-values.js';
import { CORS_MESSAGE, ErrorCode, ErrorMessage } from './error-code.js';
import { httpErrorFrom } from './http-error.js';
import type { SseMessage } from './sse-message.js';
import { createSseParser, DEFAULT_MAX_EVENT_SIZE, SseEventTooLargeError, type SseParser } from './sse-parser.js';
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
 */

/** Default {@link StreamRequest.idleTimeout}: one minute without a byte (heartbeats count) means stalled. */
export const DEFAULT_IDLE_TIMEOUT = 60_000;
/**
 * Default {@link StreamRequest.responseTimeout}: five minutes for the response headers. Longer than the idle limit
 * on purpose: a browser opens 6 connections per host, so the 7th chat on a page waits in its queue, not stalled.
 */
export const DEFAULT_RESPONSE_TIMEOUT = 300_000;
/** Default {@link StreamRequest.turnTimeout}: ten minutes for a whole answer. */
export const DEFAULT_TURN_TIMEOUT = 600_000;
/** Default {@link StreamRequest.maxResumes}. */
export const DEFAULT_MAX_RESUMES = 2;
/** The resume delay when the server sent no `retry:` (the `EventSource` convention). */
const DEFAULT_RESUME_DELAY = 1000;
/** A server's `retry:` is honoured up to this delay: a user is waiting for the answer. */
const MAX_RESUME_DELAY = 5000;
/** `setTimeout` fires at once beyond this; longer limits are treated as none. */
const MAX_TIMER_DELAY = 2 ** 31 - 1;

/** Response content types read as an event stream (seed backends serve SSE as `text/plain`). */
const STREAM_CONTENT_TYPES: ReadonlySet<string> = new Set(['', 'text/event-stream', 'text/plain', 'application/octet-stream']);

/** The start of a body in SSE framing: a field (`data`, `event`, `id`, `retry`), a comment or a blank line. */
const SSE_START = /^\uFEFF?([\r\n:]|(data|event|id|retry)([:\r\n]|$))/;
/** Characters of a body's start that decide whether it is SSE framing (when no line break came before). */
const SNIFF_LENGTH = 16;
/** A JSON object written without `data:` lines, collected line by line, is given up beyond this size. */
const MAX_STRAY_JSON = 64 * 1024;

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
  /** Milliseconds for the whole call before `turn-timeout`. Default 600 000; 0 disables. */
  turnTimeout?: number;
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

const noop = () => {};

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
 * What stops a call, for any reason (the caller's abort, offline, a clock, an error, the end): one internal
 * controller aborts the fetch, the reads and the waits, and the body being read is cancelled.
 */
interface CallControl {
  /** Aborts when the call halts: fetch and every wait listen to it; handlers are not called once it has. */
  readonly signal: AbortSignal;
  /** The body being read (a response's, or its reader): halting cancels it with the halt reason. */
  holdBody(body: { cancel(reason?: unknown): Promise<void> } | null): void;
  /** Cancels the body held, with the halt reason. */
  cancelBody(): void;
  halt(reason: unknown): void;
  /** Throws the halt reason if the call has halted. */
  throwIfHalted(): void;
  /** Settles with `promise`, or rejects with the halt reason as soon as anything halts the call. */
  guard<T>(promise: Promise<T>): Promise<T>;
}

function createCallControl(): CallControl {
  const controller = new AbortController();
  const { signal } = controller;
  let reason: unknown;
  const halted = new Promise<never>((_, reject) => {
    signal.addEventListener('abort', () => reject(reason), { once: true });
  });
  halted.catch(noop);
  let body: { cancel(reason?: unknown): Promise<void> } | null = null;
  const call: CallControl = {
    signal,
    holdBody(held) {
      body = held;
    },
    cancelBody() {
      body?.cancel(reason).catch(noop);
    },
    halt(why) {
      if (signal.aborted) return;
      reason = why;
      controller.abort(why);
      call.cancelBody();
    },
    throwIfHalted() {
      if (signal.aborted) throw reason;
    },
    guard: promise => Promise.race([promise, halted]),
  };
  return call;
}

/** Halts the call when the caller aborts or the browser goes offline; returns what removes those listeners. */
function haltOnAbortOrOffline(signal: AbortSignal, halt: (reason: unknown) => void): () => void {
  const onCallerAbort = () => halt(signal.reason);
  const onOffline = () => halt(new TransportError(ErrorCode.Offline, ErrorMessage.Offline));
  signal.addEventListener('abort', onCallerAbort, { once: true });
  const windowLike = typeof globalThis.addEventListener === 'function' ? globalThis : undefined;
  windowLike?.addEventListener('offline', onOffline);
  return () => {
    signal.removeEventListener('abort', onCallerAbort);
    windowLike?.removeEventListener('offline', onOffline);
  };
}

/** The call's three clocks; each one that runs out halts the call with its own error. */
interface StreamTimers {
  /** Waiting for response headers: the response clock runs (until the function returned is called), the idle clock waits. */
  startResponseClock(): () => void;
  /** The response is there: from now on, silence between bytes is timed. */
  startIdleClock(): void;
  /** A read delivered bytes. */
  noteActivity(): void;
  pauseIdleClock(): void;
  /** The call is over: no clock may fire. */
  clear(): void;
}

/** Whether `ms` is a delay setTimeout honours (a longer one fires at once): anything else means no limit. */
export const validTimer = (ms: number) => Number.isFinite(ms) && ms > 0 && ms <= MAX_TIMER_DELAY;
const formatDuration = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`);

/** The failure of a turn that took longer than its budget (`turnTimeout` ms); the element's turn raises it too. */
export const turnTimeoutError = (turnTimeout: number) =>
  new TransportError(ErrorCode.TurnTimeout, `The answer took longer than ${formatDuration(turnTimeout)}.`);

/** Starts the turn clock at once; the other two run when the call says so. */
function createTimers(request: StreamRequest, halt: (reason: unknown) => void): StreamTimers {
  const idleTimeout = request.idleTimeout ?? DEFAULT_IDLE_TIMEOUT;
  const responseTimeout = request.responseTimeout ?? DEFAULT_RESPONSE_TIMEOUT;
  const turnTimeout = request.turnTimeout ?? DEFAULT_TURN_TIMEOUT;
  /** `setTimeout` for a limit, unless the limit is none. */
  const limit = (ms: number, onExpiry: () => void) => (validTimer(ms) ? setTimeout(onExpiry, ms) : undefined);

  // Idle: a deadline checked by one timer, so each read only records a time instead of re-arming a timer.
  let lastActivity = performance.now();
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const checkIdle = () => {
    const quiet = performance.now() - lastActivity;
    if (quiet >= idleTimeout) halt(new TransportError(ErrorCode.Stalled, `No data arrived for ${formatDuration(idleTimeout)}.`));
    else idleTimer = setTimeout(checkIdle, idleTimeout - quiet);
  };
  const turnTimer = limit(turnTimeout, () => halt(turnTimeoutError(turnTimeout)));

  return {
    startResponseClock() {
      clearTimeout(idleTimer);
      const responseTimer = limit(responseTimeout, () =>
        halt(new TransportError(ErrorCode.Stalled, `No response in ${formatDuration(responseTimeout)}.`)),
      );
      return () => clearTimeout(responseTimer);
    },
    startIdleClock() {
      lastActivity = performance.now();
      clearTimeout(idleTimer);
      idleTimer = limit(idleTimeout, checkIdle);
    },
    noteActivity() {
      lastActivity = performance.now();
    },
    pauseIdleClock: () => clearTimeout(idleTimer),
    clear() {
      clearTimeout(idleTimer);
      clearTimeout(turnTimer);
    },
  };
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
    new URL(request.url, globalThis.location?.href);
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
 * Checks a response's status and content type: resolves with the stream's content type (its essence), or
 * `undefined` for a 204, which has no stream. Rejects with the `http` error a failure status describes, or
 * `unexpected-response` for a body that is not an event stream.
 */
async function checkResponse(response: Response, call: CallControl): Promise<string | undefined> {
  call.holdBody(response.body);
  if (!response.ok) throw await call.guard(httpErrorFrom(response, call.signal));
  if (response.status === 204) return undefined;
  const type = mimeEssence(response.headers.get('content-type'));
  if (!STREAM_CONTENT_TYPES.has(type)) {
    call.cancelBody();
    throw new TransportError(ErrorCode.UnexpectedResponse, `The server answered with ${type.slice(0, 100)} instead of an event stream.`);
  }
  return type;
}

/**
 * A burst (a buffering proxy delivering 50,000 events in one read, or reads queued while the page was busy) is fed
 * to the parser in slices of this many bytes, and once the slices since the last yield took {@link SLICE_BUDGET_MS}
 * the loop yields a task: the page paints and handles input between slices, and one read never becomes one long task.
 */
const FEED_SLICE_BYTES = 4096;
/**
 * Milliseconds of feeding (parsing, and the handlers: dialect, reducer, page listeners) before the read loop yields.
 * A frame is 16.7 ms: what a slice leaves of it is for the render the slice asked for and the browser's own work.
 */
export const SLICE_BUDGET_MS = 8;

/** How reading one connection's body ended: cleanly, or dropped with the read's error. */
type ReadOutcome = 'closed' | { dropped: unknown };

/**
 * Reads one connection's body: `onRead` hears of each read's size, `feed` gets its bytes in slices, and the loop
 * yields a task whenever the feeding since its last yield took {@link SLICE_BUDGET_MS} by `now`. Only the feeding
 * counts, not waits for the network: work spread over many tasks yields once in a while for nothing (a task is
 * cheap), but one task never runs much past the budget. Resolves `'closed'` on a clean end, or with the read error
 * when the connection dropped.
 */
async function readBody(
  response: Response,
  call: CallControl,
  onRead: (byteCount: number) => void,
  feed: (slice: Uint8Array) => void,
  now: () => number,
): Promise<ReadOutcome> {
  if (!response.body) return 'closed';
  const reader = response.body.getReader();
  call.holdBody(reader);
  let spent = 0;
  for (;;) {
    let result: ReadableStreamReadResult<Uint8Array>;
    try {
      result = await call.guard(reader.read());
    } catch (error) {
      call.throwIfHalted();
      call.cancelBody();
      return { dropped: error };
    }
    if (result.done) return 'closed';
    const chunk = result.value;
    onRead(chunk.byteLength);
    for (let offset = 0; offset < chunk.byteLength; offset += FEED_SLICE_BYTES) {
      // Reads already queued resolve at once, in the same task: the budget spans reads.
      if (spent >= SLICE_BUDGET_MS) {
        spent = 0;
        await call.guard(yieldTask());
      }
      const start = now();
      try {
        feed(chunk.subarray(offset, offset + FEED_SLICE_BYTES));
      } catch (error) {
        if (!(error instanceof SseEventTooLargeError)) throw error;
        throw new TransportError(ErrorCode.TooLarge, error.message, { cause: error });
      }
      spent += now() - start;
      call.throwIfHalted();
    }
  }
}

/**
 * How a body reaches the parser: as `bytes` straight in (a `text/event-stream`), or decoded here with its start
 * sniffed (other types, when asked): SSE framing goes on to the parser as text, anything else is plain text (the
 * AI SDK's text stream and raw `StreamingResponse`s send `text/plain`), handed on in pieces as `kind: 'text'`.
 */
function createBodyDecoder(parser: SseParser, onSignal: (message: SseMessage) => void) {
  let mode: 'bytes' | 'sniff' | 'sse' | 'text' = 'bytes';
  let pending = '';
  let decoder = new TextDecoder();
  return {
    /** Decide from the body's start whether it is SSE framing or plain text. */
    sniffKind() {
      mode = 'sniff';
    },
    /** One chunk of the body; none when it ended (a short start is decided then, the decoder flushed). */
    feed(chunk?: Uint8Array) {
      if (mode === 'bytes') return chunk && parser.feed(chunk);
      pending += decoder.decode(chunk, { stream: chunk !== undefined });
      if (mode === 'sniff') {
        if (chunk && pending.length < SNIFF_LENGTH && !/[\r\n]/.test(pending)) return;
        mode = SSE_START.test(pending) ? 'sse' : 'text';
      }
      const data = pending;
      pending = '';
      if (mode === 'sse') parser.feed(data);
      else if (data) onSignal({ event: 'message', data, id: '', kind: 'text' });
    },
    /** A new connection: a character half-decoded from the old one is dropped. The kind decided stays. */
    restart() {
      pending = '';
      decoder = new TextDecoder();
    },
  };
}

/**
 * Lines outside SSE framing that form a JSON object (Google's APIs write an error object so, mid-stream),
 * collected until they parse: `onJson` gets the object's text.
 */
function createStrayJsonCollector(onJson: (json: string) => void) {
  let stray = '';
  return {
    addLine(line: string) {
      if (stray || /^\s*\{/.test(line)) stray += `${line}\n`;
      if (parseJson(stray) === undefined) {
        if (stray.length > MAX_STRAY_JSON) stray = '';
        return; // not (yet) a whole JSON value
      }
      onJson(stray.trim());
      stray = '';
    },
    reset() {
      stray = '';
    },
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

/** Resolves after `ms`; the timer is cleared when `signal` aborts (the caller races against the abort). */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  });
}

/** Resolves in a new task. A message-channel task, not `setTimeout`: background tabs throttle timers to 1 s or worse. */
function yieldTask(): Promise<void> {
  return new Promise(resolve => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
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

/** The essence of a Content-Type (`text/event-stream; charset=utf-8` → `text/event-stream`). */
function mimeEssence(contentType: string | null): string {
  return (contentType ?? '').split(';', 1)[0].trim().toLowerCase();
}
