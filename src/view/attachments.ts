import { html, nothing } from 'lit';
import type { Refusal } from '../state/attachments.js';
import type { Attachment } from '../state/message.js';
import { formatBytes, formatString } from './strings.js';
import type { ViewContext } from './context.js';
import { closeIcon } from './icons.js';

/** Why files were not attached: a sentence for each (a count for too many files, bytes for the others). */
export function refusalText({ strings, locale }: ViewContext, refused: readonly Refusal[]) {
  return refused
    .map(({ file, reason, max = 0 }) => formatString(strings[reason], { name: file.name, size: formatBytes(file.size, locale), max: reason === 'tooManyFiles' ? max : formatBytes(max, locale) }))
    .join(' ');
}

/** What the composer's chips have that a sent message's lack: a thumbnail for each image (by the file's position). */
export interface ComposerChips {
  readonly thumbnail: (index: number) => string | undefined;
}

/**
 * The chips of a message's files: name and size; in the composer (`composer` given) also the thumbnail of an image
 * and a remove button, its `value` the file's position.
 */
export function attachmentChips({ strings, locale, host }: ViewContext, files: readonly Attachment[], composer?: ComposerChips) {
  return html`<ul part="attachments" class="attachments" aria-label=${strings.attachmentsLabel}>${files.map((file, index) => {
    const src = composer?.thumbnail(index);
    return html`<li part="attachment" class="attachment">${src ? html`<img part="attachment-thumbnail" src=${src} alt="">` : nothing}<span part="attachment-name">${file.name}</span> <span part="attachment-size">${formatBytes(file.size, locale)}</span>${composer
      ? html`<button part="attachment-remove-button" class="action-button" type="button" value=${index} aria-label=${formatString(strings.removeAttachment, { name: file.name })} @click=${host.handleAttachmentRemove}>${closeIcon}</button>`
      : nothing}</li>`;
  })}</ul>`;
}
