import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { generateAnswer } from '../../demo/backend/long-answer.mjs';
import { chatEventsOf, fixtureServers, parseSse, postChat, readUntil, waitFor } from './helpers.mjs';

const { startServer, withServer } = fixtureServers();

/** @param {import('../../src/dialects/chat-event.js').ChatEvent[]} events */
const answerText = events =>
  events
    .filter(e => e.type === 'text-delta')
    .map(e => /** @type {any} */ (e).delta)
    .join('');

describe('POST /api/chat: the "ask the docs" backend', () => {
  it('streams the real steps in order, then sources, a markdown answer with citations, metadata and done', async () => {
    await withServer({}, async ({ server }) => {
      const response = await postChat(`${server.url}/api/chat`, { message: 'How do I cancel a request?' });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
      assert.equal(response.headers.get('cache-control'), 'no-cache');
      assert.equal(response.headers.get('x-accel-buffering'), 'no');
      const events = chatEventsOf(await response.text());

      assert.equal(events[0].type, 'start');
      assert.deepEqual(events.slice(-2).map(e => e.type), ['metadata', 'done']);
      const followUps = /** @type {any} */ (events.find(e => e.type === 'suggestions'));
      assert.ok(followUps.suggestions.length >= 1 && followUps.suggestions.length <= 3, 'one to three follow-ups');
      assert.ok(followUps.suggestions.every(text => /^Tell me more about “.+”$/.test(text)));

      const steps = /** @type {any[]} */ (events.filter(e => e.type === 'step'));
      const order = [...new Set(steps.map(s => s.id))];
      assert.deepEqual(order, ['understand', 'retrieve', 'rerank', 'write']);
      for (const id of order) {
        const mine = steps.filter(s => s.id === id);
        assert.equal(mine[0].status, 'active', `${id} starts active`);
        assert.ok(mine[0].label, `${id} has a label`);
        assert.equal(mine.at(-1).status, 'done', `${id} ends done`);
      }
      assert.match(steps.find(s => s.id === 'understand' && s.status === 'done').detail, /cancel, request/);
      const progress = steps.filter(s => s.id === 'retrieve' && s.progress).map(s => s.progress);
      assert.deepEqual(progress.map(p => `${p.value}/${p.max}`), ['0/2', '1/2', '2/2', '2/2']);
      assert.match(steps.find(s => s.id === 'retrieve' && s.status === 'done').detail, /^found \d+ passages?$/);

      const sources = /** @type {any} */ (events.find(e => e.type === 'sources')).sources;
      assert.equal(sources[0].title, 'Fixture project › Cancelling a request');
      assert.equal(sources[0].url, `${server.url}/docs/readme#cancelling-a-request`);
      assert.ok(sources.every(s => typeof s.score === 'number' && s.score > 0 && s.snippet));
      assert.ok(sources[0].score >= sources.at(-1).score, 'best source first');

      const text = answerText(events);
      assert.match(text, /^Press the Stop button to cancel a request\. .* \[1\]\.$/m, 'the best section\'s answer first');
      const sourcesAt = events.findIndex(e => e.type === 'sources');
      const firstDelta = events.findIndex(e => e.type === 'text-delta');
      const writeDone = events.findIndex(e => e.type === 'step' && e.id === 'write' && e.status === 'done');
      assert.ok(sourcesAt < firstDelta && firstDelta < writeDone, 'sources, then text, then the write step ends');
    });
  });

  it('quotes code blocks and lists from the docs as written, token by token', async () => {
    await withServer({}, async ({ server }) => {
      const response = await postChat(`${server.url}/api/chat`, { message: 'installing with npm' });
      const events = chatEventsOf(await response.text());
      const deltas = events.filter(e => e.type === 'text-delta').map(e => /** @type {any} */ (e).delta);
      assert.match(deltas.join(''), /```sh\nnpm install fixture-widget\n```/);
      assert.ok(deltas.length > 10 && deltas.every(d => d.trim().length <= 4), 'about four characters a token');
    });
  });

  it('gives the same answer to the same question', async () => {
    await withServer({}, async ({ server }) => {
      const ask = async () => {
        const events = chatEventsOf(await (await postChat(`${server.url}/api/chat`, { message: 'accent colour' })).text());
        return { text: answerText(events), sources: events.find(e => e.type === 'sources') };
      };
      const first = await ask();
      assert.match(first.text, /--fixture-accent/);
      assert.deepEqual(await ask(), first);
    });
  });

  it('accepts an OpenAI-style messages array, the last user message being the question', async () => {
    await withServer({}, async ({ server }) => {
      const response = await postChat(`${server.url}/api/chat`, {
        messages: [
          { role: 'user', content: 'hello' },
          { role: 'assistant', content: 'hi' },
          { role: 'user', content: [{ type: 'text', text: 'dark themes?' }] },
        ],
      });
      const events = chatEventsOf(await response.text());
      assert.match(/** @type {any} */ (events.find(e => e.type === 'sources')).sources[0].title, /^Theming/);
    });
  });

  it('says so, and suggests topics, when nothing matches', async () => {
    await withServer({}, async ({ server }) => {
      const events = chatEventsOf(await (await postChat(`${server.url}/api/chat`, { message: 'zebra quantum' })).text());
      assert.equal(events.find(e => e.type === 'sources'), undefined);
      assert.match(answerText(events), /could not find anything about that in the docs \(I searched for zebra, quantum\)/);
      assert.equal(events.at(-1).type, 'done');
    });
  });

  it('links every source to a doc page that has the cited anchor', async () => {
    await withServer({}, async ({ server }) => {
      const events = chatEventsOf(await (await postChat(`${server.url}/api/chat`, { message: 'accent colour' })).text());
      const { url } = /** @type {any} */ (events.find(e => e.type === 'sources')).sources[0];
      const [page, anchor] = url.split('#');
      const response = await fetch(page);
      assert.equal(response.status, 200);
      assert.ok((await response.text()).includes(`id="${anchor}"`));
    });
  });
});

