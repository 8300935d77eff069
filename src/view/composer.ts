import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { attachIcon, sendIcon, stopIcon } from './icons.js';
import type { ViewContext } from './context.js';
import type { Refusal } from '../state/attachments.js';
import { attachmentChips, refusalText, type ComposerChips } from './attachments.js';

/** The composer's files (`attachments`): those attached so far, their thumbnails, and the last ones refused. */
export interface ComposerFiles extends ComposerChips {
  readonly files: readonly File[];
  readonly accept?: string | undefined;
  readonly refused: readonly Refusal[];
  /** Whether the attach button shows (`attachments`); without it only `send()`'s refusals do. */
  readonly picker: boolean;
}

/** What the composer shows: the draft, the placeholder, whether an answer streams (`busy`) and the files. */
export interface ComposerState {
  readonly draft: string;
  /** Unset: `strings.inputPlaceholder`. */
  readonly placeholder?: string;
  readonly busy: boolean;
  readonly attach?: ComposerFiles;
}

/**
 * The form at the bottom: the text box and Send, which Stop replaces while an answer streams (Enter then waits: it
 * neither sends nor stops).
 */
export function composer(view: ViewContext, { draft, placeholder, busy, attach }: ComposerState) {
  const { strings, host } = view;
  // While an answer streams Enter waits (the text stays) and the box says so; Stop is an explicit act.
  return html`<form part="composer" class="composer" aria-label=${strings.composerLabel} @submit=${host.handleSubmit} @keydown=${host.handleComposerKeydown} @dragover=${host.handleFiles} @drop=${host.handleFiles}>
    ${attach?.refused.length ? html`<p part="attachment-error" class="attachment-error" role="alert">${refusalText(view, attach.refused)}</p>` : nothing}
    ${attach?.files.length ? attachmentChips(view, attach.files, attach) : nothing}
    ${attach?.picker
      ? html`<input id="files" type="file" multiple hidden accept=${attach.accept ?? nothing} @change=${host.handleFiles}><button part="attach-button" class="action attach" type="button" aria-label=${strings.attachFiles} @click=${host.handleAttachClick}>${attachIcon}</button>`
      : nothing}
    <label class="visually-hidden" for="input">${strings.inputLabel}</label>
    <textarea id="input" part="input" class="input" rows="1" enterkeyhint="send" aria-describedby=${busy ? 'busy-hint' : nothing}
      placeholder=${placeholder ?? strings.inputPlaceholder} .value=${live(draft)} @input=${host.handleInput} @paste=${host.handleFiles}></textarea>
    ${busy
      ? html`<span id="busy-hint" class="visually-hidden">${strings.busyHint}</span>
        <button part="stop-button" class="action stop" type="button" aria-keyshortcuts="Escape" @click=${host.handleStopClick}>
          ${stopIcon}<span class="visually-hidden">${strings.stop}</span>
        </button>`
      : html`<button part="send-button" class="action send" type="submit" ?disabled=${!draft.trim() && !attach?.files.length}>
          ${sendIcon}<span class="visually-hidden">${strings.send}</span>
        </button>`}
  </form>`;
}
