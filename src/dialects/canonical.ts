import type { ChatEvent, ChatEventType } from './chat-event.js';
import type { SseMessage } from '../transport/sse-message.js';
import type { Dialect, DialectMapper } from './dialect.js';
import {
  finiteNumber,
  isObject,
  own,
  ownObject,
  ownString,
  parseJson,
  safeRecord,
  type JsonObject,
} from '../untrusted/json-values.js';
import { readSuggestions } from '../untrusted/suggestions.js';
import { SERVER_ERROR } from './dialect-strings.js';
import { readSources } from './sources.js';
import { clampProgress, stepStatus } from './steps.js';

/**
 * The canonical `sse-chat` dialect: the chat-event vocabulary itself on the wire, `event: <type>` + `data: <JSON>`
 * (docs/protocol.md). Every field is validated, because the JSON is untrusted: wrong types are dropped, numbers
 * must be finite, progress is clamped. Handlers live in a Map keyed by event name, so a server naming an event
 * `toString` or `__proto__` reaches nothing.
 */

/** Reads one event from its JSON object; `parsed` is the data as parsed (for the one event that accepts non-objects). */
type Reader = (data: JsonObject, parsed: unknown, raw: string) => ChatEvent | undefined;

const readers = new Map<string, Reader>([
  [
    'start',
    data => {
      const event: ChatEvent = { type: 'start' };
      const model = ownString(data, 'model');
      const messageId = ownString(data, 'messageId');
      if (model) event.model = model;
      if (messageId) event.messageId = messageId;
      return event;
    },
  ],
  ['step', readStep],
  [
    'text-delta',
    // A delta whose data is not JSON is taken literally: the most forgiving reading of a hand-written server.
    (data, parsed, raw) => {
      const delta = isObject(parsed) ? ownString(data, 'delta') : typeof parsed === 'string' ? parsed : raw;
      return delta ? { type: 'text-delta', delta } : undefined;
    },
  ],
  [
    'text',
    data => {
      const text = ownString(data, 'text');
      return text === undefined ? undefined : { type: 'text', text };
    },
  ],
  [
    'sources',
    data => {
      const sources = readSources(own(data, 'sources'));
      return sources.length ? { type: 'sources', sources } : undefined;
    },
  ],
  [
    'suggestions',
    data => {
      const suggestions = readSuggestions(own(data, 'suggestions'));
      return suggestions.length ? { type: 'suggestions', suggestions } : undefined;
    },
  ],
  [
    'notice',
    data => {
      const message = ownString(data, 'message');
      if (!message) return undefined;
      const kind = ownString(data, 'kind');
      return kind ? { type: 'notice', message, kind } : { type: 'notice', message };
    },
  ],
  [
    'metadata',
    data => {
      const metadata = safeRecord(ownObject(data, 'metadata') ?? {});
      return Object.keys(metadata).length ? { type: 'metadata', metadata } : undefined;
    },
  ],
  [
    'error',
    // Plain-text data is the message itself (Hono's `streamSSE` error path writes `event: error` + `data: <text>`).
    (data, parsed, raw) => {
      const text = isObject(parsed) ? ownString(data, 'message') : typeof parsed === 'string' ? parsed : raw.trim().slice(0, 300);
      const event: ChatEvent = { type: 'error', message: text || SERVER_ERROR };
      const code = ownString(data, 'code');
      const retryable = own(data, 'retryable');
      if (code) event.code = code;
      if (typeof retryable === 'boolean') event.retryable = retryable;
      return event;
    },
  ],
  [
    'done',
    data => {
      const reason = ownString(data, 'reason');
      return reason ? { type: 'done', reason } : { type: 'done' };
    },
  ],
]);

function readStep(data: JsonObject): ChatEvent | undefined {
  const id = ownString(data, 'id');
  if (!id) return undefined;
  const event: Extract<ChatEvent, { type: 'step' }> = { type: 'step', id };
  const label = ownString(data, 'label');
  const status = stepStatus(own(data, 'status'));
  const detail = ownString(data, 'detail');
  if (label) event.label = label;
  if (status) event.status = status;
  if (detail) event.detail = detail;
  const rawProgress = own(data, 'progress');
  // `progress` is `{value, max}`; a bare number is read as a percentage, which is what most servers mean.
  const progress = isObject(rawProgress)
    ? clampProgress(own(rawProgress, 'value'), own(rawProgress, 'max') ?? 100)
    : finiteNumber(rawProgress) !== undefined
      ? clampProgress(rawProgress, 100)
      : undefined;
  if (progress) event.progress = progress;
  return event;
}

/**
 * Reads a chat event that a page's code made (`mapEvent`) with the checks the wire form gets: a wrong or missing
 * field is dropped (an event that needs it is dropped whole), so a page's slip never reaches the answer's render.
 */
export function readChatEvent(value: unknown): ChatEvent | undefined {
  if (!isObject(value)) return undefined;
  const type = own(value, 'type');
  return typeof type === 'string' ? readers.get(type)?.(value, value, '') : undefined;
}

/** The event names of the canonical wire form: exactly the chat-event types. */
export const canonicalEventTypes: ReadonlySet<ChatEventType> = new Set(readers.keys() as Iterable<ChatEventType>);

/** Reads one canonical SSE message; unknown event names (pings, extensions) yield nothing. */
export function mapCanonicalMessage(message: SseMessage): ChatEvent[] {
  const reader = readers.get(message.event);
  if (!reader) return [];
  const parsed = message.data === '' ? {} : parseJson(message.data);
  const event = reader(isObject(parsed) ? parsed : {}, parsed, message.data);
  return event ? [event] : [];
}

/** The canonical dialect (`sse-chat`). Stateless: every message stands on its own. */
export const canonicalDialect: Dialect = {
  name: 'sse-chat',
  createMapper(): DialectMapper {
    return { map: mapCanonicalMessage };
  },
  // A canonical event name carrying a JSON object is unmistakable: `event: text-delta`. Not `done` or `error`, which
  // every house format has too (detection reads those with the tolerant json dialect when nothing else was claimed).
  detect(message: SseMessage): boolean {
    if (message.event === 'message' || message.event === 'done' || message.event === 'error' || !readers.has(message.event)) return false;
    return message.data === '' || isObject(parseJson(message.data));
  },
};
