// A node:http client for the fault, resume and load tests: no connection pooling (so no socket outlives a test),
// and a record of what arrived on the wire — status, headers, every body chunk and its time, and how the body ended
// (a clean end, or a reset).

import { request } from 'node:http';

/**
 * @typedef {object} RawResult
 * @property {number} status
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {Buffer[]} chunks          body chunks as they arrived
 * @property {string} text              the body, decoded as UTF-8
 * @property {number} headersAt         ms from the request to the response headers
 * @property {number | undefined} firstByteAt  ms from the request to the first body byte
 * @property {'end' | 'reset' | 'stopped'} ended  a clean end, a connection that broke mid-body, or `stopWhen` held
 * @property {string | undefined} errorCode e.g. 'ECONNRESET'
 */

/**
 * POSTs `body` (JSON-encoded unless a string) to `url` and reads the whole response.
 * @param {string} url
 * @param {unknown} body
 * @param {object} [options]
 * @param {Record<string, string>} [options.headers]
 * @param {(text: string) => boolean} [options.stopWhen]  destroys the request (a client abort) once this holds
 * @param {boolean} [options.stopOnHeaders]               destroys the request as soon as the response headers arrive
 * @param {(text: string) => void} [options.onText]       sees the body so far after every chunk
 * @param {number} [options.timeoutMs=60000]              fails the test instead of hanging (generous: a bound, not a speed limit)
 * @returns {Promise<RawResult>}
 */
export function rawPost(url, body, { headers = {}, stopWhen, stopOnHeaders = false, onText, timeoutMs = 60_000 } = {}) {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no end within ${timeoutMs} ms: ${url}`));
    }, timeoutMs);
    req.on('error', error => {
      clearTimeout(timer);
      reject(error);
    });
    req.on('response', res => {
      /** @type {RawResult} */
      const result = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        chunks: [],
        text: '',
        headersAt: performance.now() - started,
        firstByteAt: undefined,
        ended: 'end',
        errorCode: undefined,
      };
      let settled = false;
      const settle = (/** @type {RawResult['ended']} */ ended, /** @type {string} */ code = '') => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        result.ended = ended;
        result.errorCode = code || undefined;
        result.text = Buffer.concat(result.chunks).toString('utf8');
        resolve(result);
      };
      if (stopOnHeaders) {
        settle('stopped');
        req.destroy();
        return;
      }
      let decoded = '';
      res.on('data', (/** @type {Buffer} */ chunk) => {
        result.firstByteAt ??= performance.now() - started;
        result.chunks.push(chunk);
        if (!stopWhen && !onText) return;
        decoded = Buffer.concat(result.chunks).toString('utf8');
        onText?.(decoded);
        if (stopWhen?.(decoded)) {
          settle('stopped');
          req.destroy();
        }
      });
      res.on('end', () => settle('end'));
      res.on('error', (/** @type {NodeJS.ErrnoException} */ error) => settle('reset', error.code));
      res.on('close', () => {
        if (!res.complete) settle('reset', 'ECONNRESET');
      });
    });
    req.end(payload);
  });
}

/**
 * The SSE blocks of a body that carry data (and end with their blank line), with their `id:` (if any), event name
 * and data.
 * @param {string} text
 * @returns {Array<{ id?: string, event: string, data: string }>}
 */
export function eventBlocks(text) {
  const events = [];
  const blocks = text.replace(/\r\n?/g, '\n').split('\n\n');
  blocks.pop(); // what follows the last blank line is unfinished: like a browser, dispatch nothing for it
  for (const block of blocks) {
    /** @type {{ id?: string, event: string, data: string }} */
    const parsed = { event: 'message', data: '' };
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('id:')) parsed.id = line.slice(3).trim();
      else if (line.startsWith('event:')) parsed.event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length === 0) continue;
    parsed.data = data.join('\n');
    events.push(parsed);
  }
  return events;
}

/**
 * The answer text of a canonical stream's text-delta events.
 * @param {string} text
 */
export function canonicalAnswer(text) {
  return eventBlocks(text)
    .filter(e => e.event === 'text-delta')
    .map(e => JSON.parse(e.data).delta)
    .join('');
}
