// Stored records are untrusted too: read with the same guards as server JSON (one copy of each in the bundle).
import { isObject, numberOf } from '../untrusted/json-values.js';
import { readSuggestions } from '../untrusted/suggestions.js';
import { createMessageId, MessageStatus, stopMessage, withFeedback, type Attachment, type ChatMessage } from '../state/message.js';

/**
 * The stored form of a conversation, and the pure rules for writing and reading it back. Kept apart from the
 * controller so the rules (what is kept, how a half-streamed answer comes back) are tested without storage.
 */

/** Bumped when the stored shape changes; older records are ignored rather than misread. */
const CONVERSATION_VERSION = 1;

/** How many messages are kept by default: enough to continue a conversation, small next to any storage quota. */
export const DEFAULT_KEPT_MESSAGES = 50;

/** What is stored: the server session the conversation belongs to, and its last messages. */
export interface StoredConversation {
  readonly version: typeof CONVERSATION_VERSION;
  readonly sessionId: string;
  readonly messages: readonly ChatMessage[];
}

/**
 * The record to store for `messages`: the last `limit` of them, starting at a user message so an answer is never
 * kept without its question.
 */
export function toStoredConversation(
  messages: readonly ChatMessage[],
  sessionId: string,
  limit = DEFAULT_KEPT_MESSAGES,
): StoredConversation {
  let start = tailStart(messages, limit);
  while (start < messages.length && messages[start].role !== 'user') start++;
  return { version: CONVERSATION_VERSION, sessionId, messages: messages.slice(start) };
}

/** Where the last `limit` items of `list` begin (a limit below one keeps none). */
function tailStart(list: readonly unknown[], limit: number): number {
  return Math.max(0, list.length - Math.max(0, Math.floor(limit)));
}

const statuses = new Set<string>(Object.values(MessageStatus));

/**
 * Reads a stored record back, or `undefined` when it is missing, from another version or malformed (storage is
 * shared with every script of the origin, so it is checked, not trusted). Every message gets a fresh id, unique in
 * this page. An answer that was still streaming when the page went away comes back `stopped` with its partial
 * text: it is not complete, and nothing will ever finish it.
 */
export function fromStoredConversation(
  value: unknown,
  now: number,
  limit = DEFAULT_KEPT_MESSAGES,
): { sessionId: string; messages: ChatMessage[] } | undefined {
  if (!isObject(value) || value.version !== CONVERSATION_VERSION) return undefined;
  if (typeof value.sessionId !== 'string' || !value.sessionId || !Array.isArray(value.messages)) return undefined;
  const messages: ChatMessage[] = [];
  for (const item of value.messages.slice(tailStart(value.messages, limit))) {
    const message = restoreMessage(item, now);
    if (message) messages.push(message);
  }
  return { sessionId: value.sessionId, messages };
}

function restoreMessage(item: unknown, now: number): ChatMessage | undefined {
  if (!isObject(item)) return undefined;
  const { role, text, status } = item;
  if ((role !== 'user' && role !== 'assistant') || typeof text !== 'string' || typeof status !== 'string' || !statuses.has(status)) {
    return undefined;
  }
  // Every list is checked entry by entry: one `null` step or source (or an older format) would otherwise break
  // every render, on every load, until storage was cleared by hand.
  const message: ChatMessage = {
    ...(item as unknown as ChatMessage),
    id: createMessageId(role === 'user' ? 'u' : 'a'),
    steps: entries(item.steps, 'id', 'label'),
    sources: entries(item.sources, 'title'),
    notices: entries(item.notices, 'message'),
    metadata: isObject(item.metadata) ? item.metadata : {},
    error: isObject(item.error) && typeof item.error.message === 'string' ? (item.error as unknown as ChatMessage['error']) : null,
    createdAt: numberOf(item.createdAt) ?? now,
    endedAt: numberOf(item.endedAt),
  };
  if (item.suggestions !== undefined) (message as { suggestions?: string[] }).suggestions = readSuggestions(item.suggestions);
  // Attachments come back as what they were (name, type, size), whatever else storage holds: never bytes.
  if (Array.isArray(item.attachments)) {
    (message as { attachments?: Attachment[] }).attachments = entries<Attachment>(item.attachments, 'name', 'type').map(({ name, type, size }) => ({ name, type, size: numberOf(size) ?? 0 }));
  }
  // Feedback is kept only as one of its two values: storage is shared, so anything else is dropped.
  const kept = item.feedback === 'up' || item.feedback === 'down' ? message : withFeedback(message, undefined);
  return kept.status === MessageStatus.Streaming ? stopMessage(kept, now) : kept;
}

/**
 * The entries of a stored list that are objects whose `keys` hold strings, without the optional texts that do
 * not (the view reads those as strings; numbers and statuses of the wrong kind it shows as unknown); anything that
 * is not a list is an empty one.
 */
function entries<T>(list: unknown, ...keys: string[]): T[] {
  if (!Array.isArray(list)) return [];
  return list
    .filter(entry => isObject(entry) && keys.every(key => typeof entry[key] === 'string'))
    .map(({ detail, snippet, ...rest }) => ({
      ...rest,
      ...(typeof detail === 'string' && { detail }),
      ...(typeof snippet === 'string' && { snippet }),
    })) as T[];
}
