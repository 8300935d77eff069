import { aTimeout, expect } from '@open-wc/testing';
import { ErrorCode } from '../../src/transport/error-code.js';
import type { SseMessage } from '../../src/transport/sse-message.js';
import { isAtOrBefore, SLICE_BUDGET_MS, streamSse, type StreamHandlers, type StreamRequest } from '../../src/transport/transport.js';
import { TransportError } from '../../src/transport/transport-error.js';

const encoder = new TextEncoder();

type Part = string | Uint8Array;
type Ending = 'close' | 'error' | 'hang';

/** A response body that delivers `parts` one read at a time, then closes, fails or hangs; it records a cancel. */
function fakeBody(parts: Part[] | ((index: number) => Part | undefined), ending: Ending = 'close', gapMs = 0) {
  const next = typeof parts === 'function' ? parts : (index: number) => parts[index];
  let index = 0;
  let release = () => {};
  const state = { cancelled: false, cancelReason: undefined as unknown };
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        await (gapMs ? aTimeout(gapMs) : Promise.resolve());
        if (state.cancelled) return;
        const part = next(index++);
        if (part !== undefined) controller.enqueue(typeof part === 'string' ? encoder.encode(part) : part);
        else if (ending === 'close') controller.close();
        else if (ending === 'error') controller.error(new TypeError('network error'));
        else await new Promise<void>(resolve => (release = resolve));
      },
      cancel(reason) {
        state.cancelled = true;
        state.cancelReason = reason;
        release();
      },
    },
    { highWaterMark: 0 },
  );
  return Object.assign(state, { stream });
}

const sseResponse = (stream: ReadableStream<Uint8Array> | null, init: ResponseInit = {}) =>
  new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream' }, ...init });

type Responder = Response | Error | (() => Promise<Response>);

/** A fetch that answers with `responders` in order and records every call. */
function fakeFetch(...responders: Responder[]) {
  const calls: { url: string; init: RequestInit; headers: Headers }[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({ url: String(input), init, headers: new Headers(init.headers) });
    const responder = responders[calls.length - 1];
    if (!responder) throw new Error(`unexpected fetch call #${calls.length}`);
    if (responder instanceof Error) throw responder;
    return typeof responder === 'function' ? responder() : responder;
  };
  return Object.assign(fetch as typeof globalThis.fetch, { calls });
}

/** Runs `streamSse` and records what the handlers saw. */
function run(fetch: typeof globalThis.fetch, request: Partial<StreamRequest> = {}, handlers: Partial<StreamHandlers> = {}) {
  const controller = new AbortController();
  const seen = { messages: [] as SseMessage[], opened: 0, resumes: [] as [number, string][], comments: [] as string[] };
  const promise = streamSse(
    { url: '/chat', body: '{"q":1}', signal: controller.signal, fetch, ...request },
    {
      onOpen: () => void (seen.opened += 1),
      onMessage: message => void seen.messages.push(message),
      onResume: (attempt, id) => void seen.resumes.push([attempt, id]),
      onComment: text => void seen.comments.push(text),
      ...handlers,
    },
  );
  return { promise, controller, seen };
}

async function rejectionOf(promise: Promise<unknown>): Promise<TransportError> {
  try {
    await promise;
  } catch (error) {
    return error as TransportError;
  }
  throw new Error('expected the call to reject');
}

const dataOf = (messages: SseMessage[]) => messages.map(m => m.data).join('');

