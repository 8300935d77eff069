import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { sendIcon, stopIcon } from './icons.js';
import type { ViewContext } from './context.js';

/**
 * The form at the bottom: the text box (`placeholder` unset shows `strings.inputPlaceholder`) and Send, which
 * Stop replaces while an answer streams (Enter then waits: it neither sends nor stops).
 */
export function composer({ strings, host }: ViewContext, draft: string, placeholder: string | undefined, busy: boolean) {
  // While an answer streams Enter waits (the text stays) and the box says so; Stop is an explicit act.
  return html`<form part="composer" class="composer" aria-label=${strings.composerLabel} @submit=${host.handleSubmit} @keydown=${host.handleComposerKeydown}>
    <label class="visually-hidden" for="input">${strings.inputLabel}</label>
    <textarea id="input" part="input" class="input" rows="1" enterkeyhint="send" aria-describedby=${busy ? 'busy-hint' : nothing}
      placeholder=${placeholder ?? strings.inputPlaceholder} .value=${live(draft)} @input=${host.handleInput}></textarea>
    ${busy
      ? html`<span id="busy-hint" class="visually-hidden">${strings.busyHint}</span>
        <button part="stop-button" class="action stop" type="button" aria-keyshortcuts="Escape" @click=${host.handleStopClick}>
          ${stopIcon}<span class="visually-hidden">${strings.stop}</span>
        </button>`
      : html`<button part="send-button" class="action send" type="submit" ?disabled=${!draft.trim()}>
          ${sendIcon}<span class="visually-hidden">${strings.send}</span>
        </button>`}
  </form>`;
}
