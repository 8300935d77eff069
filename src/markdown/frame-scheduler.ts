/**
 * Runs a callback at most once per animation frame, however often it is requested. rAF stops in a background
 * tab, so a timer races it: whichever fires first runs the work and cancels the other, and a request made while
 * one is pending is absorbed, so work never piles up.
 */
export class FrameScheduler {
  #frame = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
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

  /** True while a run is scheduled and has not happened yet. */
  get pending(): boolean {
    return this.#timer !== undefined;
  }

  /** Schedules a run for the next frame; a no-op when one is already scheduled. O(1). */
  request(): void {
    if (this.#timer !== undefined) return;
    this.#frame = requestAnimationFrame(this.#fire);
    this.#timer = setTimeout(this.#fire, this.#fallbackMs);
  }

  /** Cancels a scheduled run. */
  cancel(): void {
    cancelAnimationFrame(this.#frame);
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  readonly #fire = () => {
    this.cancel();
    this.#run();
  };
}
