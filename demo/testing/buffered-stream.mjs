// A stream whose wire blocks are produced into a buffer, apart from the connection that writes them out. The two
// testing plugins need that split: fault injection (faults.mjs) makes the connection misbehave on purpose, resumable
// streams (resume.mjs) let one connection drop and another continue the same turn. The server's ordinary streams
// never come here (demo/chat.mjs writes them straight to the socket).

import { StreamCancelled, StreamClock } from '../streaming/stream-clock.mjs';
import { drainedOrClosed } from '../http/response.mjs';

/** @typedef {import('../chat.mjs').ChatExchange} ChatExchange */
/** @typedef {import('../encoders/types.mjs').WireEncoder} WireEncoder */
/** @typedef {{ text: string, seq: number }} Block  `seq`: the event number, or the last one for a non-event block */

/**
 * The wire faults a connection applies (faults.mjs builds them from `?fault=`; a plain stream has none).
 * @typedef {object} WireShape
 * @property {number} [delayHeadersMs]
 * @property {number} [delayFirstByteMs]
 * @property {boolean} [bytewise]          one byte per write
 * @property {Array<{ kind: 'drop' | 'close' | 'stall', after: number }>} [cuts]  sorted by `after`
 * @property {string} [heartbeat]          overrides the route's keep-alive text
 * @property {string} [fallbackHeartbeat]  the keep-alive text when the route has none
 * @property {number} [heartbeatMs]        overrides the server's heartbeat interval
 */

/**
 * The generation faults a turn is produced with.
 * @typedef {object} TurnShape
 * @property {number} [errorAfter]         the route's error event after this many events, then the end
 * @property {boolean} [withholdDone]      never-finish: no completion signal, no closing text
 * @property {boolean} [hold]              after the last event, keep the stream open (never-finish, heartbeats-only)
 * @property {boolean} [unterminatedLast]  the last block of `done` without its blank line, then the end
 */

/** How a connection ended. complete: the stream's end was written; cut: a drop/close fault (or a reader too slow for
 * a bounded buffer); capped: a stalled or held connection reached the cap; gone: the client left; shutdown: the
 * server closed; replaced: another connection resumed the stream.
 * @typedef {'complete' | 'cut' | 'capped' | 'gone' | 'shutdown' | 'replaced'} ConnectionOutcome
 */

/** How long a stalled or held connection stays open when no cap is given (5 minutes). */
const DEFAULT_CAP_MS = 5 * 60 * 1000;

/** How long a `drop` cut waits after its last write, so the client has read the N events before the drop. */
const DROP_GRACE_MS = 80;

/**
 * The wire blocks of one turn, in order, as they are produced; readable by one connection after another. Bounded:
 * past `maxEvents` blocks or `maxBytes` the oldest are dropped.
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
  /**
   * The connection cuts (`kind:after`) that already happened to this stream: a cut is one incident, so a connection
   * resumed before its position (the page lost the events a drop cut short) is not cut there again.
   * @type {Set<string>}
   */
  cutsDone = new Set();
  /** @type {'running' | 'ended' | 'held' | 'aborted'} */
  state = 'running';
  /** When the turn stopped running (performance.now()), for a time-to-live. */
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
   * @param {WireEncoder} [options.encoder] the route's encoder producing the blocks
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
 * Produces a turn: each chat event encoded in the route's wire format and appended block by block, with the
 * generation faults applied. Resolves when the turn is finished or aborted; a backend failure becomes the route's
 * error event and is returned (for the log), never thrown.
 * @param {BufferedTurn} turn
 * @param {AsyncIterable<import('../../src/dialects/chat-event.js').ChatEvent>} events
 * @param {WireEncoder} encoder
 * @param {TurnShape} [shape]
 * @returns {Promise<unknown>}  the backend's error, if it failed
 */
