import { MessageStatus, type ChatMessage } from '../state/message.js';

/**
 * The pure pieces of building one chat request: which earlier turns go along, the headers, the body.
 * Kept out of the controller so they can be tested without a network or an element.
 */

/** Extra request headers: a record, or a function returning one (or a promise of one), called once per request. */
export type HeadersOption =
  | Record<string, string>
  | (() => Record<string, string> | Promise<Record<string, string>>);

const utf8 = new TextEncoder();

/**
 * The earlier turns sent along with a new message: the last `turns` exchanges that were answered (done, or
 * stopped with some text the user saw), oldest first, and no more than `maxBytes` of their text (UTF-8): the
 * oldest go first, so a long conversation stays under the server's body limit. Failed answers are left out: they
 * would teach the model an error page. `messages` must not include the message being sent.
 */
export function selectHistory(messages: readonly ChatMessage[], turns: number, maxBytes = Infinity): ChatMessage[] {
  const limit = Number.isFinite(turns) ? Math.max(0, Math.floor(turns)) : 0;
  const picked: ChatMessage[] = [];
  let bytes = 0;
  // Walk backwards so only the turns that are kept are looked at.
  for (let i = messages.length - 1; i > 0 && picked.length < limit * 2; i--) {
    const answer = messages[i];
    const question = messages[i - 1];
    if (answer.role !== 'assistant' || question.role !== 'user') continue;
    const answered =
      answer.status === MessageStatus.Done || (answer.status === MessageStatus.Stopped && answer.text !== '');
    if (answered) {
      bytes += utf8.encode(question.text).length + utf8.encode(answer.text).length;
      if (bytes > maxBytes) break;
      picked.push(answer, question);
    }
    i--;
  }
  return picked.reverse();
}

/** The headers of a chat POST: JSON in, an event stream out, then the page's own (which may override them). */
export async function resolveHeaders(option: HeadersOption | undefined): Promise<Record<string, string>> {
  const extra = typeof option === 'function' ? await option() : option;
  return { 'Content-Type': 'application/json', Accept: 'text/event-stream', ...extra };
}

/** The request body: a string a page built itself is sent as is; anything else as JSON. */
export function encodeBody(body: unknown): string {
  return typeof body === 'string' ? body : JSON.stringify(body);
}

/**
 * A random session id. `crypto.randomUUID` only exists in secure contexts, and the element may be embedded on a
 * plain-http intranet page, so fall back to a version-4 UUID made from `getRandomValues`.
 */
export function createSessionId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, byte => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