describe('client disconnects', () => {
  it('stop the work at once: no stream, no timers left, counted and logged', async () => {
    /** @type {import('../../demo/server.mjs').DemoServerStats | undefined} */
    let statsWhenNoticed;
    /** @type {import('../../demo/server.mjs').DemoServer | undefined} */
    let running;
    const onLog = (/** @type {import('../../demo/server.mjs').LogEntry} */ entry) => {
      if (entry.event === 'disconnect') statsWhenNoticed = running?.stats();
    };
    await withServer({ tokenDelayMs: 25, onLog }, async ({ server, log }) => {
      running = server;
      const controller = new AbortController();
      const response = await postChat(`${server.url}/api/chat`, { message: 'cancel a request' }, { signal: controller.signal });
      const reader = /** @type {ReadableStream<Uint8Array>} */ (response.body).getReader();
      await readUntil(reader, text => text.includes('event: text-delta'));
      assert.equal(server.stats().activeStreams, 1);
      assert.ok(server.stats().timers > 0, 'a streaming answer has a pending timer');

      controller.abort();
      await waitFor(() => server.stats().activeStreams === 0, 'the stream to end');
      assert.equal(statsWhenNoticed?.timers, 0, 'every timer of the stream is cleared the moment it is noticed');
      assert.deepEqual(server.stats(), { activeStreams: 0, totalStreams: 1, disconnects: 1, timers: 0 });
      const entry = log.find(e => e.event === 'disconnect');
      assert.ok(entry, 'a disconnect log entry');
      assert.match(entry.detail ?? '', /client cancelled/);
      assert.equal(log.some(e => e.event === 'complete'), false, 'the cancelled stream never completes');
    });
  });
});

