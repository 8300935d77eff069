import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { connect } from 'node:net';
import { StreamScheduler, NOT_SCHEDULED } from '../../demo/streaming/stream-scheduler.mjs';
import { TimerLedger } from '../../demo/streaming/stream-clock.mjs';
import { TurnPlan, replayTurnPlan } from '../../demo/streaming/turn-plan.mjs';
import { PlanStreamer } from '../../demo/streaming/plan-streamer.mjs';
import { splitIntoTokens, tokenEndOffsets } from '../../demo/backend/compose.mjs';
import { createCanonicalEncoder } from '../../demo/encoders/canonical.mjs';
import { chatEventsOf, makeFixtureDocs, parseSse, startTestServer, waitFor } from './helpers.mjs';

/** @typedef {import('../../src/dialects/chat-event.js').ChatEvent} ChatEvent */

/**
 * A plan: `start` at 0, a step at `stepAtMs`, then `text` in tokens `tokenDelayMs` apart, then done.
 * @param {{ text?: string, stepAtMs?: number, tokenDelayMs?: number }} [shape]
 */
function makePlan({ text = 'Hello there, reader.', stepAtMs = 0, tokenDelayMs = 50 } = {}) {
  /** @type {number[]} */
  const tailBuiltAt = [];
  const plan = new TurnPlan({
    head: [
      { atMs: 0, event: { type: 'start' } },
      { atMs: stepAtMs, event: { type: 'step', id: 'write', status: 'active' } },
    ],
    text,
    tokenEnds: tokenEndOffsets(text),
    tokensFromMs: stepAtMs,
    tokenDelayMs,
    tailLength: 1,
    tail: elapsedMs => {
      tailBuiltAt.push(elapsedMs);
      return [{ type: 'done', reason: 'stop' }];
    },
  });
  return { plan, tailBuiltAt };
}

describe('TurnPlan', () => {
  it('puts token n at the text start + n × delay and the tail with the last token, and rebuilds the text exactly', () => {
    const text = 'Stop aborts the request; the partial answer stays.';
    const { plan, tailBuiltAt } = makePlan({ text, stepAtMs: 200, tokenDelayMs: 50 });
    const tokens = splitIntoTokens(text);
    assert.equal(plan.length, 2 + tokens.length + 1);
    const times = Array.from({ length: plan.length }, (_, i) => plan.timeOf(i));
    assert.deepEqual(times, [0, 200, ...tokens.map((_, n) => 200 + (n + 1) * 50), 200 + tokens.length * 50]);
    const events = Array.from({ length: plan.length }, (_, i) => plan.eventAt(i, 1234));
    const deltas = events.filter(e => e.type === 'text-delta').map(e => /** @type {any} */ (e).delta);
    assert.deepEqual(deltas, tokens);
    assert.deepEqual(events.at(-1), { type: 'done', reason: 'stop' });
    assert.deepEqual(tailBuiltAt, [1234], 'the tail is built once, when it is sent');
  });

  it('replays as an async generator that sleeps until each event is due, and never for one already due', async () => {
    // Seconds apart, so however slow the machine, the few microseconds the loop takes cannot blur the schedule.
    const { plan } = makePlan({ text: 'ab cd', stepAtMs: 4000, tokenDelayMs: 1000 });
    /** @type {number[]} */
    const sleeps = [];
    const events = [];
    const before = performance.now();
    for await (const event of replayTurnPlan(plan, async ms => void sleeps.push(ms))) events.push(event.type);
    const elapsed = performance.now() - before;
    assert.deepEqual(events, ['start', 'step', 'text-delta', 'text-delta', 'done']);
    // The fake sleep returns at once, so (almost) no time passes: each wait reaches from the turn's start to the
    // event's time (4, 5, 6, 6 s), where waits chained one after another would be 4, 1, 1, 0 s.
    const expected = [4000, 5000, 6000, 6000];
    assert.equal(sleeps.length, expected.length, String(sleeps));
    sleeps.forEach((ms, i) => assert.ok(ms >= expected[i] - elapsed && ms <= expected[i], `${sleeps}`));
  });
});

