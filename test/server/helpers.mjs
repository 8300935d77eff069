// Shared by the demo server's tests: a fixture docs folder, a server per test, and a tiny SSE reader.

import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { startDemoServer } from '../../demo/server.mjs';

/** Fixture docs, so answers do not change when the project's real docs do. */
export const FIXTURE_DOCS = {
  'README.md': `# Fixture project

## Installing the widget

Run the installer with npm:

\`\`\`sh
npm install fixture-widget
\`\`\`

## Cancelling a request

Press the Stop button to cancel a request. The server notices the cancelled connection and stops its work.
`,
  'docs/theming.md': `# Theming

## Colours

Set \`--fixture-accent\` to change the accent colour of the widget.

- light themes
- dark themes
`,
};

/**
 * Writes the fixture docs to a fresh temporary folder.
 * @returns {Promise<{ dir: string, remove: () => Promise<void> }>}
 */
export async function makeFixtureDocs() {
  const dir = await mkdtemp(join(tmpdir(), 'sse-chat-docs-'));
  await mkdir(join(dir, 'docs'));
  for (const [file, text] of Object.entries(FIXTURE_DOCS)) await writeFile(join(dir, file), text);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Starts a quiet demo server on a free port over `rootDir`, collecting its log.
 * @param {string} rootDir
 * @param {import('../../demo/server.mjs').DemoServerOptions} [options]
 */
export async function startTestServer(rootDir, options = {}) {
  /** @type {import('../../demo/server.mjs').LogEntry[]} */
  const log = [];
  const server = await startDemoServer({
    quiet: true,
    tokenDelayMs: 0,
    rootDir,
    ...options,
    onLog: entry => {
      log.push(entry);
      options.onLog?.(entry);
    },
  });
  return { server, log };
}

/**
 * POSTs JSON to a chat route.
 * @param {string} url
 * @param {unknown} body
 * @param {RequestInit} [init]
 */
export function postChat(url, body, init = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
}

/**
 * @typedef {{ event: string, data: string, comment?: string }} WireMessage
 */

/**
 * Splits SSE text into messages (comments kept as `{ comment }`); enough for the canonical format in tests.
 * @param {string} text
 * @returns {WireMessage[]}
 */
export function parseSse(text) {
  /** @type {WireMessage[]} */
  const messages = [];
  for (const block of text.split(/\n\n/)) {
    if (block.trim() === '') continue;
    let event = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) messages.push({ event: '', data: '', comment: line.slice(1).trim() });
      else if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length > 0) messages.push({ event, data: data.join('\n') });
  }
  return messages;
}

/**
 * The chat events of a canonical stream.
 * @param {string} text
 * @returns {import('../../src/dialects/chat-event.js').ChatEvent[]}
 */
export function chatEventsOf(text) {
  // The canonical form names the type on the `event:` line; the data holds the rest of the event.
  return parseSse(text)
    .filter(message => !message.comment)
    .map(message => ({ type: message.event, ...JSON.parse(message.data) }));
}

/**
 * Polls `check` until it returns true or `timeoutMs` passes (then throws with `what`).
 * @param {() => boolean} check
 * @param {string} what
 * @param {number} [timeoutMs=3000]
 */
export async function waitFor(check, what, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}

/**
 * Reads a streamed body until `enough(textSoFar)` holds; fails if the stream ends first.
 * @param {ReadableStreamDefaultReader<Uint8Array>} reader
 * @param {(text: string) => boolean} enough
 * @returns {Promise<string>}
 */
export async function readUntil(reader, enough) {
  const decoder = new TextDecoder();
  let text = '';
  while (!enough(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the stream ended before the expected text; got:\n${text.slice(-500)}`);
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

/**
 * For a test file: a fixture docs folder made before its tests and removed after them; `startServer(options)` starts
 * a server on it, and `withServer(options, body)` runs `body` against a fresh one and always closes it. With `settle`,
 * it first checks that no stream or timer is left once `body` is done (work must stop when a stream does).
 * @param {{ settle?: boolean }} [config]
 */
export function fixtureServers({ settle = false } = {}) {
  /** @type {{ dir: string, remove: () => Promise<void> }} */
  let docs;
  before(async () => {
    docs = await makeFixtureDocs();
  });
  after(async () => {
    await docs.remove();
  });
  /** @param {import('../../demo/server.mjs').DemoServerOptions} options */
  const startServer = options => startTestServer(docs.dir, options);
  /**
   * @param {import('../../demo/server.mjs').DemoServerOptions} options
   * @param {(context: Awaited<ReturnType<typeof startTestServer>>) => Promise<void>} body
   */
  const withServer = async (options, body) => {
    const context = await startServer(options);
    try {
      await body(context);
      if (settle) {
        await waitFor(() => context.server.stats().activeStreams === 0, 'every stream to end');
        await waitFor(() => context.server.stats().timers === 0, 'every timer to be cleared');
      }
    } finally {
      await context.server.close();
    }
  };
  return { startServer, withServer };
}

const START = fileURLToPath(new URL('../../demo/start.mjs', import.meta.url));

/**
 * Runs `node demo/start.mjs` with `env`, resolves its URL once it listens.
 * @param {Record<string, string>} env
 */
export async function startChild(env = {}) {
  const child = spawn(process.execPath, [START], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', OPENAI_BASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A bound for a hung child, not a speed limit: at load 20 the demo took over 15 s to start listening.
  const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  child.once('exit', () => clearTimeout(killer));
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', chunk => (output += chunk));
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /sse-chat demo: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (match) resolve(match[1]);
    });
    child.once('exit', code => reject(new Error(`exited early with ${code}: ${output}`)));
  });
  const exited = new Promise(resolve => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, url: /** @type {string} */ (url), exited, output: () => output };
}
