import type { ChatSource, StepProgress, StepStatus } from './chat-event.js';

/**
 * Small helpers every dialect uses to read untrusted server JSON. None of them throws, none of them reads a
 * property a server could have planted on a prototype: a value is only ever read when it is the object's own.
 */

/** The error message when a server reports an error without saying what went wrong. */
export const SERVER_ERROR = 'The server reported an error.';

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
 * The object's own property `key`, never an inherited one (so `constructor`, `__proto__` read as absent). Also for
 * lookup tables keyed by server-sent words, which must not find `Object.prototype`'s members either.
 */
export function own<T>(object: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** The own property `key` when it is a string. */
export function ownString(object: JsonObject, key: string): string | undefined {
  const value = own(object, key);
  return typeof value === 'string' ? value : undefined;
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

/** The own property `key` when it is a JSON object. */
export function ownObject(object: JsonObject, key: string): JsonObject | undefined {
  const value = own(object, key);
  return isObject(value) ? value : undefined;
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
export const CANONICAL_SOURCE_KEYS: SourceKeys = { title: ['title'], url: ['url'], snippet: ['snippet'], score: ['score'] };

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
