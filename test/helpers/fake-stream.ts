import { aTimeout } from '@open-wc/testing';
import type { SseMessage } from '../../src/transport/sse-message.js';
import { streamSse, type StreamHandlers, type StreamRequest } from '../../src/transport/transport.js';
import type { TransportError } from '../../src/transport/transport-error.js';

/** Fakes for calling `streamSse` without a network: bodies read by read, a fetch that answers in order, a runner. */
export const encoder = new TextEncoder();

export type Part = string | Uint8Array;
export type Ending = 'close' | 'error' | 'hang';

/** A response body that delivers `parts` one read at a time, then closes, fails or hangs; it records a cancel. */
export function fakeBody(parts: Part[] | ((index: number) => Part | undefined), ending: Ending = 'close', gapMs = 0) {
  const next = typeof parts === 'function' ? parts : (index: number) => parts[index];
  let index = 0;
  let release = () => {};
  const state = { cancelled: false, cancelReason: undefined as unknown };
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        await (gapMs ? aTimeout(gapMs) : Promise.resolve());
        if (state.cancelled) return;
        const part = next(index++);
        if (part !== undefined) controller.enqueue(typeof part === 'string' ? encoder.encode(part) : part);
        else if (ending === 'close') controller.close();
        else if (ending === 'error') controller.error(new TypeError('network error'));
        else await new Promise<void>(resolve => (release = resolve));
      },
      cancel(reason) {
        state.cancelled = true;
        state.cancelReason = reason;
        release();
      },
    },
    { highWaterMark: 0 },
  );
  return Object.assign(state, { stream });
}

export const sseResponse = (stream: ReadableStream<Uint8Array> | null, init: ResponseInit = {}) =>
  new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream' }, ...init });

export type Responder = Response | Error | (() => Promise<Response>);

/** A fetch that answers with `responders` in order and records every call. */
export function fakeFetch(...responders: Responder[]) {
  const calls: { url: string; init: RequestInit; headers: Headers }[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({ url: String(input), init, headers: new Headers(init.headers) });
    const responder = responders[calls.length - 1];
    if (!responder) throw new Error(`unexpected fetch call #${calls.length}`);
    if (responder instanceof Error) throw responder;
    return typeof responder === 'function' ? responder() : responder;
  };
  return Object.assign(fetch as typeof globalThis.fetch, { calls });
}

/** Runs `streamSse` and records what the handlers saw. */
export function run(fetch: typeof globalThis.fetch, request: Partial<StreamRequest> = {}, handlers: Partial<StreamHandlers> = {}) {
  const controller = new AbortController();
  const seen = { messages: [] as SseMessage[], opened: 0, resumes: [] as [number, string][], comments: [] as string[] };
  const promise = streamSse(
    { url: '/chat', body: '{"q":1}', signal: controller.signal, fetch, ...request },
    {
      onOpen: () => void (seen.opened += 1),
      onMessage: message => void seen.messages.push(message),
      onResume: (attempt, id) => void seen.resumes.push([attempt, id]),
      onComment: text => void seen.comments.push(text),
      ...handlers,
    },
  );
  return { promise, controller, seen };
}

export async function rejectionOf(promise: Promise<unknown>): Promise<TransportError> {
  try {
    await promise;
  } catch (error) {
    return error as TransportError;
  }
  throw new Error('expected the call to reject');
}

export const dataOf = (messages: SseMessage[]) => messages.map(m => m.data).join('');
