import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { SseChatToggleEvent } from '../dom-events.js';
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

/**
 * The launcher layout's open state: remembered for the tab (sessionStorage, per endpoint) so a reload or the next
 * page of the site shows the chat as the reader left it; `sse-chat-toggle` and focus moves on every change after
 * the first render. The state at load (attribute or remembered) moves no focus and fires no event: a page that
 * loads must not steal focus.
 */
export class LauncherController implements ReactiveController {
  /** The open state last rendered; undefined before the first render. */
  #shown: boolean | undefined;
  /** Whether focus was inside the chat just before the render that closes it. */
  #focusWasInside = false;
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

  hostUpdate(): void {
    // Read before the panel hides: once hidden, the browser moves focus to the page body.
    this.#focusWasInside = this.#host.matches(':focus-within');
  }

  hostUpdated(): void {
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

  #key() {
    return storageKey('open', this.#host.endpoint);
  }
}
