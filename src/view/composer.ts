import { html } from 'lit';
import { live } from 'lit/directives/live.js';
import type { SseChatStrings } from '../strings.js';
import { sendIcon, stopIcon } from './icons.js';
import type { ChatListeners } from './listeners.js';

type ComposerListeners = Pick<ChatListeners, 'submit' | 'composerKeydown' | 'input' | 'stopClick'>;

/**
 * The form at the bottom: the text box (`placeholder` unset shows `strings.inputPlaceholder`) and Send, which
 * Stop replaces while an answer streams.
 */
export function composer(draft: string, placeholder: string | undefined, busy: boolean, strings: SseChatStrings, on: ComposerListeners) {
  return html`<form part="composer" class="composer" @submit=${on.submit} @keydown=${on.composerKeydown}>
    <label class="visually-hidden" for="input">${strings.inputLabel}</label>
    <textarea id="input" part="input" class="input" rows="1" enterkeyhint="send"
      placeholder=${placeholder ?? strings.inputPlaceholder} .value=${live(draft)} @input=${on.input}></textarea>
    ${busy
      ? html`<button part="stop-button" class="action stop" type="button" @click=${on.stopClick}>
          ${stopIcon}<span class="visually-hidden">${strings.stop}</span>
        </button>`
      : html`<button part="send-button" class="action send" type="submit" ?disabled=${!draft.trim()}>
          ${sendIcon}<span class="visually-hidden">${strings.send}</span>
        </button>`}
  </form>`;
}
