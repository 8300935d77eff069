// `POST /api/chat?long=TOKENS[&rate=N|max]`: the benchmark's generated answer streamed through the house route,
// paced, stopped and shut down by the same machinery as a docs answer (demo/backend/long-answer-turn.mjs).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateAnswer } from '../../demo/backend/long-answer.mjs';
import { DEFAULT_LONG_RATE, LONG_ANSWER_SEED, parseLongAnswer } from '../../demo/backend/long-answer-turn.mjs';
import { chatEventsOf, fixtureServers, waitFor } from './helpers.mjs';
import { canonicalAnswer, eventBlocks, rawPost } from './raw-client.mjs';

const { startServer, withServer } = fixtureServers({ settle: true });

const QUESTION = { message: 'Write me a long answer' };

describe('parseLongAnswer', () => {
  it('reads the length and the pace, 200 tokens/s unless told, Infinity for rate=max', () => {
    const at = (/** @type {string} */ url) => parseLongAnswer(new URLSearchParams(url.split('?')[1] ?? ''), '/api/chat');
    assert.equal(at('/api/chat'), undefined);
    assert.equal(at('/api/chat?fault=bytewise'), undefined);
    assert.deepEqual(at('/api/chat?long=2000'), { tokens: 2000, tokensPerSecond: DEFAULT_LONG_RATE });
    assert.deepEqual(at('/api/chat?long=100&rate=1'), { tokens: 100, tokensPerSecond: 1 });
    assert.deepEqual(at('/api/chat?rate=10000&long=32000'), { tokens: 32000, tokensPerSecond: 10000 });
    assert.deepEqual(at('/api/chat?long=8000&rate=max'), { tokens: 8000, tokensPerSecond: Infinity });
  });
});

describe('the demo page', () => {
  it('offers answer lengths the server accepts, the docs answer first', async () => {
    await withServer({}, async ({ server }) => {
      const page = await (await fetch(`${server.url}/`)).text();
      const picker = /<select id="length"[^>]*>([\s\S]*?)<\/select>/.exec(page)?.[1] ?? '';
      const values = [...picker.matchAll(/<option value="([^"]*)"/g)].map(match => match[1].replaceAll('&amp;', '&'));
      assert.equal(values[0], '', 'the docs answer is the default');
      assert.ok(values.length >= 4, values.join(' | '));
      for (const value of values.slice(1)) assert.ok(parseLongAnswer(new URLSearchParams(value), '/api/chat'), value);
    });
  });
});

