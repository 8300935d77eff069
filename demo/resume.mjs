// Buffered and resumable streams. A buffered turn keeps its wire blocks apart from the connection that reads them,
// so the connection can misbehave on purpose (faults.mjs) and, for a resumable stream, drop and be replaced: events
// carry `id: <streamId>.<seq>`, the blocks stay in a bounded in-memory buffer, generation goes on for a grace
// period after a disconnect, and a request with `Last-Event-ID` replays what came after that event, then continues
// live — no gap, no duplicate. docs/testing.md § Resumable streams describes the behaviour a client sees.

import { randomBytes } from 'node:crypto';
import { HttpError } from './backend/http-input.mjs';
import { StreamClock } from './backend/stream-clock.mjs';
import { isEventBlock, splitBlocks, withEventId, withoutBlankLine } from './faults.mjs';

/**
 * @typedef {object} ResumeOptions
 * @property {number} [graceMs=10000]     generation goes on this long after the client left, waiting for a resume
 * @property {number} [ttlMs=60000]       a stream can be resumed until this long after it ended or the client left
 * @property {number} [maxStreams=64]     resumable streams held at once; the oldest is forgotten first
 * @property {number} [maxEvents=20000]   blocks buffered per stream; older ones are dropped (then 410)
 * @property {number} [maxBytes=4194304]  bytes buffered per stream (4 MiB)
 */

/** @type {Required<ResumeOptions>} */
export const RESUME_DEFAULTS = { graceMs: 10_000, ttlMs: 60_000, maxStreams: 64, maxEvents: 20_000, maxBytes: 4 * 1024 * 1024 };

/** @typedef {{ text: string, seq: number }} Block  `seq`: the event number, or the last one for a non-event block */

/**
 * The wire blocks of one turn, in order, as they are produced; readable by one connection after another. Bounded:
 * past `maxEvents` blocks or `maxBytes` the oldest are dropped. Implements faults.mjs's BlockSource.
 */
