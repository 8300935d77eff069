// Timers owned by one stream, counted server-wide, so a cancelled stream provably leaves none behind.

/** Counts the pending timers of every stream; `stats().timers` reads it. */
export class TimerLedger {
  pending = 0;
}

/** The rejection a cancelled sleep ends with. */
export class StreamCancelled extends Error {
  constructor() {
    super('stream cancelled');
    this.name = 'AbortError';
  }
}

/**
 * The one place a stream schedules time: pacing sleeps and a heartbeat that fires only after `heartbeatMs` of
 * silence. `cancel()` clears everything at once and makes pending and later sleeps reject.
 */
export class StreamClock {
  /** @type {Set<{ timer: NodeJS.Timeout, reject: (error: Error) => void }>} */
  #sleeps = new Set();
  /** @type {NodeJS.Timeout | null} */
  #heartbeat = null;
  #cancelled = false;
  #ledger;

  /** @param {TimerLedger} ledger */
  constructor(ledger) {
    this.#ledger = ledger;
  }

  get cancelled() {
    return this.#cancelled;
  }

  /**
   * Waits `ms` (0 or less: does not wait). Rejects with StreamCancelled once the clock is cancelled.
   * @param {number} ms
   * @returns {Promise<void>}
   */
  sleep(ms) {
    if (this.#cancelled) return Promise.reject(new StreamCancelled());
    if (!(ms > 0)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const entry = {
        timer: setTimeout(() => {
          this.#sleeps.delete(entry);
          this.#ledger.pending--;
          resolve();
        }, ms),
        reject,
      };
      this.#sleeps.add(entry);
      this.#ledger.pending++;
    });
  }

  /**
   * Calls `beat` after every `ms` of silence; `touch()` after each write restarts the wait.
   * @param {number} ms
   * @param {() => void} beat
   */
  startHeartbeat(ms, beat) {
    if (this.#cancelled || !(ms > 0) || this.#heartbeat) return;
    this.#heartbeat = setInterval(beat, ms);
    this.#ledger.pending++;
  }

  /** Restarts the heartbeat's wait: something was just written. Cheap enough for every token. */
  touch() {
    this.#heartbeat?.refresh();
  }

  /** Clears every timer of this stream; pending sleeps reject. Idempotent. */
  cancel() {
    if (this.#cancelled) return;
    this.#cancelled = true;
    if (this.#heartbeat) {
      clearInterval(this.#heartbeat);
      this.#heartbeat = null;
      this.#ledger.pending--;
    }
    for (const entry of this.#sleeps) {
      clearTimeout(entry.timer);
      this.#ledger.pending--;
      entry.reject(new StreamCancelled());
    }
    this.#sleeps.clear();
  }
}
