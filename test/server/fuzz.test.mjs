import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { MAX_HISTORY_TURNS, MAX_MESSAGE_CHARS } from '../../demo/http/chat-body.mjs';
// The demo's seeded PRNG (mulberry32), so a failing case can be replayed with FUZZ_SEED.
import { createRandom } from '../../demo/backend/long-answer.mjs';
import { makeFixtureDocs, startTestServer, waitFor } from './helpers.mjs';
import { eventBlocks, rawPost } from './raw-client.mjs';

/** @type {{ dir: string, remove: () => Promise<void> }} */
let docs;
before(async () => {
  docs = await makeFixtureDocs();
});
after(async () => {
  await docs.remove();
});

describe('bad input: the /api/chat body, field by field', () => {
  it('answers 400 with a message naming the field', async () => {
    const { server } = await startTestServer(docs.dir);
    try {
      const cases = /** @type {Array<[unknown, string, RegExp]>} */ ([
        [{ message: ['hi'] }, 'invalid_message', /"message" must be a string/],
        [{ message: 'x'.repeat(MAX_MESSAGE_CHARS + 1) }, 'invalid_message', /"message" is longer than 8000 characters/],
        [{ message: 'hi', session_id: 7 }, 'invalid_session_id', /"session_id" must be a string/],
        [{ message: 'hi', session_id: 's'.repeat(201) }, 'invalid_session_id', /"session_id" is longer than 200/],
        [{ message: 'hi', history: 'earlier' }, 'invalid_history', /"history" must be an array/],
        [{ message: 'hi', history: Array(MAX_HISTORY_TURNS + 1).fill({ role: 'user', content: 'a' }) }, 'invalid_history', /more than 100 entries/],
        [{ message: 'hi', history: [{ role: 'user', content: 'a' }, 'junk'] }, 'invalid_history', /"history\[1\]" must be an object/],
        [{ message: 'hi', history: [{ role: 'system', content: 'a' }] }, 'invalid_history', /"history\[0\].role" must be "user" or "assistant"/],
        [{ message: 'hi', history: [{ role: 'user', content: { text: 'a' } }] }, 'invalid_history', /"history\[0\].content" must be a string/],
        [{ messages: [{ role: 1, content: 'q' }] }, 'invalid_messages', /"messages\[0\].role" must be a string/],
        [{ messages: 'q' }, 'invalid_messages', /"messages" must be an array/],
        [{ message: 'hi', model: 5 }, 'invalid_model', /"model" must be a string/],
        [{ message: 'hi', resumable: 'yes' }, 'invalid_resumable', /"resumable" must be true or false/],
      ]);
      for (const [body, code, message] of cases) {
        const result = await rawPost(`${server.url}/api/chat`, body);
        assert.equal(result.status, 400, JSON.stringify(body).slice(0, 80));
        const { error } = JSON.parse(result.text);
        assert.equal(error.code, code);
        assert.match(error.message, message);
      }
      const fine = await rawPost(`${server.url}/api/chat`, {
        message: 'x'.repeat(MAX_MESSAGE_CHARS),
        session_id: 's'.repeat(200),
        history: Array(MAX_HISTORY_TURNS).fill({ role: 'assistant', content: 'a' }),
        extra: { ignored: true },
        model: null,
      });
      assert.equal(fine.status, 200, 'the limits themselves are accepted');
      assert.equal(server.stats().totalStreams, 1);
    } finally {
      await server.close();
    }
  });
});

const SEED = Number(process.env.FUZZ_SEED ?? 20240611);
// 500 cases in `npm test`; `npm run test:heavy` (SSE_CHAT_HEAVY=1) tries 10× as many.
const CASES = process.env.SSE_CHAT_HEAVY === '1' ? 5000 : 500;
/**
 * How long one case may go without an answer or a close: a hang, not slowness (alone a case takes milliseconds; with
 * 16 at once on a loaded 2-core machine, seconds). The server's own body/idle timeouts are 10 s and 30 s.
 */
const CASE_BOUND_MS = 60_000;

