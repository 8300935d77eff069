/**
 * A fake `fetch` for element tests: every call is recorded and answered with an in-memory SSE `Response` whose
 * body the test feeds chunk by chunk, so a test decides exactly what has arrived when it looks at the DOM.
 */

const encoder = new TextEncoder();

/** The body of one fake response, fed by the test. */
export class FakeBody {
  /** Whether the reader cancelled the body (what a real server sees as the client disconnecting). */
  cancelled = false;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private closed = false;
  readonly stream = new ReadableStream<Uint8Array>({
    start: controller => {
      this.controller = controller;
    },
    cancel: () => {
      this.cancelled = true;
      this.closed = true;
    },
  });

  /** Sends raw SSE text (ignored once the body is closed or cancelled, as a server's late writes would be). */
  push(text: string): void {
    if (!this.closed) this.controller.enqueue(encoder.encode(text));
  }

  /** Sends one SSE message: `event:` (when given) and `data:` lines, then a blank line. */
  send(data: unknown, event?: string): void {
    const payload = typeof data === 'string' ? data : JSON.stringify(data);
    const lines = payload.split('\n').map(line => `data: ${line}`);
    this.push(`${event ? `event: ${event}\n` : ''}${lines.join('\n')}\n\n`);
  }

  /** Closes the body cleanly. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.controller.close();
  }

  /** Drops the connection mid-stream. */
  fail(error: unknown = new TypeError('network error')): void {
    if (this.closed) return;
    this.closed = true;
    this.controller.error(error);
  }
}

/** One recorded request. */
export interface FakeCall {
  url: string;
  method: string;
  headers: Headers;
  body: string;
  signal: AbortSignal;
  response: FakeBody;
}

/** How a call is answered: defaults to 200 with `text/event-stream`. */
export interface FakeResponseInit {
  status?: number;
  headers?: Record<string, string>;
  /** A whole body to answer with instead of a stream (for HTTP errors, HTML pages). */
  text?: string;
}

/** A fake fetch and what it saw. */
export interface FakeFetch {
  fetch: typeof globalThis.fetch;
  calls: FakeCall[];
  /** Resolves with the next call (or the one already made but not yet taken). */
  nextCall(): Promise<FakeCall>;
}

/** Makes a fake fetch; `respond` picks the status/headers of each call (by its index). */
export function createFakeFetch(respond: (index: number) => FakeResponseInit = () => ({})): FakeFetch {
  const calls: FakeCall[] = [];
  let taken = 0;
  const waiters: ((call: FakeCall) => void)[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const response = new FakeBody();
    const call: FakeCall = {
      url: String(input),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: String(init.body ?? ''),
      signal: init.signal ?? new AbortController().signal,
      response,
    };
    const options = respond(calls.length);
    calls.push(call);
    waiters.shift()?.(call);
    if (call.signal.aborted) throw call.signal.reason;
    const headers = { 'content-type': 'text/event-stream', ...options.headers };
    return new Response(options.text ?? response.stream, { status: options.status ?? 200, headers });
  };
  return {
    fetch: fetch as typeof globalThis.fetch,
    calls,
    nextCall() {
      if (taken < calls.length) return Promise.resolve(calls[taken++]);
      return new Promise(resolve =>
        waiters.push(call => {
          taken++;
          resolve(call);
        }),
      );
    },
  };
}

/**
 * The shortest wait `until` allows: its timeout is a hang bound, never a speed bound, and a page starved by a busy
 * machine can take seconds for what takes milliseconds (a 2 s wait for a render failed loaded runs).
 */
const MIN_WAIT_MS = 20_000;

/**
 * Waits until `condition` holds, for at most `timeout` ms (never less than MIN_WAIT_MS). Polls with a timer rather
 * than animation frames, so a page that gets no frames fails with a clear "timed out waiting for …" instead of hanging.
 */
export async function until(condition: () => boolean, timeout = 10_000, what = 'condition'): Promise<void> {
  const deadline = performance.now() + Math.max(timeout, MIN_WAIT_MS);
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 16));
  }
}

/**
 * Resolves on the next animation frame, or after 100 ms when none comes (a page the test runner keeps in the
 * background gets no frames): enough for work the element batches per frame to have run.
 */
export function nextFrame(): Promise<void> {
  return new Promise(resolve => {
    const done = () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      resolve();
    };
    const frame = requestAnimationFrame(done);
    const timer = setTimeout(done, 100);
  });
}
