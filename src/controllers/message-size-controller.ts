import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Messages laid out per batch: one forced layout for many is far cheaper than one each (400 ~300-token answers:
 * 130 ms together, ~2.7 ms apiece alone on a loaded machine), and 32 stay well under a frame.
 */
const BATCH = 32;
/** An earlier group of messages (sse-chat.ts), skipped as a whole while out of view. */
const GROUP = '.message-group';
/** How long (ms) a batch may wait for idle time: a busy page (a frame every 16 ms) may never have any. */
const IDLE_TIMEOUT_MS = 200;

// Safari has no requestIdleCallback: a timer stands in there (the work is batched and small either way).
const whenIdle = (run: (deadline?: IdleDeadline) => void): number =>
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
 *
 * Nothing is scheduled while an answer streams (a forced layout would lay it out too, and looking for it would
 * walk the whole list every frame); once it ends, an idle period measures as many batches as it has time for, so
 * a long restored or finished conversation is done within a few idle periods.
 */
export class MessageSizeController implements ReactiveController {
  #idle = 0;
  readonly #getList: () => HTMLElement | null;
  readonly #busy: () => boolean;
  readonly #count: () => number;

  /**
   * @param getList the element whose `.message` children are measured
   * @param busy    whether an answer streams (nothing is measured then)
   * @param count   how many messages the conversation has: none to measure, nothing scheduled (the empty chat at load)
   */
  constructor(host: ReactiveControllerHost, getList: () => HTMLElement | null, busy: () => boolean, count: () => number) {
    this.#getList = getList;
    this.#busy = busy;
    this.#count = count;
    host.addController(this);
  }

  hostUpdated(): void {
    // A scan in idle time finds the new messages (measured ones carry their size): a few hundred style reads.
    if (this.#count() && !this.#busy()) this.#idle ||= whenIdle(this.#measure);
  }

  hostDisconnected(): void {
    cancelIdle(this.#idle);
    this.#idle = 0;
  }

  readonly #measure = (deadline?: IdleDeadline) => {
    this.#idle = 0;
    const list = this.#getList();
    // A hidden list (a closed launcher panel) measures 0: wait for the render that shows it.
    if (!list?.offsetHeight || this.#busy()) return;
    const messages = list.querySelectorAll<HTMLElement>(".message[data-role='assistant']");
    let next = messages.length - 1;
    // Batches while the idle period lasts (at least one: a timed-out callback has no time left but must progress).
    do {
      // Not measured yet: no fallback of its own. A re-render keeps the element, and its height is known.
      const batch: HTMLElement[] = [];
      for (; next >= 0 && batch.length < BATCH; next--) {
        if (!messages[next]!.style.containIntrinsicBlockSize) batch.push(messages[next]!);
      }
      if (!batch.length) break;
      // Their earlier groups too (skipped as a whole when out of view; not the last), each with all its messages
      // shown: a message's remembered height may be older than its last change (an answer that lost Regenerate).
      const groups = [...new Set(batch.map(message => message.parentElement!))].filter(group => group.nextElementSibling?.matches(GROUP));
      const shown = [...batch, ...groups, ...groups.flatMap(group => [...group.children] as HTMLElement[])];
      for (const element of shown) element.style.contentVisibility = 'visible';
      // No `auto` for the read: that style drops the remembered height, which a frame that saw the element before
      // its final render (streaming, its group half full, a page given few frames) left, and which beats ours.
      for (const element of [...batch, ...groups]) element.style.containIntrinsicBlockSize = 'none';
      // Read all, then write all: one layout for the batch. The content box: the styles' 4px padding aside.
      const heights = batch.map(message => message.getBoundingClientRect().height - 8);
      const groupHeights = groups.map(group => group.getBoundingClientRect().height);
      for (const element of shown) element.style.contentVisibility = '';
      batch.forEach((message, i) => (message.style.containIntrinsicBlockSize = `auto ${heights[i]}px`));
      groups.forEach((group, i) => (group.style.containIntrinsicBlockSize = `auto ${groupHeights[i]}px`));
    } while (next >= 0 && (deadline?.timeRemaining() ?? 0) > 10);
    if (next >= 0) this.#idle = whenIdle(this.#measure);
  };
}
