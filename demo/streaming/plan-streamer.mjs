// Writes a TurnPlan to a response on the shared StreamScheduler: each event when it is due on the turn's fixed
// schedule (start + its time, so one late write does not delay the rest), a heartbeat after `heartbeatMs` of
// silence, no write past a full socket buffer until it drains, and nothing at all once cancelled.

import { createBodyWriter } from '../http/body-writer.mjs';
import { NOT_SCHEDULED } from './stream-scheduler.mjs';

/**
 * @typedef {object} PlanStreamerOptions
 * @property {import('node:http').ServerResponse} res   headers already sent
 * @property {import('./turn-plan.mjs').TurnPlan} plan
 * @property {import('../encoders/types.mjs').WireEncoder} encoder
 * @property {import('./stream-scheduler.mjs').StreamScheduler} scheduler
 * @property {number} heartbeatMs                        0: no heartbeat
 * @property {() => void} onComplete                     the last event and the encoder's close text are written
 * @property {(error: unknown) => void} onError          encoding failed (a bug): the streamer has stopped
 */

/**
 * One paced stream (a ScheduledTask): `start()` writes what is due at once and schedules the rest; `cancel()`
 * stops it.
 */
export class PlanStreamer {
  /** The scheduler's bookkeeping. */
  wakeSlot = NOT_SCHEDULED;
  /** Events of the plan written so far (including any the encoder skips). */
  events = 0;
  #res;
  /** @type {import('../http/body-writer.mjs').BodyWriter | null} */
  #writer = null;
  #plan;
  #encoder;
  #scheduler;
  #heartbeat;
  #heartbeatMs;
  #onComplete;
  #onError;
  #startedAt = 0;
  #lastWriteAt = 0;
  /** @type {'idle' | 'running' | 'draining' | 'ended'} */
  #state = 'idle';

  /** @param {PlanStreamerOptions} options */
  constructor({ res, plan, encoder, scheduler, heartbeatMs, onComplete, onError }) {
    this.#res = res;
    this.#plan = plan;
    this.#encoder = encoder;
    this.#scheduler = scheduler;
    this.#heartbeat = heartbeatMs > 0 ? encoder.heartbeat?.() || '' : '';
    this.#heartbeatMs = heartbeatMs;
    this.#onComplete = onComplete;
    this.#onError = onError;
  }

  /** Starts the turn's clock now: writes the encoder's opening text and every event due at once. */
  start() {
    if (this.#state !== 'idle') return;
    this.#state = 'running';
    this.#writer = createBodyWriter(this.#res);
    this.#startedAt = this.#lastWriteAt = performance.now();
    let open;
    try {
      open = this.#encoder.open?.();
    } catch (error) {
      return this.fail(error);
    }
    if (open && !this.#write(open)) return this.#waitForDrain();
    this.wake(this.#startedAt);
  }

  /** Stops for good: no more writes, no pending wake-up. Idempotent. */
  cancel() {
    if (this.#state === 'draining') this.#writer?.drainSource.off('drain', this.#drained);
    this.#state = 'ended';
    this.#scheduler.cancel(this);
  }

  /**
   * Writes every event due by `now`, then asks to be woken for the next one (or for a heartbeat, if sooner).
   * @param {number} now
   */
  wake(now) {
    if (this.#state !== 'running') return;
    try {
      this.#writeDue(now);
    } catch (error) {
      this.fail(error);
    }
  }

  /** @param {number} now */
  #writeDue(now) {
    const plan = this.#plan;
    const startedAt = this.#startedAt;
    let index = this.events;
    // Due times are compared exactly as they are scheduled (start + time), so a wake-up at the time asked for finds
    // its event due whatever the rounding.
    while (index < plan.length && startedAt + plan.timeOf(index) <= now) {
      const text = this.#encoder.encode(plan.eventAt(index, now - startedAt));
      this.events = ++index;
      if (!text) continue;
      this.#lastWriteAt = now;
      if (!this.#write(text)) return index < plan.length ? this.#waitForDrain() : this.#complete();
    }
    if (index === plan.length) return this.#complete();
    if (this.#heartbeat && this.#lastWriteAt + this.#heartbeatMs <= now) {
      this.#lastWriteAt = now;
      if (!this.#write(this.#heartbeat)) return this.#waitForDrain();
    }
    const next = startedAt + plan.timeOf(index);
    this.#scheduler.schedule(this, this.#heartbeat ? Math.min(next, this.#lastWriteAt + this.#heartbeatMs) : next);
  }

  /**
   * Stops and reports `error` (the scheduler calls this when `wake` throws past its own guard).
   * @param {unknown} error
   */
  fail(error) {
    if (this.#state === 'ended') return;
    this.cancel();
    this.#onError(error);
  }

  /**
   * @param {string} text
   * @returns {boolean} false: wait for 'drain'
   */
  #write(text) {
    return /** @type {import('../http/body-writer.mjs').BodyWriter} */ (this.#writer).write(text);
  }

  #complete() {
    const close = this.#encoder.close?.();
    this.#state = 'ended';
    if (close) this.#write(close);
    this.#onComplete();
  }

  /** The client reads slower than we write: carry on (catching up with the schedule) once the buffer drains. */
  #waitForDrain() {
    this.#state = 'draining';
    this.#writer?.drainSource.once('drain', this.#drained);
  }

  #drained = () => {
    if (this.#state !== 'draining') return;
    this.#state = 'running';
    this.wake(performance.now());
  };
}
