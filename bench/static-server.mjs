// A tiny static file server for the benchmark pages: 127.0.0.1, a port chosen at run time, GET only, and only
// the folders the pages need (the built bundle, the bench pages, the answer generator the demo shares, and the two
// libraries the naive baseline loads).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** URL prefixes that may be served; everything else is a 404, so the server never exposes the checkout. */
const ALLOWED = ['/dist/', '/bench/', '/demo/backend/long-answer.mjs', '/node_modules/marked/', '/node_modules/dompurify/', '/node_modules/deep-chat/dist/'];

/**
 * Starts the server.
 * @param {string} root absolute path of the repository
 * @returns {Promise<{ url: string, close: () => Promise<void> }>} `url` has no trailing slash
 */
export async function startStaticServer(root) {
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    const file = resolve(root, '.' + path);
    const allowed = request.method === 'GET' && ALLOWED.some(prefix => path.startsWith(prefix)) && file.startsWith(root + sep);
    if (!allowed) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((done, fail) => server.once('error', fail).listen(0, '127.0.0.1', () => done(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise(done => {
        server.close(() => done(undefined));
        server.closeAllConnections(); // the browser keeps connections alive; do not wait for it to let go
      }),
  };
}
