import { aTimeout, expect } from '@open-wc/testing';
import { ErrorCode } from '../../src/transport/error-code.js';
import type { SseMessage } from '../../src/transport/sse-message.js';
import { SLICE_BUDGET_MS } from '../../src/transport/response-body.js';
import { fakeBody, fakeFetch, rejectionOf, run, sseResponse } from '../helpers/fake-stream.js';

/** Checking and reading a response body (content type, slices, size, text bodies, stray JSON), seen through `streamSse`. */
describe('transport/response-body', () => {
  describe('responses that are not event streams', () => {
    for (const type of ['text/html; charset=utf-8', 'application/json', 'application/xml', 'image/png']) {
      it(`rejects ${type} with unexpected-response, cancels the body and never reads it`, async () => {
        const body = fakeBody(['<html>login</html>', 'data: x\n\n']);
        const { promise, seen } = run(fakeFetch(new Response(body.stream, { headers: { 'content-type': type } })));
        const error = await rejectionOf(promise);
        expect(error).to.include({ code: ErrorCode.UnexpectedResponse, retryable: false });
        expect(body.cancelled).to.equal(true);
        expect(seen.opened).to.equal(0);
        expect(seen.messages).to.deep.equal([]);
      });
    }
  });

  describe('a backlog in one read', () => {
    /** 20,000 messages in one read, each costing 0.01 ms of a fake clock: 200 ms of work in all. */
    const MESSAGES = 20_000;
    const COST_MS = 0.01;
    const backlog = () => Array.from({ length: MESSAGES }, (_, i) => `data: ${String(i).padStart(5, '0')}\n\n`).join('');
    /** Counts the messages handled in each task: a message posted in a task is handled after it ends. */
    function taskCounter() {
      const perTask: number[] = [];
      let inTask = false;
      const probe = new MessageChannel();
      probe.port1.onmessage = () => (inTask = false);
      return {
        perTask,
        count() {
          if (!inTask) {
            inTask = true;
            perTask.push(0);
            probe.port2.postMessage(null);
          }
          perTask[perTask.length - 1] += 1;
        },
        close: () => probe.port1.close(),
      };
    }

    it('is handed on in several tasks, none past the work budget by more than a slice', async () => {
      let clock = 0;
      const tasks = taskCounter();
      const onMessage = () => {
        clock += COST_MS;
        tasks.count();
      };
      const { promise, seen } = run(fakeFetch(sseResponse(fakeBody([backlog()]).stream)), { now: () => clock }, { onMessage });
      const summary = await promise;
      tasks.close();
      expect(summary.messages).to.equal(MESSAGES);
      expect(seen.messages).to.have.length(0); // the handler above replaced the recording one
      // A 4,096-byte slice holds 341 of these 12-byte messages: 3.4 ms of work.
      const slice = Math.ceil(4096 / 12) * COST_MS;
      const longest = Math.max(...tasks.perTask) * COST_MS;
      expect(longest, 'work in one task (fake ms)').to.be.at.most(SLICE_BUDGET_MS + slice);
      expect(tasks.perTask.length, 'tasks').to.be.at.least(Math.floor((MESSAGES * COST_MS) / (SLICE_BUDGET_MS + slice)));
    });

    it('stops between slices when the signal aborts, and hands on nothing after', async () => {
      let clock = 0;
      let delivered = 0;
      let afterAbort = 0;
      let controller!: AbortController;
      const stopper = new MessageChannel();
      // Posted by the first message: handled once the task that handles it ends, i.e. between two slices.
      stopper.port1.onmessage = () => controller.abort('stop');
      const onMessage = () => {
        clock += COST_MS;
        if (controller.signal.aborted) afterAbort += 1;
        if (delivered++ === 0) stopper.port2.postMessage(null);
      };
      const body = fakeBody([backlog()], 'hang');
      const started = run(fakeFetch(sseResponse(body.stream)), { now: () => clock }, { onMessage });
      controller = started.controller;
      expect(await rejectionOf(started.promise)).to.equal('stop');
      stopper.port1.close();
      await aTimeout(20);
      expect(afterAbort).to.equal(0);
      expect(delivered, 'messages handed on before the stop').to.be.within(1, MESSAGES - 1);
      expect(delivered * COST_MS, 'work before the stop (fake ms)').to.be.at.most(SLICE_BUDGET_MS + Math.ceil(4096 / 12) * COST_MS);
      expect(body.cancelled).to.equal(true);
    });
  });

  describe('size', () => {
    it('fails as too-large when one event exceeds maxEventSize', async () => {
      const body = fakeBody(['data: ok\n\n', `data: ${'x'.repeat(300)}`, '\n\n'], 'hang');
      const { promise, seen } = run(fakeFetch(sseResponse(body.stream)), { maxEventSize: 100 });
      const error = await rejectionOf(promise);
      expect(error).to.include({ code: ErrorCode.TooLarge, retryable: false });
      expect(body.cancelled).to.equal(true);
      expect(seen.messages.map(m => m.data)).to.deep.equal(['ok']);
    });

    it('passes a 1 MB event with the default limit', async () => {
      const big = 'z'.repeat(1_000_000);
      const { promise, seen } = run(fakeFetch(sseResponse(fakeBody([`data: ${big.slice(0, 400_000)}`, `${big.slice(400_000)}\n\n`]).stream)));
      await promise;
      expect(seen.messages[0].data.length).to.equal(1_000_000);
    });
  });
});

