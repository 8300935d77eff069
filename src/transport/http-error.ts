import { own, ownString, parseJson } from '../untrusted/json-values.js';
import { ErrorCode } from './error-code.js';
import { TransportError } from './transport-error.js';

/**
 * Turning a non-2xx response into a {@link TransportError} whose message is the server's own words where it
 * sent some (the JSON error shapes of OpenAI, Anthropic, Gemini, FastAPI, Vercel, TGI…), or a short plain-text
 * body, and never an HTML page.
 */

/** Longest server message we show; error pages and stack traces beyond it are noise. */
export const MAX_ERROR_MESSAGE_LENGTH = 300;
/** How much of an error body we read before cancelling the rest. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

const REASON_PHRASES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  425: 'Too Early',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** `HTTP 502 Bad Gateway`: the text shown when the server sent nothing presentable. */
export function statusLine(status: number, statusText = ''): string {
  const reason = REASON_PHRASES[status] ?? statusText.trim().slice(0, 60);
  return reason ? `HTTP ${status} ${reason}` : `HTTP ${status}`;
}

/** Statuses where the same request may succeed later: timeouts, "too early", rate limits and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/**
 * Reads `Retry-After` (delay-seconds or an HTTP date) as whole seconds from `now` (epoch ms); `undefined` when
 * absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Keys that carry an error's text, in the order vendors nest them. */
const MESSAGE_KEYS = ['error', 'message', 'detail', 'errorText', 'msg', 'error_description', 'title'] as const;

/**
 * Finds the human-readable message in a parsed JSON error body: `{error:{message}}`, `{error:"…"}`, `{message}`,
 * `{detail:"…"}`, `{detail:[{msg}]}` (joined), `{errorText}`, `{type:"error",error:{message}}`,
 * `[{error:{message}}]`. Returns `undefined` when none is found.
 */
export function messageFromJson(value: unknown, depth = 0): string | undefined {
  if (depth > 4) return undefined;
  if (typeof value === 'string') return value.trim() || undefined;
  if (Array.isArray(value)) {
    const parts = value.slice(0, 10).map(item => messageFromJson(item, depth + 1)).filter(Boolean);
    return parts.length ? [...new Set(parts)].join('; ') : undefined;
  }
  // FastAPI/pydantic validation: `{loc: ['body', 'message'], msg: 'Field required'}` names the field.
  const loc = own(value, 'loc');
  const msg = ownString(value, 'msg');
  if (Array.isArray(loc) && msg !== undefined) {
    const field = loc.filter(part => part !== 'body' && (typeof part === 'string' || typeof part === 'number')).join('.');
    return field ? `${field}: ${msg}` : msg;
  }
  for (const key of MESSAGE_KEYS) {
    const found = messageFromJson(own(value, key), depth + 1);
    if (found) return found;
  }
  return undefined;
}

function truncate(text: string): string {
  return text.length > MAX_ERROR_MESSAGE_LENGTH ? `${text.slice(0, MAX_ERROR_MESSAGE_LENGTH - 1).trimEnd()}…` : text;
}

/**
 * The message to show for an error body: the JSON message, or the trimmed text when it is short plain text;
 * `undefined` for HTML, XML, empty or unreadable bodies (the caller falls back to {@link statusLine}).
 */
export function messageFromErrorBody(body: string, contentType: string | null): string | undefined {
  const text = body.trim();
  if (!text) return undefined;
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('json') || text.startsWith('{') || text.startsWith('[')) {
    // Not JSON after all (`parseJson` gives undefined, which JSON never parses to): judged as text below.
    const json = parseJson(text);
    if (json !== undefined) {
      const found = messageFromJson(json);
      return found === undefined ? undefined : truncate(found);
    }
  }
  if (type.includes('html') || type.includes('xml') || text.startsWith('<')) return undefined;
  return truncate(text.replace(/\s+/g, ' '));
}

/** Reads at most `limit` bytes of a body as text, then cancels the rest (an error page may be huge or endless). */
async function readLimitedText(response: Response, limit: number, signal?: AbortSignal): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const cancel = () => reader.cancel().catch(() => {});
  signal?.addEventListener('abort', cancel, { once: true });
  const decoder = new TextDecoder();
  let text = '';
  let received = 0;
  try {
    while (received < limit) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      received += value.byteLength;
      text += decoder.decode(value, { stream: true });
    }
    return text;
  } finally {
    signal?.removeEventListener('abort', cancel);
    cancel();
  }
}

/**
 * Builds the `http` {@link TransportError} for a non-2xx response, reading (a bounded part of) its body for the
 * server's message. A body that cannot be read still yields the status line. Aborting `signal` cancels the read.
 */
export async function httpErrorFrom(response: Response, signal?: AbortSignal): Promise<TransportError> {
  let message: string | undefined;
  try {
    const body = await readLimitedText(response, MAX_ERROR_BODY_BYTES, signal);
    message = messageFromErrorBody(body, response.headers.get('content-type'));
  } catch {
    message = undefined;
  }
  return new TransportError(ErrorCode.Http, message ?? statusLine(response.status, response.statusText), {
    status: response.status,
    retryAfter: parseRetryAfter(response.headers.get('retry-after')),
    retryable: isRetryableStatus(response.status),
  });
}
