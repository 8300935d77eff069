import { parseJson } from '../untrusted/json-values.js';

/**
 * Web Storage that never throws. Reading `localStorage` itself throws in sandboxed iframes and with storage
 * blocked; `setItem` throws when the quota is full. None of that may break a chat: a failed read is "nothing
 * stored", a failed write is skipped, silently.
 */

/** Where the element may keep things: `local` outlives the tab, `session` lives as long as the tab. */
export type StorageArea = 'local' | 'session';

/** The Storage object for an area, or `undefined` when the browser refuses access to it. */
export function storageFor(area: StorageArea): Storage | undefined {
  try {
    return area === 'local' ? globalThis.localStorage : globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}

/** The JSON stored under `key`, parsed; `undefined` when absent, unreadable or not JSON. */
export function readJson(storage: Storage | undefined, key: string): unknown {
  let text: string | null | undefined;
  try {
    text = storage?.getItem(key);
  } catch {
    // Blocked storage reads as empty.
  }
  return text == null ? undefined : parseJson(text);
}

/** Stores `value` as JSON under `key`; returns whether it was written (false on quota or access errors). */
export function writeJson(storage: Storage | undefined, key: string, value: unknown): boolean {
  if (!storage) return false;
  try {
    storage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

/** Removes `key`, ignoring access errors. */
export function removeKey(storage: Storage | undefined, key: string): void {
  try {
    storage?.removeItem(key);
  } catch {
    // Blocked storage has nothing to remove.
  }
}

/**
 * The storage key of something the element keeps for one endpoint (`kind` says what: `conversation`, `open`).
 * The endpoint is resolved against the page, so `/api/chat` on two sites, or two chats on one page with different
 * endpoints, never share an entry; `scope` (a page-given session id) separates chats on the same endpoint.
 */
export function storageKey(kind: string, endpoint: string, scope?: string): string {
  let url = endpoint;
  try {
    url = new URL(endpoint, document.baseURI).href;
  } catch {
    // Not a URL (an empty endpoint): the text itself is a fine key.
  }
  return `sse-chat:${kind}:${url}${scope ? `#${scope}` : ''}`;
}
