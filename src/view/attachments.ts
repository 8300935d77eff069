import { html, nothing } from 'lit';
import type { Refusal } from '../state/attachments.js';
import type { Attachment } from '../state/message.js';
import { formatBytes, formatString } from '../strings.js';
import type { ViewContext } from './context.js';
import { closeIcon } from './icons.js';

/** Why files were not attached: a sentence for each (a count for too many files, bytes for the others). */
export function refusalText({ strings, locale }: ViewContext, refused: readonly Refusal[]) {
  return refused
    .map(({ file, reason, max = 0 }) => formatString(strings[reason], { name: file.name, size: formatBytes(file.size, locale), max: reason === 'tooManyFiles' ? max : formatBytes(max, locale) }))
    .join(' ');
}

/**
 * The chips of a message's files: name, size, a thumbnail where `thumbnail` gives one, and a remove button (its
 * `value` the file's position) while they are still in the composer.
 */
export function attachmentChips({ strings, locale, host }: ViewContext, files: readonly Attachment[], removable = false, thumbnail?: (index: number) => string | undefined) {
  return html`<ul part="attachments" class="attachments" aria-label=${strings.attachmentsLabel}>${files.map((file, index) => {
    const src = thumbnail?.(index);
    return html`<li part="attachment" class="attachment">${src ? html`<img part="attachment-thumbnail" src=${src} alt="">` : nothing}<span part="attachment-name">${file.name}</span> <span part="attachment-size">${formatBytes(file.size, locale)}</span>${removable
      ? html`<button part="attachment-remove-button" class="action-button" type="button" value=${index} aria-label=${formatString(strings.removeAttachment, { name: file.name })} @click=${host.handleAttachmentRemove}>${closeIcon}</button>`
      : nothing}</li>`;
  })}</ul>`;
}
