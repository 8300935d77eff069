import type { ChatEvent, ChatSource } from './chat-event.js';
import { ErrorCode } from '../transport/error-code.js';
import { SERVER_ERROR, dialectStrings as defaults } from './dialect-strings.js';
import type { SseMessage } from '../transport/sse-message.js';
import type { DialectMapper } from './dialect.js';
import { isObject, numberOf, own, ownString, parseJson, stringOf, type JsonObject } from '../untrusted/json-values.js';

/**
 * What the vendor mappers share: the base class that makes the opening checks on each message, and the chat events
 * they all build (errors, start, text, sources, finish notices).
 */

/** Whether an SSE data field is empty or only whitespace (keep-alives some servers send as data). */
function isBlank(data: string): boolean {
  return data.trim() === '';
}

/**
 * The chat event for a payload that is not the JSON the format requires. The vendors' own SDKs throw on such a
 * payload, so the turn fails visibly rather than silently losing part of the answer.
 */
function invalidPayloadError(): ChatEvent {
  return { type: 'error', message: defaults.errorInvalidEvent, code: ErrorCode.InvalidEvent, retryable: true };
}

/**
 * The base of the vendor mappers: one JSON object per message. It makes the opening checks every vendor format
 * shares — nothing after the completion signal (`finished`), blank data (keep-alives) and data-less signals
 * skipped, the `[DONE]` sentinel is done, a payload that is not a JSON object is an error — and hands the object to
 * `mapPayload`. A payload whose events end the answer (`done`, or a vendor's error) finishes the stream.
 */
export abstract class VendorMapper implements DialectMapper {
  /** Set once the answer is complete or failed: what follows is ignored. */
  protected finished = false;

  map(message: SseMessage): ChatEvent[] {
    const { data } = message;
    if (this.finished || isBlank(data)) return [];
    if (data.trim() === '[DONE]') {
      this.finished = true;
      return [{ type: 'done' }];
    }
    const parsed = parseJson(data);
    const payload = isObject(parsed) ? parsed : this.unwrap(parsed);
    if (!payload) return [invalidPayloadError()];
    const events = this.mapPayload(payload, message);
    this.finished = events.some(event => event.type === 'done' || event.type === 'error');
    return events;
  }

  /** The payload of a parsed message that is not a JSON object (a format's wrapped form), or nothing. */
  protected unwrap(_value: unknown): JsonObject | undefined {
    return undefined;
  }

  /** The chat events of one payload. */
  protected abstract mapPayload(payload: JsonObject, message: SseMessage): ChatEvent[];
}

/** An `error` chat event from a vendor's error object, with a readable fallback when it carries no message. */
export function vendorError(raw: unknown, code: unknown, retryable: boolean): ChatEvent {
  const message = stringOf(raw)?.trim();
  const codeText = stringOf(code) ?? (numberOf(code) !== undefined ? String(code) : undefined);
  return {
    type: 'error',
    // Without a message, the code is the most telling detail (shown under the localized "server error").
    message: message || codeText || SERVER_ERROR,
    code: codeText ?? ErrorCode.Server,
    retryable,
  };
}

/** The `start` event from a vendor's response object: its model and id (Gemini calls them `modelVersion`, `responseId`). */
export function startEvent(response: unknown, modelKey = 'model', idKey = 'id'): ChatEvent {
  return { type: 'start', model: ownString(response, modelKey), messageId: ownString(response, idKey) };
}

/** A `text-delta` event for a piece of answer text, or nothing when the piece is empty or missing. */
export function textDelta(text: string | undefined): ChatEvent[] {
  return text ? [{ type: 'text-delta', delta: text }] : [];
}

/** A `sources` event for the sources that exist, or nothing. */
export function sourcesEvent(sources: readonly (ChatSource | undefined)[]): ChatEvent[] {
  const present = sources.filter((source): source is ChatSource => source !== undefined);
  return present.length ? [{ type: 'sources', sources: present }] : [];
}

/** A user-facing notice for a finish reason that means the answer is incomplete, or nothing for a normal stop. */
export function finishNotice(reason: string | undefined): ChatEvent[] {
  if (!reason) return [];
  const normalized = reason.toLowerCase().replace(/[-\s]/g, '_');
  const message = own(FINISH_NOTICES, normalized);
  return message ? [{ type: 'notice', message, kind: `finish-${normalized}` }] : [];
}

/** The finish reason kept as metadata (`finishReason`), then its notice when it means the answer is incomplete. */
export function finishEvents(reason: string): ChatEvent[] {
  return [{ type: 'metadata', metadata: { finishReason: reason } }, ...finishNotice(reason)];
}

/* The finish reasons worth telling the reader about, across vendors (OpenAI, Anthropic, Gemini, Vercel, TGI). */
const FINISH_NOTICES: Record<string, string> = {
  length: defaults.noticeLength,
  max_tokens: defaults.noticeLength,
  max_output_tokens: defaults.noticeLength,
  content_filter: defaults.noticeContentFilter,
  safety: defaults.noticeSafety,
  recitation: defaults.noticeRecitation,
  blocklist: defaults.noticeBlocklist,
  prohibited_content: defaults.noticeProhibited,
  spii: defaults.noticeSensitive,
  refusal: defaults.noticeRefusal,
  malformed_function_call: defaults.noticeMalformedCall,
};
