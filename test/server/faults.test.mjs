import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { bigEventText, floodText, parseFaults } from '../../demo/testing/faults.mjs';
import { fixtureServers, waitFor } from './helpers.mjs';
import { canonicalAnswer, eventBlocks, rawPost } from './raw-client.mjs';

const { startServer, withServer } = fixtureServers({ settle: true });

const QUESTION = { message: 'How do I cancel a request?' };

/** @param {string} text */
const types = text => eventBlocks(text).map(e => e.event);

describe('parseFaults', () => {
  it('reads repeated and comma-separated faults into one plan', () => {
    const plan = parseFaults('/api/chat?fault=drop-after:9&fault=delay-first-byte:200,bytewise&fault=drop-after:4&fault=ids');
    assert.deepEqual(plan.cuts, [
      { kind: 'drop', after: 4 },
      { kind: 'drop', after: 9 },
    ]);
    assert.equal(plan.delayFirstByteMs, 200);
    assert.equal(plan.bytewise, true);
    assert.equal(plan.ids, true);
    assert.equal(plan.active, true);
    assert.equal(parseFaults('/api/chat').active, false);
    assert.equal(parseFaults('/api/chat?other=1').active, false);
    assert.deepEqual(parseFaults('/x?fault=status:503&fault=retry-after:30').response, { kind: 'status', status: 503, retryAfter: 30 });
  });

  it('refuses unknown faults, bad arguments and contradictions with a 400 that names the fault', () => {
    const cases = {
      'fault=nope': /Unknown fault "nope"/,
      'fault=drop-after': /"drop-after" needs a whole number/,
      'fault=drop-after:-1': /"drop-after" needs a whole number/,
      'fault=delay-headers:1e3': /"delay-headers" needs a whole number/,
      'fault=status:200': /"status" needs a whole number from 400 to 599/,
      'fault=bytewise:1': /"bytewise" takes no argument/,
      'fault=status:500&fault=empty': /"empty" cannot be combined with "status"/,
      'fault=flood:5&fault=big-event:10': /"big-event" cannot be combined with "flood"/,
      'fault=retry-after:5': /"retry-after" goes with "status:CODE"/,
      'fault=ids&fault=ids': /"ids" is given twice/,
      'fault=content-type:text/event-stream': /not event streams/,
      'fault=content-type:text/html%0d%0aX-Evil:1': /needs a media type/,
      'fault=big-event:99999999999': /"big-event" needs a whole number/,
    };
    for (const [query, message] of Object.entries(cases)) {
      assert.throws(() => parseFaults(`/api/chat?${query}`), error => {
        assert.equal(/** @type {any} */ (error).status, 400, query);
        assert.equal(/** @type {any} */ (error).code, 'invalid_fault', query);
        assert.match(/** @type {Error} */ (error).message, message, query);
        return true;
      });
    }
  });
});

describe('the fault plugin', () => {
  it('is a plugin: a server without plugins ignores ?fault= and answers normally; with it alone, faults apply', async () => {
    const { faultInjection } = await import('../../demo/server.mjs');
    await withServer({ plugins: [] }, async ({ server }) => {
      const plain = await rawPost(`${server.url}/api/chat?fault=status:500`, QUESTION);
      assert.equal(plain.status, 200);
      assert.equal(types(plain.text).at(-1), 'done');
    });
    await withServer({ plugins: [faultInjection()] }, async ({ server }) => {
      assert.equal((await rawPost(`${server.url}/api/chat?fault=status:500`, QUESTION)).status, 500);
      // Without the resume plugin, `ids` asks for nothing it can give: the stream is plain.
      const result = await rawPost(`${server.url}/api/chat?fault=ids`, QUESTION);
      assert.ok(eventBlocks(result.text).every(e => e.id === undefined));
    });
  });
});