describe('transport/streamSse', () => {
  describe('a clean stream', () => {
    it('delivers messages from awkward chunks, POSTs once with Accept, and resolves with a summary', async () => {
      const euro = encoder.encode('€');
      const body = fakeBody([
        'event: tok',
        'en\r',
        '\ndata: a',
        new Uint8Array([...encoder.encode('b'), euro[0]]),
        new Uint8Array([euro[1], euro[2], 0x0d]),
        '\n\r\n: ping\n\ndata: end\n\n',
      ]);
      const fetch = fakeFetch(sseResponse(body.stream));
      const { promise, seen } = run(fetch, { headers: { authorization: 'Bearer t' }, credentials: 'include' });
      const summary = await promise;
      expect(seen.messages).to.deep.equal([
        { event: 'token', data: 'ab€', id: '' },
        { event: 'message', data: 'end', id: '' },
      ]);
      expect(seen.opened).to.equal(1);
      expect(seen.comments).to.deep.equal(['ping']);
      expect(summary).to.deep.equal({ lastEventId: '', messages: 2, bytes: 48, resumes: 0, status: 200 });
      expect(fetch.calls).to.have.length(1);
      const [call] = fetch.calls;
      expect(call.init.method).to.equal('POST');
      expect(call.init.body).to.equal('{"q":1}');
      expect(call.init.credentials).to.equal('include');
      expect(call.headers.get('accept')).to.equal('text/event-stream');
      expect(call.headers.get('authorization')).to.equal('Bearer t');
      expect(call.headers.has('last-event-id')).to.equal(false);
    });

    it('keeps a caller`s Accept header', async () => {
      const fetch = fakeFetch(sseResponse(fakeBody([]).stream));
      await run(fetch, { headers: { accept: 'application/x-custom' } }).promise;
      expect(fetch.calls[0].headers.get('accept')).to.equal('application/x-custom');
    });

    for (const contentType of ['text/plain; charset=utf-8', 'application/octet-stream', null]) {
      it(`accepts content type ${contentType ?? '(none)'}`, async () => {
        const body = fakeBody(['data: ok\n\n']);
        const response = new Response(body.stream, { headers: contentType ? { 'content-type': contentType } : {} });
        const { promise, seen } = run(fakeFetch(response));
        await promise;
        expect(seen.messages.map(m => m.data)).to.deep.equal(['ok']);
      });
    }

    it('treats 204 and an empty 200 as a clean close with zero messages', async () => {
      for (const response of [new Response(null, { status: 204 }), sseResponse(fakeBody([]).stream), sseResponse(null)]) {
        const { promise, seen } = run(fakeFetch(response));
        const summary = await promise;
        expect(summary.messages).to.equal(0);
        expect(seen.messages).to.deep.equal([]);
      }
    });

    it('discards a final event without its blank line, as EventSource does', async () => {
      const { promise, seen } = run(fakeFetch(sseResponse(fakeBody(['data: a\n\ndata: b']).stream)));
      await promise;
      expect(dataOf(seen.messages)).to.equal('a');
    });
  });

  describe('HTTP errors', () => {
    const vendorBodies: [string, unknown, string][] = [
      ['OpenAI', { error: { message: 'Invalid API key', type: 'invalid_request_error', code: 'invalid_api_key' } }, 'Invalid API key'],
      ['plain error string', { error: 'Model not loaded' }, 'Model not loaded'],
      ['message', { message: 'Quota exceeded' }, 'Quota exceeded'],
      ['FastAPI detail string', { detail: 'Not authenticated' }, 'Not authenticated'],
      [
        'FastAPI validation list',
        { detail: [{ loc: ['body', 'q'], msg: 'field required', type: 'missing' }, { msg: 'too long' }] },
        'q: field required; too long',
      ],
      ['Vercel', { errorText: 'Stream failed' }, 'Stream failed'],
      ['Anthropic', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, 'Overloaded'],
      ['Gemini', [{ error: { code: 400, message: 'API key not valid.', status: 'INVALID_ARGUMENT' } }], 'API key not valid.'],
      ['TGI', { error: 'Input validation error: too many tokens', error_type: 'validation' }, 'Input validation error: too many tokens'],
      ['code and message', { error: { message: 'Rate limited', code: 429 } }, 'Rate limited'],
    ];
    for (const [vendor, json, expected] of vendorBodies) {
      it(`shows the server message from a ${vendor} JSON body`, async () => {
        const response = new Response(JSON.stringify(json), { status: 400, headers: { 'content-type': 'application/json' } });
        const fetch = fakeFetch(response);
        const { promise, seen } = run(fetch);
        const error = await rejectionOf(promise);
        expect(error).to.be.instanceOf(TransportError);
        expect(error).to.include({ code: ErrorCode.Http, status: 400, message: expected, retryable: false });
        expect(seen.opened).to.equal(0);
        expect(fetch.calls).to.have.length(1);
      });
    }

    it('never shows an HTML body; uses the status line', async () => {
      const html = '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1><script>x()</script></body></html>';
      for (const headers of [{ 'content-type': 'text/html' }, { 'content-type': 'text/plain' }]) {
        const error = await rejectionOf(run(fakeFetch(new Response(html, { status: 502, headers }))).promise);
        expect(error).to.include({ code: ErrorCode.Http, status: 502, message: 'HTTP 502 Bad Gateway', retryable: true });
      }
    });

    it('shows a short plain-text body trimmed, a long one truncated, and the status line for an empty one', async () => {
      const short = await rejectionOf(run(fakeFetch(new Response('  Rate limit reached \n', { status: 429 }))).promise);
      expect(short.message).to.equal('Rate limit reached');
      const long = await rejectionOf(run(fakeFetch(new Response('word '.repeat(200), { status: 500 }))).promise);
      expect(long.message.length).to.be.at.most(300);
      expect(long.message.endsWith('…')).to.equal(true);
      const empty = await rejectionOf(run(fakeFetch(new Response('', { status: 404 }))).promise);
      expect(empty).to.include({ message: 'HTTP 404 Not Found', retryable: false });
    });

    it('reads Retry-After as seconds or an HTTP date', async () => {
      const seconds = await rejectionOf(
        run(fakeFetch(new Response('', { status: 429, headers: { 'retry-after': '7' } }))).promise,
      );
      expect(seconds).to.include({ status: 429, retryAfter: 7, retryable: true });
      const date = new Date(Date.now() + 120_000).toUTCString();
      const dated = await rejectionOf(run(fakeFetch(new Response('', { status: 503, headers: { 'retry-after': date } }))).promise);
      expect(dated.retryAfter).to.be.within(118, 121);
    });

    it('marks 408, 425, 429 and 5xx retryable, other statuses not', async () => {
      for (const [status, retryable] of [
        [400, false],
        [401, false],
        [403, false],
        [404, false],
        [408, true],
        [422, false],
        [425, true],
        [429, true],
        [500, true],
        [503, true],
      ] as const) {
        const error = await rejectionOf(run(fakeFetch(new Response('', { status }))).promise);
        expect(error.retryable, String(status)).to.equal(retryable);
      }
    });
  });

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

  describe('network and connection failures', () => {
    it('classifies a fetch rejection as network, retryable', async () => {
      const cause = new TypeError('Failed to fetch');
      const error = await rejectionOf(run(fakeFetch(cause)).promise);
      expect(error).to.be.instanceOf(TransportError);
      expect(error).to.include({ code: ErrorCode.Network, retryable: true });
      expect(error.cause).to.equal(cause);
    });

    it('rejects with the browser\'s TypeError for a request it refuses to build (an invalid URL or header), sending nothing', async () => {
      for (const request of [{ url: 'http://[::1' }, { headers: { 'bad name': 'x' } }]) {
        const fetch = fakeFetch();
        const error = await rejectionOf(run(fetch, request).promise);
        expect(error).to.be.instanceOf(TypeError);
        expect(fetch.calls).to.have.length(0);
      }
    });

    it('classifies a read failure without event ids as connection-lost and does not retry', async () => {
      const fetch = fakeFetch(sseResponse(fakeBody(['data: Hel\n\n', 'data: lo'], 'error').stream));
      const { promise, seen } = run(fetch);
      const error = await rejectionOf(promise);
      expect(error).to.include({ code: ErrorCode.ConnectionLost, retryable: true });
      expect(dataOf(seen.messages)).to.equal('Hel');
      expect(fetch.calls).to.have.length(1);
      expect(seen.resumes).to.deep.equal([]);
    });

    it('does not re-send after a clean close', async () => {
      const fetch = fakeFetch(sseResponse(fakeBody(['id: 1\ndata: a\n\n']).stream));
      await run(fetch).promise;
      expect(fetch.calls).to.have.length(1);
    });
  });

  describe('resuming with Last-Event-ID', () => {
    it('re-requests once with Last-Event-ID after a drop and continues the text without duplicate or gap', async () => {
      const first = fakeBody(['retry: 10\nid: 1\ndata: Hel\n\n', 'id: 2\ndata: lo\n\nid: 3\ndata: , wo'], 'error');
      // The server resumes after id 2: it re-sends event 3 in full.
      const second = fakeBody(['data: , wor', 'ld\nid: 3\n\ndata: !\nid: 4\n\n']);
      const fetch = fakeFetch(sseResponse(first.stream), sseResponse(second.stream, { headers: { 'content-type': 'text/plain' } }));
      const { promise, seen } = run(fetch, { headers: { 'x-session': 's1' } });
      const summary = await promise;
      expect(dataOf(seen.messages)).to.equal('Hello, world!');
      expect(seen.messages.map(m => m.id)).to.deep.equal(['1', '2', '3', '4']);
      expect(seen.resumes).to.deep.equal([[1, '2']]);
      expect(seen.opened).to.equal(1);
      expect(summary).to.include({ resumes: 1, lastEventId: '4', messages: 4 });
      expect(fetch.calls).to.have.length(2);
      const [original, resumed] = fetch.calls;
      expect(resumed.headers.get('last-event-id')).to.equal('2');
      expect(resumed.headers.get('x-session')).to.equal('s1');
      expect(resumed.init.body).to.equal(original.init.body);
      expect(resumed.init.method).to.equal('POST');
    });

    it('sends a multi-byte id as UTF-8, as EventSource does (wpt format-field-id-2 style)', async () => {
      // The fake server echoes the header's bytes, decoded as UTF-8.
      const echo = () => {
        const header = fetch.calls[1].headers.get('last-event-id') ?? '';
        return new TextDecoder().decode(Uint8Array.from(header, c => c.charCodeAt(0)));
      };
      const fetch = fakeFetch(
        sseResponse(fakeBody(['id: …\nretry: 0\ndata: hello\n\n'], 'error').stream),
        async () => sseResponse(fakeBody([`data: ${echo()}\n\n`]).stream),
      );
      const { promise, seen } = run(fetch);
      await promise;
      expect(seen.messages).to.deep.equal([
        { event: 'message', data: 'hello', id: '…' },
        { event: 'message', data: '…', id: '…' },
      ]);
    });

    it('skips events a resumed server replays at or before the Last-Event-ID', async () => {
      const fetch = fakeFetch(
        sseResponse(fakeBody(['retry: 0\nid: s1.1\ndata: a\n\nid: s1.2\ndata: b\n\n'], 'error').stream),
        // A sloppy server replays from an earlier checkpoint before going on.
        sseResponse(fakeBody(['id: s1.1\ndata: a\n\nid: s1.2\ndata: b\n\nid: s1.3\ndata: c\n\nid: s1.4\ndata: d\n\n']).stream),
      );
      const { promise, seen } = run(fetch);
      await promise;
      expect(fetch.calls[1].headers.get('last-event-id')).to.equal('s1.2');
      expect(dataOf(seen.messages)).to.equal('abcd');
    });

    it('compares event ids as the server`s sequence', () => {
      expect(isAtOrBefore('9', '10')).to.equal(true);
      expect(isAtOrBefore('10', '10')).to.equal(true);
      expect(isAtOrBefore('11', '10')).to.equal(false);
      expect(isAtOrBefore('s1.9', 's1.10')).to.equal(true);
      expect(isAtOrBefore('s2.1', 's1.10')).to.equal(false);
      expect(isAtOrBefore('007', '7')).to.equal(true);
      expect(isAtOrBefore('abc', 'abc')).to.equal(false);
      expect(isAtOrBefore('99999999999999999999', '100000000000000000000')).to.equal(true);
    });

    it('waits the server`s retry delay before resuming', async () => {
      const fetch = fakeFetch(
        sseResponse(fakeBody(['retry: 150\nid: 1\ndata: a\n\n'], 'error').stream),
        sseResponse(fakeBody(['data: b\n\n']).stream),
      );
      const started = performance.now();
      let resumedAt = 0;
      const { promise } = run(fetch, {}, { onMessage: m => void (m.data === 'b' && (resumedAt = performance.now())) });
      await promise;
      expect(resumedAt - started).to.be.at.least(140);
    });

    it('does not count the resume delay as idle time', async () => {
      const fetch = fakeFetch(
        sseResponse(fakeBody(['retry: 1000\nid: 1\ndata: a\n\n'], 'error').stream),
        sseResponse(fakeBody(['data: b\n\n']).stream),
      );
      // A 1 s wait against a 0.6 s idle limit; the resumed answer comes at once, far inside the limit even under load.
      const { promise, seen } = run(fetch, { idleTimeout: 600 });
      await promise;
      expect(dataOf(seen.messages)).to.equal('ab');
    });

    it('gives up after maxResumes and reports connection-lost', async () => {
      const dropping = (n: number) => sseResponse(fakeBody([`retry: 0\nid: ${n}\ndata: ${n}\n\n`], 'error').stream);
      const fetch = fakeFetch(dropping(1), dropping(2), dropping(3), dropping(4));
      const { promise, seen } = run(fetch, { maxResumes: 2 });
      const error = await rejectionOf(promise);
      expect(error).to.include({ code: ErrorCode.ConnectionLost, retryable: true });
      expect(fetch.calls.map(call => call.headers.get('last-event-id'))).to.deep.equal([null, '1', '2']);
      expect(seen.resumes).to.deep.equal([
        [1, '1'],
        [2, '2'],
      ]);
      expect(dataOf(seen.messages)).to.equal('123');
    });

    it('counts a failed resume request as an attempt', async () => {
      const fetch = fakeFetch(
        sseResponse(fakeBody(['retry: 0\nid: 1\ndata: a\n\n'], 'error').stream),
        new TypeError('Failed to fetch'),
        sseResponse(fakeBody(['data: b\n\n']).stream),
      );
      const { promise, seen } = run(fetch);
      const summary = await promise;
      expect(dataOf(seen.messages)).to.equal('ab');
      expect(summary.resumes).to.equal(2);
      expect(fetch.calls).to.have.length(3);
    });

    it('reports an HTTP error on the resume request as http', async () => {
      const fetch = fakeFetch(
        sseResponse(fakeBody(['retry: 0\nid: 1\ndata: a\n\n'], 'error').stream),
        new Response('{"error":"stream expired"}', { status: 410 }),
      );
      const error = await rejectionOf(run(fetch).promise);
      expect(error).to.include({ code: ErrorCode.Http, status: 410, message: 'stream expired' });
    });

    it('does not resume with an id that arrived in an unfinished block', async () => {
      const fetch = fakeFetch(sseResponse(fakeBody(['data: a\n\nid: 9\ndata: b\n'], 'error').stream));
      const error = await rejectionOf(run(fetch).promise);
      expect(error.code).to.equal(ErrorCode.ConnectionLost);
      expect(fetch.calls).to.have.length(1);
    });
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

  describe('timeouts, offline and size', () => {
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

  it('rejects with a handler`s exception and cancels the body', async () => {
    const body = fakeBody(['data: a\n\n'], 'hang');
    const bug = new Error('handler bug');
    const { promise } = run(fakeFetch(sseResponse(body.stream)), {}, {
      onMessage: () => {
        throw bug;
      },
    });
    expect(await rejectionOf(promise)).to.equal(bug);
    expect(body.cancelled).to.equal(true);
  });
});

/** What EventSource does not dispatch but a chat needs (`onSignal`): plain-text bodies, stray JSON. */
describe('transport/streamSse: what EventSource would not dispatch', () => {
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