/** What EventSource does not dispatch but a chat needs (`onSignal`): plain-text bodies, stray JSON. */
describe('transport/response-body: what EventSource would not dispatch', () => {
  /** Reads a body of `parts` served as `contentType`; what `onMessage` and `onSignal` received. */
  async function readAs(contentType: string, ...parts: string[]) {
    const signals: SseMessage[] = [];
    const { promise, seen } = run(fakeFetch(sseResponse(fakeBody(parts).stream, { headers: { 'content-type': contentType } })), {}, {
      onSignal: message => void signals.push(message),
    });
    await promise;
    return { messages: seen.messages, signals };
  }

  it('reads a text/plain body that is not SSE framing as text pieces, nothing as messages', async () => {
    const { messages, signals } = await readAs('text/plain; charset=utf-8', 'Hel', 'lo, world.\nSecond line', ' ends.');
    expect(messages).to.deep.equal([]);
    expect(signals.map(m => m.kind)).to.deep.equal(['text', 'text']);
    expect(signals.map(m => m.data).join('')).to.equal('Hello, world.\nSecond line ends.');
  });

  it('reads a short plain-text body decided only at its end', async () => {
    const { signals } = await readAs('text/plain', 'Hi');
    expect(signals).to.deep.equal([{ event: 'message', data: 'Hi', id: '', kind: 'text' }]);
  });

  it('still reads SSE framing served as text/plain (the seed backends) as SSE', async () => {
    const { messages, signals } = await readAs('text/plain', 'da', 'ta: {"type":"token","content":"a"}\n\n');
    expect(messages.map(m => m.data)).to.deep.equal(['{"type":"token","content":"a"}']);
    expect(signals).to.deep.equal([]);
  });

  it('never sniffs a text/event-stream body: it is SSE', async () => {
    const { messages, signals } = await readAs('text/event-stream', 'Hello\n\ndata: x\n\n');
    expect(messages.map(m => m.data)).to.deep.equal(['x']);
    expect(signals).to.deep.equal([]);
  });

  it('reports a JSON error object written without data: lines (Google APIs) as kind json', async () => {
    const { messages, signals } = await readAs(
      'text/event-stream',
      'data: {"candidates":[]}\n\n',
      '{\n  "error": {\n    "code": 503,\n    "message": "The model is overloaded.",\n    "status": "UNAVAILABLE"\n  }\n}\n',
    );
    expect(messages).to.have.length(1);
    expect(signals).to.have.length(1);
    expect(signals[0].kind).to.equal('json');
    expect(JSON.parse(signals[0].data).error.message).to.equal('The model is overloaded.');
  });
});