describe('bad input', () => {
  /**
   * @param {Response} response
   * @param {number} status
   * @param {string} code
   */
  async function assertJsonError(response, status, code) {
    assert.equal(response.status, status);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const body = await response.json();
    assert.equal(body.error.code, code);
    assert.equal(typeof body.error.message, 'string');
  }

  it('answers 400 for malformed JSON and a missing, empty or non-string message', async () => {
    await withServer({}, async ({ server, log }) => {
      const url = `${server.url}/api/chat`;
      await assertJsonError(await postChat(url, '{"message": "unterminated'), 400, 'invalid_json');
      await assertJsonError(await postChat(url, '[1, 2]'), 400, 'invalid_json');
      await assertJsonError(await postChat(url, {}), 400, 'invalid_message');
      await assertJsonError(await postChat(url, { message: '   ' }), 400, 'invalid_message');
      await assertJsonError(await postChat(url, { message: 42 }), 400, 'invalid_message');
      await assertJsonError(await postChat(url, { messages: [{ role: 'assistant', content: 'hi' }] }), 400, 'invalid_message');
      assert.equal(log.filter(e => e.event === 'reject' && e.status === 400).length, 6);
      assert.equal(server.stats().totalStreams, 0);
    });
  });

  it('answers 400 for JSON nested deeper than 32 levels, and accepts 32', async () => {
    await withServer({}, async ({ server }) => {
      const url = `${server.url}/api/chat`;
      const nested = (/** @type {number} */ depth) => `{"message":"css","x":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
      await assertJsonError(await postChat(url, nested(33)), 400, 'json_too_deep');
      const ok = await postChat(url, nested(32));
      assert.equal(ok.status, 200);
      await ok.body?.cancel();
    });
  });

  it('answers 413 for a body over maxBodyBytes, declared or streamed', async () => {
    await withServer({ maxBodyBytes: 1024 }, async ({ server }) => {
      const url = `${server.url}/api/chat`;
      await assertJsonError(await postChat(url, { message: 'x'.repeat(2000) }), 413, 'payload_too_large');
      const chunks = new ReadableStream({
        pull(controller) {
          controller.enqueue(new TextEncoder().encode(`{"message":"${'y'.repeat(600)}`));
          controller.close();
        },
        start(controller) {
          controller.enqueue(new TextEncoder().encode(`{"pad":"${'z'.repeat(600)}",`));
        },
      });
      const streamed = await fetch(url, /** @type {RequestInit} */ ({ method: 'POST', body: chunks, duplex: 'half' }));
      await assertJsonError(streamed, 413, 'payload_too_large');
      const health = await fetch(`${server.url}/health`);
      assert.deepEqual(await health.json(), { status: 'ok' }, 'the server carries on');
    });
  });

  it('accepts a dozen long-answer turns of history by default, and says why a body past 1 MB is refused', async () => {
    await withServer({}, async ({ server }) => {
      const url = `${server.url}/api/chat`;
      // The demo's long answers (2,000 tokens, ~8 KB each), a dozen turns: what a long conversation sends.
      const answer = generateAnswer(2000).text;
      const history = Array.from({ length: 12 }, (_, i) => [
        { role: 'user', content: `Question ${i + 1}: write me a long answer` },
        { role: 'assistant', content: answer },
      ]).flat();
      const accepted = await postChat(url, { message: 'And one more?', history });
      assert.equal(accepted.status, 200);
      await accepted.body?.cancel();

      const tooLong = await postChat(url, { message: 'x', history: [{ role: 'assistant', content: 'y'.repeat(1024 * 1024) }] });
      assert.equal(tooLong.status, 413);
      assert.match(tooLong.headers.get('content-type') ?? '', /^application\/json/);
      const { error } = await tooLong.json();
      assert.equal(error.code, 'payload_too_large');
      assert.match(error.message, /1 MB/, 'names the limit');
      assert.match(error.message, /conversation is too long/, 'says what to do');
    });
  });

  it('answers 405 with Allow for a wrong method, 404 for an unknown path', async () => {
    await withServer({}, async ({ server }) => {
      const getChat = await fetch(`${server.url}/api/chat`);
      await assertJsonError(getChat, 405, 'method_not_allowed');
      assert.equal(getChat.headers.get('allow'), 'POST, OPTIONS');
      const postHealth = await fetch(`${server.url}/health`, { method: 'POST', body: '{}' });
      await assertJsonError(postHealth, 405, 'method_not_allowed');
      assert.equal(postHealth.headers.get('allow'), 'GET, HEAD, OPTIONS');
      await assertJsonError(await fetch(`${server.url}/no/such/page`), 404, 'not_found');
      await assertJsonError(await fetch(`${server.url}/docs/../../etc/passwd`), 404, 'not_found');
    });
  });

  it('answers 503 with Retry-After beyond maxConcurrentStreams', async () => {
    await withServer({ maxConcurrentStreams: 1, tokenDelayMs: 20 }, async ({ server }) => {
      const controller = new AbortController();
      const open = await postChat(`${server.url}/api/chat`, { message: 'css' }, { signal: controller.signal });
      assert.equal(open.status, 200);
      const refused = await postChat(`${server.url}/api/chat`, { message: 'css' });
      await assertJsonError(refused, 503, 'overloaded');
      assert.ok(Number(refused.headers.get('retry-after')) > 0);
      controller.abort();
      await waitFor(() => server.stats().activeStreams === 0, 'the open stream to end');
    });
  });
});

