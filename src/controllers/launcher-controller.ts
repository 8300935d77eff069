import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { SseChatToggleEvent } from '../events/dom-events.js';
import { readJson, storageFor, storageKey, writeJson } from '../persistence/storage.js';

/** What the launcher needs from the element. */
export interface LauncherHost extends ReactiveControllerHost, HTMLElement {
  open: boolean;
  readonly layout: string;
  readonly endpoint: string;
}

/** Where focus goes: the launcher button when the panel closes, the text box when it opens. */
export interface LauncherTargets {
  launcher(): HTMLElement | null;
  input(): HTMLElement | null;
}

/** Where the open panel fills the screen (the styles' narrow-screen rule): there it is a modal dialog. */
const FULL_SCREEN = '(max-width: 32rem)';

/**
 * The launcher layout's open state: remembered for the tab (sessionStorage, per endpoint) so a reload or the next
 * page of the site shows the chat as the reader left it; `sse-chat-toggle` and focus moves on every change after
 * the first render. The state at load (attribute or remembered) moves no focus and fires no event: a page that
 * loads must not steal focus. While the open panel fills a narrow screen it is modal: the page behind is made
 * `inert` (so neither Tab nor a screen reader reaches what the reader cannot see), and live again when it closes
 * or the screen widens.
 */
export class LauncherController implements ReactiveController {
  /** The open state last rendered; undefined before the first render. */
  #shown: boolean | undefined;
  /** Whether focus was inside the chat just before the render that closes it. */
  #focusWasInside = false;
  /** The page's elements this controller made inert, to give back. */
  #inerted: HTMLElement[] = [];
  /** Made when first asked (an open launcher panel): an inline chat never queries the screen. */
  #fullScreen: MediaQueryList | undefined;
  readonly #host: LauncherHost;
  readonly #targets: LauncherTargets;

  constructor(host: LauncherHost, targets: LauncherTargets) {
    this.#host = host;
    this.#targets = targets;
    host.addController(this);
  }

  /** Applies the remembered open state, if any (call before the first render). */
  restore(): void {
    if (this.#host.layout !== 'launcher') return;
    const remembered = readJson(storageFor('session'), this.#key());
    if (typeof remembered === 'boolean') this.#host.open = remembered;
  }

  /** Whether the open panel fills the screen, and so is a modal dialog. */
  get modal(): boolean {
    if (this.#host.layout !== 'launcher' || !this.#host.open) return false;
    if (!this.#fullScreen) {
      // Asked while rendering, so connected: listen as hostConnected would have.
      this.#fullScreen = matchMedia(FULL_SCREEN);
      this.hostConnected();
    }
    return this.#fullScreen.matches;
  }

  hostConnected(): void {
    this.#fullScreen?.addEventListener('change', this.#handleScreenChange);
  }

  hostDisconnected(): void {
    this.#fullScreen?.removeEventListener('change', this.#handleScreenChange);
    this.#setPageInert(false);
  }

  readonly #handleScreenChange = () => this.#host.requestUpdate();

  hostUpdate(): void {
    // Read before the panel hides: once hidden, the browser moves focus to the page body.
    this.#focusWasInside = this.#host.matches(':focus-within');
  }

  hostUpdated(): void {
    this.#setPageInert(this.modal);
    const open = this.#host.open;
    if (this.#shown === undefined || open === this.#shown) {
      this.#shown = open;
      return;
    }
    this.#shown = open;
    if (this.#host.layout !== 'launcher') return;
    writeJson(storageFor('session'), this.#key(), open);
    if (open) this.#targets.input()?.focus();
    else if (this.#focusWasInside) this.#targets.launcher()?.focus();
    this.#host.dispatchEvent(new SseChatToggleEvent({ open }));
  }

  /** Makes everything beside the chat inert, up to the body and through shadow roots (or gives it back). */
  #setPageInert(inert: boolean) {
    if (inert === this.#inerted.length > 0) return;
    if (!inert) {
      for (const element of this.#inerted) element.inert = false;
      this.#inerted = [];
      return;
    }
    for (let node: Element = this.#host; node !== document.body; ) {
      const parent = node.parentNode;
      if (!(parent instanceof Element || parent instanceof ShadowRoot)) break;
      for (const sibling of parent.children) {
        if (sibling !== node && sibling instanceof HTMLElement && !sibling.inert) {
          sibling.inert = true;
          this.#inerted.push(sibling);
        }
      }
      node = parent instanceof ShadowRoot ? parent.host : parent;
    }
  }

  #key() {
    return storageKey('open', this.#host.endpoint);
  }
}
