/**
 * Runs a callback at most once per animation frame, however often it is requested.
 *
 * The first request after an idle frame runs at once (in a microtask, so a burst of synchronous requests is one
 * run): waiting for the next frame's rAF would add the render's own time to what the reader waits, since rAF work
 * delays that frame's paint. Later requests in the same frame wait for the next frame. rAF stops in a background
 * tab, so a timer races it: whichever fires first runs the work and cancels the other, and a request made while
 * one is pending is absorbed, so work never piles up.
 */
export class FrameScheduler {
  #pending = false;
  #frame = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by every cancel, so a queued microtask can tell it was cancelled. */
  #generation = 0;
  /** A run happened since the last frame began; cleared by the next frame (never, in a background tab). */
  #ranThisFrame = false;
  readonly #run: () => void;
  readonly #fallbackMs: number;

  /**
   * @param run the work to do once per frame.
   * @param fallbackMs how long to wait for a frame before running anyway (background tabs get no frames;
   *   browsers throttle this timer there to about once a second, which is all a hidden tab needs).
   */
  constructor(run: () => void, fallbackMs = 100) {
    this.#run = run;
    this.#fallbackMs = fallbackMs;
  }

  /** Schedules a run: now (a microtask) if none ran this frame, else for the next frame. A no-op when one is pending. O(1). */
  request(): void {
    if (!this.#pending) this.#schedule(this.#ranThisFrame);
  }

  /**
   * Schedules a run for the next frame even after an idle one, never in this task: work that continues a run (a long
   * answer shown over frames) must not add a second run to the task that did the first. A run pending for a
   * microtask moves to the next frame.
   */
  requestNextFrame(): void {
    this.#schedule(true);
  }

  #schedule(nextFrame: boolean): void {
    this.cancel();
    this.#pending = true;
    if (nextFrame) {
      this.#frame = requestAnimationFrame(this.#fire);
      this.#timer = setTimeout(this.#fire, this.#fallbackMs);
      return;
    }
    const generation = this.#generation;
    queueMicrotask(() => {
      if (generation === this.#generation) this.#fire();
    });
  }

  /** Cancels a scheduled run. */
  cancel(): void {
    cancelAnimationFrame(this.#frame);
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = false;
    this.#generation++;
  }

  readonly #fire = () => {
    this.cancel();
    if (!this.#ranThisFrame) {
      this.#ranThisFrame = true;
      requestAnimationFrame(() => (this.#ranThisFrame = false));
    }
    this.#run();
  };
}