describe('a long answer', () => {
  it('streams start, the writing step, every token of the generated answer as one text-delta, then done', async () => {
    await withServer({}, async ({ server, log }) => {
      const result = await rawPost(`${server.url}/api/chat?long=2000&rate=max`, QUESTION);
      assert.equal(result.status, 200);
      assert.match(String(result.headers['content-type']), /^text\/event-stream/);
      assert.equal(result.ended, 'end');
      const expected = generateAnswer(2000, LONG_ANSWER_SEED);
      const events = chatEventsOf(result.text);
      assert.deepEqual(
        events.filter(e => e.type === 'text-delta').map(e => /** @type {any} */ (e).delta),
        expected.tokens,
        'one text-delta per generated token, in order',
      );
      assert.equal(canonicalAnswer(result.text), expected.text);
      assert.deepEqual(
        events.filter(e => e.type !== 'text-delta').map(e => (e.type === 'step' ? `step:${e.status}` : e.type)),
        ['start', 'step:active', 'step:done', 'metadata', 'done'],
      );
      assert.match(/** @type {any} */ (events[1]).label, /Writing a long answer/);
      assert.equal(/** @type {any} */ (events.at(-2)).metadata.usage.outputTokens, 2000);
      const request = log.find(e => e.event === 'request');
      assert.match(request?.detail ?? '', /long answer: 2000 tokens as fast as possible/);
      assert.ok(log.some(e => e.event === 'complete'));
    });
  });

  it('a shorter one is the start of the longest, so every length is the benchmark text', async () => {
    await withServer({}, async ({ server }) => {
      const result = await rawPost(`${server.url}/api/chat?long=32000&rate=max`, QUESTION, { timeoutMs: 120_000 });
      assert.equal(canonicalAnswer(result.text), generateAnswer(32000, LONG_ANSWER_SEED).text);
      const short = await rawPost(`${server.url}/api/chat?long=100&rate=max`, QUESTION);
      assert.equal(canonicalAnswer(short.text), generateAnswer(100, LONG_ANSWER_SEED).text);
    });
  });

  it('keeps the asked pace on a fixed schedule: 300 tokens at 1,000 tokens/s take at least 0.3 s', async () => {
    await withServer({}, async ({ server }) => {
      const started = performance.now();
      const result = await rawPost(`${server.url}/api/chat?long=300&rate=1000`, QUESTION);
      const elapsed = performance.now() - started;
      assert.equal(canonicalAnswer(result.text), generateAnswer(300, LONG_ANSWER_SEED).text);
      // The last token is due 300 × 1 ms after the start; the scheduler may be late, never early.
      assert.ok(elapsed >= 299, `${elapsed.toFixed(0)} ms`);
      const [step] = chatEventsOf(result.text).filter(e => e.type === 'step' && e.status === 'done');
      assert.match(/** @type {any} */ (step).detail, /^300 tokens in \d+\.\d s/);
    });
  });

  it('stops its work when the client leaves, like any answer', async () => {
    await withServer({}, async ({ server, log }) => {
      const result = await rawPost(`${server.url}/api/chat?long=32000&rate=100`, QUESTION, {
        stopWhen: text => eventBlocks(text).filter(e => e.event === 'text-delta').length >= 3,
      });
      assert.equal(result.ended, 'stopped');
      await waitFor(() => log.some(e => e.event === 'disconnect'), 'the server to notice');
      assert.deepEqual(server.stats(), { activeStreams: 0, totalStreams: 1, disconnects: 1, timers: 0 });
    });
  });

  it('ends with the retryable shutdown error when the server closes mid-answer', async () => {
    const { server } = await startServer({});
    const closing = rawPost(`${server.url}/api/chat?long=32000`, QUESTION, {
      onText: text => {
        if (text.includes('event: text-delta')) void server.close();
      },
    });
    const result = await closing;
    const last = chatEventsOf(result.text).at(-1);
    assert.deepEqual([last?.type, /** @type {any} */ (last).code], ['error', 'server_shutdown']);
    assert.ok(canonicalAnswer(result.text).length < generateAnswer(32000, LONG_ANSWER_SEED).text.length);
    await server.close();
    assert.equal(server.stats().timers, 0);
  });

  it('composes with the faults that shape the connection: dropped after N events, or resumable', async () => {
    await withServer({}, async ({ server }) => {
      const dropped = await rawPost(`${server.url}/api/chat?long=2000&rate=max&fault=drop-after:100`, QUESTION);
      assert.equal(dropped.ended, 'reset');
      assert.equal(eventBlocks(dropped.text).length, 100);
      // Resumable at full speed: the producer must let the connection write, or a bounded buffer would cut it.
      const resumable = await rawPost(`${server.url}/api/chat?long=32000&rate=max&fault=ids`, QUESTION, { timeoutMs: 120_000 });
      assert.equal(resumable.ended, 'end');
      assert.match(eventBlocks(resumable.text)[0].id ?? '', /^[\w-]+\.1$/);
      assert.equal(canonicalAnswer(resumable.text), generateAnswer(32000, LONG_ANSWER_SEED).text);
    });
  });

  it('answers 400 invalid_long_answer for a bad length or pace, a lone rate, another route or a content fault', async () => {
    await withServer({}, async ({ server, log }) => {
      const cases = {
        '/api/chat?long=99': /"long" needs a whole number of tokens from 100 to 32000/,
        '/api/chat?long=32001': /"long" needs a whole number/,
        '/api/chat?long=2e3': /"long" needs a whole number/,
        '/api/chat?long=': /"long" needs a whole number/,
        '/api/chat?long=2000&rate=0': /"rate" needs tokens per second from 1 to 10000, or "max"/,
        '/api/chat?long=2000&rate=10001': /"rate" needs tokens per second/,
        '/api/chat?long=2000&rate=fast': /"rate" needs tokens per second/,
        '/api/chat?rate=200': /"rate" goes with "long"/,
        '/api/chat?long=2000&long=100': /"long" is given twice/,
        '/api/chat?long=2000&fault=flood:10': /cannot be combined with the fault "flood"/,
        '/seeds/rag?long=2000': /long answers stream on \/api\/chat only/,
      };
      for (const [target, message] of Object.entries(cases)) {
        const result = await rawPost(`${server.url}${target}`, QUESTION);
        assert.equal(result.status, 400, target);
        assert.match(String(result.headers['content-type']), /^application\/json/, target);
        const { error } = JSON.parse(result.text);
        assert.equal(error.code, 'invalid_long_answer', target);
        assert.match(error.message, message, target);
      }
      assert.equal(server.stats().totalStreams, 0);
      assert.equal(log.filter(e => e.event === 'reject').length, Object.keys(cases).length);
    });
  });
});
