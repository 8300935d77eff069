// Reading untrusted request input: a size-capped body, a nesting-depth check before JSON.parse, the question and
// the files sent with it.
// Every failure is an HttpError carrying the status and code the server answers with; nothing here throws
// anything else on bad input.

import { HttpError } from './http-error.mjs';

/** How deep a request's JSON may nest: enough for any chat body, far too shallow to hurt a parser. */
export const MAX_JSON_DEPTH = 32;

/**
 * The 413 for a body over `maxBytes`: it names the limit and says what to do.
 * @param {number} maxBytes
 */
export function payloadTooLarge(maxBytes) {
  return new HttpError(
    413,
    'payload_too_large',
    `The request body is over this server's limit of ${formatBytes(maxBytes)}: the conversation is too long to send. ` +
      'Start a new conversation, or send fewer earlier turns.',
  );
}

/**
 * Reads a request body up to `maxBytes`. Over the limit it stops reading at once (a declared Content-Length is
 * refused before a byte is read) and rejects with 413.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} maxBytes
 * @returns {Promise<string>}
 */
export function readBody(req, maxBytes) {
  const tooLarge = () => payloadTooLarge(maxBytes);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    const onData = (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        req.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (/** @type {Error} */ error) => {
      cleanup();
      reject(new HttpError(400, 'bad_request', `The request body could not be read: ${error.message}`));
    };
    // A client that hangs up mid-body must not leave this promise (and its stream slot) pending forever.
    const onClose = () => {
      if (!req.complete) onError(new Error('the client closed the connection'));
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/**
 * A byte count as people write it: '1 MB', '64 KB', '500 bytes' (1 KB = 1,024 bytes).
 * @param {number} bytes
 */
function formatBytes(bytes) {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/**
 * Whether JSON text nests deeper than `limit`, found by one cheap scan (strings skipped) before parsing.
 * @param {string} text
 * @param {number} [limit=MAX_JSON_DEPTH]
 * @returns {boolean}
 */
export function jsonNestsDeeperThan(text, limit = MAX_JSON_DEPTH) {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

/**
 * Parses a chat request body as a JSON object.
 * @param {string} text
 * @returns {Record<string, unknown>}
 */
export function parseJsonBody(text) {
  if (jsonNestsDeeperThan(text)) {
    throw new HttpError(400, 'json_too_deep', `The request JSON nests deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'invalid_json', 'The request body must be a JSON object.');
  }
  return body;
}

/**
 * The text of an OpenAI-style message content: a string, or the text parts of an array.
 * @param {unknown} content
 * @returns {string | undefined}
 */
function contentText(content) {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const texts = content.map(part => (part && typeof part.text === 'string' ? part.text : '')).filter(Boolean);
  return texts.length > 0 ? texts.join('\n') : undefined;
}

/**
 * @typedef {object} Attachment
 * @property {string} name
 * @property {string} type
 * @property {number} size   bytes, as the client reported them
 * @property {string} [text] a text file's content (UTF-8)
 */

/** Types read as text: text/*, JSON, XML, CSV and friends. */
const TEXT_TYPE = /^(text\/|application\/(json|xml|csv|x-ndjson|javascript|x-yaml|yaml)\b)/;

/**
 * The request's attachments (already checked by validateChatBody), text files decoded.
 * @param {unknown} list
 * @returns {Attachment[]}
 */
function readAttachments(list) {
  if (!Array.isArray(list)) return [];
  return list.map(({ name, type, size, data }) => ({
    name,
    type,
    size,
    ...(TEXT_TYPE.test(type) && { text: Buffer.from(data, 'base64').toString('utf8') }),
  }));
}

/**
 * The bytes of a body's attachments' base64 `data` (ASCII: one byte a character), which the route's larger body
 * limit is for.
 * @param {Record<string, unknown>} body
 */
export function attachmentBytes(body) {
  const list = Array.isArray(body.attachments) ? body.attachments : [];
  return list.reduce((sum, file) => sum + (typeof file?.data === 'string' ? file.data.length : 0), 0);
}

/**
 * @typedef {object} ChatRequest
 * @property {string} question
 * @property {Array<{ role: 'user' | 'assistant', content: string }>} history   earlier turns, oldest first
 * @property {string} [sessionId]
 * @property {Attachment[]} [attachments]  files sent with the question (house body)
 */

/**
 * Reads the house request body: `{ message, session_id?, history?, attachments? }`, or OpenAI-style `{ messages }`
 * whose last user message is the question. A missing or non-string question is a 400, and so is an empty one
 * without attachments (files alone are a question).
 * @param {Record<string, any>} body
 * @returns {ChatRequest}
 */
export function readChatRequest(body) {
  /** @type {unknown} */
  let question = body.message;
  /** @type {unknown[]} */
  let turns = Array.isArray(body.history) ? body.history : [];
  if (question === undefined && Array.isArray(body.messages)) {
    const lastUser = body.messages.findLastIndex(m => m && m.role === 'user');
    if (lastUser >= 0) {
      question = contentText(body.messages[lastUser].content);
      turns = body.messages.slice(0, lastUser);
    }
  }
  const attachments = readAttachments(body.attachments);
  if (typeof question !== 'string' || (question.trim() === '' && attachments.length === 0)) {
    throw new HttpError(400, 'invalid_message', 'The request needs a non-empty string "message".');
  }
  const sessionId = body.session_id ?? body.sessionId;
  return {
    question,
    history: readHistory(turns),
    sessionId: typeof sessionId === 'string' || typeof sessionId === 'number' ? String(sessionId) : undefined,
    ...(attachments.length > 0 && { attachments }),
  };
}

/**
 * Earlier turns as `{role, content}`, keeping only well-formed user/assistant entries.
 * @param {unknown[]} turns
 * @returns {Array<{ role: 'user' | 'assistant', content: string }>}
 */
function readHistory(turns) {
  /** @type {Array<{ role: 'user' | 'assistant', content: string }>} */
  const history = [];
  for (const turn of turns) {
    if (!turn || typeof turn !== 'object') continue;
    const { role } = /** @type {any} */ (turn);
    const content = contentText(/** @type {any} */ (turn).content ?? /** @type {any} */ (turn).text);
    if ((role === 'user' || role === 'assistant') && content) history.push({ role, content });
  }
  return history;
}
