import type { ChatEvent, ChatSource, StepProgress, StepStatus } from './chat-event.js';
import { ErrorCode } from '../transport/error-code.js';
import { dialectStrings as defaults } from './dialect-strings.js';
import type { SseMessage } from '../transport/sse-message.js';
import type { DialectMapper, HistoryTurn, RequestContext } from './dialect.js';

/**
 * The one set of helpers every dialect uses: reading untrusted server JSON (none of them throws, none of them reads a
 * property a server could have planted on a prototype: a value is only ever read when it is the object's own), and
 * the pieces vendor mappers share (payload checks, errors, sources, finish notices, reasoning steps, request bodies).
 */

/** The error message when a server reports an error without saying what went wrong (the `errorServer` string). */
export const SERVER_ERROR = defaults.errorServer;

/** A JSON object: what `JSON.parse` produced, with unknown values. */
export type JsonObject = Record<string, unknown>;

/** Parses `text` as JSON; `undefined` when it is not JSON (no exception escapes). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Whether `value` is a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `text` parsed as a JSON object, or `undefined`. Cheap rejection first: most token payloads start with `{`. */
export function parseJsonObject(text: string): JsonObject | undefined {
  const first = text.trimStart().charCodeAt(0);
  if (first !== 0x7b /* { */) return undefined;
  const value = parseJson(text);
  return isObject(value) ? value : undefined;
}

/**
 * The own property `key` of `object`, never an inherited one (so `constructor`, `__proto__` read as absent);
 * `undefined` when `object` is not an object. Also for lookup tables keyed by server-sent words, which must not find
 * `Object.prototype`'s members either. Every dialect reads server JSON through this (or `ownString`, `ownNumber`,
 * `ownObject`, `ownArray`).
 */
export function own<T>(object: Readonly<Record<string, T>>, key: string): T | undefined;
export function own(object: unknown, key: string): unknown;
export function own(object: unknown, key: string): unknown {
  return typeof object === 'object' && object !== null && Object.hasOwn(object, key) ? (object as JsonObject)[key] : undefined;
}

/** The own property `key` of `object` when it is a string (`object` may be anything). */
export const ownString = (object: unknown, key: string): string | undefined => stringOf(own(object, key));
/** The own property `key` of `object` when it is a finite number. */
export const ownNumber = (object: unknown, key: string): number | undefined => numberOf(own(object, key));
/** The own property `key` of `object` when it is a JSON object. */
export const ownObject = (object: unknown, key: string): JsonObject | undefined => objectOf(own(object, key));
/** The own property `key` of `object` when it is an array, otherwise an empty one (iterate without checks). */
export const ownArray = (object: unknown, key: string): readonly unknown[] => arrayOf(own(object, key));

/** The value when it is a string, otherwise `undefined`. */
export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The value when it is a finite number, otherwise `undefined`. */
function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The value when it is an array, otherwise an empty one. */
export function arrayOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value when it is a JSON object, otherwise `undefined`. */
export function objectOf(value: unknown): JsonObject | undefined {
  return isObject(value) ? value : undefined;
}


/** The first own property among `keys` that is a non-empty string. */
export function firstString(object: JsonObject, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = own(object, key);
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/** `value` when it is a finite number; numeric strings such as `"42"` count too (Python backends send both). */
export function finiteNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** The first own property among `keys` that is a finite number. */
export function firstNumber(object: JsonObject, keys: readonly string[]): number | undefined {
  for (const key of keys) {
    const value = finiteNumber(own(object, key));
    if (value !== undefined) return value;
  }
  return undefined;
}


/** Keys that must never be copied from server JSON into objects the page keeps. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A shallow copy of a server object without prototype-sensitive keys, for metadata kept on a message. */
export function safeRecord(object: JsonObject, omit?: ReadonlySet<string>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    if (UNSAFE_KEYS.has(key) || omit?.has(key)) continue;
    copy[key] = object[key];
  }
  return copy;
}

