/**
 * Watches the raw bytes of a response on their way to the transport: when each network read arrived, how big it
 * was, the first bytes as text (to show a non-stream body), and line-ending facts the SSE parser tolerates or
 * silently drops. It never parses SSE itself — the transport's parser stays the only one.
 */

/** One chunk the response body delivered. */
export interface ObservedRead {
  /** Milliseconds since the request started. */
  atMs: number;
  bytes: number;
}

/** Framing facts about the whole body, gathered in one cheap pass over the bytes. */
export interface FramingFacts {
  /** Total bytes received. */
  bytes: number;
  /** Line breaks made of a lone CR: valid SSE, but many non-browser clients and proxies split lines only on LF. */
  crOnlyLineBreaks: number;
  /**
   * Whether the body ended with a blank line (or was empty). When it did not, the last block was still open at
   * the end: a conformant parser discards it, so whatever it carried (often the completion signal) is lost.
   */
  endsWithBlankLine: boolean;
}

/** Accumulates {@link FramingFacts} chunk by chunk; line breaks split across chunks are handled. */
export interface FramingScanner {
  push(chunk: Uint8Array): void;
  facts(): FramingFacts;
}

const CR = 0x0d;
const LF = 0x0a;
/** Enough trailing bytes to see two line breaks of any kind (`\r\n\r\n`). */
const TAIL_LENGTH = 4;

/** Creates a {@link FramingScanner}. One pass, constant memory: the stream may be long. */
function createFramingScanner(): FramingScanner {
  let bytes = 0;
  let crOnly = 0;
  let previousWasCr = false;
  let tail: number[] = [];
  return {
    push(chunk) {
      for (let index = 0; index < chunk.length; index += 1) {
        const byte = chunk[index];
        if (previousWasCr && byte !== LF) crOnly += 1;
        previousWasCr = byte === CR;
      }
      bytes += chunk.length;
      tail = [...tail, ...chunk.subarray(Math.max(0, chunk.length - TAIL_LENGTH))].slice(-TAIL_LENGTH);
    },
    facts() {
      // A CR as the very last byte is a line break too (nothing follows it).
      const crOnlyLineBreaks = crOnly + (previousWasCr ? 1 : 0);
      const normalized = String.fromCharCode(...tail).replace(/\r\n?/g, '\n');
      return { bytes, crOnlyLineBreaks, endsWithBlankLine: bytes === 0 || normalized.endsWith('\n\n') };
    },
  };
}

/** What {@link observeFetch} records; read it after the transport has finished. */
export interface FetchObservations {
  /** How many times the transport called fetch (more than one means it resumed). */
  connections: number;
  response: { atMs: number; status: number; statusText: string; headers: Headers } | null;
  reads: ObservedRead[];
  /** The body's first bytes decoded as UTF-8 (at most {@link BODY_HEAD_LENGTH} characters). */
  bodyHead: string;
  framing(): FramingFacts;
}

/** How much of the body is kept verbatim: enough for an error page's gist or a JSON error. */
export const BODY_HEAD_LENGTH = 2000;

/** Statuses whose responses cannot be rebuilt with a body (`new Response` throws for them). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * Wraps `fetch` so every response body passes through an observer before the transport reads it. This is the
 * transport's own network seam (`request.fetch`), so the checker sees exactly the bytes the element would.
 * @param baseFetch the real fetch
 * @param elapsed milliseconds since the request started
 */
export function observeFetch(baseFetch: typeof fetch, elapsed: () => number): { fetch: typeof fetch; observations: FetchObservations } {
  const scanner = createFramingScanner();
  const decoder = new TextDecoder();
  const observations: FetchObservations = {
    connections: 0,
    response: null,
    reads: [],
    bodyHead: '',
    framing: () => scanner.facts(),
  };
  const record = (chunk: Uint8Array) => {
    observations.reads.push({ atMs: elapsed(), bytes: chunk.length });
    scanner.push(chunk);
    if (observations.bodyHead.length < BODY_HEAD_LENGTH) {
      observations.bodyHead = (observations.bodyHead + decoder.decode(chunk, { stream: true })).slice(0, BODY_HEAD_LENGTH);
    }
  };
  const observingFetch: typeof fetch = async (input, init) => {
    observations.connections += 1;
    const response = await baseFetch(input, init);
    const { status, statusText, headers } = response;
    observations.response = { atMs: elapsed(), status, statusText, headers };
    if (!response.body || NULL_BODY_STATUSES.has(status)) return response;
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          record(chunk);
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(body, { status, statusText, headers });
  };
  return { fetch: observingFetch, observations };
}