/** A response double: records writes; `full` makes write() report a full buffer. */
class FakeResponse extends EventEmitter {
  /** @type {string[]} */
  written = [];
  full = false;
  /** @param {string} text */
  write(text) {
    this.written.push(text);
    return !this.full;
  }
}

/** A scheduler double: records the wake-ups asked for; the test calls `wake` itself with the times it likes. */
class FakeScheduler {
  /** @type {number[]} */
  asked = [];
  cancelled = 0;
  /** @param {unknown} _task @param {number} atMs */
  schedule(_task, atMs) {
    this.asked.push(atMs);
  }
  cancel() {
    this.cancelled++;
  }
}

/**
 * @param {ReturnType<typeof makePlan>['plan']} plan
 * @param {{ heartbeatMs?: number }} [options]
 */
function makeStreamer(plan, { heartbeatMs = 0 } = {}) {
  const res = new FakeResponse();
  const scheduler = new FakeScheduler();
  const outcome = { completed: 0, errors: /** @type {unknown[]} */ ([]) };
  const streamer = new PlanStreamer({
    res: /** @type {any} */ (res),
    plan,
    encoder: createCanonicalEncoder(),
    scheduler: /** @type {any} */ (scheduler),
    heartbeatMs,
    onComplete: () => outcome.completed++,
    onError: error => outcome.errors.push(error),
  });
  const types = () => res.written.map(text => (text.startsWith(':') ? 'heartbeat' : chatEventsOf(text)[0].type));
  return { res, scheduler, streamer, outcome, types };
}

describe('PlanStreamer', () => {
  it('keeps a fixed schedule: woken late, it writes every event due and asks for the next at its own time', () => {
    const { plan } = makePlan({ text: 'aaaa bbbb cccc dddd', tokenDelayMs: 50 });
    const { scheduler, streamer, types, outcome } = makeStreamer(plan);
    const before = performance.now();
    streamer.start();
    const after = performance.now();
    assert.deepEqual(types(), ['start', 'step'], 'what is due at once is written at once');
    const first = /** @type {number} */ (scheduler.asked[0]);
    const startedAt = first - 50;
    assert.ok(startedAt >= before && startedAt <= after, 'the first token is asked for 50 ms after the start');

    streamer.wake(startedAt + 175); // 75 ms late for the first token
    assert.deepEqual(types().slice(2), ['text-delta', 'text-delta', 'text-delta'], 'the three tokens due by then');
    assert.equal(scheduler.asked.at(-1), startedAt + 200, 'the fourth is still due at 200 ms, not 175 + 50');

    streamer.wake(startedAt + 200);
    assert.deepEqual(types().slice(5), ['text-delta', 'done']);
    assert.equal(outcome.completed, 1);
    assert.equal(streamer.events, plan.length);
  });

  it('writes a heartbeat after heartbeatMs of silence, and only then', () => {
    const { plan } = makePlan({ text: 'ab', stepAtMs: 100, tokenDelayMs: 10 });
    const { scheduler, streamer, types } = makeStreamer(plan, { heartbeatMs: 30 });
    streamer.start();
    const startedAt = /** @type {number} */ (scheduler.asked[0]) - 30;
    assert.deepEqual(types(), ['start'], 'the step is not due yet');
    streamer.wake(startedAt + 30);
    assert.deepEqual(types(), ['start', 'heartbeat']);
    assert.equal(scheduler.asked.at(-1), startedAt + 60, 'the next heartbeat 30 ms after this one');
    streamer.wake(startedAt + 60);
    streamer.wake(startedAt + 90);
    assert.equal(scheduler.asked.at(-1), startedAt + 100, 'the step comes before the next heartbeat would');
    streamer.wake(startedAt + 100);
    assert.deepEqual(types().slice(3), ['heartbeat', 'step']);
  });

  it('writes no more while the buffer is full, and goes on with everything due once it drains', () => {
    const { plan } = makePlan({ text: 'aaaa bbbb cccc', tokenDelayMs: 0 });
    const { res, scheduler, streamer, types } = makeStreamer(plan);
    res.full = true;
    streamer.start();
    assert.deepEqual(types(), ['start'], 'nothing more once write() says the buffer is full');
    streamer.wake(performance.now() + 1000);
    assert.deepEqual(types(), ['start'], 'a wake-up while waiting for drain writes nothing');
    assert.equal(scheduler.asked.length, 0, 'and no wake-up is asked for while waiting');
    res.full = false;
    res.emit('drain');
    assert.deepEqual(types(), ['start', 'step', 'text-delta', 'text-delta', 'text-delta', 'done']);
  });

  it('writes nothing once cancelled, even when woken', () => {
    const { plan } = makePlan();
    const { res, scheduler, streamer } = makeStreamer(plan);
    streamer.start();
    const written = res.written.length;
    streamer.cancel();
    streamer.wake(performance.now() + 60_000);
    assert.equal(res.written.length, written);
    assert.ok(scheduler.cancelled >= 1, 'its wake-up is given back to the scheduler');
  });

  it('stops and reports an encoder failure instead of throwing into the scheduler', () => {
    const { plan } = makePlan({ text: 'ab', tokenDelayMs: 0 });
    const res = new FakeResponse();
    const errors = /** @type {unknown[]} */ ([]);
    const streamer = new PlanStreamer({
      res: /** @type {any} */ (res),
      plan,
      encoder: { contentType: 'text/event-stream', encode: event => {
        if (event.type === 'text-delta') throw new Error('encoder bug');
        return `event: ${event.type}\ndata: {}\n\n`;
      } },
      scheduler: /** @type {any} */ (new FakeScheduler()),
      heartbeatMs: 0,
      onComplete: () => assert.fail('a failed stream does not complete'),
      onError: error => errors.push(error),
    });
    streamer.start();
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]), /encoder bug/);
  });
});