async function produceTurn(turn, events, encoder, shape = {}) {
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
 * @typedef {object} Connection
 * @property {Promise<ConnectionOutcome>} done
 * @property {() => void} stop       server shutdown: finish the block being written, write the retryable error, end
 * @property {() => void} abandon    another connection resumed the stream: cut this one
 * @property {() => number} lastSeq  the last event written
 */

/**
 * @typedef {object} ConnectionOptions
 * @property {import('node:http').ServerResponse} res
 * @property {BufferedTurn} turn
 * @property {number} [startIndex=0]      the index of the first block to write
 * @property {number} [fromSeq=0]         the last event the client has (0: a fresh request)
 * @property {WireShape} [wire]
 * @property {Record<string, string>} headers
 * @property {string} [heartbeat]         the keep-alive text
 * @property {number} heartbeatMs
 * @property {number} capMs               how long a stalled or held connection stays open
 * @property {string} shutdownText        the route's own encoding of "retry shortly" (written by stop())
 * @property {import('../streaming/stream-clock.mjs').TimerLedger} ledger
 * @property {() => Promise<void>} [dropGate]  what a drop waits for (default: DROP_GRACE_MS)
 */

/**
 * Writes a turn's blocks to one response, applying the wire faults: delayed headers or first byte, one byte per
 * write, and the cuts (drop: the socket closed mid-body; close: a clean end without the completion signal; stall:
 * silence, open until the client leaves or `capMs`). A held turn keeps the connection open with heartbeats until the
 * client leaves or `capMs`. Every timer is on the ledger and cleared when the connection ends.
 * @param {ConnectionOptions} options
 * @returns {Connection}
 */
function openConnection(options) {
  const { res, turn, capMs } = options;
  const wire = options.wire ?? {};
  const fromSeq = options.fromSeq ?? 0;
  // Two clocks: stalling must silence the heartbeat and keep the cap's wait running.
  const clock = new StreamClock(options.ledger);
  const beats = new StreamClock(options.ledger);
  /** @type {'open' | 'ended'} */
  let phase = 'open';
  let written = fromSeq;
  /** The rest of a block a bytewise write is in the middle of: a shutdown writes it before its error. */
  let unwritten = Buffer.alloc(0);
  /** @type {'shutdown' | 'replaced' | undefined} */
  let endedBy;
  /** @type {(value?: unknown) => void} */
  let leave = () => {};
  const left = new Promise(resolve => (leave = resolve));
  const cutKey = (/** @type {{ kind: string, after: number }} */ cut) => `${cut.kind}:${cut.after}`;
  const cuts = (wire.cuts ?? []).filter(cut => (fromSeq === 0 || cut.after > fromSeq) && !turn.cutsDone.has(cutKey(cut)));

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
    if (!wire.bytewise) {
      if (!res.write(text)) await drainedOrClosed(res);
      return;
    }
    unwritten = Buffer.from(text);
    while (unwritten.length > 0 && phase === 'open') {
      const byte = unwritten.subarray(0, 1);
      unwritten = unwritten.subarray(1);
      // One byte per write, each in its own turn of the event loop: the client reads it alone, and the server's
      // other work (a shutdown signal, other streams' timers) runs between two bytes. (A write the socket completes
      // at once calls back on the next tick, so awaiting the callback alone would never let the loop turn.)
      // (A write to a socket the client closed may never call back: the race with `left` ends the wait.)
      await Promise.race([new Promise(resolve => res.write(byte, () => setImmediate(resolve))), left]);
    }
  };

  /** Waits until the client leaves or the cap passes. */
  const holdOpen = async () => {
    await Promise.race([clock.sleep(capMs), left]);
    if (phase !== 'open') return 'gone';
    res.end();
    return 'capped';
  };

  const run = async () => {
    if (wire.delayHeadersMs) await clock.sleep(wire.delayHeadersMs);
    if (phase !== 'open') return 'gone';
    res.writeHead(200, options.headers);
    res.flushHeaders();
    if (wire.delayFirstByteMs) await clock.sleep(wire.delayFirstByteMs);
    const { heartbeat } = options;
    if (heartbeat) beats.startHeartbeat(options.heartbeatMs, () => (unwritten.length > 0 ? undefined : res.write(heartbeat)));
    let index = options.startIndex ?? 0;
    for (;;) {
      if (phase !== 'open') return 'gone';
      const cut = cuts[0] && written >= cuts[0].after ? cuts[0] : undefined;
      if (cut) return applyCut(cut);
      // Everything available up to the next cut goes out in one write (a flood would otherwise be 10,000 writes).
      let batch = '';
      while (index < turn.end) {
        const block = turn.blockAt(index++);
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
      turn.release(index);
      await write(batch);
      if (phase !== 'open') return 'gone';
      if (index < turn.end || (cuts[0] && written >= cuts[0].after)) continue;
      if (turn.state === 'ended') {
        res.end();
        return 'complete';
      }
      if (turn.state === 'held') return holdOpen();
      if (turn.state === 'aborted') {
        res.destroy();
        return 'cut';
      }
      await Promise.race([turn.changed(), left]);
    }
  };

  /** @param {{ kind: 'drop' | 'close' | 'stall', after: number }} cut */
  const applyCut = async cut => {
    turn.cutsDone.add(cutKey(cut));
    if (cut.kind === 'drop') {
      // The socket closes mid-body once the N events are flushed: the chunked body never gets its terminating
      // chunk, so the client's read fails (a network error, never a clean end) the way a dead proxy makes it fail.
      // Not a TCP RST: on a reset the client's kernel discards whatever it has not read yet, so the N events
      // would not reliably arrive. The short pause lets the client read them first: Chromium drops the bytes of a
      // read that the connection error follows at once. A starved page may not read them even then: a test that
      // must know gives a gate and opens it once the page has read them (never longer than capMs).
      const gate = options.dropGate ? Promise.race([options.dropGate(), clock.sleep(capMs)]) : clock.sleep(DROP_GRACE_MS);
      await Promise.race([gate, left]);
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
      // The block being written goes out whole first, so the shutdown error is an event the client can read.
      const rest = unwritten;
      unwritten = Buffer.alloc(0);
      if (rest.length > 0) res.write(rest);
      res.end(options.shutdownText);
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
 * @typedef {object} BufferedStreamOptions
 * @property {BufferedTurn} [turn]        continue this turn (a resume) instead of starting one
 * @property {number} [fromSeq]           with `turn`: the last event the client has
 * @property {number} [startIndex]        with `turn`: where to start reading
 * @property {string} [streamId]          a new turn's events get ids `<streamId>.<seq>` (resumable)
 * @property {{ maxEvents?: number, maxBytes?: number }} [limits]   a new turn's buffer bounds
 * @property {(signal: AbortSignal) => AsyncGenerator<import('../../src/dialects/chat-event.js').ChatEvent>} [replaceAnswer]
 *   a new turn's events in place of the route's answer (a fault's synthetic answer)
 * @property {TurnShape} [shape]
 * @property {WireShape} [wire]
 * @property {number} [capMs]             how long a stalled or held connection stays open (default 5 minutes)
 * @property {(turn: BufferedTurn) => void} [onTurn]            a new turn was started
 * @property {(connection: Connection) => void} [onConnect]
 * @property {(connection: Connection, outcome: ConnectionOutcome) => boolean} [keepTurn]  after the connection
 *   ended: true when the turn goes on (a resumable turn waiting for its client), else it is aborted
 */

/**
 * Streams a chat's answer through a buffer: starts the turn (or continues one), writes it on this connection with the
 * wire faults, keeps the server's books (active streams, disconnects) and logs how the connection ended.
 * @param {ChatExchange} chat   the body already read
 * @param {BufferedStreamOptions} options
 * @returns {Promise<void>}
 */
export async function streamBuffered(chat, options) {
  const { server } = chat;
  const fromSeq = options.turn ? options.fromSeq ?? 0 : 0;
  const turn = options.turn ?? startTurn(chat, options);
  const encoder = /** @type {WireEncoder} */ (turn.encoder);
  const wire = options.wire ?? {};
  const connection = openConnection({
    res: chat.res,
    turn,
    startIndex: options.turn ? options.startIndex : 0,
    fromSeq,
    wire,
    ledger: server.ledger,
    headers: server.streamHeaders(encoder),
    heartbeat: wire.heartbeat ?? (encoder.heartbeat?.() || wire.fallbackHeartbeat),
    heartbeatMs: wire.heartbeatMs ?? server.heartbeatMs,
    capMs: options.capMs ?? DEFAULT_CAP_MS,
    shutdownText: encoder.encode(server.shutdownEvent),
    dropGate: server.dropGate,
  });
  options.onConnect?.(connection);
  const untrack = server.track({ stop: () => connection.stop() });
  chat.log({ event: 'request', status: 200, detail: `streaming (${chat.route.dialect}, buffered${chat.logNote})` });
  const outcome = await connection.done;
  untrack();
  const keep = outcome !== 'shutdown' && (options.keepTurn?.(connection, outcome) ?? false);
  if (!keep) turn.abort();
  const events = `${connection.lastSeq() - fromSeq} events`;
  if (outcome === 'gone') {
    server.countDisconnect();
    const after = keep && turn.state === 'running' ? ' (generation goes on for a resume)' : ' — stopped work';
    chat.log({ event: 'disconnect', detail: `client cancelled after ${events}${after}` });
  } else if (outcome === 'shutdown') {
    chat.log({ event: 'error', detail: 'server shutting down: stream ended with a retryable error' });
  } else if (outcome === 'complete') {
    chat.log({ event: 'complete', status: 200, detail: events });
  } else {
    chat.log({ event: 'fault', detail: `connection ${outcome} after ${events}` });
  }
}

/**
 * Starts producing a new turn into a buffer: the route's answer, or the events given in its place.
 * @param {ChatExchange} chat
 * @param {BufferedStreamOptions} options
 */
function startTurn(chat, options) {
  const encoder = chat.createEncoder();
  const clock = new StreamClock(chat.server.ledger);
  const controller = new AbortController();
  const turn = new BufferedTurn({
    encoder,
    streamId: options.streamId,
    ...options.limits,
    stopWork: () => {
      controller.abort();
      clock.cancel();
    },
  });
  options.onTurn?.(turn);
  const events = options.replaceAnswer
    ? options.replaceAnswer(controller.signal)
    : chat.answerEvents({ signal: controller.signal, sleep: ms => clock.sleep(ms) });
  chat.server.countStream();
  produceTurn(turn, events, encoder, options.shape).then(error => {
    clock.cancel();
    if (error) chat.log({ event: 'error', detail: String(/** @type {Error} */ (error)?.stack ?? error) });
  });
  return turn;
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
 * The block without its terminating blank line, for `unterminated-last`: the client gets the event's lines but never
 * the signal to dispatch it.
 * @param {string} block
 */
function withoutBlankLine(block) {
  if (block.endsWith('\r\n\r\n')) return block.slice(0, -2);
  return block.endsWith('\n\n') || block.endsWith('\r\r') ? block.slice(0, -1) : block;
}

/**
 * Whether an SSE block dispatches an event (has a `data:` line); comments and `retry:`-only blocks do not count as
 * events for the `…-after:N` faults, nor get ids.
 * @param {string} block
 */
function isEventBlock(block) {
  return /^data:/m.test(block);
}

/**
 * The block with `id: <id>` as its first line, replacing any id the encoder wrote (the RAG seed numbers its own).
 * @param {string} block
 * @param {string} id
 */
function withEventId(block, id) {
  const eol = block.includes('\r\n') ? '\r\n' : '\n';
  return `id: ${id}${eol}${block.replace(/^id:.*(\r\n|\n|\r)/gm, '')}`;
}
