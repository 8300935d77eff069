import { StepStatus, type ChatSource } from '../chat-events.js';
import { isObject, stepStatus, type JsonObject } from '../dialects/shared.js';
import { createMessageId, MessageStatus, stopMessage, type ChatMessage, type ChatNotice, type ChatStep } from '../state/message.js';

/**
 * The stored form of a conversation, and the pure rules for writing and reading it back. Kept apart from the
 * controller so the rules (what is kept, how a half-streamed answer comes back) are tested without storage.
 */

/** Bumped when the stored shape changes; older records are ignored rather than misread. */
export const CONVERSATION_VERSION = 1;

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
  // Rebuilt field by field, never spread: one entry of the wrong type (a `null` step, an older format) would
  // otherwise break every render of the element, on every load, until storage was cleared by hand.
  const error = item.error;
  const endedAt = finite(item.endedAt);
  const message: ChatMessage = {
    id: createMessageId(role === 'user' ? 'u' : 'a'),
    role,
    text,
    status: status as MessageStatus,
    steps: entries(item.steps, restoreStep),
    sources: entries(item.sources, restoreSource),
    notices: entries(item.notices, restoreNotice),
    metadata: isObject(item.metadata) ? item.metadata : {},
    error:
      isObject(error) && typeof error.message === 'string'
        ? {
            message: error.message,
            retryable: error.retryable !== false,
            ...(typeof error.code === 'string' ? { code: error.code } : {}),
            ...(finite(error.status) !== undefined ? { status: error.status as number } : {}),
            ...(finite(error.retryAfter) !== undefined ? { retryAfter: error.retryAfter as number } : {}),
          }
        : null,
    createdAt: finite(item.createdAt) ?? now,
    ...(endedAt !== undefined ? { endedAt } : {}),
    ...(typeof item.model === 'string' ? { model: item.model } : {}),
    ...(typeof item.dialect === 'string' ? { dialect: item.dialect } : {}),
  };
  return message.status === MessageStatus.Streaming ? stopMessage(message, now) : message;
}

const finite = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const optionalString = (value: unknown) => (typeof value === 'string' ? value : undefined);
/** Drops the keys whose value is `undefined`, so a restored entry has no fields the live one would not. */
const defined = <T extends object>(object: T): T =>
  Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;

/** The entries of a stored list that `restore` accepts; anything that is not a list is an empty one. */
function entries<T>(list: unknown, restore: (entry: JsonObject) => T | undefined): T[] {
  if (!Array.isArray(list)) return [];
  const kept: T[] = [];
  for (const entry of list) {
    const restored = isObject(entry) ? restore(entry) : undefined;
    if (restored) kept.push(restored);
  }
  return kept;
}

function restoreStep(step: JsonObject): ChatStep | undefined {
  const { id, label, progress } = step;
  if (typeof id !== 'string' || typeof label !== 'string') return undefined;
  const value = isObject(progress) ? finite(progress.value) : undefined;
  const max = isObject(progress) ? finite(progress.max) : undefined;
  return defined({
    id,
    label,
    status: stepStatus(step.status) ?? StepStatus.Done,
    progress: value !== undefined && max !== undefined && max > 0 ? { value, max } : undefined,
    detail: optionalString(step.detail),
    startedAt: finite(step.startedAt),
    endedAt: finite(step.endedAt),
  });
}

function restoreSource(source: JsonObject): ChatSource | undefined {
  if (typeof source.title !== 'string') return undefined;
  return defined({
    title: source.title,
    url: optionalString(source.url),
    snippet: optionalString(source.snippet),
    score: finite(source.score),
    metadata: isObject(source.metadata) ? source.metadata : undefined,
  });
}

function restoreNotice(notice: JsonObject): ChatNotice | undefined {
  if (typeof notice.message !== 'string') return undefined;
  return defined({ message: notice.message, kind: optionalString(notice.kind), at: finite(notice.at) ?? 0 });
}
