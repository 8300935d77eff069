// What the demo server answers to GET: the demo page, the built bundle, the docs the answers cite (as HTML pages),
// `/health` and `/api/routes`.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderDocPage } from './backend/doc-pages.mjs';
import { chatRoutes, describeRoute } from './chat-routes.mjs';

/** @typedef {{ status: number, contentType: string, body: string | Buffer }} PageResponse */

const HTML = 'text/html; charset=utf-8';
const JAVASCRIPT = 'text/javascript; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

/** Static files by URL path: the demo page from demo/, the bundle from dist/ (built by `npm start`). */
const FILES = /** @type {Record<string, { file: string, contentType: string }>} */ ({
  '/': { file: 'demo/index.html', contentType: HTML },
  '/index.html': { file: 'demo/index.html', contentType: HTML },
  '/demo.css': { file: 'demo/demo.css', contentType: 'text/css; charset=utf-8' },
  '/demo.js': { file: 'demo/demo.js', contentType: JAVASCRIPT },
  '/sse-chat.bundle.js': { file: 'dist/sse-chat.bundle.js', contentType: JAVASCRIPT },
  '/sse-chat.bundle.js.map': { file: 'dist/sse-chat.bundle.js.map', contentType: JSON_TYPE },
});

/**
 * The GET resources of a server.
 * @param {{ projectRoot: string, docs: import('./backend/corpus.mjs').CorpusDoc[] }} options
 * @returns {(path: string) => (() => Promise<PageResponse>) | undefined}  for a path, a function producing its
 *   response; undefined for an unknown path
 */
export function createPages({ projectRoot, docs }) {
  const docsBySlug = new Map(docs.map(doc => [doc.slug, doc]));
  const docsByFile = new Map(docs.map(doc => [doc.file, doc]));
  const urlOf = (/** @type {string} */ file, /** @type {string} */ anchor) => {
    const doc = docsByFile.get(file);
    return doc && `/docs/${doc.slug}${anchor ? `#${anchor}` : ''}`;
  };
  const json = (/** @type {unknown} */ value) => async () => ({ status: 200, contentType: JSON_TYPE, body: JSON.stringify(value) });
  return path => {
    if (path === '/health') return json({ status: 'ok' });
    if (path === '/api/routes') return json(chatRoutes.map(describeRoute));
    const file = FILES[path];
    if (file) return () => serveFile(join(projectRoot, file.file), file.contentType, file.file);
    const doc = docsBySlug.get(/^\/docs\/([\w-]+)$/.exec(path)?.[1] ?? '');
    if (doc) return async () => ({ status: 200, contentType: HTML, body: renderDocPage(doc, urlOf) });
    return undefined;
  };
}

/**
 * Reads a file fresh on each request (so a rebuilt bundle is picked up); a missing one is a 500 that says why.
 * @param {string} file
 * @param {string} contentType
 * @param {string} name   as the project names it, e.g. 'dist/sse-chat.bundle.js'
 * @returns {Promise<PageResponse>}
 */
async function serveFile(file, contentType, name) {
  try {
    return { status: 200, contentType, body: await readFile(file) };
  } catch {
    const hint = name.startsWith('dist/') ? ' Run `npm run build` (or `npm start`) first.' : '';
    return { status: 500, contentType: 'text/plain; charset=utf-8', body: `${name} is missing.${hint}\n` };
  }
}
