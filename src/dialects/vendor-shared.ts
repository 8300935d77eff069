import type { ChatEvent, ChatSource } from '../chat-events.js';
import { ErrorCode } from '../state/message.js';
import type { ChatMessage } from '../state/message.js';

/**
 * Small pure helpers the vendor dialects share. Vendor payloads are untrusted JSON, so every accessor checks the
 * type it returns instead of trusting a cast.
 */

/** A plain JSON object. */
export type JsonObject = Record<string, unknown>;

/** Whether a value is a (non-array) object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is a string, otherwise `undefined`. */
export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The value when it is a finite number, otherwise `undefined`. */
export function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The value when it is an array, otherwise an empty one (so callers can iterate without checks). */
export function arrayOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value when it is an object, otherwise `undefined`. */
export function objectOf(value: unknown): JsonObject | undefined {
  return isObject(value) ? value : undefined;
}

/** Result of {@link parseJsonObject}: the object, or `undefined` when the data was not a JSON object. */
export function parseJsonObject(data: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(data);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Whether an SSE data field is empty or only whitespace (keep-alives some servers send as data). */
export function isBlank(data: string): boolean {
  return data.trim() === '';
}

/**
 * The chat event for a payload that is not the JSON the format requires. The vendors' own SDKs throw on such a
 * payload, so the turn fails visibly rather than silently losing part of the answer.
 */
export function invalidPayloadError(vendor: string): ChatEvent {
  return {
    type: 'error',
    message: `The server sent an event that is not valid ${vendor} JSON.`,
    code: ErrorCode.UnexpectedResponse,
    retryable: true,
  };
}

/** An `error` chat event from a vendor's error object, with a readable fallback when it carries no message. */
export function vendorError(message: unknown, code: unknown, retryable: boolean): ChatEvent {
  const text = stringOf(message)?.trim();
  const codeText = stringOf(code) ?? (numberOf(code) !== undefined ? String(code) : undefined);
  return {
    type: 'error',
    message: text || (codeText ? `The server reported an error (${codeText}).` : 'The server reported an error.'),
    code: codeText ?? ErrorCode.Server,
    retryable,
  };
}

/**
 * A source from a url and title as vendors send them; the url itself is the title when none was given (it is
 * rendered as text and validated before it becomes a link).
 */
export function urlSource(url: unknown, title: unknown, snippet?: unknown): ChatSource | undefined {
  const href = stringOf(url);
  const name = stringOf(title)?.trim();
  if (!href && !name) return undefined;
  const source: ChatSource = { title: name || href || '' };
  if (href) source.url = href;
  const text = stringOf(snippet);
  if (text) source.snippet = text;
  return source;
}

/** A `sources` event for the sources that exist, or nothing. */
export function sourcesEvent(sources: readonly (ChatSource | undefined)[]): ChatEvent[] {
  const present = sources.filter((source): source is ChatSource => source !== undefined);
  return present.length ? [{ type: 'sources', sources: present }] : [];
}

/** The label of a model's reasoning step: every vendor's "thinking" becomes this one step kind. */
export const THINKING_LABEL = 'Thinking';

/** A user-facing notice for a finish reason that means the answer is incomplete, or nothing for a normal stop. */
export function finishNotice(reason: string | undefined): ChatEvent[] {
  if (!reason) return [];
  const normalized = reason.toLowerCase().replace(/[-\s]/g, '_');
  const message = FINISH_NOTICES[normalized];
  return message ? [{ type: 'notice', message, kind: `finish-${normalized}` }] : [];
}

/* The finish reasons worth telling the reader about, across vendors (OpenAI, Anthropic, Gemini, Vercel, TGI). */
const FINISH_NOTICES: Record<string, string> = {
  length: 'The answer was cut short: it reached the length limit.',
  max_tokens: 'The answer was cut short: it reached the length limit.',
  max_output_tokens: 'The answer was cut short: it reached the length limit.',
  content_filter: 'The answer was stopped by a content filter.',
  safety: 'The answer was stopped for safety reasons.',
  recitation: 'The answer was stopped because it recited source material.',
  blocklist: 'The answer was stopped because it contained blocked terms.',
  prohibited_content: 'The answer was stopped because it contained prohibited content.',
  spii: 'The answer was stopped because it contained sensitive personal information.',
  refusal: 'The model declined to answer.',
  malformed_function_call: 'The model produced a malformed tool call.',
};

/** The earlier turns that carry text, as role + text pairs (failed or empty turns would only confuse a model). */
export function historyTurns(history: readonly ChatMessage[]): { role: 'user' | 'assistant'; text: string }[] {
  return history.filter(message => message.text.trim() !== '').map(message => ({ role: message.role, text: message.text }));
}

const LEADING_HEADING = /^\s*\*\*([^*\n]{1,80})\*\*/;

/**
 * The bold heading a reasoning summary opens with (`**Checking the docs**\n\n…`, as OpenAI's and Gemini's
 * summaries do), to label that reasoning step with; `undefined` when it has none (yet).
 */
export function reasoningHeading(text: string): string | undefined {
  return LEADING_HEADING.exec(text)?.[1]?.trim() || undefined;
}