describe('fuzz', () => {
  // Bounded by the test's timeout (10× a loaded run), not by a speed assertion: the time is reported, never asserted.
  it(`${CASES} random requests and malformed HTTP never crash the server; every request gets an answer`, { timeout: 300_000 }, async t => {
    const { server, log } = await startTestServer(docs.dir, { faultCapMs: 100, heartbeatMs: 20, maxBodyBytes: 8192, resume: { graceMs: 100 } });
    /** Every client connection still open, destroyed when the test ends however it ends (none may keep the process alive). */
    const open = new Set();
    try {
      // One generator per case, seeded from the case number: a failing case replays alone, whatever the interleaving.
      let random = createRandom(SEED);
      const int = (/** @type {number} */ n) => Math.floor(random() * n);
      const pick = (/** @type {any[]} */ list) => list[int(list.length)];
      const routes = (await (await fetch(`${server.url}/api/routes`)).json()).map((/** @type {any} */ r) => r.path.replace(/\{[^/}]+\}/g, 'x'));

      const faults = () => {
        const names = ['drop-after:2', 'close-after:1', 'stall-after:1', 'delay-first-byte:20', 'delay-headers:20', 'status:500', 'status:429', 'retry-after:3',
          'content-type:text/html', 'bytewise', 'never-finish', 'heartbeats-only', 'heartbeat-ms:10', 'no-content', 'empty', 'comments-only', 'unterminated-last',
          'error-after:2', 'big-event:5000', 'flood:500', 'ids', 'nope', 'drop-after:x', 'status:999', '', ':', 'flood:', 'content-type:a/b%0d%0a'];
        return Array.from({ length: 1 + int(3) }, () => `fault=${pick(names)}`).join(pick(['&', '&', ',']));
      };
      const randomText = (/** @type {number} */ length) => {
        const alphabet = ['a', ' ', '"', '\\', '{', '}', '[', ']', ':', ',', '\u00e9', '\u{1f600}', '\ud800', '\n', '\u0000', '\u2028'];
        return Array.from({ length }, () => pick(alphabet)).join('');
      };
      const deepJson = (/** @type {number} */ depth) => `{"message":"hi","x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      const anyValue = () => pick([null, 0, -1, 1e308, true, '', 'x', '\ud800', [], [null], [1, 'a'], {}, { role: 'user' }, [{ role: 'user', content: null }], 'x'.repeat(300)]);
      /** A valid house body with one field (or a history entry's field) replaced by a value of a random type. */
      const mutatedHouseBody = () => {
        /** @type {Record<string, any>} */
        const body = { message: 'cancel a request', session_id: 's', history: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }] };
        const target = pick(['message', 'session_id', 'history', 'messages', 'model', 'resumable', 'entry', 'role', 'content', 'text']);
        if (target === 'entry') body.history[int(2)] = anyValue();
        else if (['role', 'content', 'text'].includes(target)) body.history[int(2)][target] = anyValue();
        else body[target] = anyValue();
        return JSON.stringify(body);
      };
      const bodies = [
        mutatedHouseBody,
        mutatedHouseBody,
        mutatedHouseBody,
        mutatedHouseBody,
        () => JSON.stringify({ message: 'How do I cancel a request?' }),
        () => JSON.stringify({ message: 'accent colour', query: 'x', question: 'y', messages: [{ role: 'user', content: 'z' }], contents: [{ parts: [{ text: 'q' }] }] }),
        () => JSON.stringify({ message: 'install', session_id: 'fuzz', history: [{ role: 'assistant', content: 'earlier' }] }),
        () => JSON.stringify({ message: randomText(int(50)), session_id: randomText(int(10)), history: [{ role: 'user', content: randomText(5) }] }),
        () => JSON.stringify({ message: int(100) }),
        () => JSON.stringify({ message: 'hi', history: pick(['x', 5, [1], [null], [{ role: 'bot' }], null, {}]) }),
        () => JSON.stringify({ messages: pick([[null], [{ role: 'user', content: 5 }], [{ role: 'user', content: [null, 1, { text: 2 }] }], 'x']) }),
        () => '{"__proto__":{"message":"polluted"},"constructor":{"prototype":{"x":1}},"message":"hi"}',
        () => JSON.stringify({ query: 'x', question: 'y', messages: [{ role: 'user', content: [{ type: 'text', text: 'z' }] }], contents: [] }),
        () => deepJson(int(200)),
        () => 'x'.repeat(int(20000)),
        () => Buffer.from(Array.from({ length: int(300) }, () => int(256))).toString('latin1'),
        () => randomText(int(200)),
        () => '{"message":"trunc',
        () => '',
        () => 'null',
        () => '[]',
        () => '"just a string"',
        () => JSON.stringify({ message: '\ud83d' }),
      ];
      const methods = ['POST', 'POST', 'POST', 'POST', 'POST', 'POST', 'POST', 'POST', 'GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'PATCH', 'TRACE', 'PROPFIND'];
      const paths = () =>
        pick([
          () => '/api/chat',
          () => '/api/chat',
          () => pick(routes),
          () => `${pick(routes)}?${faults()}`,
          () => `${pick(routes)}?${faults()}`,
          () => `${pick(routes)}?${faults()}`,
          () => pick(['/', '/health', '/api/routes', '/demo.js', '/docs/readme', '/docs/../../etc/passwd', '/%', '/%00', '/api/chat/', '//api/chat', '/api/chat?', '/api/chat#x']),
          () => `/${randomText(int(30)).replace(/[\s#?]/g, '')}`.replace(/[^\x21-\x7e]/g, c => `%${(c.charCodeAt(0) & 0xff).toString(16).padStart(2, '0')}`),
        ])();
      const headers = () => {
        /** @type {Record<string, string>} */
        const h = {};
        if (random() < 0.7) h['content-type'] = pick(['application/json', 'text/plain', 'multipart/form-data; boundary=x', 'application/json; charset=latin1']);
        if (random() < 0.2) h.origin = pick(['https://evil.example', 'null', 'http://127.0.0.1']);
        if (random() < 0.2) h['last-event-id'] = pick(['17', 'A'.repeat(22) + '.1', '', 'x.y.z', '\u00e9'.replace(/[^\x00-\xff]/g, '')]);
        if (random() < 0.1) h['x-resumable'] = '1';
        if (random() < 0.1) h['access-control-request-method'] = 'POST';
        if (random() < 0.1) h['accept'] = 'text/event-stream';
        return h;
      };

      /** An HTTP request over node:http, body sent at once, slowly, or promised and cut short. */
      const httpCase = () =>
        new Promise((resolve, reject) => {
          const body = pick(bodies)();
          const slow = random() < 0.05;
          const req = request(`${server.url}${paths()}`, { method: pick(methods), agent: false, headers: headers() });
          open.add(req);
          req.on('close', () => open.delete(req));
          const timer = setTimeout(() => reject(new Error(`no answer within ${CASE_BOUND_MS / 1000} s`)), CASE_BOUND_MS);
          req.on('error', error => {
            // A fault that drops the connection, or the server refusing a body it will never read: after a status.
            clearTimeout(timer);
            if (gotStatus) resolve('dropped');
            else reject(error);
          });
          let gotStatus = false;
          req.on('response', res => {
            gotStatus = true;
            assert.ok(res.statusCode && res.statusCode >= 200 && res.statusCode < 600);
            res.on('data', () => {});
            res.on('error', () => {});
            res.on('close', () => {
              clearTimeout(timer);
              resolve(res.statusCode);
            });
          });
          if (!slow) return void req.end(body);
          const pieces = [body.slice(0, body.length / 3), body.slice(body.length / 3, (2 * body.length) / 3), body.slice((2 * body.length) / 3)];
          const sendNext = () => {
            const piece = pieces.shift();
            if (piece === undefined) return void req.end();
            req.write(piece);
            setTimeout(sendNext, 5 + int(20));
          };
          sendNext();
        });

      const malformed = [
        () => 'GARBAGE\r\n\r\n',
        () => 'GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n',
        () => `GET /${'a'.repeat(20000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
        () => `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20000)}\r\n\r\n`,
        () => 'POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n',
        () => 'POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
        () => 'POST /api/chat HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n',
        () => 'POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"message":"cut',
        () => 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
        () => 'G\u0000T / HTTP/1.1\r\nHost: x\r\n\r\n',
        () => 'GET / HTTP/9.9\r\nHost: x\r\n\r\n',
        () => 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab',
        () => Buffer.from(Array.from({ length: 1 + int(200) }, () => int(256))).toString('latin1'),
        () => 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n', // well-formed, as a yardstick
      ];
      /** Raw bytes over a socket: the server answers with a status line, or closes the connection. */
      const rawCase = () =>
        new Promise((resolve, reject) => {
          const socket = connect(server.port, '127.0.0.1');
          open.add(socket);
          let received = '';
          const timer = setTimeout(() => {
            socket.destroy();
            reject(new Error(`no answer and no close within ${CASE_BOUND_MS / 1000} s; got ${JSON.stringify(received.slice(0, 80))}`));
          }, CASE_BOUND_MS);
          socket.on('data', chunk => (received += chunk.toString('latin1')));
          socket.on('error', () => {});
          socket.on('close', () => {
            open.delete(socket);
            clearTimeout(timer);
            if (received !== '' && !/^HTTP\/1\.1 \d{3} /.test(received)) reject(new Error(`not an HTTP answer: ${received.slice(0, 80)}`));
            else resolve(received === '' ? 'closed' : Number(received.slice(9, 12)));
          });
          socket.end(pick(malformed)(), 'latin1');
        });

      const started = performance.now();
      /** @type {Map<string, number>} */
      const outcomes = new Map();
      let next = 0;
      const worker = async () => {
        while (next < CASES) {
          const n = next++;
          random = createRandom(SEED + n * 7919);
          const outcome = await (random() < 0.8 ? httpCase() : rawCase()).catch(error => {
            throw new Error(`case ${n} (FUZZ_SEED=${SEED}): ${error.message}`);
          });
          const key = String(outcome);
          outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
      const seconds = (performance.now() - started) / 1000;
      const summary = [...outcomes].sort().map(([key, count]) => `${key}: ${count}`).join(', ');
      t.diagnostic(`fuzz: ${CASES} cases in ${seconds.toFixed(1)} s (seed ${SEED}); outcomes ${summary}`);

      assert.deepEqual(
        log.filter(e => e.status === 500 && e.event === 'error').map(e => e.detail),
        [],
        'no request hit a bug of the server',
      );
      const chat = await rawPost(`${server.url}/api/chat`, { message: 'How do I cancel a request?' });
      assert.equal(chat.status, 200, 'a normal chat still works');
      assert.equal(eventBlocks(chat.text).at(-1)?.event, 'done');
      await waitFor(() => server.stats().activeStreams === 0, 'every stream to end', 60_000);
      await waitFor(() => server.stats().timers === 0, 'every timer to be cleared', 60_000);
    } finally {
      for (const connection of open) connection.destroy();
      await server.close();
    }
  });
});
