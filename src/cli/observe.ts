import type { ChatEvent } from '../dialects/chat-event.js';
import { buildRequestBody, createDialectMapper } from '../dialects/index.js';
import type { DialectName } from '../dialects/dialect.js';
import { createAssistantMessage, stopMessage, toChatError } from '../state/message.js';
import type { ChatError, ChatMessage } from '../state/message.js';
import { DEFAULT_MAX_ANSWER_CHARS, endTurn, flushHeld, receiveMessage, type TurnOptions } from '../state/turn.js';
import type { SseMessage } from '../transport/sse-message.js';
import { streamSse } from '../transport/transport.js';
import { observeFetch } from './byte-observer.js';
import type { FramingFacts, ObservedRead } from './byte-observer.js';
import type { CheckOptions } from './options.js';

/**
 * Runs one chat turn against an endpoint through the element's own pipeline — `streamSse` → dialect mapper →
 * the turn's reducer (`state/turn.ts`, the element's too) — and records what happened and when. Judging what it
 * means is left to `findings.ts`.
 */

/** One SSE message as the transport dispatched it, and what the dialect made of it. */
export interface ObservedMessage {
  /** Milliseconds since the request started. */
  atMs: number;
  message: SseMessage;
  /**
   * The chat events `map` returned for it. While `auto` is still detecting, messages are held and produce none;
   * the message that settles detection returns the events of the held ones too.
   */
  events: ChatEvent[];
  /** Whether the dialect was still undetected after this message (it was held back). */
  held: boolean;
}

