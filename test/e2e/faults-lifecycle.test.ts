// The client's fault model, end to end: what the page and the user do around a stream (going offline, hiding the
// tab, Stop and Send in quick succession, removing the element, leaving the page, many chats at once), with the
// real <sse-chat> in Chromium against the real demo server.
import { expect, waitUntil } from '@open-wc/testing';
import type { SseChat } from '../../src/sse-chat.js';
import { demoServerPool } from './demo-server.js';
import {
  answeredRequests,
  chatAt,
  cleanAnswer,
  disconnects,
  entries,
  heldBodies,
  lastAnswer,
  neverFinishingFirst,
  NON_ASCII_QUESTION,
  observable,
  OTHER_QUESTION,
  parts,
  pause,
  shownError,
  statusOf,
  untilText,
} from './faults-helpers.js';

/** Collects what would tell a user or a page that something went wrong: console errors and uncaught failures. */
function watchForErrors() {
  const seen: string[] = [];
  const originalError = console.error;
  console.error = (...args: unknown[]) => seen.push(`console.error: ${args.map(String).join(' ')}`);
  const onError = (event: ErrorEvent) => seen.push(`error: ${event.message}`);
  const onRejection = (event: PromiseRejectionEvent) => seen.push(`unhandledrejection: ${String(event.reason)}`);
  const onChatError = (event: Event) => seen.push(`sse-chat-error: ${(event as CustomEvent).detail.error.message}`);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  document.addEventListener('sse-chat-error', onChatError);
  return {
    seen,
    dispose() {
      console.error = originalError;
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
      document.removeEventListener('sse-chat-error', onChatError);
    },
  };
}

/** Makes the page look hidden or visible to scripts, and tells them, as a tab switch would. */
function setVisibility(state: 'hidden' | 'visible') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
  document.dispatchEvent(new Event('visibilitychange'));
}

/** Back to the real `document.visibilityState` and `document.hidden` (the prototype's getters). */
function restoreVisibility() {
  delete (document as { visibilityState?: unknown }).visibilityState;
  delete (document as { hidden?: unknown }).hidden;
}