describe('CORS', () => {
  it('allows only the listed origins, and answers their preflight with the headers the element sends', async () => {
    await withServer({ corsOrigins: 'https://good.example, https://also.example' }, async ({ server }) => {
      const good = await fetch(`${server.url}/health`, { headers: { Origin: 'https://also.example' } });
      assert.equal(good.headers.get('access-control-allow-origin'), 'https://also.example');
      const bad = await fetch(`${server.url}/health`, { headers: { Origin: 'https://evil.example' } });
      assert.equal(bad.headers.get('access-control-allow-origin'), null);

      const preflight = await fetch(`${server.url}/api/chat`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'https://good.example',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type, last-event-id',
        },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://good.example');
      assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /POST/);
      const allowed = (preflight.headers.get('access-control-allow-headers') ?? '').toLowerCase();
      assert.ok(allowed.includes('content-type') && allowed.includes('last-event-id'));

      const evilPreflight = await fetch(`${server.url}/api/chat`, {
        method: 'OPTIONS',
        headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
      });
      assert.equal(evilPreflight.headers.get('access-control-allow-origin'), null);
      assert.equal(evilPreflight.headers.get('access-control-allow-methods'), null);
    });
  });

  it("sends no CORS headers by default (same origin only), and any origin's with '*'", async () => {
    await withServer({}, async ({ server }) => {
      const response = await fetch(`${server.url}/health`, { headers: { Origin: 'https://a.example' } });
      assert.equal(response.headers.get('access-control-allow-origin'), null);
    });
    await withServer({ corsOrigins: '*' }, async ({ server }) => {
      const response = await postChat(`${server.url}/api/chat`, { message: 'css' }, { headers: { Origin: 'https://a.example' } });
      assert.equal(response.headers.get('access-control-allow-origin'), 'https://a.example');
      await response.body?.cancel();
    });
  });
});

describe('long pauses and shutdown', () => {
  it('writes heartbeat comments during pauses longer than heartbeatMs', async () => {
    // Pauses of 200 ms against a 15 ms heartbeat: a starved server that writes its late tokens back to back (they
    // keep a fixed schedule) still has many pauses long enough; the test stops at the second heartbeat.
    await withServer({ tokenDelayMs: 200, heartbeatMs: 15 }, async ({ server }) => {
      const response = await postChat(`${server.url}/api/chat`, { message: 'accent' });
      const reader = /** @type {ReadableStream<Uint8Array>} */ (response.body).getReader();
      const seen = await readUntil(reader, text => parseSse(text).filter(m => m.comment !== undefined).length >= 2);
      await reader.cancel();
      assert.ok(seen.indexOf(':') > seen.indexOf('event: start'), 'heartbeats come between events');
      await waitFor(() => server.stats().activeStreams === 0, 'the stream to end');
      assert.equal(server.stats().timers, 0);
    });
  });

  it('close() ends open streams with a retryable error event and resolves once all sockets are closed', async () => {
    const { server, log } = await startServer({ tokenDelayMs: 30 });
    const response = await postChat(`${server.url}/api/chat`, { message: 'cancel a request' });
    const reader = /** @type {ReadableStream<Uint8Array>} */ (response.body).getReader();
    const first = await reader.read();
    await server.close();
    let rest = new TextDecoder().decode(first.value);
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      rest += new TextDecoder().decode(value);
    }
    const last = chatEventsOf(rest).at(-1);
    assert.deepEqual(
      { type: last?.type, code: /** @type {any} */ (last).code, retryable: /** @type {any} */ (last).retryable },
      { type: 'error', code: 'server_shutdown', retryable: true },
    );
    assert.deepEqual(server.stats(), { activeStreams: 0, totalStreams: 1, disconnects: 0, timers: 0 });
    assert.ok(log.some(e => e.event === 'error' && /shutting down/.test(e.detail ?? '')));
    await assert.rejects(fetch(`${server.url}/health`), 'no longer accepting');
  });
});

