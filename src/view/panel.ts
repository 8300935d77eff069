import { html } from 'lit';
import type { SseChatStrings } from '../strings.js';
import { arrowDownIcon, chatIcon, closeIcon } from './icons.js';
import type { ChatListeners } from './listeners.js';

/** The launcher layout's round button; its name stays the same, `aria-expanded` says whether the chat is open. */
export function launcherButton(open: boolean, strings: SseChatStrings, onClick: ChatListeners['launcherClick']) {
  return html`<button part="launcher" class="launcher" type="button" aria-label=${strings.launcherLabel}
    aria-expanded=${open ? 'true' : 'false'} aria-controls="panel" @click=${onClick}>
    ${open ? closeIcon : chatIcon}
  </button>`;
}

/** The launcher panel's title bar: the header slot (a default title) and the close button. */
export function panelHeader(strings: SseChatStrings, onClose: ChatListeners['closeClick']) {
  return html`<div class="panel-header">
    <slot name="header"><span class="panel-title">${strings.panelLabel}</span></slot>
    <button part="close-button" class="close" type="button" aria-label=${strings.closeLabel} @click=${onClose}>
      ${closeIcon}
    </button>
  </div>`;
}

/** "Jump to latest", while the reader is scrolled away from the end. */
export function jumpButton(strings: SseChatStrings, onClick: ChatListeners['jumpClick']) {
  return html`<button part="jump-button" class="jump" type="button" @click=${onClick}>
    ${arrowDownIcon} ${strings.jumpToLatest}
  </button>`;
}

/** Clear conversation, under the last message: the natural place to start over once an answer is read. */
export function clearButton(strings: SseChatStrings, onClick: ChatListeners['clearClick']) {
  return html`<div class="conversation-end"><button part="clear-button" class="action-button" type="button" @click=${onClick}>${strings.clearConversation}</button></div>`;
}
