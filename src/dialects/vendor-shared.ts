import type { ChatEvent, ChatSource } from './chat-event.js';
import { ErrorCode } from '../transport/error-code.js';
import type { HistoryTurn, RequestContext } from './dialect.js';
import { SERVER_ERROR, isObject, own, type JsonObject } from './shared.js';

/**
 * Small pure helpers the vendor dialects share. Vendor payloads are untrusted JSON, so every accessor checks the
 * type it returns instead of trusting a cast.
 */

export { isObject, parseJsonObject, type JsonObject } from './shared.js';

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
    message: text || (codeText ? `The server reported an error (${codeText}).` : SERVER_ERROR),
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
  const message = own(FINISH_NOTICES, normalized);
  return message ? [{ type: 'notice', message, kind: `finish-${normalized}` }] : [];
}

const CUT_SHORT = 'The answer was cut short: it reached the length limit.';

/* The finish reasons worth telling the reader about, across vendors (OpenAI, Anthropic, Gemini, Vercel, TGI). */
const FINISH_NOTICES: Record<string, string> = {
  length: CUT_SHORT,
  max_tokens: CUT_SHORT,
  max_output_tokens: CUT_SHORT,
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
export function historyTurns(history: readonly HistoryTurn[]): { role: 'user' | 'assistant'; text: string }[] {
  return history.filter(message => message.text.trim() !== '').map(message => ({ role: message.role, text: message.text }));
}

/** The `messages` (or `input`) list of the chat APIs: earlier turns as `{ role, content }`, then the new question. */
export function chatMessages(context: RequestContext): { role: 'user' | 'assistant'; content: string }[] {
  return [...historyTurns(context.history).map(turn => ({ role: turn.role, content: turn.text })), { role: 'user', content: context.text }];
}

const LEADING_HEADING = /^\s*\*\*([^*\n]{1,80})\*\*/;

/**
 * The bold heading a reasoning summary opens with (`**Checking the docs**\n\n…`, as OpenAI's and Gemini's
 * summaries do), to label that reasoning step with; `undefined` when it has none (yet).
 */
export function reasoningHeading(text: string): string | undefined {
  return LEADING_HEADING.exec(text)?.[1]?.trim() || undefined;
}

/**
 * The one "Thinking" step of formats that stream reasoning as text beside the answer (Chat Completions' reasoning
 * deltas, Gemini's thought parts): each piece grows the step's detail, and the answer's first text completes it.
 */
export class ThinkingStep {
  static readonly id = 'thinking';
  #text: string | undefined;
  #done = false;

  /** The step, active, with all reasoning text so far. */
  append(text: string): ChatEvent {
    this.#text = (this.#text ?? '') + text;
    return { type: 'step', id: ThinkingStep.id, label: THINKING_LABEL, status: 'active', detail: this.#text };
  }

  /** Completes the step once, if there was any reasoning. */
  end(): ChatEvent[] {
    if (this.#text === undefined || this.#done) return [];
    this.#done = true;
    return [{ type: 'step', id: ThinkingStep.id, status: 'done' }];
  }
}

/**
 * Step details that arrive in pieces (reasoning text, tool arguments), accumulated per step id. Reasoning that
 * opens with a bold heading (OpenAI's and the AI SDK's summaries) is labelled by that heading, once it is complete.
 */
export class StepDetails {
  readonly #details = new Map<string, string>();

  /**
   * The step's update for one more piece: its whole detail so far, and a label when a heading just completed.
   * Nothing without an id or a piece.
   */
  append(id: string | undefined, delta: string | undefined, reasoning = false): ChatEvent[] {
    if (!id || !delta) return [];
    const previous = this.#details.get(id) ?? '';
    const detail = previous + delta;
    this.#details.set(id, detail);
    const label = reasoning && !reasoningHeading(previous) ? reasoningHeading(detail) : undefined;
    return [{ type: 'step', id, ...(label ? { label } : {}), detail }];
  }
}
