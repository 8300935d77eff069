// Fault injection for the demo server's chat routes: `?fault=…` query parameters that make one stream misbehave
// in one precise, documented way (docs/testing.md § Fault injection), so a client's handling of every failure can
// be tested against a real socket instead of a mock. This module holds the pure parts (parsing, the canned
// responses, the synthetic answers, SSE block helpers) and the connection writer that applies the wire faults.

import { HttpError } from './backend/http-input.mjs';
import { StreamCancelled, StreamClock } from './backend/stream-clock.mjs';

/** The longest any fault may make a stream wait or stay open (5 minutes): every fault stream ends by itself. */
export const DEFAULT_FAULT_CAP_MS = 5 * 60 * 1000;

/** `big-event:BYTES` accepts at most this many bytes (16 MiB): far above the 1 MB case, far below harm. */
export const MAX_BIG_EVENT_BYTES = 16 * 1024 * 1024;

/** `flood:N` accepts at most this many text-deltas. */
export const MAX_FLOOD_EVENTS = 1_000_000;

/** The heartbeat interval of `heartbeats-only` when `heartbeat-ms` is not given. */
export const DEFAULT_FAULT_HEARTBEAT_MS = 1000;

/** The comment `heartbeats-only` writes. */
export const FAULT_HEARTBEAT = ': heartbeat\n\n';

/** How long a `drop-after` cut waits after its last write, so the client has read the N events before the drop. */
const DROP_GRACE_MS = 80;

/**
 * @typedef {{ kind: 'drop' | 'close' | 'stall', after: number }} ConnectionCut
 *   What happens to a connection once the stream's event number `after` has been written (0: before any event).
 */

/**
 * @typedef {{ kind: 'status', status: number, retryAfter?: number }
 *   | { kind: 'content-type', contentType: string }
 *   | { kind: 'no-content' } | { kind: 'empty' } | { kind: 'comments-only' }} ResponseFault
 *   A fault that replaces the whole response: no stream is started.
 */

/**
 * @typedef {{ kind: 'flood', count: number } | { kind: 'big-event', bytes: number } | { kind: 'heartbeats-only' }} ContentFault
 *   A fault that replaces the answer the backend would have written.
 */

/**
 * @typedef {object} FaultPlan
 * @property {boolean} active               whether any fault was asked for
 * @property {ResponseFault} [response]
 * @property {ContentFault} [content]
 * @property {ConnectionCut[]} cuts         sorted by `after`
 * @property {number} [errorAfter]          an in-stream error event after this many events
 * @property {boolean} neverFinish
 * @property {boolean} unterminatedLast
 * @property {boolean} bytewise
 * @property {number} delayHeadersMs
 * @property {number} delayFirstByteMs
 * @property {number} [heartbeatMs]
 * @property {boolean} ids                  the stream is resumable: events carry `id: <streamId>.<seq>`
 */

/** Faults that take no argument, and the plan field each sets. */
const FLAGS = /** @type {const} */ ({
  bytewise: 'bytewise',
  'never-finish': 'neverFinish',
  'unterminated-last': 'unterminatedLast',
  ids: 'ids',
});

/** Faults that replace the response and take no argument. */
const BARE_RESPONSES = /** @type {const} */ (['no-content', 'empty', 'comments-only']);

/** Faults that may be given several times (each cut applies at its own event number). */
const REPEATABLE = new Set(['drop-after', 'close-after', 'stall-after']);

/**
 * Reads the `fault` query parameters of a request URL. Several may be given (`?fault=a&fault=b`), or comma-separated
 * in one (`?fault=a,b`). An unknown fault, a bad argument or two faults that contradict each other is a 400
 * `invalid_fault` naming it: a test that mistypes a fault must fail loudly, not get a healthy stream.
 * @param {string} url   the request target, e.g. '/api/chat?fault=drop-after:5'
 * @param {{ capMs?: number }} [options]
 * @returns {FaultPlan}
 */
