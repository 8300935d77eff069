// One timer for every paced stream of the server. A `setTimeout` (and a promise, and an async generator step) per
// token per stream costs more than writing the token; here streams sit in 1 ms buckets and a single timer, armed for
// the earliest bucket, wakes all the streams due in it. Nothing is allocated per wake-up.

/**
 * A stream the scheduler can wake.
 * @typedef {object} ScheduledTask
 * @property {number} wakeSlot    the bucket it waits in, or NOT_SCHEDULED (start with that); owned by the scheduler
 * @property {(now: number) => void} wake  called once its time has come; `now` is the tick's performance.now():
 *   whatever is due at or before it is due now
 */

/** `wakeSlot` of a task that waits for nothing. */
export const NOT_SCHEDULED = -1;

/** Width of a bucket: a task runs at most this long after its time (plus the event loop's own lateness). */
const SLOT_MS = 1;

/**
 * Wakes tasks at the times they ask for, from one timer. A task waits in at most one bucket: scheduling it again
 * moves it, and a bucket skips the tasks that have moved or been cancelled (no search, no removal).
 */
export class StreamScheduler {
  /** @type {Map<number, ScheduledTask[]>} */
  #buckets = new Map();
  /** The slots that have a bucket, as a binary min-heap: the earliest is `#slots[0]`. */
  /** @type {number[]} */
  #slots = [];
  /** @type {NodeJS.Timeout | null} */
  #timer = null;
  /** The slot the timer is armed for; -Infinity while a tick runs (it arms once, at its end). */
  #armedSlot = Infinity;
  /** The last slot a tick has run: later wake-ups go after it, so a tick never runs a task twice. */
  #ranSlot = -Infinity;
  /** Tasks waiting: at 0 the timer and any buckets of cancelled tasks go, so an idle server holds no handle. */
  #waiting = 0;
  #ledger;
  #onError;

  /**
   * @param {import('./stream-clock.mjs').TimerLedger} ledger  every waiting task counts as one pending timer, so
   *   `stats().timers` still proves that a cancelled stream leaves nothing behind
   * @param {(error: unknown, task: ScheduledTask) => void} onError  a task that throws; the others still run
   */
  constructor(ledger, onError) {
    this.#ledger = ledger;
    this.#onError = onError;
  }

  /**
   * Wakes `task` at `atMs` (a performance.now() time) or within SLOT_MS after; replaces its previous wake-up.
   * @param {ScheduledTask} task
   * @param {number} atMs
   */
  schedule(task, atMs) {
    const slot = Math.max(Math.ceil(atMs / SLOT_MS), this.#ranSlot + 1);
    if (task.wakeSlot === slot) return;
    if (task.wakeSlot === NOT_SCHEDULED) {
      this.#ledger.pending++;
      this.#waiting++;
    }
    task.wakeSlot = slot;
    const bucket = this.#buckets.get(slot);
    if (bucket) bucket.push(task);
    else {
      this.#buckets.set(slot, [task]);
      pushHeap(this.#slots, slot);
    }
    if (slot < this.#armedSlot) this.#arm(slot);
  }

  /**
   * Forgets `task`'s wake-up, if it has one. Idempotent.
   * @param {ScheduledTask} task
   */
  cancel(task) {
    if (task.wakeSlot === NOT_SCHEDULED) return;
    task.wakeSlot = NOT_SCHEDULED;
    this.#ledger.pending--;
    if (--this.#waiting === 0 && this.#armedSlot !== -Infinity) this.#clear();
  }

  /** Drops the timer and every bucket: no task waits. */
  #clear() {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#armedSlot = Infinity;
    this.#buckets.clear();
    this.#slots.length = 0;
  }

  /** @param {number} slot */
  #arm(slot) {
    if (this.#timer) clearTimeout(this.#timer);
    this.#armedSlot = slot;
    this.#timer = setTimeout(this.#tick, Math.max(0, slot * SLOT_MS - performance.now()));
  }

  #tick = () => {
    this.#timer = null;
    this.#armedSlot = -Infinity;
    const now = performance.now();
    const dueSlot = Math.floor(now / SLOT_MS);
    this.#ranSlot = dueSlot;
    const slots = this.#slots;
    // A task woken here can only schedule its next wake-up in a later slot: this loop ends.
    while (slots.length > 0 && slots[0] <= dueSlot) {
      const slot = popHeap(slots);
      const bucket = /** @type {ScheduledTask[]} */ (this.#buckets.get(slot));
      this.#buckets.delete(slot);
      for (let i = 0; i < bucket.length; i++) {
        const task = bucket[i];
        if (task.wakeSlot !== slot) continue; // moved or cancelled since
        task.wakeSlot = NOT_SCHEDULED;
        this.#ledger.pending--;
        this.#waiting--;
        try {
          task.wake(now);
        } catch (error) {
          this.#onError(error, task);
        }
      }
    }
    this.#armedSlot = Infinity;
    if (this.#waiting === 0) this.#clear();
    else if (slots.length > 0) this.#arm(slots[0]);
  };
}

/**
 * @param {number[]} heap
 * @param {number} value
 */
function pushHeap(heap, value) {
  let i = heap.push(value) - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent] <= value) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = value;
}

/**
 * Removes and returns the smallest value.
 * @param {number[]} heap  not empty
 * @returns {number}
 */
function popHeap(heap) {
  const top = heap[0];
  const last = /** @type {number} */ (heap.pop());
  if (heap.length === 0) return top;
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= heap.length) break;
    const child = left + 1 < heap.length && heap[left + 1] < heap[left] ? left + 1 : left;
    if (heap[child] >= last) break;
    heap[i] = heap[child];
    i = child;
  }
  heap[i] = last;
  return top;
}
