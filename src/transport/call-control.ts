/**
 * What limits one call of `streamSse`: one internal controller that halts it for any reason (the caller's abort,
 * offline, a clock, an error, the end), the three clocks (response, idle, turn) and their errors.
 */
import { ErrorCode, ErrorMessage } from './error-code.js';
import { TransportError } from './transport-error.js';

/** Default `StreamRequest.idleTimeout`: one minute without a byte (heartbeats count) means stalled. */
export const DEFAULT_IDLE_TIMEOUT = 60_000;
/**
 * Default `StreamRequest.responseTimeout`: five minutes for the response headers. Longer than the idle limit
 * on purpose: a browser opens 6 connections per host, so the 7th chat on a page waits in its queue, not stalled.
 */
export const DEFAULT_RESPONSE_TIMEOUT = 300_000;
/** Default `StreamRequest.turnTimeout`: ten minutes for a whole answer. */
export const DEFAULT_TURN_TIMEOUT = 600_000;
/** `setTimeout` fires at once beyond this; longer limits are treated as none. */
const MAX_TIMER_DELAY = 2 ** 31 - 1;

/** The limits of one call, in milliseconds (`StreamRequest`'s); unset means the default, an invalid one no limit. */
export interface StreamLimits {
  idleTimeout?: number;
  responseTimeout?: number;
  turnTimeout?: number;
  /** When the turn began (`performance.now()`), if before this call: its budget counts from there. Default: now. */
  turnStart?: number;
}

const noop = () => {};

/**
 * What stops a call, for any reason (the caller's abort, offline, a clock, an error, the end): one internal
 * controller aborts the fetch, the reads and the waits, and the body being read is cancelled.
 */
export interface CallControl {
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

export function createCallControl(): CallControl {
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
export function haltOnAbortOrOffline(signal: AbortSignal, halt: (reason: unknown) => void): () => void {
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
export interface StreamTimers {
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
const formatDuration = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms)} ms`);

/** The failure of a turn that took longer than its budget (`turnTimeout` ms); the element's turn raises it too. */
export const turnTimeoutError = (turnTimeout: number) =>
  new TransportError(ErrorCode.TurnTimeout, `The answer took longer than ${formatDuration(turnTimeout)}.`);

/** Starts the turn clock at once; the other two run when the call says so. */
export function createTimers(request: StreamLimits, halt: (reason: unknown) => void): StreamTimers {
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
  // What is left of the budget (the page's headers() and buildBody() may have used some); the error names it whole.
  const turnLeft = Math.max(1, turnTimeout - (performance.now() - (request.turnStart ?? performance.now())));
  const turnTimer = validTimer(turnTimeout) ? setTimeout(() => halt(turnTimeoutError(turnTimeout)), turnLeft) : undefined;

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

/** Resolves after `ms`; the timer is cleared when `signal` aborts (the caller races against the abort). */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  });
}