export function parseFaults(url, { capMs = DEFAULT_FAULT_CAP_MS } = {}) {
  /** @type {FaultPlan} */
  const plan = {
    active: false,
    cuts: [],
    neverFinish: false,
    unterminatedLast: false,
    bytewise: false,
    delayHeadersMs: 0,
    delayFirstByteMs: 0,
    ids: false,
  };
  const queryAt = url.indexOf('?');
  if (queryAt === -1) return plan;
  const values = new URLSearchParams(url.slice(queryAt + 1)).getAll('fault').flatMap(value => value.split(','));
  const seen = new Set();
  /** @type {number | undefined} */
  let retryAfter;
  for (const raw of values) {
    const spec = raw.trim();
    if (spec === '') continue;
    const colon = spec.indexOf(':');
    const name = colon === -1 ? spec : spec.slice(0, colon);
    const arg = colon === -1 ? undefined : spec.slice(colon + 1);
    if (seen.has(name) && !REPEATABLE.has(name)) throw invalidFault(`"${name}" is given twice.`);
    seen.add(name);
    plan.active = true;
    const number = (/** @type {number} */ min, /** @type {number} */ max) => integerArgument(name, arg, min, max);
    switch (name) {
      case 'drop-after':
      case 'close-after':
      case 'stall-after':
        plan.cuts.push({ kind: /** @type {ConnectionCut['kind']} */ (name.slice(0, -'-after'.length)), after: number(0, 1e9) });
        break;
      case 'error-after':
        plan.errorAfter = number(0, 1e9);
        break;
      case 'delay-first-byte':
        plan.delayFirstByteMs = number(0, capMs);
        break;
      case 'delay-headers':
        plan.delayHeadersMs = number(0, capMs);
        break;
      case 'heartbeat-ms':
        plan.heartbeatMs = number(10, capMs);
        break;
      case 'status':
        setOnce(plan, 'response', { kind: 'status', status: number(400, 599) }, name);
        break;
      case 'retry-after':
        retryAfter = number(0, 86400);
        break;
      case 'content-type':
        setOnce(plan, 'response', { kind: 'content-type', contentType: contentTypeArgument(arg) }, name);
        break;
      case 'big-event':
        setOnce(plan, 'content', { kind: 'big-event', bytes: number(1, MAX_BIG_EVENT_BYTES) }, name);
        break;
      case 'flood':
        setOnce(plan, 'content', { kind: 'flood', count: number(1, MAX_FLOOD_EVENTS) }, name);
        break;
      case 'heartbeats-only':
        noArgument(name, arg);
        setOnce(plan, 'content', { kind: 'heartbeats-only' }, name);
        break;
      default:
        if (name in FLAGS) {
          noArgument(name, arg);
          plan[FLAGS[/** @type {keyof typeof FLAGS} */ (name)]] = true;
        } else if (/** @type {readonly string[]} */ (BARE_RESPONSES).includes(name)) {
          noArgument(name, arg);
          setOnce(plan, 'response', /** @type {ResponseFault} */ ({ kind: name }), name);
        } else {
          throw invalidFault(`Unknown fault "${name.slice(0, 40)}". See docs/testing.md for the list.`);
        }
    }
  }
  if (retryAfter !== undefined) {
    if (plan.response?.kind !== 'status') throw invalidFault('"retry-after" goes with "status:CODE".');
    plan.response.retryAfter = retryAfter;
  }
  plan.cuts.sort((a, b) => a.after - b.after);
  return plan;
}

/** @param {string} detail */
function invalidFault(detail) {
  return new HttpError(400, 'invalid_fault', `Bad fault parameter: ${detail}`);
}

/**
 * @param {FaultPlan} plan
 * @param {'response' | 'content'} field
 * @param {any} value
 * @param {string} name
 */
function setOnce(plan, field, value, name) {
  const other = plan[field];
  if (other) throw invalidFault(`"${name}" cannot be combined with "${other.kind}": both decide the ${field}.`);
  plan[field] = value;
}

/**
 * @param {string} name
 * @param {string | undefined} arg
 */
function noArgument(name, arg) {
  if (arg !== undefined) throw invalidFault(`"${name}" takes no argument.`);
}

/**
 * @param {string} name
 * @param {string | undefined} arg
 * @param {number} min
 * @param {number} max
 */
