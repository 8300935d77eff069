import { expect } from '@open-wc/testing';
import { ErrorCode } from '../../src/transport/error-code.js';
import { MAX_ERROR_MESSAGE_LENGTH, httpErrorFrom, messageFromErrorBody, messageFromJson, parseRetryAfter, statusLine } from '../../src/transport/http-error.js';

// The vendors' JSON error bodies, read through streamSse, are in transport.test.ts ("HTTP errors"); this file checks
// the pieces on their own: the body read's bound, and what each helper makes of odd input.

/** A body that sends `chunk` forever, counting what was pulled and whether it was cancelled. */
function endlessBody(chunk: Uint8Array) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      seen.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { stream, seen };
}

describe('transport/http-error', () => {
  it('statusLine names the status with its reason phrase, the server’s own for an unknown one, or none', () => {
    expect(statusLine(502)).to.equal('HTTP 502 Bad Gateway');
    expect(statusLine(502, 'Something else')).to.equal('HTTP 502 Bad Gateway');
    expect(statusLine(599, '  Network Read Timeout ')).to.equal('HTTP 599 Network Read Timeout');
    expect(statusLine(599)).to.equal('HTTP 599');
  });

  it('parseRetryAfter reads seconds or an HTTP date, never a past or unreadable one', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).to.equal(120);
    expect(parseRetryAfter(' 5 ', now)).to.equal(5);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:30 GMT', now)).to.equal(90);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now), 'a date in the past').to.equal(0);
    expect(parseRetryAfter('soon', now)).to.equal(undefined);
    expect(parseRetryAfter(null, now)).to.equal(undefined);
  });

  it('messageFromJson finds nested messages, joins distinct ones, and gives up on deep or empty shapes', () => {
    expect(messageFromJson({ error: { message: '  Bad key ' } })).to.equal('Bad key');
    expect(messageFromJson([{ error: 'a' }, { error: 'a' }, { message: 'b' }])).to.equal('a; b');
    expect(messageFromJson({ detail: [{ loc: ['body'], msg: 'missing' }] })).to.equal('missing');
    expect(messageFromJson({ error: { code: 500 } })).to.equal(undefined);
    expect(messageFromJson({ error: '   ' })).to.equal(undefined);
    expect(messageFromJson({ error: { error: { error: { error: { error: { message: 'too deep' } } } } } })).to.equal(undefined);
    expect(messageFromJson({ error: { error: { error: { message: 'deep enough' } } } })).to.equal('deep enough');
  });

  it('messageFromJson reads only the body\'s own keys, not what a page planted on Object.prototype', () => {
    Object.defineProperty(Object.prototype, 'detail', { value: 'planted', configurable: true });
    try {
      expect(messageFromJson({ status: 'bad' })).to.equal(undefined);
      expect(messageFromErrorBody('{"loc":["body","q"]}', 'application/json'), 'loc without its msg').to.equal(undefined);
      expect(messageFromErrorBody('{"detail":"own"}', 'application/json')).to.equal('own');
    } finally {
      delete (Object.prototype as { detail?: unknown }).detail;
    }
  });

  it('messageFromErrorBody shows short text and JSON messages, never markup, and bounds what it shows', () => {
    expect(messageFromErrorBody('  Too   many\nrequests ', 'text/plain')).to.equal('Too many requests');
    expect(messageFromErrorBody('{"message":"Quota"}', null)).to.equal('Quota');
    expect(messageFromErrorBody('{"status":"bad"}', 'application/json'), 'JSON without a message').to.equal(undefined);
    expect(messageFromErrorBody('{not json', 'application/json'), 'broken JSON is judged as text').to.equal('{not json');
    expect(messageFromErrorBody('<h1>Bad</h1>', 'text/plain')).to.equal(undefined);
    expect(messageFromErrorBody('Bad', 'text/html')).to.equal(undefined);
    expect(messageFromErrorBody('Bad', 'application/xml')).to.equal(undefined);
    expect(messageFromErrorBody('   ', 'text/plain')).to.equal(undefined);
    const long = messageFromErrorBody(JSON.stringify({ error: 'x'.repeat(1000) }), 'application/json')!;
    expect(long.length).to.equal(MAX_ERROR_MESSAGE_LENGTH);
    expect(long.endsWith('…')).to.equal(true);
  });

  it('httpErrorFrom reads a bounded part of an endless body, cancels the rest, and still answers', async () => {
    const { stream, seen } = endlessBody(new TextEncoder().encode('x'.repeat(16 * 1024)));
    const error = await httpErrorFrom(new Response(stream, { status: 503, headers: { 'retry-after': '3' } }));
    expect(seen.cancelled).to.equal(true);
    expect(seen.pulled).to.be.below(256 * 1024);
    expect(error).to.include({ code: ErrorCode.Http, status: 503, retryAfter: 3, retryable: true });
    expect(error.message.length).to.equal(MAX_ERROR_MESSAGE_LENGTH);
  });

  it('httpErrorFrom falls back to the status line when the body fails mid-read', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('partial'));
        controller.error(new TypeError('network error'));
      },
    });
    const error = await httpErrorFrom(new Response(stream, { status: 500 }));
    expect(error).to.include({ code: ErrorCode.Http, message: 'HTTP 500 Internal Server Error', status: 500, retryable: true });
  });

  it('httpErrorFrom stops reading when its signal aborts', async () => {
    const seen = { cancelled: false };
    // A body that never sends anything: only the abort can end the read.
    const stream = new ReadableStream<Uint8Array>({ cancel: () => void (seen.cancelled = true) });
    const controller = new AbortController();
    const pending = httpErrorFrom(new Response(stream, { status: 502 }), controller.signal);
    controller.abort();
    const error = await pending;
    expect(seen.cancelled).to.equal(true);
    expect(error.message).to.equal('HTTP 502 Bad Gateway');
  });
});
