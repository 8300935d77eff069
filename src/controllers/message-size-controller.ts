import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Messages laid out per batch: one forced layout for many is far cheaper than one each (400 ~300-token answers:
 * 130 ms together, ~2.7 ms apiece alone on a loaded machine), and 32 stay well under a frame.
 */
const BATCH = 32;
/** How long (ms) a batch may wait for idle time: a busy page (a frame every 16 ms) may never have any. */
const IDLE_TIMEOUT_MS = 200;

// Safari has no requestIdleCallback: a timer stands in there (the work is batched and small either way).
const whenIdle = (run: (deadline?: IdleDeadline) => void): number =>
  typeof requestIdleCallback === 'function' ? requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS }) : window.setTimeout(run, IDLE_TIMEOUT_MS);
const cancelIdle = (handle: number): void => (typeof cancelIdleCallback === 'function' ? cancelIdleCallback(handle) : clearTimeout(handle));

/** What the controller reads from the element, looked up when it measures (the list lives in the shadow root). */
export interface MessageSizeOptions {
  /** The element whose `.message` children are measured. */
  list(): HTMLElement | null;
  /** Whether an answer streams: nothing is measured then. */
  busy(): boolean;
  /** How many messages the conversation has: none to measure, nothing scheduled (the empty chat at load). */
  count(): number;
  /** The selector of the list's groups of messages, each skipped as a whole while out of view. */
  readonly group: string;
}

/**
 * Gives each finished message its real height before the reader scrolls to it. Finished messages are
 * `content-visibility: auto`: one that was never on screen (an answer that arrived in one network read while the
 * list was elsewhere, earlier turns restored at once) has only the styles' placeholder height, so scrolling back
 * lays it out for the first time and the list grows under the reader, frame after frame. In idle time, newest
 * first and a batch at a time, this lays such messages out once (shown whole, through CSSOM, for a synchronous
 * measurement, never for a frame) and keeps each height as its `contain-intrinsic-block-size` fallback
 * (CSSOM, which a strict CSP allows); the browser's remembered size (`auto`) still wins once it is laid out for real.
 * Earlier groups of messages get theirs the same way.
 *
 * A kept height is never older than what it measured: a message or group whose DOM changes (a re-render, the last
 * answer losing its suggestions, markdown shown over several frames) loses it, and a change of the list's width
 * drops them all; the next idle period measures them again.
 *
 * Nothing is scheduled while an answer streams (a forced layout would lay it out too, and looking for it would
 * walk the whole list every frame); once it ends, an idle period measures as many batches as it has time for, so
 * a long restored or finished conversation is done within a few idle periods.
 */
export class MessageSizeController implements ReactiveController {
  #idle = 0;
  /** The list watched for changes, and its width when measured. */
  #list: HTMLElement | null = null;
  #width = 0;
  readonly #options: MessageSizeOptions;
  // A changed message (and its group) is measured again. Style writes (ours) are not watched.
  readonly #mutations = new MutationObserver(records => {
    for (const { target } of records) {
      const element = target instanceof Element ? target : target.parentElement;
      for (const sized of [element?.closest<HTMLElement>('.message'), element?.closest<HTMLElement>(this.#options.group)]) if (sized) sized.style.containIntrinsicBlockSize = '';
    }
    this.hostUpdated();
  });
  // The width is checked when measuring: a window resized with no render in between.
  readonly #resizes = new ResizeObserver(() => this.hostUpdated());

  constructor(host: ReactiveControllerHost, options: MessageSizeOptions) {
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    this.hostUpdated(); // moved in the page: the same list, watched again
  }

  hostUpdated(): void {
    const list = this.#options.list();
    if (list !== this.#list) {
      this.hostDisconnected();
      this.#list = list;
      if (list) {
        this.#mutations.observe(list, { childList: true, characterData: true, subtree: true });
        this.#resizes.observe(list);
      }
    }
    // A scan in idle time finds the new messages (measured ones carry their size): a few hundred style reads.
    if (this.#options.count() && !this.#options.busy()) this.#idle ||= whenIdle(this.#measure);
  }

  hostDisconnected(): void {
    cancelIdle(this.#idle);
    this.#idle = 0;
    this.#list = null;
    this.#mutations.disconnect();
    this.#resizes.disconnect();
  }

  readonly #measure = (deadline?: IdleDeadline) => {
    this.#idle = 0;
    const { list: getList, busy, group } = this.#options;
    const list = getList();
    // A hidden list (a closed launcher panel) measures 0: wait for the render that shows it.
    if (!list?.offsetHeight || busy()) return;
    const messages = list.querySelectorAll<HTMLElement>(".message[data-role='assistant']");
    // Earlier groups only: the last is never skipped.
    const earlier = [...list.querySelectorAll<HTMLElement>(group)].filter(each => each.nextElementSibling?.matches(group));
    // Text wraps differently at another width (a window resized, a scrollbar that came or went): all measured again.
    if (list.clientWidth !== this.#width) {
      this.#width = list.clientWidth;
      for (const sized of [...messages, ...earlier]) sized.style.containIntrinsicBlockSize = '';
    }
    let next = messages.length - 1;
    // Batches while the idle period lasts (at least one: a timed-out callback has no time left but must progress).
    for (;;) {
      // Not measured since it last changed: no fallback of its own.
      const batch: HTMLElement[] = [];
      for (; next >= 0 && batch.length < BATCH; next--) {
        if (!messages[next]!.style.containIntrinsicBlockSize) batch.push(messages[next]!);
      }
      // Their earlier groups too (skipped as a whole when out of view; changed with them), each with all its messages
      // shown; or, once every message is measured, one not measured since it changed (one that filled up while last).
      const unsized = earlier.filter(group => !group.style.containIntrinsicBlockSize);
      const groups = batch.length ? unsized.filter(group => batch.some(message => message.parentElement === group)) : unsized.slice(-1);
      if (!batch.length && !groups.length) return;
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
      if ((deadline?.timeRemaining() ?? 0) <= 10) break;
    }
    this.#idle = whenIdle(this.#measure);
  };
}
