import { html } from 'lit';
import { arrowDownIcon, chatIcon, closeIcon } from './icons.js';
import type { ViewContext } from './context.js';

/** What the launcher button shows. */
export interface LauncherParts {
  /** The chat is open (`aria-expanded`, the close icon). */
  open: boolean;
  /** The panel is modal (full-screen): the button is under it, out of reach. */
  modal: boolean;
}

/**
 * The launcher layout's round button; its name stays the same, `aria-expanded` says whether the chat is open.
 * Under a modal (full-screen) panel it is inert: out of reach like the rest of the page.
 */
export function launcherButton({ strings, host }: ViewContext, { open, modal }: LauncherParts) {
  return html`<button part="launcher" class="launcher" type="button" aria-label=${strings.launcherLabel} ?inert=${modal}
    aria-expanded=${open ? 'true' : 'false'} aria-controls="panel" @click=${host.handleLauncherClick}>
    ${open ? closeIcon : chatIcon}
  </button>`;
}

/** The launcher panel's title bar: the header slot (a default title) and the close button. */
export function panelHeader({ strings, host }: ViewContext) {
  return html`<div class="panel-header">
    <slot name="header"><span class="panel-title">${strings.panelLabel}</span></slot>
    <button part="close-button" class="close" type="button" aria-label=${strings.closeLabel} @click=${host.handleLauncherClick}>
      ${closeIcon}
    </button>
  </div>`;
}

/** "Jump to latest", while the reader is scrolled away from the end. */
export function jumpButton({ strings, host }: ViewContext) {
  return html`<button part="jump-button" class="jump" type="button" @click=${host.handleJumpClick}>
    ${arrowDownIcon} ${strings.jumpToLatest}
  </button>`;
}

/** Clear conversation, under the last message: the natural place to start over once an answer is read. */
export function clearButton({ strings }: ViewContext) {
  return html`<div class="conversation-end"><button part="clear-button" class="action-button" type="button">${strings.clearConversation}</button></div>`;
}
