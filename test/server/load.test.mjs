import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { makeFixtureDocs, startChild, startTestServer, waitFor } from './helpers.mjs';
import { eventBlocks, rawPost } from './raw-client.mjs';

/** @type {{ dir: string, remove: () => Promise<void> }} */
let docs;
before(async () => {
  docs = await makeFixtureDocs();
});
after(async () => {
  await docs.remove();
});

const QUESTION = { message: 'How do I cancel a request?' };

describe('the concurrency cap', () => {
  it('answers 503 with Retry-After beyond maxConcurrentStreams, fault streams included, and recovers', async () => {
    const { server } = await startTestServer(docs.dir, { maxConcurrentStreams: 3, faultCapMs: 10000 });
    try {
      const url = `${server.url}/api/chat`;
      const held = [
        rawPost(`${url}?fault=stall-after:1`, QUESTION),
        rawPost(`${url}?fault=heartbeats-only`, QUESTION),
        rawPost(`${url}?fault=never-finish`, QUESTION),
      ];
      await waitFor(() => server.stats().activeStreams === 3, 'three open streams');
      for (const path of ['/api/chat', '/api/chat?fault=flood:10', '/seeds/trading']) {
        const refused = await rawPost(`${server.url}${path}`, QUESTION);
        assert.equal(refused.status, 503, path);
        assert.equal(JSON.parse(refused.text).error.code, 'overloaded');
        assert.ok(Number(refused.headers['retry-after']) > 0, 'Retry-After');
      }
      const canned = await rawPost(`${url}?fault=status:418`, QUESTION);
      assert.equal(canned.status, 418, 'a canned answer is not a stream: the cap does not apply');
      await server.close();
      await Promise.all(held);
    } finally {
      await server.close();
    }
    assert.deepEqual(server.stats(), { activeStreams: 0, totalStreams: 3, disconnects: 0, timers: 0 });
  });
});

/**
 * Cycles in `npm test`: 30 of each of the ten stream kinds below, 50 at a time, show a leak as well as 1,000 do (any
 * stream, timer or handle left behind fails it); `npm run test:heavy` (SSE_CHAT_HEAVY=1) runs the 1,000.
 */
const CYCLES = process.env.SSE_CHAT_HEAVY === '1' ? 1000 : 300;

describe('connect/abort cycles', () => {
  // Bounded by the test's timeout (10× a loaded run); how long the cycles took is reported, never asserted.
  it(`${CYCLES.toLocaleString('en')} streams opened and aborted (50 at a time) leave no stream, timer or handle behind`, { timeout: 300_000 }, async () => {
    const { server } = await startTestServer(docs.dir, { tokenDelayMs: 2, heartbeatMs: 5, faultCapMs: 2000 });
    try {
      // Mostly plain streams, and every kind of fault stream that holds work or time.
      const variants = ['', '', '', '?fault=stall-after:2', '?fault=never-finish', '?fault=heartbeats-only&fault=heartbeat-ms:10', '?fault=bytewise', '?fault=delay-first-byte:1000', '?fault=flood:100000', '?fault=drop-after:3'];
      const resourcesBefore = process.getActiveResourcesInfo().length;
      let next = 0;
      let opened = 0;
      const cycle = async () => {
        while (next < CYCLES) {
          const n = next++;
          await openAndAbort(`${server.url}/api/chat${variants[n % variants.length]}`, n);
          opened++;
        }
      };
      await Promise.all(Array.from({ length: 50 }, cycle));
      // No speed assertion: how fast the cycles run is the machine's business (`npm run bench` measures it).
      assert.equal(opened, CYCLES);
      await waitFor(() => server.stats().activeStreams === 0, 'every stream to end', 60_000);
      await waitFor(() => server.stats().timers === 0, 'every timer to be cleared', 60_000);
      await waitFor(() => process.getActiveResourcesInfo().length <= resourcesBefore + 2, 'the handles to go', 60_000);
      assert.equal(server.stats().totalStreams, CYCLES);
    } finally {
      await server.close();
    }
  });
});

/**
 * POSTs a question and aborts once the headers (and, every other time, a first chunk) are in; resolves when the
 * client side is done.
 * @param {string} url
 * @param {number} n
 * @returns {Promise<void>}
 */