/** The request as it was sent. */
export interface ObservedRequest {
  method: 'POST';
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Everything one checked turn produced; plain data, so report building stays a pure function of it. */
export interface Observation {
  request: ObservedRequest;
  /** Epoch ms when the request started. */
  startedAt: number;
  /** Milliseconds from the request to the end of the turn (clean close or failure). */
  durationMs: number;
  /** Fetch calls the transport made (more than one means it resumed with `Last-Event-ID`). */
  connections: number;
  response: { atMs: number; status: number; statusText: string; headers: Headers } | null;
  reads: ObservedRead[];
  /** When each comment line (a heartbeat such as `: ping`) arrived, ms since the request started. */
  comments: number[];
  /** The body's first characters, for showing what a non-stream response said. */
  bodyHead: string;
  framing: FramingFacts;
  messages: ObservedMessage[];
  /** Events of messages still held for detection when the stream ended, read with the fallback dialect. */
  flushed: ChatEvent[];
  dialect: { requested: DialectName; detected: string | null };
  /** How the transport finished: a clean close, the error it rejected with, or stopped by the user (Ctrl-C). */
  outcome: { kind: 'closed' } | { kind: 'failed'; error: ChatError } | { kind: 'stopped' };
  /** The assistant message exactly as the element's reducer left it. */
  answer: ChatMessage;
  /** What a page on another origin would meet: the preflight's and the POST's CORS headers (absent when not probed). */
  cors?: CorsProbe;
  /**
   * When the checker itself could not run for over {@link STALL_MIN_MS} (a busy machine), ms since the request
   * started: bytes that arrived meanwhile were read together, so a burst read as a stall ends is not the server's
   * doing. Absent: not measured.
   */
  stalls?: { from: number; to: number }[];
}

/** The CORS headers a cross-origin page depends on, as the endpoint answered {@link CHECK_ORIGIN}. */
export interface CorsProbe {
  origin: string;
  /** The preflight (`OPTIONS`): its status, or `null` when it failed outright; its allow-origin and allow-headers. */
  preflight: { status: number | null; allowOrigin: string | null; allowHeaders: string | null };
  /** `Access-Control-Allow-Origin` of the chat POST's response (`null` when absent or no response). */
  postAllowOrigin: string | null;
  /** The request headers a browser would ask the preflight about (lower-case, the CORS-safelisted ones left out). */
  requestHeaders: string[];
}

/** The page origin the check pretends to be, so the endpoint's CORS answer can be read. */
export const CHECK_ORIGIN = 'https://sse-chat-check.example';

/** Headers a browser sends without asking a preflight (with a safelisted value; `content-type: application/json` is not). */
const SAFELISTED = new Set(['accept', 'accept-language', 'content-language']);

/** Sends the preflight a browser would send before the chat POST from another origin. */
async function preflight(fetchImpl: typeof fetch, url: string, requestHeaders: string[], signal: AbortSignal): Promise<CorsProbe['preflight']> {
  try {
    const response = await fetchImpl(url, {
      method: 'OPTIONS',
      headers: {
        origin: CHECK_ORIGIN,
        'access-control-request-method': 'POST',
        ...(requestHeaders.length ? { 'access-control-request-headers': requestHeaders.join(',') } : {}),
      },
      signal,
    });
    await response.body?.cancel().catch(() => {});
    return {
      status: response.status,
      allowOrigin: response.headers.get('access-control-allow-origin'),
      allowHeaders: response.headers.get('access-control-allow-headers'),
    };
  } catch {
    return { status: null, allowOrigin: null, allowHeaders: null };
  }
}

/** The seams of the outside world, replaceable in tests. */
export interface ObserveEnvironment {
  fetch: typeof fetch;
  /** Aborts the turn (Ctrl-C). */
  signal?: AbortSignal;
  /** Epoch milliseconds; `Date.now` by default. */
  now?: () => number;
}

/** Request headers every check sends unless `--header` overrides them (compared case-insensitively). */
const DEFAULT_HEADERS: Record<string, string> = {
  'content-type': 'application/json',
  accept: 'text/event-stream',
};

/** The default headers with the user's on top; a user's `Content-Type` replaces ours whatever its case. */
function mergeHeaders(overrides: Record<string, string>): Record<string, string> {
  const merged: Record<string, string> = { ...DEFAULT_HEADERS };
  for (const [name, value] of Object.entries(overrides)) {
    for (const existing of Object.keys(merged)) if (existing.toLowerCase() === name.toLowerCase()) delete merged[existing];
    merged[name] = value;
  }
  return merged;
}

/** The body to POST: `--data` verbatim, else what the dialect's servers expect for `--message`. */
function requestBodyFor(options: CheckOptions, sessionId: string): string {
  if (options.data !== undefined) return options.data;
  return JSON.stringify(
    buildRequestBody(options.dialect, { text: options.message, history: [], sessionId, model: options.model }),
  );
}

/** How often the checker notes that it could run; a longer gap between two notes is a stall. */
const STALL_TICK_MS = 50;
/** Stalls shorter than this are not recorded. */
export const STALL_MIN_MS = 100;

/** Records the stretches the checker's own event loop was held up, until `stop()` (which returns them). */
function watchStalls(elapsed: () => number) {
  const stalls: { from: number; to: number }[] = [];
  let last = elapsed();
  const note = () => {
    const at = elapsed();
    if (at - last - STALL_TICK_MS >= STALL_MIN_MS) stalls.push({ from: last + STALL_TICK_MS, to: at });
    last = at;
  };
  const timer = setInterval(note, STALL_TICK_MS);
  return {
    stop() {
      note();
      clearInterval(timer);
      return stalls;
    },
  };
}

/** Sends one chat turn as `<sse-chat>` would and records everything observable about it. */
export async function observeEndpoint(options: CheckOptions, environment: ObserveEnvironment): Promise<Observation> {
  const now = environment.now ?? Date.now;
  const startedAt = now();
  const elapsed = () => now() - startedAt;
  const stallWatch = watchStalls(elapsed);
  const request: ObservedRequest = {
    method: 'POST',
    url: options.url,
    headers: mergeHeaders(options.headers),
    body: requestBodyFor(options, `sse-chat-check-${startedAt.toString(36)}`),
  };
  const requestHeaders = Object.keys(request.headers)
    .map(name => name.toLowerCase())
    .filter(name => !SAFELISTED.has(name));
  // The chat POST carries an Origin too, as a page's would, so the response's allow-origin can be read.
  request.headers = { ...request.headers, origin: CHECK_ORIGIN };
  const { fetch: observingFetch, observations } = observeFetch(environment.fetch, elapsed);

  const messages: ObservedMessage[] = [];
  const comments: number[] = [];
  // The transport needs a signal; without a caller's, nothing but its own limits ends the turn.
  const signal = environment.signal ?? new AbortController().signal;
  let answer = createAssistantMessage(startedAt);
  let mapper: ReturnType<typeof createDialectMapper> | undefined;
  let outcome: Observation['outcome'];
  let flushed: ChatEvent[] = [];
  // The element's defaults: a checked answer is read exactly as the element reads it.
  const turnOptions: TurnOptions = { endpoint: request.url, maxAnswerChars: DEFAULT_MAX_ANSWER_CHARS };
  // Messages held for detection when the stream ends still count, as the element reads them.
  const flush = (closed: boolean) => {
    ({ answer, events: flushed } = flushHeld(answer, mapper, closed, turnOptions, now()));
  };

  const onMessage = (message: SseMessage) => {
    const at = now();
    mapper ??= createDialectMapper(options.dialect, observations.response?.headers ?? new Headers());
    const received = receiveMessage(answer, message, mapper, turnOptions, at);
    answer = received.answer;
    messages.push({ atMs: at - startedAt, message, events: received.events, held: mapper.detected === undefined });
  };

  try {
    await streamSse(
      {
        url: request.url,
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal,
        fetch: observingFetch,
        turnTimeout: options.timeoutMs,
      },
      {
        onOpen(response: Response) {
          mapper = createDialectMapper(options.dialect, response.headers);
        },
        onMessage,
        // What EventSource would not dispatch (a data-less `event: end`, a plain-text body) counts: the element reads it.
        onSignal: onMessage,
        onComment() {
          comments.push(elapsed());
        },
      },
    );
    flush(true);
    outcome = { kind: 'closed' };
    answer = endTurn(answer, now());
  } catch (error) {
    if (signal.aborted) {
      // Stopped: like the element's Stop, what detection still held is not read.
      outcome = { kind: 'stopped' };
      answer = stopMessage(answer, now());
    } else {
      flush(false);
      outcome = { kind: 'failed', error: toChatError(error) };
      answer = endTurn(answer, now(), { error });
    }
  }

  const detected = mapper?.detected ?? null;
  const durationMs = elapsed();
  const stalls = stallWatch.stop();
  // After the turn, so its timings are the POST's alone.
  const corsPreflight = signal.aborted ? { status: null, allowOrigin: null, allowHeaders: null } : await preflight(environment.fetch, options.url, requestHeaders, signal);
  return {
    request,
    startedAt,
    durationMs,
    connections: observations.connections,
    response: observations.response,
    reads: observations.reads,
    comments,
    bodyHead: observations.bodyHead,
    framing: observations.framing(),
    messages,
    flushed,
    dialect: { requested: options.dialect, detected: detected ? String(detected) : null },
    outcome,
    answer,
    cors: {
      origin: CHECK_ORIGIN,
      preflight: corsPreflight,
      postAllowOrigin: observations.response?.headers.get('access-control-allow-origin') ?? null,
      requestHeaders,
    },
    stalls,
  };
}
