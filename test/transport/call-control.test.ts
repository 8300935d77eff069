import { aTimeout, expect } from '@open-wc/testing';
import { ErrorCode } from '../../src/transport/error-code.js';
import type { SseMessage } from '../../src/transport/sse-message.js';
import { streamSse } from '../../src/transport/transport.js';
import { turnTimeoutError, validTimer } from '../../src/transport/call-control.js';
import { dataOf, fakeBody, fakeFetch, rejectionOf, run, sseResponse } from '../helpers/fake-stream.js';

/** What halts a call (the caller's abort, offline) and its clocks, seen through `streamSse`. */
describe('transport/call-control', () => {
  it('takes a limit setTimeout honours as a limit, anything else as none', () => {
    expect([1, 60_000, 2 ** 31 - 1].every(validTimer)).to.equal(true);
    expect([0, -1, Number.NaN, Infinity, 2 ** 31].some(validTimer)).to.equal(false);
    expect(turnTimeoutError(1500)).to.include({ code: ErrorCode.TurnTimeout, message: 'The answer took longer than 2 s.', retryable: true });
  });

  describe('aborting', () => {
    it('rejects with the signal`s reason, cancels the body and calls no handler afterwards', async () => {
      const body = fakeBody(['data: one\n\ndata: two\n\n', 'data: three\n\n'], 'hang');
      const reason = new DOMException('Stopped by the user', 'AbortError');
      let controller!: AbortController;
      const onMessage = (message: SseMessage) => {
        seen.push(message.data);
        if (message.data === 'one') controller.abort(reason);
      };
      const seen: string[] = [];
      const started = run(fakeFetch(sseResponse(body.stream)), {}, { onMessage });
      controller = started.controller;
      const error = await rejectionOf(started.promise);
      expect(error).to.equal(reason);
      expect(seen).to.deep.equal(['one']);
      expect(body.cancelled).to.equal(true);
    });

    it('stops a read that is waiting for bytes', async () => {
      const body = fakeBody(['data: one\n\n'], 'hang');
      const { promise, controller, seen } = run(fakeFetch(sseResponse(body.stream)));
      await aTimeout(30);
      controller.abort('stop');
      expect(await rejectionOf(promise)).to.equal('stop');
      expect(body.cancelled).to.equal(true);
      expect(seen.messages.map(m => m.data)).to.deep.equal(['one']);
    });

    it('stops while waiting for headers, and never calls onOpen', async () => {
      const body = fakeBody(['data: late\n\n']);
      const fetch = fakeFetch(async () => {
        await aTimeout(50);
        return sseResponse(body.stream);
      });
      const { promise, controller, seen } = run(fetch);
      await aTimeout(10);
      controller.abort('stop');
      expect(await rejectionOf(promise)).to.equal('stop');
      expect(fetch.calls[0].init.signal?.aborted).to.equal(true);
      await aTimeout(60);
      expect(seen.opened).to.equal(0);
      expect(seen.messages).to.deep.equal([]);
    });

    it('does not fetch when the signal is already aborted', async () => {
      const fetch = fakeFetch();
      const controller = new AbortController();
      controller.abort('early');
      const error = await rejectionOf(streamSse({ url: '/chat', signal: controller.signal, fetch }, { onMessage: () => {} }));
      expect(error).to.equal('early');
      expect(fetch.calls).to.have.length(0);
    });
  });

  describe('timeouts and offline', () => {
    it('fails as stalled when no byte arrives for idleTimeout, and cancels the body', async () => {
      const body = fakeBody(['data: a\n\n'], 'hang');
      const { promise, seen } = run(fakeFetch(sseResponse(body.stream)), { idleTimeout: 80 });
      const error = await rejectionOf(promise);
      expect(error).to.include({ code: ErrorCode.Stalled, retryable: true });
      expect(body.cancelled).to.equal(true);
      expect(seen.messages).to.have.length(1);
    });

    it('times the wait for headers with responseTimeout, not the idle limit', async () => {
      const never = () => new Promise<Response>(() => {});
      const error = await rejectionOf(run(fakeFetch(never), { idleTimeout: 10_000, responseTimeout: 60 }).promise);
      expect(error.code).to.equal(ErrorCode.Stalled);
      expect(error.message).to.contain('No response');
    });

    it('starts the idle clock when the headers arrive: a queued request is not a stalled stream', async () => {
      const queued = async () => {
        await aTimeout(300); // the browser held the request behind 6 others to the same host
        return sseResponse(fakeBody(['data: a\n\n', 'data: b\n\n']).stream);
      };
      const { promise, seen } = run(fakeFetch(queued), { idleTimeout: 100 });
      await promise;
      expect(dataOf(seen.messages)).to.equal('ab');
    });

    it('is kept alive by heartbeats and tolerates a slow first byte within the limit', async () => {
      const heartbeats = (index: number) => (index < 20 ? ': ping\n' : index === 20 ? 'data: done\n\n' : undefined);
      const fetch = fakeFetch(async () => {
        await aTimeout(40);
        return sseResponse(fakeBody(heartbeats, 'close', 30).stream);
      });
      // 20 heartbeats and the answer take about 650 ms in all, well over the idle limit, but no gap comes near it
      // (30 ms gaps against 400 ms: a margin a loaded machine does not eat).
      const { promise, seen } = run(fetch, { idleTimeout: 400 });
      const summary = await promise;
      expect(summary.messages).to.equal(1);
      expect(seen.comments).to.have.length(20);
    });

    it('fails as turn-timeout when the whole call exceeds turnTimeout', async () => {
      const body = fakeBody(() => ': ping\n', 'close', 20);
      const { promise } = run(fakeFetch(sseResponse(body.stream)), { turnTimeout: 300, idleTimeout: 2000 });
      const error = await rejectionOf(promise);
      expect(error).to.include({ code: ErrorCode.TurnTimeout, retryable: true });
      expect(body.cancelled).to.equal(true);
    });

    it('fails as offline when the window goes offline mid-stream', async () => {
      const body = fakeBody(['data: a\n\n'], 'hang');
      const fetch = fakeFetch(sseResponse(body.stream));
      const { promise } = run(fetch);
      await aTimeout(20);
      const wentOffline = performance.now();
      window.dispatchEvent(new Event('offline'));
      const error = await rejectionOf(promise);
      expect(performance.now() - wentOffline, 'long before the one-minute idle timeout').to.be.below(20_000);
      expect(error).to.include({ code: ErrorCode.Offline, retryable: true });
      expect(fetch.calls[0].init.signal?.aborted).to.equal(true);
      expect(body.cancelled).to.equal(true);
    });
  });
});
