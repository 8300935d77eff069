import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Messages laid out per batch: one forced layout for many is far cheaper than one each (400 ~300-token answers:
 * 130 ms together, ~2.7 ms apiece alone on a loaded machine), and 32 stay well under a frame.
 */
const BATCH = 32;
/** How long (ms) a batch may wait for idle time: a busy page (a frame every 16 ms) may never have any. */
const IDLE_TIMEOUT_MS = 200;

// Safari has no requestIdleCallback: a timer stands in there (the work is batched and small either way).
const whenIdle = (run: () => void): number =>
  typeof requestIdleCallback === 'function' ? requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS }) : window.setTimeout(run, IDLE_TIMEOUT_MS);
const cancelIdle = (handle: number): void => (typeof cancelIdleCallback === 'function' ? cancelIdleCallback(handle) : clearTimeout(handle));

/**
 * Gives each finished message its real height before the reader scrolls to it. Finished messages are
 * `content-visibility: auto`: one that was never on screen (an answer that arrived in one network read while the
 * list was elsewhere, earlier turns restored at once) has only the styles' placeholder height, so scrolling back
 * lays it out for the first time and the list grows under the reader, frame after frame. In idle time, newest
 * first and a batch at a time, this lays such messages out once (shown whole, through CSSOM, for a synchronous
 * measurement, never for a frame) and keeps each height as its `contain-intrinsic-block-size` fallback
 * (CSSOM, which a strict CSP allows); the browser's remembered size (`auto`) still wins once it is laid out for real.
 */
export class MessageSizeController implements ReactiveController {
  #idle = 0;
  readonly #getList: () => HTMLElement | null;

  constructor(host: ReactiveControllerHost, getList: () => HTMLElement | null) {
    this.#getList = getList;
    host.addController(this);
  }

  hostUpdated(): void {
    this.#schedule();
  }

  hostDisconnected(): void {
    cancelIdle(this.#idle);
    this.#idle = 0;
  }

  #schedule() {
    this.#idle ||= whenIdle(this.#measure);
  }

  readonly #measure = () => {
    this.#idle = 0;
    const list = this.#getList();
    // A hidden list (a closed launcher panel) measures 0: wait for the render that shows it.
    // While an answer streams, a forced layout would lay it out too, per batch: the update that ends it resumes.
    if (!list?.offsetHeight || list.querySelector(".message[data-status='streaming']")) return;
    const messages = list.querySelectorAll<HTMLElement>(".message:not([data-status='streaming'])");
    // Not measured yet: no fallback of its own. A re-render keeps the element, and its height is known.
    const batch: HTMLElement[] = [];
    for (let i = messages.length - 1; i >= 0 && batch.length < BATCH; i--) {
      if (!messages[i]!.style.containIntrinsicBlockSize) batch.push(messages[i]!);
    }
    if (!batch.length) return;
    for (const message of batch) message.style.contentVisibility = 'visible';
    // Read all, then write all: one layout for the batch. The content box: the styles' 4px padding aside.
    const heights = batch.map(message => message.getBoundingClientRect().height - 8);
    batch.forEach((message, i) => {
      message.style.contentVisibility = '';
      message.style.containIntrinsicBlockSize = `auto ${heights[i]}px`;
    });
    this.#schedule();
  };
}
