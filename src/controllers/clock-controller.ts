import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * A coarse clock for elapsed times that are still running (a step in progress). It ticks only while `running()`
 * says so, re-checked after every host update, so an idle chat sets no timers at all.
 */
export class ClockController implements ReactiveController {
  /** The time of the last tick (epoch ms); what running elapsed times are measured against. */
  now = Date.now();

  #timer: ReturnType<typeof setInterval> | undefined;
  readonly #host: ReactiveControllerHost;
  readonly #running: () => boolean;
  readonly #interval: number;

  /**
   * @param running  whether anything on screen needs the clock
   * @param interval ms between ticks: once a second matches the precision shown for running steps
   */
  constructor(host: ReactiveControllerHost, running: () => boolean, interval = 1000) {
    this.#host = host;
    this.#running = running;
    this.#interval = interval;
    host.addController(this);
  }

  hostUpdate(): void {
    this.now = Date.now();
  }

  hostUpdated(): void {
    if (this.#running()) this.#start();
    else this.#halt();
  }

  hostDisconnected(): void {
    this.#halt();
  }

  #start() {
    this.#timer ??= setInterval(() => this.#host.requestUpdate(), this.#interval);
  }

  #halt() {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