describe('faults that replace the response', () => {
  it('status:CODE answers that status with a JSON error, and Retry-After when asked', async () => {
    await withServer({}, async ({ server }) => {
      const overloaded = await rawPost(`${server.url}/api/chat?fault=status:500`, QUESTION);
      assert.equal(overloaded.status, 500);
      assert.match(String(overloaded.headers['content-type']), /^application\/json/);
      assert.deepEqual(JSON.parse(overloaded.text), { error: { message: 'The model is overloaded', code: 'overloaded' } });
      assert.equal(overloaded.headers['retry-after'], undefined);

      const limited = await rawPost(`${server.url}/api/chat?fault=status:429&fault=retry-after:7`, QUESTION);
      assert.equal(limited.status, 429);
      assert.equal(limited.headers['retry-after'], '7');
      assert.equal(JSON.parse(limited.text).error.code, 'rate_limited');

      const unavailable = await rawPost(`${server.url}/seeds/rag?fault=status:503,retry-after:2`, { message: 'x' });
      assert.deepEqual([unavailable.status, unavailable.headers['retry-after']], [503, '2']);
      const unauthorized = await rawPost(`${server.url}/v1/messages?fault=status:401`, {});
      assert.equal(unauthorized.status, 401, 'faults come before the body is judged');
      assert.equal(JSON.parse(unauthorized.text).error.message, 'Sign in to use this chat.');
      assert.equal(server.stats().totalStreams, 0);
    });
  });

  it('content-type:TYPE answers 200 with a body of that kind, never an event stream', async () => {
    await withServer({}, async ({ server }) => {
      const html = await rawPost(`${server.url}/api/chat?fault=content-type:text/html`, QUESTION);
      assert.equal(html.status, 200);
      assert.equal(html.headers['content-type'], 'text/html');
      assert.match(html.text, /^<!doctype html>[\s\S]*<form method="post" action="\/login">/);
      const json = await rawPost(`${server.url}/api/chat?fault=${encodeURIComponent('content-type:application/json; charset=utf-8')}`, QUESTION);
      assert.equal(json.headers['content-type'], 'application/json; charset=utf-8');
      assert.equal(JSON.parse(json.text).status, 'ok');
    });
  });

  it('no-content answers 204; empty an event stream with no body; comments-only a few comments', async () => {
    await withServer({}, async ({ server }) => {
      const none = await rawPost(`${server.url}/api/chat?fault=no-content`, QUESTION);
      assert.deepEqual([none.status, none.text], [204, '']);
      const empty = await rawPost(`${server.url}/api/chat?fault=empty`, QUESTION);
      assert.deepEqual([empty.status, empty.text, empty.ended], [200, '', 'end']);
      assert.match(String(empty.headers['content-type']), /^text\/event-stream/);
      const comments = await rawPost(`${server.url}/api/chat?fault=comments-only`, QUESTION);
      assert.equal(comments.status, 200);
      assert.ok(comments.text.length > 0);
      assert.ok(comments.text.split('\n').every(line => line === '' || line.startsWith(':')), comments.text);
      assert.equal(comments.ended, 'end');
    });
  });

  it('delay-headers:MS holds even the headers back', async () => {
    await withServer({}, async ({ server }) => {
      const late = await rawPost(`${server.url}/api/chat?fault=status:503&fault=delay-headers:150`, QUESTION);
      assert.equal(late.status, 503);
      assert.ok(late.headersAt >= 140, `headers after ${late.headersAt} ms`);
    });
  });
});