/** Clamps a progress report into `0 ≤ value ≤ max`, `max > 0`; `undefined` when it is not a usable report. */
export function clampProgress(value: unknown, max: unknown = 100): StepProgress | undefined {
  const v = finiteNumber(value);
  const m = finiteNumber(max);
  if (v === undefined || m === undefined || m <= 0) return undefined;
  return { value: Math.min(Math.max(v, 0), m), max: m };
}

const STEP_STATUSES: ReadonlySet<string> = new Set(['active', 'done', 'error']);

/** `value` when it is one of the step statuses, else `undefined`. */
export function stepStatus(value: unknown): StepStatus | undefined {
  return typeof value === 'string' && STEP_STATUSES.has(value) ? (value as StepStatus) : undefined;
}

/**
 * Reads one citation. `title` falls back to the URL, then to the start of the excerpt, so a source is never blank
 * and untitled sources stay distinct (the reducer de-duplicates by URL and title).
 */
export function readSource(raw: unknown, keys: SourceKeys = CANONICAL_SOURCE_KEYS): ChatSource | undefined {
  if (!isObject(raw)) return undefined;
  const meta = ownObject(raw, 'metadata');
  const pick = (names: readonly string[]) => firstString(raw, names) ?? (meta && firstString(meta, names));
  const url = pick(keys.url);
  const snippet = pick(keys.snippet);
  const title = pick(keys.title) ?? url ?? (snippet && excerpt(snippet));
  if (title === undefined) return undefined;
  const source: ChatSource = { title };
  if (url !== undefined) source.url = url;
  if (snippet !== undefined) source.snippet = snippet;
  const score = firstNumber(raw, keys.score) ?? (meta && firstNumber(meta, keys.score));
  if (score !== undefined) source.score = score;
  if (meta) source.metadata = safeRecord(meta);
  return source;
}

const EXCERPT_LENGTH = 60;
/** The first words of a long text, for a title. */
function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= EXCERPT_LENGTH ? flat : `${flat.slice(0, EXCERPT_LENGTH - 1).trimEnd()}…`;
}

/** Which fields of a source object hold its title, link, excerpt and relevance. */
export interface SourceKeys {
  title: readonly string[];
  url: readonly string[];
  snippet: readonly string[];
  score: readonly string[];
}

/** The canonical wire form's source fields. */
const CANONICAL_SOURCE_KEYS: SourceKeys = { title: ['title'], url: ['url'], snippet: ['snippet'], score: ['score'] };

/** How many follow-up suggestions are kept, and how long each may be: chips, not paragraphs. */
const MAX_SUGGESTIONS = 5;
const MAX_SUGGESTION_LENGTH = 200;

/** Follow-up suggestions from an untrusted list: non-blank strings only, trimmed, at most five. */
export function readSuggestions(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  const suggestions: string[] = [];
  for (const item of raw) {
    const text = typeof item === 'string' ? item.trim() : '';
    if (text && text.length <= MAX_SUGGESTION_LENGTH && suggestions.length < MAX_SUGGESTIONS) suggestions.push(text);
  }
  return suggestions;
}

/** Reads an array of citations, skipping entries that are not usable objects. */
export function readSources(raw: unknown, keys?: SourceKeys): ChatSource[] {
  if (!Array.isArray(raw)) return [];
  const sources: ChatSource[] = [];
  for (const item of raw) {
    const source = readSource(item, keys);
    if (source) sources.push(source);
  }
  return sources;
}

/* ---- What the vendor mappers share ---- */

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

/** The label of a model's reasoning step: every vendor's "thinking" becomes this one step kind. */
export const THINKING_LABEL = defaults.stepThinking;

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

/** The earlier turns as role + text pairs (`selectHistory` already left out failed and empty ones). */
export function historyTurns(history: readonly HistoryTurn[]): { role: 'user' | 'assistant'; text: string }[] {
  return history.map(message => ({ role: message.role, text: message.text }));
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
function reasoningHeading(text: string): string | undefined {
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
