// Fault injection, a testing plugin of the demo server: `?fault=…` query parameters make one chat stream misbehave in
// one precise, documented way (docs/testing.md § Fault injection), so a client's handling of every failure can be
// tested against a real socket instead of a mock. Parsing, the canned responses and the synthetic answers are here;
// the faulted stream itself is a buffered stream (buffered-stream.mjs) given this plan's wire and turn shape.

import { HttpError } from '../http/http-error.mjs';
import { StreamClock } from '../streaming/stream-clock.mjs';
import { streamBuffered } from './buffered-stream.mjs';

/** The longest any fault may make a stream wait or stay open (5 minutes): every fault stream ends by itself. */
export const DEFAULT_FAULT_CAP_MS = 5 * 60 * 1000;

/** `big-event:BYTES` accepts at most this many bytes (16 MiB): far above the 1 MB case, far below harm. */
const MAX_BIG_EVENT_BYTES = 16 * 1024 * 1024;

/** `flood:N` accepts at most this many text-deltas. */
const MAX_FLOOD_EVENTS = 1_000_000;

/** The heartbeat interval of `heartbeats-only` when `heartbeat-ms` is not given. */
const DEFAULT_FAULT_HEARTBEAT_MS = 1000;

/** The comment `heartbeats-only` writes. */
const FAULT_HEARTBEAT = ': heartbeat\n\n';

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
function cannedResponse(fault) {
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
function floodDelta(n) {
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
 * @returns {AsyncGenerator<import('../../src/dialects/chat-event.js').ChatEvent>}
 */
async function* syntheticAnswer(content, signal) {
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


/**
 * The fault-injection plugin. Before the body is read it parses `?fault=` (a bad one is a 400 `invalid_fault`) and
 * answers the faults that replace the response; after, it streams a faulted answer through a buffer. What it asks of
 * that stream is left in `chat.notes.faulted` and `ids` in `chat.notes.resumable`, so the resume plugin (when plugged
 * in, and placed before this one) streams a resumable faulted stream itself.
 * @param {{ capMs?: number }} [options]  `capMs`: the longest a fault makes a stream wait or stay open
 * @returns {import('../chat.mjs').ChatPluginFactory}
 */
export function faultInjection({ capMs = DEFAULT_FAULT_CAP_MS } = {}) {
  return () => ({
    name: 'faults',
    async inspect(chat) {
      const plan = parseFaults(chat.req.url ?? '', { capMs });
      if (!plan.active) return false;
      if (plan.content && chat.query.has('long')) {
        const detail = `"long" cannot be combined with the fault "${plan.content.kind}": both decide the answer.`;
        throw new HttpError(400, 'invalid_long_answer', `Bad long-answer parameter: ${detail}`);
      }
      if (plan.response) {
        // A fault that replaces the response answers whatever the body (like a gateway in front of the backend).
        await serveCannedResponse(chat, plan);
        return true;
      }
      chat.notes.faulted = { ...faultedStream(plan), capMs };
      chat.notes.resumable = plan.ids;
      chat.logNote += `, fault=${chat.query.getAll('fault').join(',')}`;
      return false;
    },
    async stream(chat) {
      if (!chat.notes.faulted) return false;
      await streamBuffered(chat, chat.notes.faulted);
      return true;
    },
  });
}

/**
 * What a fault plan asks of a buffered stream: its wire faults, its turn shape, and a synthetic answer for a
 * content fault.
 * @param {FaultPlan} plan
 * @returns {Pick<import('./buffered-stream.mjs').BufferedStreamOptions, 'wire' | 'shape' | 'replaceAnswer'>}
 */
function faultedStream(plan) {
  const { content } = plan;
  const heartbeatsOnly = content?.kind === 'heartbeats-only';
  return {
    wire: {
      delayHeadersMs: plan.delayHeadersMs,
      delayFirstByteMs: plan.delayFirstByteMs,
      bytewise: plan.bytewise,
      cuts: plan.cuts,
      // heartbeats-only writes its own; never-finish on a route without one writes it too (the point is a stream
      // kept alive forever).
      heartbeat: heartbeatsOnly ? FAULT_HEARTBEAT : undefined,
      fallbackHeartbeat: plan.neverFinish ? FAULT_HEARTBEAT : undefined,
      heartbeatMs: plan.heartbeatMs ?? (heartbeatsOnly ? DEFAULT_FAULT_HEARTBEAT_MS : undefined),
    },
    shape: {
      errorAfter: plan.errorAfter,
      withholdDone: plan.neverFinish,
      hold: plan.neverFinish || heartbeatsOnly,
      unterminatedLast: plan.unterminatedLast,
    },
    replaceAnswer: content ? signal => syntheticAnswer(content, signal) : undefined,
  };
}

/**
 * Answers a fault that replaces the response (`status`, `content-type`, `no-content`, `empty`, `comments-only`),
 * after `delay-headers`.
 * @param {import('../chat.mjs').ChatExchange} chat
 * @param {FaultPlan} plan
 */
async function serveCannedResponse(chat, plan) {
  const fault = /** @type {ResponseFault} */ (plan.response);
  const clock = new StreamClock(chat.server.ledger);
  chat.res.once('close', () => clock.cancel());
  try {
    await clock.sleep(plan.delayHeadersMs);
  } catch {
    return; // the client left while we waited
  }
  clock.cancel();
  const { status, headers, body } = cannedResponse(fault);
  chat.res.writeHead(status, headers);
  chat.res.end(body);
  chat.log({ event: 'fault', status, detail: `fault ${fault.kind}` });
}
