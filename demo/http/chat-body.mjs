// Strict checks of `POST /api/chat`'s body, field by field, before it is read: a client bug (a number where a string
// belongs, a history of the wrong shape, a megabyte message) is answered 400 with a message naming the field,
// instead of being silently dropped or reaching the backend.

import { HttpError } from './http-error.mjs';

/** The longest `message` accepted, in UTF-16 code units: a long question, far from a pasted book. */
export const MAX_MESSAGE_CHARS = 8000;

/** The longest `session_id` accepted. */
export const MAX_SESSION_ID_CHARS = 200;

/** The most `history` turns (or OpenAI-style `messages`) accepted. */
export const MAX_HISTORY_TURNS = 100;

/** The most files one request may attach (the element's default `max-attachments`). */
export const MAX_ATTACHMENTS = 10;

/** The longest attachment `name` or `type` accepted. */
const MAX_ATTACHMENT_FIELD_CHARS = 255;

/** The longest `model` accepted. */
const MAX_MODEL_CHARS = 200;

/**
 * Checks every field `/api/chat` reads: `message` (string, ≤ MAX_MESSAGE_CHARS), `session_id` (string,
 * ≤ MAX_SESSION_ID_CHARS), `history` (≤ MAX_HISTORY_TURNS `{role: 'user' | 'assistant', content: string}`),
 * `messages` (OpenAI-style, ≤ MAX_HISTORY_TURNS `{role: string, content: string | array}`), `model` (string),
 * `resumable` (boolean) and `attachments` (≤ MAX_ATTACHMENTS `{name, type: string, size: number, data: base64}`). Absent and `null` fields are fine; other fields are ignored. Throws a 400 HttpError whose
 * code is `invalid_<field>` and whose message names the field.
 * @param {Record<string, unknown>} body
 */
export function validateChatBody(body) {
  const { message, session_id: sessionId, history, messages, model, resumable, attachments } = body;
  if (message != null) {
    if (typeof message !== 'string') fail('message', '"message" must be a string.');
    if (message.length > MAX_MESSAGE_CHARS) fail('message', `"message" is longer than ${MAX_MESSAGE_CHARS} characters.`);
  }
  if (sessionId != null) {
    if (typeof sessionId !== 'string') fail('session_id', '"session_id" must be a string.');
    if (sessionId.length > MAX_SESSION_ID_CHARS) fail('session_id', `"session_id" is longer than ${MAX_SESSION_ID_CHARS} characters.`);
  }
  if (history != null) {
    const turns = turnList('history', history);
    turns.forEach((turn, i) => {
      const where = `history[${i}]`;
      if (turn.role !== 'user' && turn.role !== 'assistant') fail('history', `"${where}.role" must be "user" or "assistant".`);
      if (typeof turn.content !== 'string') fail('history', `"${where}.content" must be a string.`);
    });
  }
  if (messages != null) {
    const turns = turnList('messages', messages);
    turns.forEach((turn, i) => {
      const where = `messages[${i}]`;
      if (typeof turn.role !== 'string') fail('messages', `"${where}.role" must be a string.`);
      if (turn.content != null && typeof turn.content !== 'string' && !Array.isArray(turn.content)) {
        fail('messages', `"${where}.content" must be a string or an array of parts.`);
      }
    });
  }
  if (model != null && (typeof model !== 'string' || model.length > MAX_MODEL_CHARS)) {
    fail('model', `"model" must be a string of at most ${MAX_MODEL_CHARS} characters.`);
  }
  if (resumable != null && typeof resumable !== 'boolean') fail('resumable', '"resumable" must be true or false.');
  if (attachments != null) {
    const files = turnList('attachments', attachments);
    if (files.length > MAX_ATTACHMENTS) fail('attachments', `"attachments" has more than ${MAX_ATTACHMENTS} files.`);
    files.forEach((file, i) => {
      const where = `attachments[${i}]`;
      for (const key of ['name', 'type']) {
        const value = file[key];
        if (typeof value !== 'string' || value.length > MAX_ATTACHMENT_FIELD_CHARS) {
          fail('attachments', `"${where}.${key}" must be a string of at most ${MAX_ATTACHMENT_FIELD_CHARS} characters.`);
        }
      }
      if (!Number.isSafeInteger(file.size) || /** @type {number} */ (file.size) < 0) fail('attachments', `"${where}.size" must be a whole number of bytes.`);
      if (typeof file.data !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(file.data)) fail('attachments', `"${where}.data" must be base64.`);
    });
  }
}

/**
 * @param {string} field
 * @param {unknown} value
 * @returns {Array<Record<string, unknown>>}
 */
function turnList(field, value) {
  if (!Array.isArray(value)) fail(field, `"${field}" must be an array.`);
  if (value.length > MAX_HISTORY_TURNS) fail(field, `"${field}" has more than ${MAX_HISTORY_TURNS} entries.`);
  value.forEach((turn, i) => {
    if (turn === null || typeof turn !== 'object' || Array.isArray(turn)) fail(field, `"${field}[${i}]" must be an object.`);
  });
  return value;
}

/**
 * @param {string} field
 * @param {string} message
 * @returns {never}
 */
function fail(field, message) {
  throw new HttpError(400, `invalid_${field}`, message);
}