describe('StreamScheduler', () => {
  /**
   * A task that records when it was woken.
   * @param {number[]} log
   * @param {string} name
   * @param {string[]} order
   */
  const task = (log, name, order) => ({
    wakeSlot: NOT_SCHEDULED,
    /** @param {number} now */
    wake(now) {
      log.push(now);
      order.push(name);
    },
  });

  it('wakes each task once, in time order, never before its time; counts waiting tasks as pending timers', async () => {
    const ledger = new TimerLedger();
    const scheduler = new StreamScheduler(ledger, error => assert.fail(String(error)));
    /** @type {string[]} */
    const order = [];
    /** @type {number[]} */
    const late = [];
    const base = performance.now();
    const times = { c: 30, a: 10, b: 20 };
    for (const [name, offset] of Object.entries(times)) {
      const log = /** @type {number[]} */ ([]);
      const t = task(log, name, order);
      const at = base + offset;
      t.wake = now => {
        late.push(now - at);
        order.push(name);
      };
      scheduler.schedule(t, at);
    }
    assert.equal(ledger.pending, 3);
    await waitFor(() => order.length === 3, 'all three to wake', 30_000);
    assert.deepEqual(order, ['a', 'b', 'c']);
    assert.ok(late.every(ms => ms >= 0), `woken early: ${late}`);
    assert.equal(ledger.pending, 0);
  });

  it('moves a rescheduled task, forgets a cancelled one, and holds no timer once nothing waits', async () => {
    const ledger = new TimerLedger();
    const scheduler = new StreamScheduler(ledger, error => assert.fail(String(error)));
    /** @type {string[]} */
    const order = [];
    const moved = task([], 'moved', order);
    const cancelled = task([], 'cancelled', order);
    const now = performance.now();
    scheduler.schedule(moved, now + 5);
    scheduler.schedule(moved, now + 25);
    scheduler.schedule(cancelled, now + 10_000);
    assert.equal(ledger.pending, 2, 'one pending timer per waiting task, however often it moved');
    scheduler.cancel(cancelled);
    scheduler.cancel(cancelled);
    assert.equal(ledger.pending, 1);
    await waitFor(() => order.length === 1, 'the moved task to wake', 30_000);
    assert.deepEqual(order, ['moved']);
    assert.equal(ledger.pending, 0);
    const timers = () => process.getActiveResourcesInfo().filter(kind => kind === 'Timeout').length;
    // The bucket of the cancelled task 10 s away must not keep a timer (and so the process) alive…
    assert.equal(timers(), 0);
    // …nor must the last waiting task, cancelled before its time (the last stream's client leaves).
    scheduler.schedule(cancelled, performance.now() + 10_000);
    assert.equal(timers(), 1);
    scheduler.cancel(cancelled);
    assert.equal(timers(), 0);
    assert.equal(ledger.pending, 0);
  });

  it('keeps waking the others when one task throws', async () => {
    const errors = /** @type {unknown[]} */ ([]);
    const scheduler = new StreamScheduler(new TimerLedger(), error => errors.push(error));
    /** @type {string[]} */
    const order = [];
    const at = performance.now() + 5;
    scheduler.schedule({ wakeSlot: NOT_SCHEDULED, wake: () => { throw new Error('task bug'); } }, at);
    scheduler.schedule(task([], 'after', order), at);
    await waitFor(() => order.length === 1, 'the second task to wake', 30_000);
    assert.equal(errors.length, 1);
  });
});

