// The client's fault model, end to end: the real <sse-chat> in Chromium against the real demo server, one
// injected fault at a time (docs/testing.md § Fault injection). Each test asserts what the user sees (text, the
// error shown, the status attribute, buttons) and what the server saw (its log).
import { expect, waitUntil } from '@open-wc/testing';
import type { SseChat } from '../../src/sse-chat.js';
import { demoServerPool, startDemoServer } from './demo-server.js';
import {
  answeredRequests,
  chatAt,
  cleanAnswer,
  disconnects,
  entries,
  lastAnswer,
  NON_ASCII_QUESTION,
  parts,
  pause,
  readBeforeDrops,
  shownError,
  statusOf,
  visibleText,
} from './faults-helpers.js';

/** How long "nothing is sent behind the user's back" is watched: past the transport's 1 s resume delay. */
const QUIET_WATCH_MS = 1500;

describe('e2e faults: connection and response faults', () => {
  const { serve, stopAll } = demoServerPool();
  afterEach(stopAll);

  /** The error shown, the answer's state and the buttons, checked together for an ended, retryable turn. */
  async function expectRetryableFailure(el: SseChat, code: string, shown: RegExp) {
    const answer = lastAnswer(el);
    expect(answer.status, answer.error?.message).to.equal('error');
    expect(answer.error?.code).to.equal(code);
    expect(statusOf(el)).to.equal('error');
    expect(await shownError(el)).to.match(shown);
    expect(parts(el, 'error')[0].getAttribute('role')).to.equal('alert');
    expect(parts(el, 'retry-button'), 'Retry is offered').to.have.length(1);
    expect(parts(el, 'stop-button'), 'nothing is left to stop').to.have.length(0);
    expect(parts(el, 'cursor'), 'no typing cursor outlives the turn').to.have.length(0);
  }

  it('a connection reset mid-stream keeps the partial text, shows "connection lost" with Retry, and is never re-sent', async function () {
    const server = await serve({ holdDrops: true });
    const clean = await cleanAnswer(server, NON_ASCII_QUESTION);
    const el = await chatAt(`${server.url}/api/chat?fault=drop-after:40`, { fetch: readBeforeDrops(server, [40]).fetch });
    await el.send(NON_ASCII_QUESTION);

    await expectRetryableFailure(el, 'connection-lost', /connection was lost/i);
    const partial = lastAnswer(el).text;
    expect(partial.length).to.be.greaterThan(0);
    expect(clean.text.startsWith(partial), 'the partial text is the start of the answer').to.equal(true);
    expect(partial.length).to.be.lessThan(clean.text.length);
    expect(visibleText(parts(el, 'content').at(-1))).not.to.equal('');

    // The composer is usable: a new question can be typed and sent.
    const input = parts(el, 'input')[0] as HTMLTextAreaElement;
    expect(input.disabled).to.equal(false);
    input.value = 'Another question';
    input.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect((parts(el, 'send-button')[0] as HTMLButtonElement).disabled).to.equal(false);

    await pause(QUIET_WATCH_MS);
    const log = await server.log();
    // One POST for the clean baseline, one for the faulty turn: the dropped request was never re-sent.
    expect(answeredRequests(log)).to.have.length(2);
    expect(entries(log, 'fault').map(entry => entry.detail)).to.deep.equal(['connection cut after 40 events']);
  });

  it('a clean close without the completion signal shows the answer as cut off, never done, with no cursor left', async function () {
    // Slow enough that the cursor is seen while the answer streams, so its absence afterwards means something.
    const server = await serve({ tokenDelayMs: 25 });
    const el = await chatAt(`${server.url}/api/chat?fault=close-after:40`);
    const done: Event[] = [];
    el.addEventListener('sse-chat-done', event => done.push(event));
    // Watched on every change, not polled: a starved page may stream the whole answer between two polls.
    let cursorSeen = false;
    const watch = new MutationObserver(() => (cursorSeen ||= parts(el, 'cursor').length === 1));
    watch.observe(el.shadowRoot!, { childList: true, subtree: true });
    const finished = el.send(NON_ASCII_QUESTION);
    await finished;
    watch.disconnect();
    expect(cursorSeen, 'a cursor while streaming').to.equal(true);

    await expectRetryableFailure(el, 'cut-off', /cut off/i);
    expect(lastAnswer(el).text.length).to.be.greaterThan(0);
    expect(done).to.have.length(0);
    expect(parts(el, 'message')[1].dataset.status).to.equal('error');
    expect(answeredRequests(await server.log())).to.have.length(1);
  });

  it('a last block without its terminating blank line is discarded, so the answer is cut off, not done', async function () {
    const server = await serve();
    const clean = await cleanAnswer(server, NON_ASCII_QUESTION);
    const el = await chatAt(`${server.url}/api/chat?fault=unterminated-last`);
    await el.send(NON_ASCII_QUESTION);

    await expectRetryableFailure(el, 'cut-off', /cut off/i);
    // Everything but the unterminated `done` arrived.
    expect(lastAnswer(el).text).to.equal(clean.text);
  });

  for (const fault of ['empty', 'no-content', 'comments-only']) {
    it(`a stream with no event at all (${fault}) reads "no answer received", not an empty answer marked done`, async () => {
      const server = await serve();
      const el = await chatAt(`${server.url}/api/chat?fault=${fault}`);
      await el.send('Anyone there?');

      await expectRetryableFailure(el, 'no-answer', /no answer was received/i);
      expect(lastAnswer(el).text).to.equal('');
      expect(parts(el, 'message').map(node => node.dataset.status)).to.deep.equal(['done', 'error']);
      const log = await server.log();
      expect(entries(log, 'fault').map(entry => entry.status)).to.deep.equal([fault === 'no-content' ? 204 : 200]);
    });
  }

  it("an HTTP error with a JSON body shows the server's message and the status", async () => {
    const server = await serve();
    const el = await chatAt(`${server.url}/api/chat?fault=status:500`);
    await el.send('Hello?');

    await expectRetryableFailure(el, 'http', /HTTP 500/);
    expect(await shownError(el)).to.contain('The model is overloaded');
    expect(lastAnswer(el).error?.status).to.equal(500);
  });

  it('a 401 shows its message; it is not retryable, so no Retry is offered (sending the same request cannot help)', async () => {
    const server = await serve();
    const el = await chatAt(`${server.url}/api/chat?fault=status:401`);
    await el.send('Hello?');
    expect(await shownError(el)).to.match(/HTTP 401.*Sign in to use this chat\./);
    expect(lastAnswer(el).error?.retryable).to.equal(false);
    expect(parts(el, 'retry-button')).to.have.length(0);
  });

  for (const [status, seconds, message] of [
    [429, 30, 'Too many requests: wait a moment and try again.'],
    [503, 5, 'The service is temporarily unavailable.'],
  ] as const) {
    it(`a ${status} with Retry-After says "try again in about ${seconds} s" and sends nothing by itself`, async function () {
      const server = await serve();
      const el = await chatAt(`${server.url}/api/chat?fault=status:${status}&fault=retry-after:${seconds}`);
      await el.send('Hello?');

      await expectRetryableFailure(el, 'http', new RegExp(`HTTP ${status}`));
      const shown = await shownError(el);
      expect(shown).to.contain(message);
      expect(shown).to.contain(`Try again in about ${seconds} s.`);
      expect(lastAnswer(el).error?.retryAfter).to.equal(seconds);

      await pause(QUIET_WATCH_MS);
      const log = await server.log();
      expect(entries(log, 'fault').map(entry => entry.status), 'one request, not retried').to.deep.equal([status]);
      expect(statusOf(el)).to.equal('error');
    });
  }

  for (const [type, bodyText] of [
    ['text/html', 'Sign in'],
    ['application/json', 'This endpoint answers JSON, not an event stream.'],
  ] as const) {
    it(`a 200 with ${type} is an "unexpected response", and its body is never rendered`, async () => {
      const server = await serve();
      const el = await chatAt(`${server.url}/api/chat?fault=content-type:${encodeURIComponent(type)}`);
      await el.send('Hello?');

      const answer = lastAnswer(el);
      expect(answer.status).to.equal('error');
      expect(answer.error?.code).to.equal('unexpected-response');
      expect(answer.error?.retryable).to.equal(false);
      expect(statusOf(el)).to.equal('error');
      expect(await shownError(el)).to.match(/did not answer with an event stream/);
      expect(answer.text).to.equal('');
      const root = el.shadowRoot!;
      expect(root.textContent).not.to.contain(bodyText);
      expect(root.innerHTML).not.to.contain('action="/login"');
      expect(root.querySelector('form[action], input[type="password"]')).to.equal(null);
    });
  }

  it('a server that is not there (a closed port) is a clear network error', async () => {
    const gone = await startDemoServer();
    const url = `${gone.url}/api/chat`;
    await gone.stop();
    const el = await chatAt(url);
    await el.send('Hello?');

    await expectRetryableFailure(el, 'network', /could not reach the server/i);
  });

  it('headers that take 3 s keep the chat in the connecting state, with Stop, until the answer comes; no timeout fires', async function () {
    const server = await serve();
    const el = await chatAt(`${server.url}/api/chat?fault=delay-headers:3000`, { idleTimeout: 30_000 });
    const finished = el.send(NON_ASCII_QUESTION);
    await pause(500); // 2.5 s before the delay ends: room for a loaded machine's late timers
    await el.updateComplete;
    expect(statusOf(el)).to.equal('connecting');
    expect(parts(el, 'stop-button')).to.have.length(1);
    expect(parts(el, 'error')).to.have.length(0);
    await finished;
    expect(lastAnswer(el).status, lastAnswer(el).error?.message).to.equal('done');
    expect(statusOf(el)).to.equal('idle');
  });

  it('a first byte 3 s after the headers: an empty answer waits, with Stop, then the answer comes; no timeout fires', async function () {
    const server = await serve();
    const el = await chatAt(`${server.url}/api/chat?fault=delay-first-byte:3000`, { idleTimeout: 30_000 });
    const finished = el.send(NON_ASCII_QUESTION);
    // Until the headers are read (at once on a quiet machine; a loaded one may take a while): 3 s before the first byte.
    await waitUntil(() => statusOf(el) === 'streaming', 'the response headers', { timeout: 20_000 });
    await el.updateComplete;
    // The response is open (`streaming` is documented as "the response is open"), nothing of the answer yet.
    expect(statusOf(el)).to.equal('streaming');
    expect(lastAnswer(el).text).to.equal('');
    expect(lastAnswer(el).steps).to.have.length(0);
    expect(parts(el, 'stop-button')).to.have.length(1);
    expect(parts(el, 'error')).to.have.length(0);
    await finished;
    expect(lastAnswer(el).status, lastAnswer(el).error?.message).to.equal('done');
    expect(statusOf(el)).to.equal('idle');
  });

  it('heartbeats keep a stream alive well past a small idle timeout', async function () {
    const server = await serve();
    // 50 ms heartbeats against a 1 s idle limit: a gap 20× the usual one, which a loaded machine does not reach.
    const el = await chatAt(`${server.url}/api/chat?fault=heartbeats-only&fault=heartbeat-ms:50`, { idleTimeout: 1000 });
    const finished = el.send('Hello?');
    await pause(2000); // two idle timeouts
    await el.updateComplete;
    expect(lastAnswer(el).error).to.equal(null);
    expect(statusOf(el)).to.equal('streaming');
    el.stop();
    await finished;
    expect(lastAnswer(el).status).to.equal('stopped');
    await server.waitForLog(log => disconnects(log).length === 1);
  });

  it('silence beyond the idle timeout is a retryable "stalled" error that keeps the partial text', async function () {
    const server = await serve();
    // 3 s: on a loaded machine the first text can take longer than a short limit, which then fires before any text.
    const el = await chatAt(`${server.url}/api/chat?fault=stall-after:30`, { idleTimeout: 3000 });
    await el.send(NON_ASCII_QUESTION); // it ends: a hang would run into the test's timeout

    await expectRetryableFailure(el, 'stalled', /stalled/i);
    expect(lastAnswer(el).text.length).to.be.greaterThan(0);
    // The stalled request was given up: the server saw the client leave.
    await server.waitForLog(log => disconnects(log).length === 1);
    expect(answeredRequests(await server.log())).to.have.length(1);
  });

  it('heartbeats forever beyond the turn timeout end in a retryable turn-timeout error', async function () {
    const server = await serve();
    // The stream outlives the idle limit (heartbeats keep it alive), and only the turn limit ends it. The idle limit
    // is 100× the heartbeat gap: a server starved for seconds does not leave a silence that long (at 1 s, 20×, a
    // starved server could, and the turn ended 'stalled').
    const el = await chatAt(`${server.url}/api/chat?fault=heartbeats-only&fault=heartbeat-ms:50`, {
      idleTimeout: 5000,
      turnTimeout: 8000,
    });
    const started = performance.now();
    await el.send('Hello?');
    expect(performance.now() - started, 'ended by the turn limit, not before').to.be.at.least(7900);

    await expectRetryableFailure(el, 'turn-timeout', /took too long/i);
    await server.waitForLog(log => disconnects(log).length === 1);
  });
});
