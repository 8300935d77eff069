// A turn computed before it is sent: every event and the time it is due, on a fixed schedule from the turn's start.
// The local answer is known in full before its first token goes out, so a stream need not be an async generator
// sleeping between tokens: a scheduler can replay the plan (stream-scheduler.mjs, plan-streamer.mjs). The plan is
// compact on purpose: thousands of streams hold one each, so the answer is one string plus token end offsets, and
// each event object is made only when it is sent.

/**
 * @typedef {import('../../src/dialects/chat-event.js').ChatEvent} ChatEvent
 */

/**
 * @typedef {object} TimedEvent
 * @property {number} atMs        when it is due, in ms after the turn's start
 * @property {ChatEvent} event
 */

/**
 * @typedef {object} TurnPlanParts
 * @property {TimedEvent[]} head            the events before the answer's text (steps, sources), in order
 * @property {string} text                  the answer, streamed as text-delta events
 * @property {Uint32Array} tokenEnds        end offset in `text` of each token (`tokenEndOffsets` in backend/compose.mjs)
 * @property {number} tokensFromMs          the first token is due `tokenDelayMs` after this
 * @property {number} tokenDelayMs          between two tokens
 * @property {number} tailLength           how many events `tail` returns
 * @property {(elapsedMs: number) => ChatEvent[]} tail  the events after the text, all due with the last token;
 *   built when the first of them is sent, so their timings are real (`elapsedMs`: since the turn's start)
 */

/** One turn's events with their due times; `eventAt` builds each event when it is needed. */
export class TurnPlan {
  #head;
  #text;
  #tokenEnds;
  #tokensFromMs;
  #tokenDelayMs;
  #tail;
  /** @type {ChatEvent[] | null} */
  #tailEvents = null;

  /** @param {TurnPlanParts} parts */
  constructor({ head, text, tokenEnds, tokensFromMs, tokenDelayMs, tailLength, tail }) {
    this.#head = head;
    this.#text = text;
    this.#tokenEnds = tokenEnds;
    this.#tokensFromMs = tokensFromMs;
    this.#tokenDelayMs = Math.max(0, tokenDelayMs);
    this.#tail = tail;
    /** How many events the turn has. */
    this.length = head.length + tokenEnds.length + tailLength;
  }

  /**
   * When event `index` is due, in ms after the turn's start; never decreases with `index`.
   * @param {number} index
   * @returns {number}
   */
  timeOf(index) {
    const head = this.#head.length;
    if (index < head) return this.#head[index].atMs;
    const token = Math.min(index - head, this.#tokenEnds.length - 1);
    // No tokens: the tail is due with the head's last event.
    if (token < 0) return Math.max(this.#tokensFromMs, head > 0 ? this.#head[head - 1].atMs : 0);
    return this.#tokensFromMs + (token + 1) * this.#tokenDelayMs;
  }

  /**
   * Event `index`, built now. Call in order: the tail is built once, when its first event is asked for.
   * @param {number} index
   * @param {number} elapsedMs   time since the turn's start (the tail's timings)
   * @returns {ChatEvent}
   */
  eventAt(index, elapsedMs) {
    const head = this.#head.length;
    if (index < head) return this.#head[index].event;
    const token = index - head;
    const ends = this.#tokenEnds;
    if (token < ends.length) {
      return { type: 'text-delta', delta: this.#text.slice(token === 0 ? 0 : ends[token - 1], ends[token]) };
    }
    this.#tailEvents ??= this.#tail(elapsedMs);
    return this.#tailEvents[token - ends.length];
  }
}

/**
 * Replays a plan as an async generator for the code paths that read events one by one (resumable and fault
 * streams, tests): sleeps until each event is due. A late event does not push the later ones back.
 * @param {TurnPlan} plan
 * @param {(ms: number) => Promise<void>} sleep  resolves at once for 0 or less; rejects once the turn is cancelled
 * @returns {AsyncGenerator<ChatEvent>}
 */
export async function* replayTurnPlan(plan, sleep) {
  const started = performance.now();
  for (let index = 0; index < plan.length; index++) {
    const wait = plan.timeOf(index) - (performance.now() - started);
    if (wait > 0) await sleep(wait);
    yield plan.eventAt(index, performance.now() - started);
  }
}