function integerArgument(name, arg, min, max) {
  const value = arg !== undefined && /^\d{1,10}$/.test(arg) ? Number(arg) : NaN;
  if (!(value >= min && value <= max)) {
    throw invalidFault(`"${name}" needs a whole number from ${min} to ${max}, as in ${name}:${min === 0 ? 5 : min}.`);
  }
  return value;
}

/**
 * A media type safe to put in a header, that is not an event stream (the fault's point is a response that is not one).
 * @param {string | undefined} arg
 */
function contentTypeArgument(arg) {
  if (!arg || !/^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=[\w.+-]+)*$/.test(arg)) {
    throw invalidFault('"content-type" needs a media type, as in content-type:text/html.');
  }
  if (/^text\/event-stream\b/i.test(arg)) throw invalidFault('"content-type" is for answers that are not event streams.');
  return arg;
}

/** The JSON error of `status:CODE`: what a real backend or gateway typically says with that status. */
const STATUS_ERRORS = /** @type {Record<number, [code: string, message: string]>} */ ({
  400: ['bad_request', 'The request was not understood.'],
  401: ['unauthorized', 'Sign in to use this chat.'],
  403: ['forbidden', 'You are not allowed to use this chat.'],
  404: ['not_found', 'There is no chat at this address.'],
  408: ['request_timeout', 'The request took too long to arrive.'],
  413: ['payload_too_large', 'The message is too long.'],
  422: ['unprocessable_entity', 'The message could not be processed.'],
  429: ['rate_limited', 'Too many requests: wait a moment and try again.'],
  500: ['overloaded', 'The model is overloaded'],
  502: ['bad_gateway', 'The model server did not answer.'],
  503: ['unavailable', 'The service is temporarily unavailable.'],
  504: ['gateway_timeout', 'The model server took too long to answer.'],
});