describe('planned streams on the wire', () => {
  /** @type {{ dir: string, remove: () => Promise<void> }} */
  let docs;
  before(async () => {
    docs = await makeFixtureDocs();
  });
  after(async () => {
    await docs.remove();
  });

  it('frame every event as a valid HTTP/1.1 chunk, end the body properly and keep the connection reusable', async () => {
    const { server } = await startTestServer(docs.dir, { tokenDelayMs: 1 });
    const socket = connect(server.port, '127.0.0.1');
    try {
      const body = JSON.stringify({ message: 'How do I cancel a request?' });
      const ask = `POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
      let raw = '';
      socket.setEncoding('latin1');
      socket.on('data', chunk => (raw += chunk));
      socket.write(ask);
      await waitFor(() => raw.includes('\r\n0\r\n\r\n'), 'the first answer to end', 30_000);
      const [head, ...rest] = raw.split('\r\n\r\n');
      assert.match(head, /^HTTP\/1\.1 200/);
      assert.match(head, /transfer-encoding: chunked/i);
      const { text, after } = decodeChunked(rest.join('\r\n\r\n'));
      assert.equal(after, '', 'nothing after the last chunk');
      const events = chatEventsOf(Buffer.from(text, 'latin1').toString('utf8'));
      assert.equal(events[0].type, 'start');
      assert.equal(events.at(-1)?.type, 'done');
      assert.ok(parseSse(Buffer.from(text, 'latin1').toString('utf8')).length > 20);

      // The same socket takes a second request: the body ended where the framing says.
      raw = '';
      socket.write(`GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      await waitFor(() => raw.includes('"status":"ok"'), 'the health answer on the same connection', 30_000);
    } finally {
      socket.destroy();
      await server.close();
    }
  });
});

/**
 * Decodes an HTTP/1.1 chunked body strictly: every size line, every CRLF, the terminating chunk.
 * @param {string} body   latin1
 * @returns {{ text: string, after: string }}
 */
function decodeChunked(body) {
  let text = '';
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at);
    assert.ok(lineEnd > at, `a chunk size line at ${at}`);
    const size = Number.parseInt(body.slice(at, lineEnd), 16);
    assert.ok(/^[0-9a-f]+$/i.test(body.slice(at, lineEnd)) && size >= 0, `a hex chunk size: ${JSON.stringify(body.slice(at, lineEnd))}`);
    at = lineEnd + 2;
    if (size === 0) {
      assert.equal(body.slice(at, at + 2), '\r\n', 'the last chunk ends the body');
      return { text, after: body.slice(at + 2) };
    }
    text += body.slice(at, at + size);
    at += size;
    assert.equal(body.slice(at, at + 2), '\r\n', 'CRLF after a chunk');
    at += 2;
  }
}
