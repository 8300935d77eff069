import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Keys that scroll a focused list. */
const SCROLL_KEYS = new Set(['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End', ' ']);

/**
 * The reader's gestures, listened to from the start: deferring them to the list's first overflow (seen by a
 * ResizeObserver a frame later) missed a wheel in between, and the chat then scrolled the reader back down.
 */
const GESTURES = ['wheel', 'touchstart', 'touchmove', 'keydown', 'pointerdown'];

/**
 * How long (ms) after the reader's wheel, touch or key their scroll events may still arrive: smooth scrolling
 * animates for a few hundred milliseconds after the gesture.
 */
const GESTURE_MS = 1000;

/** What the controller reads from the element, looked up after each render (they live in the shadow root). */
export interface AutoScrollOptions {
  /** The scrolling element. */
  scroller(): HTMLElement | null;
  /** The element inside it that grows as messages arrive. */
  content(): Element | null;
}

/** How close to the bottom (px) still counts as "at the bottom": a line or so of slack, so a reader one wheel-notch up is not yanked back down. */
const NEAR_BOTTOM_PX = 48;

/**
 * Follows the newest message until the *reader* scrolls away (wheel, touch, keys, dragging the scrollbar, focus
 * moved into the list), and offers "jump to latest" then. Layout alone never unpins: actions appearing, steps
 * collapsing or the Clear button leaving shrink the list and make the browser clamp its scroll, which is not
 * the reader looking elsewhere. Growth is watched with a ResizeObserver rather than host updates, because
 * streamed markdown renders on its own frame schedule, after the host's update.
 */
export class AutoScrollController implements ReactiveController {
  /** Whether the list follows new content. */
  pinned = true;
  /** Whether to offer the "jump to latest" button: the reader scrolled away and there is more below. */
  showJump = false;

  #scroller: HTMLElement | null = null;
  /** Takes the scroller's listeners off when it is let go. */
  #listening: AbortController | undefined;
  /** When the reader last wheeled, touched, pressed a scroll key or grabbed the scrollbar (performance.now()). */
  #gestureAt = -Infinity;
  /**
   * A gesture whose scroll has not come yet: the first scroll after it is the reader's however late it comes
   * (a busy machine can hold the next frame, and the scroll event with it, for over GESTURE_MS).
   */
  #gestureUnseen = false;
  readonly #resizeObserver = new ResizeObserver(() => this.#handleResize());
  readonly #host: ReactiveControllerHost;
  readonly #options: AutoScrollOptions;

  constructor(host: ReactiveControllerHost, options: AutoScrollOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    // After a re-connection there may be no new render, so attach once the pending one (if any) is done.
    void this.#host.updateComplete.then(() => this.#attach());
  }

  hostUpdated(): void {
    this.#attach();
  }

  hostDisconnected(): void {
    this.#resizeObserver.disconnect();
    this.#listening?.abort();
    this.#scroller = null;
  }

  /** Scrolls to the newest message and follows it again (the user sent something, or asked to jump). */
  jumpToLatest(): void {
    this.pinned = true;
    this.#gestureAt = -Infinity;
    this.#gestureUnseen = false;
    this.#scrollToEnd();
    this.#setShowJump(false);
  }

  #attach() {
    const scroller = this.#options.scroller();
    if (!scroller || scroller === this.#scroller || !scroller.isConnected) return;
    this.hostDisconnected();
    this.#scroller = scroller;
    this.#listening = new AbortController();
    this.#listen('scroll', this.#handleScroll);
    this.#listen('focusin', this.#handleFocusIn);
    for (const type of GESTURES) this.#listen(type, this.#handleGesture);
    this.#resizeObserver.observe(scroller);
    const content = this.#options.content();
    if (content) this.#resizeObserver.observe(content);
  }

  #listen(type: string, handler: (event: Event) => void) {
    this.#scroller!.addEventListener(type, handler, { passive: true, signal: this.#listening!.signal });
  }

  readonly #handleGesture = (event: Event) => {
    // A pointer counts on the list itself (its scrollbar), not on a message's text or buttons.
    if (event instanceof KeyboardEvent ? !SCROLL_KEYS.has(event.key) : event.type === 'pointerdown' && event.target !== this.#scroller) return;
    this.#gestureAt = performance.now();
    this.#gestureUnseen = true;
  };

  /** Focus moved to something in the list (a citation's source card, a Copy button): the reader is reading there. */
  readonly #handleFocusIn = (event: Event) => {
    if (event.target === this.#scroller || !this.pinned) return;
    this.pinned = false;
    this.#setShowJump(!this.#nearBottom());
  };

  readonly #handleScroll = () => {
    const nearBottom = this.#nearBottom();
    const byReader = this.#gestureUnseen || performance.now() - this.#gestureAt < GESTURE_MS;
    this.#gestureUnseen = false;
    // At the bottom, by the reader's hand or the layout's, the list follows again (a long scrollbar drag outlasts
    // GESTURE_MS, and its end at the bottom still means "follow").
    if (nearBottom) this.pinned = true;
    else if (byReader) this.pinned = false;
    // The layout moved the list (it shrank and the browser clamped it): still following.
    else if (this.pinned) this.#scrollToEnd();
    this.#setShowJump(!this.pinned);
  };

  #handleResize() {
    if (this.pinned) this.#scrollToEnd();
    else this.#setShowJump(!this.#nearBottom());
  }

  #nearBottom() {
    const scroller = this.#scroller;
    if (!scroller) return true;
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= NEAR_BOTTOM_PX;
  }

  #scrollToEnd() {
    const scroller = this.#scroller;
    if (scroller) scroller.scrollTop = scroller.scrollHeight;
  }

  #setShowJump(show: boolean) {
    if (show === this.showJump) return;
    this.showJump = show;
    this.#host.requestUpdate();
  }
}
