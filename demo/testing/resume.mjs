// Resumable streams, a testing plugin of the demo server. A resumable stream is a buffered one (buffered-stream.mjs)
// whose connection may drop and be replaced: events carry `id: <streamId>.<seq>`, the blocks stay in a bounded
// in-memory buffer, generation goes on for a grace period after a disconnect, and a request with `Last-Event-ID`
// replays what came after that event, then continues live — no gap, no duplicate. docs/testing.md § Resumable
// streams describes the behaviour a client sees.

import { randomBytes } from 'node:crypto';
import { HttpError } from '../http/http-error.mjs';
import { StreamClock } from '../streaming/stream-clock.mjs';
import { streamBuffered } from './buffered-stream.mjs';

/** @typedef {import('./buffered-stream.mjs').BufferedTurn} BufferedTurn */

/**
 * @typedef {object} ResumeOptions
 * @property {number} [graceMs=10000]     generation goes on this long after the client left, waiting for a resume
 * @property {number} [ttlMs=60000]       a stream can be resumed until this long after it ended or the client left
 * @property {number} [maxStreams=64]     resumable streams held at once; the oldest is forgotten first
 * @property {number} [maxEvents=20000]   blocks buffered per stream; older ones are dropped (then 410)
 * @property {number} [maxBytes=4194304]  bytes buffered per stream (4 MiB)
 */

/** @type {Required<ResumeOptions>} */
const RESUME_DEFAULTS = { graceMs: 10_000, ttlMs: 60_000, maxStreams: 64, maxEvents: 20_000, maxBytes: 4 * 1024 * 1024 };

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
function newStreamId() {
  return randomBytes(16).toString('base64url');
}

/**
 * The resumable streams of one server: found by `Last-Event-ID`, bounded in number, forgotten a time-to-live after
 * they end or their reader leaves. Expiry is checked when the registry is used, so an idle server holds no timers;
 * the only timer is a grace period's, while a detached stream is still generating.
 */
class ResumableStreams {
  /** @type {Map<string, ResumableEntry>} */
  #entries = new Map();
  #ledger;
  #options;

  /**
   * @param {import('../streaming/stream-clock.mjs').TimerLedger} ledger   grace timers are counted in stats().timers
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

/**
 * The resumable-streams plugin. A stream is resumable when it asks to be: the header `X-Resumable: 1` or the body
 * field `"resumable": true` on `/api/chat`, or `?fault=ids` on any route (another plugin leaves that wish in
 * `chat.notes.resumable`). A request with `Last-Event-ID` continues the stream it names (or is refused 409/410).
 * Wire faults another plugin left in `chat.notes.faulted` apply to each connection.
 * @param {ResumeOptions} [options]
 * @returns {import('../chat.mjs').ChatPluginFactory}
 */
export function resumableStreams(options) {
  return server => {
    const streams = new ResumableStreams(server.ledger, options);
    return {
      name: 'resume',
      async stream(chat) {
        // Node joins a repeated header it does not know into one string.
        const lastEventId = /** @type {string | undefined} */ (chat.req.headers['last-event-id']);
        const asked = chat.req.headers['x-resumable'] === '1' || chat.body.resumable === true;
        const wantsResume = chat.notes.resumable === true || (chat.route.path === '/api/chat' && asked);
        if (!lastEventId && !wantsResume) return false;
        /** @type {import('./buffered-stream.mjs').BufferedStreamOptions} */
        const faulted = chat.notes.faulted ?? {};
        /** @type {ResumableEntry | undefined} */
        let entry;
        /** @type {import('./buffered-stream.mjs').BufferedStreamOptions} */
        const how = {
          ...faulted,
          onConnect: connection => /** @type {any} */ (streams.attach(/** @type {ResumableEntry} */ (entry), connection))?.abandon(),
          keepTurn: connection => {
            streams.detach(/** @type {ResumableEntry} */ (entry), connection);
            return true;
          },
        };
        if (lastEventId) {
          const found = streams.find(lastEventId, chat.path); // a 409 or 410 HttpError when it cannot be resumed
          entry = found.entry;
          chat.log({ event: 'resume', detail: `stream ${entry.streamId} after event ${found.fromSeq}` });
          await streamBuffered(chat, { ...how, turn: entry.turn, fromSeq: found.fromSeq, startIndex: found.startIndex });
        } else {
          await streamBuffered(chat, {
            ...how,
            streamId: newStreamId(),
            limits: streams.limits,
            onTurn: turn => (entry = streams.add(turn, chat.path)),
          });
        }
        return true;
      },
      close: () => streams.closeAll(),
    };
  };
}
