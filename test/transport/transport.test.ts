import { expect } from '@open-wc/testing';
import { ErrorCode } from '../../src/transport/error-code.js';
import { isAtOrBefore } from '../../src/transport/transport.js';
import { TransportError } from '../../src/transport/transport-error.js';
import { dataOf, encoder, fakeBody, fakeFetch, rejectionOf, run, sseResponse } from '../helpers/fake-stream.js';

/** Sending, resuming and classifying failures; call control is tested in call-control.test.ts, body reading in response-body.test.ts. */
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