describe('faults on the wire', () => {
  it('drop-after:N resets the connection after exactly N events, without a clean end', async () => {
    await withServer({}, async ({ server, log }) => {
      const result = await rawPost(`${server.url}/api/chat?fault=drop-after:5`, QUESTION);
      assert.equal(result.status, 200);
      assert.equal(eventBlocks(result.text).length, 5);
      assert.equal(result.ended, 'reset', 'the body never ends cleanly');
      await waitFor(() => log.some(e => e.event === 'fault'), 'the fault to be logged');
      assert.match(log.find(e => e.event === 'fault')?.detail ?? '', /cut after 5 events/);
      assert.equal(server.stats().disconnects, 0, 'our own drop is not a client disconnect');
    });
  });

  it('close-after:N ends the response cleanly after N events, without the completion signal', async () => {
    await withServer({}, async ({ server }) => {
      const result = await rawPost(`${server.url}/api/chat?fault=close-after:3`, QUESTION);
      assert.deepEqual(types(result.text), ['start', 'step', 'step']);
      assert.equal(result.ended, 'end');
      // The same fault on a vendor route counts that route's own events.
      const chat = await rawPost(`${server.url}/v1/chat/completions?fault=close-after:4`, {
        messages: [{ role: 'user', content: 'cancel a request' }],
        stream: true,
      });
      assert.equal(eventBlocks(chat.text).length, 4);
      assert.doesNotMatch(chat.text, /\[DONE\]/);
    });
  });

  it('stall-after:N goes silent after N events (no heartbeats) and keeps the connection open until the cap', async () => {
    await withServer({ heartbeatMs: 20, faultCapMs: 400 }, async ({ server }) => {
      const result = await rawPost(`${server.url}/api/chat?fault=stall-after:2`, QUESTION);
      assert.equal(eventBlocks(result.text).length, 2);
      assert.doesNotMatch(result.text, /keep-alive/, 'no heartbeat during the stall');
      assert.equal(result.ended, 'end', 'the cap ends it cleanly');
      assert.ok(result.headersAt + 350 < performance.now(), 'open until the cap');
      const last = /** @type {Buffer} */ (result.chunks.at(-1));
      assert.ok(last.length > 0);
    });
  });

  it('delay-first-byte:MS sends the headers at once and the first byte only after MS', async () => {
    await withServer({}, async ({ server }) => {
      const result = await rawPost(`${server.url}/api/chat?fault=delay-first-byte:300`, QUESTION);
      // Measured from the request's start, which comes before the server's 300 ms wait begins: a late delivery of the
      // headers (a loaded machine) cannot shorten it, as it could the gap between headers and first byte.
      const firstByteAt = Number(result.firstByteAt);
      assert.ok(result.headersAt < firstByteAt && firstByteAt >= 290, `headers after ${result.headersAt} ms, first byte after ${firstByteAt} ms`);
      assert.equal(types(result.text).at(-1), 'done');
    });
  });

  it('bytewise writes the stream one byte at a time, splitting multi-byte characters', async () => {
    await withServer({}, async ({ server }) => {
      const normal = await rawPost(`${server.url}/api/chat`, QUESTION);
      const result = await rawPost(`${server.url}/api/chat?fault=bytewise`, QUESTION);
      assert.ok(result.chunks.length > 500, `${result.chunks.length} chunks`);
      assert.ok(result.chunks.every(chunk => chunk.length === 1), 'one byte per chunk');
      assert.ok(/[^\x00-\x7f]/.test(result.text), 'the stream has multi-byte characters to split');
      assert.equal(canonicalAnswer(result.text), canonicalAnswer(normal.text));
      assert.equal(types(result.text).at(-1), 'done');
    });
  });

  it('never-finish streams the answer, then only heartbeats: no done, open until the cap', async () => {
    // A 3 s cap for 5 heartbeats 20 ms apart: room for a loaded machine's slow answer and late timers.
    await withServer({ faultCapMs: 3000 }, async ({ server }) => {
      const result = await rawPost(`${server.url}/api/chat?fault=never-finish&fault=heartbeat-ms:20`, QUESTION);
      assert.ok(canonicalAnswer(result.text).includes('Press the Stop button'));
      assert.ok(!types(result.text).includes('done'));
      const tail = result.text.slice(result.text.lastIndexOf('event: metadata'));
      assert.ok((tail.match(/^: keep-alive$/gm) ?? []).length >= 5, 'heartbeats continue after the answer');
      assert.equal(result.ended, 'end');
    });
  });

  it('heartbeats-only sends nothing but ": heartbeat" comments at heartbeat-ms', async () => {
    // A 2 s cap for 4 heartbeats 25 ms apart (250 ms was too short for a loaded machine's late timers).
    await withServer({ faultCapMs: 2000 }, async ({ server }) => {
      const result = await rawPost(`${server.url}/seeds/property-search?fault=heartbeats-only&fault=heartbeat-ms:25`, { query: 'x' });
      assert.equal(result.status, 200);
      const beats = result.text.split('\n\n').filter(Boolean);
      assert.ok(beats.length >= 4, `${beats.length} heartbeats`);
      assert.ok(beats.every(beat => beat === ': heartbeat'), result.text);
    });
  });

  it('unterminated-last ends with the done event missing its blank line', async () => {
    await withServer({}, async ({ server }) => {
      const result = await rawPost(`${server.url}/api/chat?fault=unterminated-last`, QUESTION);
      assert.match(result.text, /\n\nevent: done\ndata: \{"reason":"stop"\}\n$/);
      assert.equal(types(result.text).at(-1), 'metadata', 'a conformant parser never dispatches it');
      assert.equal(result.ended, 'end');
    });
  });

  it("error-after:N sends the route's own error event after N events, then ends", async () => {
    await withServer({}, async ({ server }) => {
      const house = await rawPost(`${server.url}/api/chat?fault=error-after:3`, QUESTION);
      const events = eventBlocks(house.text);
      assert.deepEqual(events.map(e => e.event), ['start', 'step', 'step', 'error']);
      assert.deepEqual(JSON.parse(events[3].data), {
        message: 'Injected fault: the stream failed after 3 events.',
        code: 'injected_error',
        retryable: true,
      });
      const anthropic = await rawPost(`${server.url}/v1/messages?fault=error-after:2`, {
        messages: [{ role: 'user', content: 'cancel' }],
        stream: true,
      });
      const last = eventBlocks(anthropic.text).at(-1);
      assert.equal(last?.event, 'error');
      assert.equal(JSON.parse(last?.data ?? '{}').error.type, 'api_error');
    });
  });

  it('big-event:BYTES sends one text-delta of that many bytes', async () => {
    await withServer({}, async ({ server }) => {
      const result = await rawPost(`${server.url}/api/chat?fault=big-event:1048576`, QUESTION);
      const deltas = eventBlocks(result.text).filter(e => e.event === 'text-delta');
      assert.equal(deltas.length, 1);
      assert.equal(JSON.parse(deltas[0].data).delta, bigEventText(1048576));
      assert.equal(Buffer.byteLength(JSON.parse(deltas[0].data).delta), 1048576);
    });
  });

  it('flood:N sends N tiny text-deltas whose digits spell floodText(N)', async () => {
    await withServer({}, async ({ server }) => {
      const result = await rawPost(`${server.url}/api/chat?fault=flood:10000`, QUESTION);
      const events = eventBlocks(result.text);
      assert.equal(events.filter(e => e.event === 'text-delta').length, 10000);
      assert.equal(canonicalAnswer(result.text), floodText(10000));
      assert.deepEqual([events[0].event, events.at(-1)?.event], ['start', 'done']);
    });
  });

  it('combines: drop-after:5 with delay-first-byte:100', async () => {
    await withServer({}, async ({ server }) => {
      const result = await rawPost(`${server.url}/api/chat?fault=drop-after:5&fault=delay-first-byte:100`, QUESTION);
      assert.ok(Number(result.firstByteAt) >= 95);
      assert.equal(eventBlocks(result.text).length, 5);
      assert.equal(result.ended, 'reset');
    });
  });

  it('works on every chat route', async () => {
    await withServer({}, async ({ server }) => {
      const routes = await (await fetch(`${server.url}/api/routes`)).json();
      for (const route of routes) {
        const path = route.path.replace(/\{[^/}]+\}/g, 'demo');
        const failed = await rawPost(`${server.url}${path}?fault=status:500`, route.exampleBody ?? {});
        assert.equal(failed.status, 500, route.path);
        const dropped = await rawPost(`${server.url}${path}?fault=drop-after:1`, route.exampleBody ?? {});
        assert.deepEqual([dropped.status, eventBlocks(dropped.text).length, dropped.ended], [200, 1, 'reset'], route.path);
      }
    });
  });
});