/** The login page `content-type:text/html` answers with: what an expired session behind a proxy looks like. */
const LOGIN_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in</title></head>
<body>
<h1>Sign in</h1>
<form method="post" action="/login">
<label>E-mail <input name="email" type="email"></label>
<label>Password <input name="password" type="password"></label>
<button>Sign in</button>
</form>
</body>
</html>
`;

/**
 * @typedef {object} CannedResponse
 * @property {number} status
 * @property {Record<string, string>} headers
 * @property {string} body
 */

/**
 * The whole response of a fault that replaces it (status, content-type, no-content, empty, comments-only).
 * @param {ResponseFault} fault
 * @returns {CannedResponse}
 */
export function cannedResponse(fault) {
  const stream = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' };
  switch (fault.kind) {
    case 'status': {
      const [code, message] = STATUS_ERRORS[fault.status] ?? [`http_${fault.status}`, `The server answered HTTP ${fault.status}.`];
      /** @type {Record<string, string>} */
      const headers = { 'content-type': 'application/json; charset=utf-8' };
      if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
      return { status: fault.status, headers, body: JSON.stringify({ error: { message, code } }) };
    }
    case 'content-type':
      return { status: 200, headers: { 'content-type': fault.contentType }, body: bodyOfKind(fault.contentType) };
    case 'no-content':
      return { status: 204, headers: {}, body: '' };
    case 'empty':
      return { status: 200, headers: stream, body: '' };
    case 'comments-only':
      return { status: 200, headers: stream, body: ': connected\n\n: still here\n\n: goodbye\n\n' };
  }
}

/**
 * A body of the kind a media type names: a login page for HTML, an object for JSON, a line of text otherwise.
 * @param {string} contentType
 */
function bodyOfKind(contentType) {
  const essence = contentType.split(';')[0].trim().toLowerCase();
  if (essence === 'text/html' || essence === 'application/xhtml+xml') return LOGIN_PAGE;
  if (essence === 'application/json' || essence.endsWith('+json')) {
    return JSON.stringify({ status: 'ok', message: 'This endpoint answers JSON, not an event stream.' });
  }
  if (essence.endsWith('/xml') || essence.endsWith('+xml')) return '<?xml version="1.0"?><status>ok</status>\n';
  return 'This endpoint does not stream.\n';
}

/**
 * The text of the `n`-th delta (from 0) of `flood:N`: the digits 0-9 in turn, so a lost, repeated or reordered
 * event shows in the final text, which is `floodText(N)`.
 * @param {number} n
 */
export function floodDelta(n) {
  return String(n % 10);
}

/**
 * The whole answer of `flood:count`: '0123456789012…', `count` characters.
 * @param {number} count
 */
export function floodText(count) {
  return '0123456789'.repeat(Math.ceil(count / 10)).slice(0, count);
}

/** The sentence `big-event` repeats. */
const FILLER = 'The quick brown fox jumps over the lazy dog. ';

/**
 * The delta of `big-event:BYTES`: `bytes` ASCII characters (so as many bytes), sentences repeated.
 * @param {number} bytes
 */
export function bigEventText(bytes) {
  return FILLER.repeat(Math.ceil(bytes / FILLER.length)).slice(0, bytes);
}

/** How many flood events are produced between two yields to the event loop, so I/O and aborts get a turn. */
const FLOOD_BATCH = 256;

/**
 * The answer of a content fault, in place of the backend's: `start`, then the deltas, then `done`;
 * `heartbeats-only` has no events at all.
 * @param {ContentFault} content
 * @param {AbortSignal} signal  stops a flood at once
 * @returns {AsyncGenerator<import('../src/chat-events.js').ChatEvent>}
 */
export async function* syntheticAnswer(content, signal) {
  if (content.kind === 'heartbeats-only') return;
  yield { type: 'start', model: 'fault-injection' };
  if (content.kind === 'big-event') {
    yield { type: 'text-delta', delta: bigEventText(content.bytes) };
  } else {
    for (let i = 0; i < content.count; i++) {
      if (i % FLOOD_BATCH === FLOOD_BATCH - 1) {
        await new Promise(resolve => setImmediate(resolve));
        if (signal.aborted) return;
      }
      yield { type: 'text-delta', delta: floodDelta(i) };
    }
  }
  yield { type: 'done', reason: 'stop' };
}

/** The end of an SSE block: a blank line, in any of the three line endings (Gemini writes CRLF). */
const BLOCK_END = /\r\n\r\n|\n\n|\r\r/g;

/**
 * Splits encoder output into SSE blocks, each ending with its blank line. JSON-encoded data never holds a raw line
 * break, so every blank line in an encoder's output ends a block.
 * @param {string} text
 * @returns {string[]}
 */
export function splitBlocks(text) {
  /** @type {string[]} */
  const blocks = [];
  let start = 0;
  BLOCK_END.lastIndex = 0;
  for (let match = BLOCK_END.exec(text); match; match = BLOCK_END.exec(text)) {
    blocks.push(text.slice(start, BLOCK_END.lastIndex));
    start = BLOCK_END.lastIndex;
  }
  if (start < text.length) blocks.push(text.slice(start));
  return blocks;
}

/**
 * The block without its terminating blank line (the line ending that makes the blank line), for
 * `unterminated-last`: the client gets the event's lines but never the signal to dispatch it.
 * @param {string} block
 */
export function withoutBlankLine(block) {
  if (block.endsWith('\r\n\r\n')) return block.slice(0, -2);
  return block.endsWith('\n\n') || block.endsWith('\r\r') ? block.slice(0, -1) : block;
}

/**
 * Whether an SSE block dispatches an event (has a `data:` line); comments and `retry:`-only blocks do not count
 * as events for the `…-after:N` faults, nor get ids.
 * @param {string} block
 */
export function isEventBlock(block) {
  return /^data:/m.test(block);
}

/**
 * The block with `id: <id>` as its first line, replacing any id the encoder wrote (the RAG seed numbers its own).
 * @param {string} block
 * @param {string} id
 */
export function withEventId(block, id) {
  const eol = block.includes('\r\n') ? '\r\n' : '\n';
  return `id: ${id}${eol}${block.replace(/^id:.*(\r\n|\n|\r)/gm, '')}`;
}

/**
 * The keep-alive text a faulted stream writes: `: heartbeat` for heartbeats-only, else the route's own, and for
 * never-finish on a route that has none, `: heartbeat` too (the point is a stream kept alive forever).
 * @param {FaultPlan} plan
 * @param {string | undefined} routeHeartbeat
 */
export function faultHeartbeat(plan, routeHeartbeat) {
  if (plan.content?.kind === 'heartbeats-only') return FAULT_HEARTBEAT;
  return routeHeartbeat || (plan.neverFinish ? FAULT_HEARTBEAT : undefined);
}

/**
 * The heartbeat interval of a faulted stream: `heartbeat-ms`, else 1 s for heartbeats-only, else the server's.
 * @param {FaultPlan} plan
 * @param {number} serverMs
 */
export function faultHeartbeatMs(plan, serverMs) {
  return plan.heartbeatMs ?? (plan.content?.kind === 'heartbeats-only' ? DEFAULT_FAULT_HEARTBEAT_MS : serverMs);
}

/**
 * @typedef {object} BlockSource
 * What a connection reads: the stream's blocks, in order, as they are produced (see BufferedTurn in resume.mjs).
 * @property {number} end                               index after the last block produced so far
 * @property {(index: number) => { text: string, seq: number } | undefined} blockAt
 *   undefined once the block was dropped from a bounded buffer
 * @property {'running' | 'ended' | 'held' | 'aborted'} state   ended: close after the last block; held: keep open
 * @property {() => Promise<void>} changed               resolves at the next block or state change
 * @property {(index: number) => void} [release]        the connection is past `index`: the source may forget it
 */

/**
 * @typedef {object} ConnectionOptions
 * @property {import('node:http').ServerResponse} res
 * @property {BlockSource} source
 * @property {number} startIndex        the index of the first block to write
 * @property {number} fromSeq           the last event the client has (0: a fresh request)
 * @property {FaultPlan} plan
 * @property {import('./backend/stream-clock.mjs').TimerLedger} ledger
 * @property {Record<string, string>} headers
 * @property {string} [heartbeat]        the route's keep-alive text
 * @property {number} heartbeatMs
 * @property {number} capMs              how long a stalled or held connection stays open
 * @property {() => string} shutdownText the route's own encoding of "retry shortly" (written by stop())
 */

/**
 * @typedef {'complete' | 'cut' | 'capped' | 'gone' | 'shutdown' | 'replaced'} ConnectionOutcome
 *   complete: the stream's end was written; cut: a drop/close fault (or a reader too slow for a bounded buffer);
 *   capped: a stalled or held connection reached the cap; gone: the client left; shutdown: stop(); replaced: abandon()
 */

/**
 * @typedef {object} FaultyConnection
 * @property {Promise<ConnectionOutcome>} done   how the connection ended
 * @property {() => void} stop           server shutdown: write the retryable error, end, stop every timer
 * @property {() => void} abandon        another connection resumed the stream: cut this one
 * @property {() => number} lastSeq      the last event written
 */

/**
 * Writes a stream's blocks to one response, applying the connection faults of `plan`: delayed headers or first byte,
 * one byte per write, and the cuts (drop: the socket closed mid-body; close: clean end without the completion signal; stall: silence,
 * open until the client leaves or `capMs`). A held source (never-finish, heartbeats-only) keeps the connection open
 * with heartbeats until the client leaves or `capMs`. Every timer is on `ledger` and cleared when the connection ends.
 * @param {ConnectionOptions} options
 * @returns {FaultyConnection}
 */
export function openFaultyConnection(options) {
  const { res, source, plan, capMs } = options;
  // Two clocks: stalling must silence the heartbeat and keep the cap's wait running.
  const clock = new StreamClock(options.ledger);
  const beats = new StreamClock(options.ledger);
  /** @type {'open' | 'ended'} */
  let phase = 'open';
  let written = options.fromSeq;
  let midBlock = false;
  /** @type {'shutdown' | 'replaced' | undefined} */
  let endedBy;
  /** @type {(value?: unknown) => void} */
  let leave = () => {};
  const left = new Promise(resolve => (leave = resolve));
  const cuts = plan.cuts.filter(cut => options.fromSeq === 0 || cut.after > options.fromSeq);

  const finish = () => {
    phase = 'ended';
    clock.cancel();
    beats.cancel();
    leave();
  };
  res.on('close', finish);

  /** @param {string} text */
  const write = async text => {
    if (phase !== 'open' || text === '') return;
    beats.touch();
    if (!plan.bytewise) {
      if (!res.write(text)) await drainedOrClosed(res);
      return;
    }
    const bytes = Buffer.from(text);
    midBlock = true;
    for (let i = 0; i < bytes.length && phase === 'open'; i++) {
      // Waiting for each byte's write callback hands it to the socket on its own, so the client reads it alone.
      // (A write to a socket the client closed may never call back: the race with `left` ends the wait.)
      await Promise.race([new Promise(resolve => res.write(bytes.subarray(i, i + 1), resolve)), left]);
    }
    midBlock = false;
  };

  /** Waits until the client leaves or the cap passes; resolves 'capped' or 'gone'. */
  const holdOpen = async () => {
    await Promise.race([clock.sleep(capMs), left]);
    if (phase !== 'open') return 'gone';
    res.end();
    return 'capped';
  };

  const run = async () => {
    if (plan.delayHeadersMs > 0) await clock.sleep(plan.delayHeadersMs);
    if (phase !== 'open') return 'gone';
    res.writeHead(200, options.headers);
    res.flushHeaders();
    if (plan.delayFirstByteMs > 0) await clock.sleep(plan.delayFirstByteMs);
    const { heartbeat } = options;
    if (heartbeat) beats.startHeartbeat(options.heartbeatMs, () => (midBlock ? undefined : res.write(heartbeat)));
    let index = options.startIndex;
    for (;;) {
      if (phase !== 'open') return 'gone';
      const cut = cuts[0] && written >= cuts[0].after ? cuts[0] : undefined;
      if (cut) return applyCut(cut);
      // Everything available up to the next cut goes out in one write (a flood would otherwise be 10,000 writes).
      let batch = '';
      while (index < source.end) {
        const block = source.blockAt(index++);
        if (!block) {
          // A slow reader fell behind a bounded buffer: it cannot be given a stream without a gap.
          res.destroy();
          return 'cut';
        }
        batch += block.text;
        if (block.seq > written) {
          written = block.seq;
          if (cuts[0] && written >= cuts[0].after) break;
        }
      }
      source.release?.(index);
      await write(batch);
      if (phase !== 'open') return 'gone';
      if (index < source.end || (cuts[0] && written >= cuts[0].after)) continue;
      if (source.state === 'ended') {
        res.end();
        return 'complete';
      }
      if (source.state === 'held') return holdOpen();
      if (source.state === 'aborted') {
        res.destroy();
        return 'cut';
      }
      await Promise.race([source.changed(), left]);
    }
  };

  /** @param {ConnectionCut} cut */
  const applyCut = async cut => {
    if (cut.kind === 'drop') {
      // The socket closes mid-body once the N events are flushed: the chunked body never gets its terminating
      // chunk, so the client's read fails (a network error, never a clean end) the way a dead proxy makes it fail.
      // Not a TCP RST: on a reset the client's kernel discards whatever it has not read yet, so the N events
      // would not reliably arrive. The short pause lets the client read them first: Chromium drops the bytes of a
      // read that the connection error follows at once.
      await Promise.race([clock.sleep(DROP_GRACE_MS), left]);
      if (phase !== 'open') return 'gone';
      const socket = res.socket;
      if (socket) socket.destroySoon();
      else res.destroy();
      return 'cut';
    }
    if (cut.kind === 'close') {
      res.end();
      return 'cut';
    }
    beats.cancel();
    return holdOpen();
  };

  const done = run()
    .then(outcome => endedBy ?? outcome)
    .catch(error => {
      if (endedBy) return endedBy;
      if (error instanceof StreamCancelled) return 'gone';
      throw error;
    })
    .finally(() => {
      res.off('close', finish);
      finish();
    });

  return {
    done: /** @type {Promise<ConnectionOutcome>} */ (done),
    stop() {
      if (phase !== 'open') return;
      endedBy = 'shutdown';
      if (!res.headersSent) res.writeHead(200, options.headers);
      res.end(options.shutdownText());
      finish();
    },
    abandon() {
      if (phase !== 'open') return;
      endedBy = 'replaced';
      res.destroy();
      finish();
    },
    lastSeq: () => written,
  };
}

/**
 * Resolves when the response can take more data, or is gone.
 * @param {import('node:http').ServerResponse} res
 */
export function drainedOrClosed(res) {
  return new Promise(resolve => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve(undefined);
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
