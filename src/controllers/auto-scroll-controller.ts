import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Follows the newest message while the reader is at the bottom of the list, and leaves them alone once they
 * scroll up to read (offering "jump to latest" instead). Growth is watched with a ResizeObserver rather than
 * host updates, because streamed markdown renders on its own frame schedule, after the host's update.
 */
export class AutoScrollController implements ReactiveController {
  /** Whether the list follows new content. */
  pinned = true;
  /** Whether to offer the "jump to latest" button: the reader scrolled away and there is more below. */
  showJump = false;

  #scroller: HTMLElement | null = null;
  /** Where the last follow left the list: a reader above it has scrolled up, whether or not their scroll event came. */
  #followedTo = 0;
  readonly #resizeObserver = new ResizeObserver(() => this.#handleResize());
  readonly #host: ReactiveControllerHost;
  readonly #getScroller: () => HTMLElement | null;
  readonly #getContent: () => Element | null;
  readonly #threshold: number;

  /**
   * @param getScroller the scrolling element (looked up after each render, since it lives in the shadow root)
   * @param getContent  the element inside it that grows as messages arrive
   * @param threshold   how close to the bottom (px) still counts as "at the bottom": a line or so of slack,
   *                    so a reader one wheel-notch up is not yanked back down
   */
  constructor(
    host: ReactiveControllerHost,
    getScroller: () => HTMLElement | null,
    getContent: () => Element | null,
    threshold = 48,
  ) {
    this.#host = host;
    this.#getScroller = getScroller;
    this.#getContent = getContent;
    this.#threshold = threshold;
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
    this.#scroller?.removeEventListener('scroll', this.#handleScroll);
    this.#scroller = null;
  }

  /** Scrolls to the newest message and follows it again (the user sent something, or asked to jump). */
  jumpToLatest(): void {
    this.pinned = true;
    this.#scrollToEnd();
    this.#setShowJump(false);
  }

  #attach() {
    const scroller = this.#getScroller();
    if (!scroller || scroller === this.#scroller || !scroller.isConnected) return;
    this.hostDisconnected();
    this.#scroller = scroller;
    scroller.addEventListener('scroll', this.#handleScroll, { passive: true });
    this.#resizeObserver.observe(scroller);
    const content = this.#getContent();
    if (content) this.#resizeObserver.observe(content);
  }

  readonly #handleScroll = () => {
    this.pinned = this.#nearBottom();
    this.#setShowJump(!this.pinned);
  };

  #handleResize() {
    // Growth can be observed between a reader's scroll and its scroll event (both land in one frame): a list that
    // moved up since the last follow, and is not at the bottom, was scrolled by the reader, so it is left alone.
    const scroller = this.#scroller;
    if (this.pinned && scroller && scroller.scrollTop < this.#followedTo - this.#threshold && !this.#nearBottom()) {
      this.pinned = false;
    }
    if (this.pinned) this.#scrollToEnd();
    else this.#setShowJump(!this.#nearBottom());
  }

  #nearBottom() {
    const scroller = this.#scroller;
    if (!scroller) return true;
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= this.#threshold;
  }

  #scrollToEnd() {
    const scroller = this.#scroller;
    if (!scroller) return;
    scroller.scrollTop = scroller.scrollHeight;
    this.#followedTo = scroller.scrollTop;
  }

  #setShowJump(show: boolean) {
    if (show === this.showJump) return;
    this.showJump = show;
    this.#host.requestUpdate();
  }
}