describe('fault streams and the client leaving', () => {
  it('every fault stream stops all its work when the client disconnects', async () => {
    await withServer({ tokenDelayMs: 5, heartbeatMs: 10 }, async ({ server, log }) => {
      const faults = [
        ['stall-after:2', (/** @type {string} */ text) => eventBlocks(text).length >= 2],
        ['never-finish&fault=heartbeat-ms:10', (/** @type {string} */ text) => text.includes('event: metadata')],
        ['heartbeats-only&fault=heartbeat-ms:10', (/** @type {string} */ text) => text.includes(': heartbeat')],
        ['delay-first-byte:60000', () => true],
        ['bytewise', (/** @type {string} */ text) => text.includes('event: step')],
        ['flood:200000', (/** @type {string} */ text) => text.length > 1000],
        // Held open (stalled after 2 events), so the client surely leaves before a fast server has finished.
        ['ids&fault=stall-after:2', (/** @type {string} */ text) => eventBlocks(text).length >= 2],
      ];
      const disconnectsLogged = () => log.filter(e => e.event === 'disconnect').length;
      for (const [fault, enough] of faults) {
        const before = server.stats().disconnects;
        const loggedBefore = disconnectsLogged();
        // delay-first-byte sends the headers only: the client leaves once they arrive, so the server is surely
        // streaming by then (a fixed client time limit could end before a loaded server had even read the request).
        // The others leave once they have seen enough.
        const delayed = fault.startsWith('delay');
        const stopWhen = delayed ? undefined : /** @type {(text: string) => boolean} */ (enough);
        await rawPost(`${server.url}/api/chat?fault=${fault}`, QUESTION, { stopWhen, stopOnHeaders: delayed }).catch(() => undefined);
        // Each a condition waited for (bounded), never a fixed pause: a loaded machine sees them late, not never.
        await waitFor(() => server.stats().disconnects === before + 1, `${fault}: the disconnect to be seen`);
        await waitFor(() => disconnectsLogged() === loggedBefore + 1, `${fault}: the disconnect to be logged`);
        await waitFor(() => server.stats().activeStreams === 0, `${fault}: the stream to end`);
        // A resumable stream goes on for its grace period; every other stream leaves no timer at once.
        if (!fault.startsWith('ids')) assert.equal(server.stats().timers, 0, `${fault}: no timer left`);
      }
      assert.equal(log.filter(e => e.event === 'disconnect').length, faults.length);
    });
  });

  it('a stream held open by a fault is bounded by the cap, and by close() with a retryable error', async () => {
    const { server } = await startServer({ faultCapMs: 60000 });
    const stalled = rawPost(`${server.url}/api/chat?fault=stall-after:2`, QUESTION);
    await waitFor(() => server.stats().activeStreams === 1, 'the stream to open');
    await new Promise(resolve => setTimeout(resolve, 50));
    await server.close();
    const result = await stalled;
    const last = eventBlocks(result.text).at(-1);
    assert.equal(last?.event, 'error');
    assert.deepEqual(JSON.parse(last?.data ?? '{}'), {
      message: 'The server is shutting down; please retry in a moment.',
      code: 'server_shutdown',
      retryable: true,
    });
    assert.deepEqual(server.stats(), { activeStreams: 0, totalStreams: 1, disconnects: 0, timers: 0 });
  });
});
