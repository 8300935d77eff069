// What the demo server answers with: CORS headers, JSON errors, a stream's headers, the origin links point to, and
// waiting for a full socket to drain.

/**
 * @param {string | undefined} value   comma list of origins, '*', or nothing (same origin only)
 * @returns {(origin: string) => boolean}
 */
export function parseCorsOrigins(value) {
  const origins = (value ?? '')
    .split(',')
    .map(origin => origin.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  if (origins.includes('*')) return () => true;
  const allowed = new Set(origins);
  return origin => allowed.has(origin);
}

/**
 * CORS response headers for a request from `origin`: none unless the origin is allowed.
 * @param {string | undefined} origin
 * @param {(origin: string) => boolean} allowOrigin
 * @returns {Record<string, string>}
 */
export function corsHeadersFor(origin, allowOrigin) {
  if (!origin || !allowOrigin(origin)) return {};
  // Exposed so a cross-origin page can read what identifies a stream's format (dialect detection uses it).
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': 'x-vercel-ai-ui-message-stream, Retry-After',
    Vary: 'Origin',
  };
}

/**
 * The extra headers of a preflight answer, when the origin is allowed.
 * @param {import('node:http').IncomingMessage} req
 * @param {Record<string, string>} corsHeaders
 * @param {string} allow
 * @returns {Record<string, string>}
 */
export function preflightHeaders(req, corsHeaders, allow) {
  if (!corsHeaders['Access-Control-Allow-Origin'] || !req.headers['access-control-request-method']) return {};
  return {
    'Access-Control-Allow-Methods': allow,
    'Access-Control-Allow-Headers': 'Content-Type, Last-Event-ID, Authorization, X-Resumable',
    'Access-Control-Max-Age': '600',
  };
}

/**
 * A stream's response headers: the encoder's own first (lowercased, so its 'Cache-Control' cannot duplicate ours),
 * then the ones every stream needs so no proxy buffers or caches it.
 * @param {import('../encoders/types.mjs').WireEncoder} encoder
 * @returns {Record<string, string>}
 */
export function streamHeaders(encoder) {
  /** @type {Record<string, string>} */
  const headers = {};
  for (const [name, value] of Object.entries(encoder.headers ?? {})) headers[name.toLowerCase()] = value;
  return {
    ...headers,
    'content-type': encoder.contentType,
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
    connection: 'keep-alive',
  };
}

/**
 * The absolute origin links in answers use: the Host the client reached us by when it looks like a host name, else
 * the address we listen on.
 * @param {string | undefined} host
 * @param {string} fallback
 */
export function publicBaseUrl(host, fallback) {
  return host && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? `http://${host}` : fallback;
}

/**
 * Answers `error` as JSON `{ error: { message, code } }`.
 * @param {import('node:http').ServerResponse} res
 * @param {import('./http-error.mjs').HttpError} error
 */
export function sendError(res, error) {
  res.writeHead(error.status, { 'Content-Type': 'application/json; charset=utf-8', ...error.headers });
  res.end(JSON.stringify({ error: { message: error.message, code: error.code } }));
}

/**
 * Resolves when the response can take more data, or is gone.
 * @param {import('node:http').ServerResponse} res
 */
export function drainedOrClosed(res) {
  return new Promise(resolve => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve(undefined);
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