export class BufferedTurn {
  /** @type {Array<Block | undefined>} */
  #blocks = [];
  #first = 0;
  #held = 0;
  #bytes = 0;
  #droppedSeq = 0;
  /** @type {Array<() => void>} */
  #waiters = [];
  #streamId;
  #limits;
  #stopWork;
  /** The number of the last event produced. */
  lastSeq = 0;
  /** @type {'running' | 'ended' | 'held' | 'aborted'} */
  state = 'running';
  /** When the turn stopped running (performance.now()), for the time-to-live. */
  settledAt = 0;
  /** @type {() => void} */
  #settle = () => {};
  /** Resolves once the turn stops running (ended, held or aborted). */
  settled = new Promise(resolve => (this.#settle = /** @type {() => void} */ (resolve)));

  /**
   * @param {object} options
   * @param {string} [options.streamId]    given: event blocks get `id: <streamId>.<seq>`
   * @param {number} [options.maxEvents]
   * @param {number} [options.maxBytes]
   * @param {() => void} [options.stopWork] called once by abort(): cancel the producer's timers and requests
   * @param {import('./encoders/types.mjs').WireEncoder} [options.encoder] the route's encoder producing the blocks
   */
  constructor({ streamId, maxEvents = Infinity, maxBytes = Infinity, stopWork, encoder } = {}) {
    /** The route's encoder producing the blocks: a reader writes its heartbeat and shutdown error. */
    this.encoder = encoder;
    this.#streamId = streamId;
    this.#limits = { maxEvents, maxBytes };
    this.#stopWork = stopWork;
  }

  /** The stream id, for a resumable turn. */
  get streamId() {
    return this.#streamId;
  }

  /** Index after the last block produced. */
  get end() {
    return this.#blocks.length;
  }

  /**
   * @param {number} index
   * @returns {Block | undefined} undefined once dropped
   */
  blockAt(index) {
    return index >= this.#first ? this.#blocks[index] : undefined;
  }

  /** Resolves at the next block or state change. */
  changed() {
    return new Promise(resolve => this.#waiters.push(/** @type {() => void} */ (resolve)));
  }

  /**
   * Appends one SSE block: an event block gets the next sequence number (and an id when resumable).
   * @param {string} block
   */
  appendBlock(block) {
    if (this.state !== 'running') return;
    let seq = this.lastSeq;
    let text = block;
    if (isEventBlock(block)) {
      seq = ++this.lastSeq;
      if (this.#streamId) text = withEventId(block, `${this.#streamId}.${seq}`);
    }
    this.#blocks.push({ text, seq });
    this.#held++;
    this.#bytes += text.length;
    // Keep at least the newest block, however big: a connection must always be able to read it.
    while ((this.#held > this.#limits.maxEvents || this.#bytes > this.#limits.maxBytes) && this.#held > 1) this.#dropFirst();
    this.#notify();
  }

  /**
   * Appends encoder output, block by block.
   * @param {string | undefined} text
   */
  append(text) {
    if (text) for (const block of splitBlocks(text)) this.appendBlock(block);
  }

  /**
   * Marks the turn complete ('ended': close after the last block) or open-ended ('held': never-finish,
   * heartbeats-only). Idempotent; an aborted turn stays aborted.
   * @param {'ended' | 'held'} state
   */
  finish(state) {
    if (this.state !== 'running') return;
    this.state = state;
    this.settledAt = performance.now();
    this.#settle();
    this.#notify();
  }

  /** Stops the turn's work; readers see 'aborted'. Idempotent, and a no-op on a finished turn. */
  abort() {
    if (this.state !== 'running') return;
    this.state = 'aborted';
    this.settledAt = performance.now();
    this.#stopWork?.();
    this.#settle();
    this.#notify();
  }

  /**
   * A connection has read everything before `index`: a turn nobody will resume forgets it at once.
   * @param {number} index
   */
  release(index) {
    if (this.#streamId) return;
    while (this.#first < index && this.#first < this.#blocks.length) this.#dropFirst();
  }

  /**
   * Where a connection resuming after event `seq` starts reading; undefined when a block it needs was dropped.
   * @param {number} seq
   * @returns {number | undefined}
   */
  indexAfter(seq) {
    if (this.#droppedSeq > seq) return undefined;
    // Block seqs never decrease: binary search for the first one past `seq`.
    let low = this.#first;
    let high = this.#blocks.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (/** @type {Block} */ (this.#blocks[middle]).seq > seq) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  #dropFirst() {
    const block = /** @type {Block} */ (this.#blocks[this.#first]);
    this.#blocks[this.#first++] = undefined;
    this.#held--;
    this.#bytes -= block.text.length;
    this.#droppedSeq = block.seq;
  }

  #notify() {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

/**
 * @typedef {object} TurnShape   the generation faults (faults.mjs's FaultPlan, reduced to what the producer needs)
 * @property {number} [errorAfter]         the route's error event after this many events, then the end
 * @property {boolean} [withholdDone]      never-finish: no completion signal, no closing text
 * @property {boolean} [hold]              after the last event, keep the stream open (never-finish, heartbeats-only)
 * @property {boolean} [unterminatedLast]  the last block of `done` without its blank line, then the end
 */

/**
 * Produces a turn: each chat event encoded in the route's wire format and appended block by block, with the
 * generation faults applied. Resolves when the turn is finished or aborted; a backend failure becomes the route's
 * error event and is returned (for the log), never thrown.
 * @param {BufferedTurn} turn
 * @param {AsyncIterable<import('../src/chat-events.js').ChatEvent>} events
 * @param {import('./encoders/types.mjs').WireEncoder} encoder
 * @param {TurnShape} [shape]
 * @returns {Promise<unknown>}  the backend's error, if it failed
 */
export async function produceTurn(turn, events, encoder, shape = {}) {
  const { errorAfter } = shape;
  const failAfter = () => {
    turn.append(encoder.encode({ type: 'error', message: `Injected fault: the stream failed after ${errorAfter} events.`, code: 'injected_error', retryable: true }));
    turn.finish('ended');
  };
  /** Appends encoder output; false once error-after has ended the turn. */
  const emit = (/** @type {string | undefined} */ text) => {
    for (const block of text ? splitBlocks(text) : []) {
      if (turn.state !== 'running') return false;
      turn.appendBlock(block);
      if (errorAfter !== undefined && isEventBlock(block) && turn.lastSeq >= errorAfter) failAfter();
    }
    return turn.state === 'running';
  };
  try {
    if (!emit(encoder.open?.())) return undefined;
    if (errorAfter === 0) return failAfter();
    for await (const event of events) {
      if (turn.state !== 'running') return undefined;
      if (event.type === 'done' && shape.withholdDone) break;
      if (event.type === 'done' && shape.unterminatedLast) {
        const blocks = splitBlocks(encoder.encode(event));
        const last = blocks.pop() ?? '';
        if (!emit(blocks.join(''))) return undefined;
        turn.appendBlock(withoutBlankLine(last));
        turn.finish('ended');
        return undefined;
      }
      if (!emit(encoder.encode(event))) return undefined;
    }
    if (turn.state !== 'running') return undefined;
    if (shape.hold) return turn.finish('held');
    emit(encoder.close?.());
    turn.finish('ended');
    return undefined;
  } catch (error) {
    if (turn.state !== 'running') return undefined; // aborted: the rejection is our own doing
    emit(encoder.encode({ type: 'error', message: 'The demo backend failed.', code: 'internal_error', retryable: true }));
    turn.finish('ended');
    return error;
  }
}

/**
 * @typedef {object} ResumableEntry
 * @property {string} streamId
 * @property {string} path           the route it was started on; a resume must ask the same route
 * @property {BufferedTurn} turn
 * @property {object | null} reader  the connection reading it now
 * @property {number} releasedAt     when the last reader left
 * @property {StreamClock | null} grace
 */

/** `<streamId>.<seq>`: the ids resumable streams give their events. */
const RESUME_ID = /^([A-Za-z0-9_-]{16,64})\.([1-9]\d{0,8})$/;

/**
 * Splits a `Last-Event-ID` this server gave out; undefined for any other text.
 * @param {string} text
 * @returns {{ streamId: string, seq: number } | undefined}
 */
export function parseResumeId(text) {
  const match = RESUME_ID.exec(text);
  return match ? { streamId: match[1], seq: Number(match[2]) } : undefined;
}

/** A fresh, unguessable stream id (the id is all a resume needs, so it must not be predictable). */
export function newStreamId() {
  return randomBytes(16).toString('base64url');
}

/**
 * The resumable streams of one server: found by `Last-Event-ID`, bounded in number, forgotten a time-to-live after
 * they end or their reader leaves. Expiry is checked when the registry is used, so an idle server holds no timers;
 * the only timer is a grace period's, while a detached stream is still generating.
 */
export class ResumableStreams {
  /** @type {Map<string, ResumableEntry>} */
  #entries = new Map();
  #ledger;
  #options;

  /**
   * @param {import('./backend/stream-clock.mjs').TimerLedger} ledger   grace timers are counted in stats().timers
   * @param {ResumeOptions} [options]
   */
  constructor(ledger, options = {}) {
    this.#ledger = ledger;
    this.#options = { ...RESUME_DEFAULTS, ...options };
  }

  /** Per-stream buffer bounds, for new BufferedTurns. */
  get limits() {
    return { maxEvents: this.#options.maxEvents, maxBytes: this.#options.maxBytes };
  }

  /** Streams held now. */
  get size() {
    this.#sweep();
    return this.#entries.size;
  }

  /**
   * Registers a resumable turn (its streamId set) started on `path`.
   * @param {BufferedTurn} turn
   * @param {string} path
   * @returns {ResumableEntry}
   */
  add(turn, path) {
    this.#sweep();
    for (const [streamId, oldest] of this.#entries) {
      if (this.#entries.size < this.#options.maxStreams) break;
      this.#forget(streamId, oldest);
    }
    /** @type {ResumableEntry} */
    const entry = { streamId: /** @type {string} */ (turn.streamId), path, turn, reader: null, releasedAt: 0, grace: null };
    this.#entries.set(entry.streamId, entry);
    return entry;
  }

  /**
   * The stream a `Last-Event-ID` continues, and where to start reading. 409 for an id this server did not give
   * out, for another route, or ahead of the stream; 410 for a stream that expired or no longer has the events.
   * @param {string} lastEventId
   * @param {string} path
   * @returns {{ entry: ResumableEntry, fromSeq: number, startIndex: number }}
   */
  find(lastEventId, path) {
    const shown = JSON.stringify(lastEventId.slice(0, 80));
    const parsed = parseResumeId(lastEventId);
    if (!parsed) {
      throw new HttpError(409, 'resume_unsupported', `Last-Event-ID ${shown} is not an id of a resumable stream of this server; send the message again.`);
    }
    this.#sweep();
    const entry = this.#entries.get(parsed.streamId);
    const gone = () =>
      new HttpError(410, 'stream_expired', `The stream of Last-Event-ID ${shown} has expired (or never existed); send the message again.`);
    if (!entry) throw gone();
    if (entry.path !== path) {
      throw new HttpError(409, 'resume_conflict', `Last-Event-ID ${shown} belongs to a stream of ${entry.path}, not ${path}.`);
    }
    if (parsed.seq > entry.turn.lastSeq) {
      throw new HttpError(409, 'resume_conflict', `Last-Event-ID ${shown} is ahead of the stream (event ${entry.turn.lastSeq} is the last).`);
    }
    const startIndex = entry.turn.indexAfter(parsed.seq);
    if (startIndex === undefined) throw gone();
    return { entry, fromSeq: parsed.seq, startIndex };
  }

  /**
   * A connection starts reading the stream: its grace period ends. Returns the reader it replaces, if any (a
   * client that resumes before the server noticed the old connection drop), for the caller to cut.
   * @param {ResumableEntry} entry
   * @param {object} reader
   * @returns {object | null}
   */
  attach(entry, reader) {
    const previous = entry.reader;
    entry.reader = reader;
    entry.grace?.cancel();
    entry.grace = null;
    return previous;
  }

  /**
   * A connection stopped reading. A stream still generating goes on for the grace period, then stops.
   * @param {ResumableEntry} entry
   * @param {object} reader
   */
  detach(entry, reader) {
    if (entry.reader !== reader) return;
    entry.reader = null;
    entry.releasedAt = performance.now();
    if (entry.turn.state !== 'running' || this.#entries.get(entry.streamId) !== entry) return;
    const grace = new StreamClock(this.#ledger);
    entry.grace = grace;
    grace.sleep(this.#options.graceMs).then(
      () => {
        entry.grace = null;
        if (!entry.reader) this.#forget(entry.streamId, entry);
      },
      () => {}, // cancelled: a reader came back or the turn ended
    );
    // A turn that finishes during the grace period needs no timer any more.
    entry.turn.settled.then(() => {
      if (entry.grace !== grace) return;
      grace.cancel();
      entry.grace = null;
    });
  }

  /** Stops every stream still generating and forgets them all (server close). */
  closeAll() {
    for (const [streamId, entry] of this.#entries) {
      this.#forget(streamId, entry);
      entry.turn.abort();
    }
  }

  /**
   * @param {string} streamId
   * @param {ResumableEntry} entry
   */
  #forget(streamId, entry) {
    this.#entries.delete(streamId);
    entry.grace?.cancel();
    entry.grace = null;
    if (!entry.reader) entry.turn.abort();
  }

  /** Forgets streams past their time to live, and aborted ones. */
  #sweep() {
    const now = performance.now();
    for (const [streamId, entry] of this.#entries) {
      const { turn } = entry;
      if (turn.state === 'aborted') this.#entries.delete(streamId);
      else if (!entry.reader && turn.state !== 'running' && now - Math.max(entry.releasedAt, turn.settledAt) > this.#options.ttlMs) {
        this.#entries.delete(streamId);
      }
    }
  }
}