function openAndAbort(url, n) {
  const body = JSON.stringify(QUESTION);
  return new Promise(resolve => {
    const req = request(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    const abort = () => {
      req.destroy();
      resolve();
    };
    req.on('error', () => resolve());
    req.on('response', res => {
      res.on('error', () => {});
      if (n % 2 === 0) return abort();
      res.once('data', abort);
      res.once('end', abort);
    });
    req.end(body);
  });
}

describe('node demo/start.mjs', () => {
  it('allows the CORS_ORIGINS origins only', async () => {
    const { child, url, exited } = await startChild({ CORS_ORIGINS: 'https://app.example' });
    try {
      const allowed = await fetch(`${url}/health`, { headers: { Origin: 'https://app.example' } });
      assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://app.example');
      const other = await fetch(`${url}/health`, { headers: { Origin: 'https://evil.example' } });
      assert.equal(other.headers.get('access-control-allow-origin'), null);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('on SIGTERM tells open streams to retry, closes their sockets, refuses new connections, and exits 0', async () => {
    const { child, url, exited, output } = await startChild({});
    try {
      let plainSeen = '';
      const plain = rawPost(`${url}/api/chat`, QUESTION, { onText: text => (plainSeen = text) });
      let stalledSeen = '';
      const stalled = rawPost(`${url}/api/chat?fault=stall-after:2`, QUESTION, { onText: text => (stalledSeen = text) });
      await waitFor(() => plainSeen.includes('event: step') && eventBlocks(stalledSeen).length === 2, 'both streams to be open');
      child.kill('SIGTERM');
      for (const result of await Promise.all([plain, stalled])) {
        assert.equal(result.ended, 'end', 'the socket closes cleanly');
        const last = eventBlocks(result.text).at(-1);
        assert.equal(last?.event, 'error');
        assert.deepEqual(JSON.parse(last?.data ?? '{}'), {
          message: 'The server is shutting down; please retry in a moment.',
          code: 'server_shutdown',
          retryable: true,
        });
      }
      assert.deepEqual(await exited, { code: 0, signal: null });
      await assert.rejects(fetch(`${url}/health`), 'new connections are refused');
      assert.match(output(), /SIGTERM: closing/);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('on SIGTERM with many bytewise streams open, exits promptly and every stream gets the shutdown error', async () => {
    const { child, url, exited } = await startChild({});
    try {
      // A 100 KB event each, written one byte per write: the server is busy with nothing but these when the signal
      // comes, and every stream is in the middle of an event.
      const streams = Array.from({ length: 20 }, () => collect(`${url}/api/chat?fault=bytewise&fault=big-event:100000`));
      await waitFor(() => streams.every(stream => stream.bytes() > 300), 'every stream to be under way', 30000);
      child.kill('SIGTERM');
      const exit = await Promise.race([exited, new Promise(resolve => setTimeout(resolve, 5000, 'still running'))]);
      assert.deepEqual(exit, { code: 0, signal: null }, 'exits within 5 s (a generous bound: it takes well under 1 s)');
      for (const stream of streams) {
        const result = await stream.done;
        assert.equal(result.ended, 'end', 'the socket closes cleanly');
        const events = eventBlocks(result.text);
        for (const event of events) JSON.parse(event.data); // the block cut mid-way was finished first
        assert.deepEqual(JSON.parse(events.at(-1)?.data ?? '{}'), {
          message: 'The server is shutting down; please retry in a moment.',
          code: 'server_shutdown',
          retryable: true,
        });
      }
    } finally {
      child.kill('SIGKILL');
    }
  });
});

/**
 * POSTs the question and keeps the body's chunks (cheaply: a bytewise stream arrives a byte at a time).
 * @param {string} url
 */
function collect(url) {
  const body = JSON.stringify(QUESTION);
  /** @type {Buffer[]} */
  const chunks = [];
  let bytes = 0;
  /** @type {Promise<{ text: string, ended: 'end' | 'reset' }>} */
  const done = new Promise(resolve => {
    const req = request(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    const finish = (/** @type {'end' | 'reset'} */ ended) => resolve({ text: Buffer.concat(chunks).toString('utf8'), ended });
    req.on('error', () => finish('reset'));
    req.on('response', res => {
      res.on('data', chunk => {
        chunks.push(chunk);
        bytes += chunk.length;
      });
      res.on('end', () => finish('end'));
      res.on('error', () => finish('reset'));
    });
    req.end(body);
  });
  return { done, bytes: () => bytes };
}