describe('request timeouts', () => {
  /**
   * Opens a raw connection, writes `head` and then `drip` every 50 ms until the server closes the connection; resolves
   * with what the server wrote and how long it took (or 'still open' after `boundMs`).
   * @param {string} url
   * @param {string} head
   * @param {string} drip
   * @param {number} boundMs
   */
  const trickle = (url, head, drip, boundMs) =>
    new Promise(resolve => {
      const { hostname, port } = new URL(url);
      const socket = connect(Number(port), hostname);
      let received = '';
      const started = performance.now();
      const timer = setInterval(() => socket.write(drip), 50);
      const bound = setTimeout(() => finish('still open'), boundMs);
      const finish = (/** @type {string} */ how) => {
        clearInterval(timer);
        clearTimeout(bound);
        socket.destroy();
        resolve({ how, received, ms: performance.now() - started });
      };
      socket.setEncoding('utf8');
      socket.on('data', chunk => (received += chunk));
      socket.on('close', () => finish('closed'));
      socket.on('error', () => {});
      socket.write(head);
    });

  it('closes a connection whose headers trickle past headersTimeoutMs, and one whose body trickles past requestTimeoutMs', async () => {
    await withServer({ headersTimeoutMs: 300, requestTimeoutMs: 600 }, async ({ server }) => {
      // Bounds generous for a loaded machine; without the timeouts both would stay open for good.
      const headers = /** @type {any} */ (await trickle(server.url, 'POST /api/chat HTTP/1.1\r\nHost: x\r\n', 'X-Slow: 1\r\n', 8000));
      assert.equal(headers.how, 'closed', 'the trickled headers were cut');
      assert.match(headers.received, /^HTTP\/1\.1 408/);
      const head = 'POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"message":"';
      const body = /** @type {any} */ (await trickle(server.url, head, 'a', 8000));
      assert.equal(body.how, 'closed', 'the trickled body was cut');
      assert.equal(server.stats().activeStreams, 0);
    });
  });

  it('does not bound the answer: a stream longer than requestTimeoutMs completes', async () => {
    await withServer({ headersTimeoutMs: 200, requestTimeoutMs: 200 }, async ({ server }) => {
      // 100 tokens at 50 tokens/s: 2 s of answer, ten request timeouts (and two timeout checks) long.
      const response = await postChat(`${server.url}/api/chat?long=100&rate=50`, { message: 'x' });
      const events = chatEventsOf(await response.text());
      assert.equal(events.at(-1)?.type, 'done');
    });
  });
});

describe('pages', () => {
  it('serves health, the route list with the house route first, and the demo page', async () => {
    await withServer({}, async ({ server }) => {
      assert.deepEqual(await (await fetch(`${server.url}/health`)).json(), { status: 'ok' });
      const routes = await (await fetch(`${server.url}/api/routes`)).json();
      assert.equal(routes[0].path, '/api/chat');
      assert.equal(routes[0].dialect, 'sse-chat');
      assert.ok(routes.every(r => r.path && r.name && r.dialect));
      const page = await fetch(`${server.url}/`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<sse-chat[^>]*endpoint="\/api\/chat"/);
    });
  });
});

describe('every listed route', () => {
  it('streams an answer to its example body, with the headers that keep proxies from buffering', async () => {
    await withServer({}, async ({ server }) => {
      const routes = await (await fetch(`${server.url}/api/routes`)).json();
      for (const route of routes) {
        const path = route.path.replace(/\{[^/}]+\}/g, 'demo');
        const response = await postChat(`${server.url}${path}`, route.exampleBody ?? {});
        assert.equal(response.status, 200, route.path);
        assert.equal(response.headers.get('cache-control'), 'no-cache', route.path);
        assert.equal(response.headers.get('x-accel-buffering'), 'no', route.path);
        assert.ok((await response.text()).length > 100, `${route.path} streams something`);
      }
    });
  });
});

describe('with an OpenAI-compatible server', () => {
  it('streams the writing step from it, grounded in the retrieved passages', async () => {
    /** @type {any} */
    let upstreamBody;
    const upstream = createServer((req, res) => {
      let text = '';
      req.on('data', chunk => (text += chunk));
      req.on('end', () => {
        upstreamBody = { url: req.url, auth: req.headers.authorization, ...JSON.parse(text) };
        res.writeHead(200, { 'Content-Type': 'text/event-stream' });
        for (const piece of ['Press ', 'Stop [1].']) {
          res.write(`data: ${JSON.stringify({ choices: [{ delta: { content: piece } }] })}\n\n`);
        }
        res.end('data: [DONE]\n\n');
      });
    });
    await new Promise(resolve => upstream.listen(0, '127.0.0.1', () => resolve(undefined)));
    const { port } = /** @type {import('node:net').AddressInfo} */ (upstream.address());
    try {
      await withServer({ openai: { baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: 'k', model: 'tiny' } }, async ({ server }) => {
        const events = chatEventsOf(await (await postChat(`${server.url}/api/chat`, { message: 'cancel a request' })).text());
        assert.equal(answerText(events), 'Press Stop [1].');
        assert.equal(events.at(-1).type, 'done');
        assert.equal(upstreamBody.url, '/v1/chat/completions');
        assert.equal(upstreamBody.auth, 'Bearer k');
        assert.equal(upstreamBody.stream, true);
        assert.equal(upstreamBody.model, 'tiny');
        assert.match(upstreamBody.messages[0].content, /\[1\] Fixture project › Cancelling a request/);
        assert.deepEqual(upstreamBody.messages.at(-1), { role: 'user', content: 'cancel a request' });
      });
    } finally {
      await new Promise(resolve => upstream.close(() => resolve(undefined)));
    }
  });
});