describe('e2e faults: the page and the user around a stream', () => {
  const { serve, stopAll } = demoServerPool();
  afterEach(async () => {
    restoreVisibility();
    await stopAll();
  });

  it('going offline during a stream shows a retryable error at once, not after the idle timeout, and keeps the partial text', async function () {
    const server = await serve({ tokenDelayMs: 20 });
    // The idle timeout off and a stream that never ends by itself: the error can only come from the offline event.
    const el = await chatAt(`${server.url}/api/chat?fault=never-finish`, { idleTimeout: 0 });
    const finished = el.send(NON_ASCII_QUESTION);
    await untilText(el, 1);

    window.dispatchEvent(new Event('offline'));
    await finished;
    expect(parts(el, 'error')).to.have.length(1);

    expect(lastAnswer(el).error?.code).to.equal('offline');
    expect(await shownError(el)).to.match(/went offline/i);
    expect(statusOf(el)).to.equal('error');
    expect(parts(el, 'retry-button')).to.have.length(1);
    expect(lastAnswer(el).text.length).to.be.greaterThan(0);
    await server.waitForLog(log => disconnects(log).length === 1);
  });

  it('hiding and showing the tab during a stream sends no second POST, and the stream completes', async function () {
    const server = await serve({ tokenDelayMs: 20 });
    const clean = await cleanAnswer(server, NON_ASCII_QUESTION);
    // The stream's end is held back until the tab is shown again: the stream is open all the time it is hidden,
    // however the page and the server are paced.
    const held = heldBodies('end');
    const el = await chatAt(`${server.url}/api/chat`, { fetch: held.fetch });
    const finished = el.send(NON_ASCII_QUESTION);
    await untilText(el, 1);

    setVisibility('hidden');
    await pause(300);
    expect(statusOf(el)).to.equal('streaming');
    setVisibility('visible');
    held.open();
    await finished;

    expect(observable(lastAnswer(el))).to.deep.equal(observable(clean));
    const log = await server.log();
    expect(answeredRequests(log), 'the baseline and this turn, once each').to.have.length(2);
    expect(disconnects(log)).to.have.length(0);
  });

  it('Stop then Send at once: the stopped answer keeps its text and nothing of it leaks into the new one', async function () {
    const server = await serve({ tokenDelayMs: 20 });
    const clean = await cleanAnswer(server, OTHER_QUESTION);
    // The first answer never ends by itself: the Stop is always mid-stream, however starved the page is.
    const el = await chatAt(`${server.url}/api/chat`, { fetch: neverFinishingFirst(1) });
    void el.send(NON_ASCII_QUESTION);
    await untilText(el, 20);

    // As a user would: the Stop button, then type and press Send in the same task.
    parts(el, 'stop-button')[0].click();
    const partial = el.messages[1].text;
    await el.updateComplete;
    const input = parts(el, 'input')[0] as HTMLTextAreaElement;
    input.value = OTHER_QUESTION;
    input.dispatchEvent(new Event('input'));
    await el.updateComplete;
    const done = new Promise(resolve => el.addEventListener('sse-chat-done', resolve, { once: true }));
    parts(el, 'send-button')[0].click();
    await done;

    expect(el.messages.map(message => `${message.role}:${message.status}`)).to.deep.equal([
      'user:done',
      'assistant:stopped',
      'user:done',
      'assistant:done',
    ]);
    expect(el.messages[1].text).to.equal(partial);
    expect(observable(el.messages[3])).to.deep.equal(observable(clean));
    const log = await server.waitForLog(entries => disconnects(entries).length === 1);
    expect(answeredRequests(log)).to.have.length(3);
  });

  it('10 rapid Send/Stop cycles: each stopped answer is only its own, the next answer is whole, the server saw every abort', async function () {
    const server = await serve({ tokenDelayMs: 20 });
    const questions = [NON_ASCII_QUESTION, OTHER_QUESTION];
    const clean = [await cleanAnswer(server, questions[0]), await cleanAnswer(server, questions[1])];
    // The 10 stopped answers never end by itself: each Stop is mid-stream, however starved the page is.
    const el = await chatAt(`${server.url}/api/chat`, { fetch: neverFinishingFirst(10) });
    for (let cycle = 0; cycle < 10; cycle++) {
      void el.send(questions[cycle % 2]);
      await untilText(el, 1);
      el.stop();
    }
    await el.send(questions[0]);

    const answers = el.messages.filter(message => message.role === 'assistant');
    expect(answers.map(answer => answer.status)).to.deep.equal([...Array(10).fill('stopped'), 'done']);
    answers.slice(0, 10).forEach((answer, cycle) => {
      const own = clean[cycle % 2].text;
      expect(own.startsWith(answer.text), `stopped answer ${cycle} is the start of its own answer`).to.equal(true);
      expect(answer.text.length).to.be.greaterThan(0);
    });
    expect(observable(answers[10])).to.deep.equal(observable(clean[0]));

    const log = await server.waitForLog(entries => disconnects(entries).length >= 10);
    expect(answeredRequests(log)).to.have.length(2 + 11);
    expect(disconnects(log)).to.have.length(10);
    expect(entries(log, 'complete')).to.have.length(3);
  });

  it('removing the element mid-stream aborts the request without a later error; put back, it works again', async function () {
    const server = await serve({ tokenDelayMs: 20 });
    const el = await chatAt(`${server.url}/api/chat`);
    const parent = el.parentNode!;
    const finished = el.send(NON_ASCII_QUESTION);
    await untilText(el, 1);

    const errors = watchForErrors();
    try {
      el.remove();
      await finished;
      await server.waitForLog(log => disconnects(log).length === 1);
      await pause(500); // anything late (a read, a timer, a render) would show up here
      expect(errors.seen).to.deep.equal([]);
      expect(lastAnswer(el).status).to.equal('stopped');

      parent.appendChild(el);
      await el.send(OTHER_QUESTION);
      expect(lastAnswer(el).status, lastAnswer(el).error?.message).to.equal('done');
      expect(statusOf(el)).to.equal('idle');
      expect(errors.seen).to.deep.equal([]);
    } finally {
      errors.dispose();
    }
    expect(answeredRequests(await server.log())).to.have.length(2);
  });

  it('pagehide aborts the stream (the server sees the client leave)', async function () {
    const server = await serve({ tokenDelayMs: 40 });
    // A stream that never ends by itself: the pagehide is always mid-stream, however starved the page is.
    const el = await chatAt(`${server.url}/api/chat?fault=never-finish`);
    const finished = el.send(NON_ASCII_QUESTION);
    await untilText(el, 1);

    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    await finished;
    expect(lastAnswer(el).status).to.equal('stopped');
    expect(statusOf(el)).to.equal('idle');
    const log = await server.waitForLog(entries => disconnects(entries).length === 1);
    expect(answeredRequests(log)).to.have.length(1);
  });

  it('20 chats on one page stream at once, each gets its own whole answer, and stopping one leaves the others alone', async function () {
    // Chromium opens at most 6 connections per host, so 4 servers × 5 chats let all 20 stream truly at once.
    const group = await Promise.all([0, 1, 2, 3].map(() => serve({ tokenDelayMs: 20 })));
    const questions = [NON_ASCII_QUESTION, OTHER_QUESTION];
    // The answers' text and steps do not depend on the pace, so a fast server gives the baselines.
    const fast = await serve({ tokenDelayMs: 0 });
    const clean = [await cleanAnswer(fast, questions[0]), await cleanAnswer(fast, questions[1])];
    const chats: SseChat[] = [];
    // The one to stop never finishes by itself (the answer, then heartbeats): a stop after the server's last byte
    // is no disconnect. The bodies are held until all 20 are streaming: on a loaded machine the first may
    // otherwise have finished before the last one's response came, and they would never all stream at once.
    const held = heldBodies('start');
    for (let i = 0; i < 20; i++) chats.push(await chatAt(`${group[i % 4].url}/api/chat${i === 0 ? '?fault=never-finish' : ''}`, { fetch: held.fetch }));

    const finished = chats.map((el, i) => el.send(questions[i % 2]));
    await waitUntil(() => chats.every(el => statusOf(el) === 'streaming'), 'not all 20 were streaming at once', { timeout: 60_000 });
    held.open();
    await untilText(chats[0], 1);
    chats[0].stop();
    await Promise.all(finished);

    expect(lastAnswer(chats[0]).status).to.equal('stopped');
    chats.slice(1).forEach((el, index) => {
      const i = index + 1;
      const answer = lastAnswer(el);
      expect(answer.status, `chat ${i}: ${answer.error?.message}`).to.equal('done');
      expect(answer.text, `chat ${i}`).to.equal(clean[i % 2].text);
      expect(answer.steps.map(step => step.label), `chat ${i}`).to.deep.equal(clean[i % 2].steps.map(step => step.label));
    });

    // The server logs the stopped stream's disconnect when it notices the socket close, which may be a moment later.
    await group[0].waitForLog(log => disconnects(log).length === 1);
    const logs = await Promise.all(group.map(server => server.log()));
    expect(logs.map(log => answeredRequests(log).length)).to.deep.equal([5, 5, 5, 5]);
    expect(logs.map(log => disconnects(log).length)).to.deep.equal([1, 0, 0, 0]);
  });
});
