/**
 * Reading a response's body: its status and content type checked, its bytes fed to the parser in slices that keep
 * the page responsive, a body that is not SSE framing decoded as text, and stray JSON lines collected.
 */
import { parseJson } from '../untrusted/json-values.js';
import type { CallControl } from './call-control.js';
import { ErrorCode } from './error-code.js';
import { httpErrorFrom } from './http-error.js';
import type { SseMessage } from './sse-message.js';
import { SseEventTooLargeError, type SseParser } from './sse-parser.js';
import { TransportError } from './transport-error.js';

/** Response content types read as an event stream (seed backends serve SSE as `text/plain`). */
const STREAM_CONTENT_TYPES: ReadonlySet<string> = new Set(['', 'text/event-stream', 'text/plain', 'application/octet-stream']);

/** The start of a body in SSE framing: a field (`data`, `event`, `id`, `retry`), a comment or a blank line. */
const SSE_START = /^\uFEFF?([\r\n:]|(data|event|id|retry)([:\r\n]|$))/;
/** Characters of a body's start that decide whether it is SSE framing (when no line break came before). */
const SNIFF_LENGTH = 16;
/** A JSON object written without `data:` lines, collected line by line, is given up beyond this size. */
const MAX_STRAY_JSON = 64 * 1024;

/**
 * Checks a response's status and content type: resolves with the stream's content type (its essence), or
 * `undefined` for a 204, which has no stream. Rejects with the `http` error a failure status describes, or
 * `unexpected-response` for a body that is not an event stream.
 */
export async function checkResponse(response: Response, call: CallControl): Promise<string | undefined> {
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
export type ReadOutcome = 'closed' | { dropped: unknown };

/**
 * Reads one connection's body: `onRead` hears of each read's size, `feed` gets its bytes in slices, and the loop
 * yields a task whenever the feeding since its last yield took {@link SLICE_BUDGET_MS} by `now`. Only the feeding
 * counts, not waits for the network: work spread over many tasks yields once in a while for nothing (a task is
 * cheap), but one task never runs much past the budget. Resolves `'closed'` on a clean end, or with the read error
 * when the connection dropped.
 */
export async function readBody(
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
export function createBodyDecoder(parser: SseParser, onSignal: (message: SseMessage) => void) {
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
export function createStrayJsonCollector(onJson: (json: string) => void) {
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

/** The essence of a Content-Type (`text/event-stream; charset=utf-8` → `text/event-stream`). */
function mimeEssence(contentType: string | null): string {
  return (contentType ?? '').split(';', 1)[0].trim().toLowerCase();
}
