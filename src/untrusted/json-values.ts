/**
 * Reading values nobody vouches for: JSON a server sent, records read back from Web Storage. None of these throws,
 * and none reads a property a sender could have planted on a prototype: a value is only ever read when it is the
 * object's own. The dialects read server JSON through them, the transport an error's body, the persistence layer its
 * stored records.
 */

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
export function numberOf(value: unknown): number | undefined {
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


/** The first own property among `keys` that is a non-empty string (`object` may be anything). */
export function firstString(object: unknown, keys: readonly string[]): string | undefined {
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

/** The first own property among `keys` that is a finite number (`object` may be anything). */
export function firstNumber(object: unknown, keys: readonly string[]): number | undefined {
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
