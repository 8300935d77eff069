import { html, nothing } from 'lit';
import type { Attachment } from '../state/message.js';
import { formatBytes, formatString, type SseChatStrings } from '../strings.js';
import type { ViewContext } from './context.js';
import { closeIcon } from './icons.js';

/** What the `attachments` attributes allow per message. */
export interface AttachmentLimits {
  /** Like `<input accept>`: MIME types (`image/png`), wildcards (`image/*`) and extensions (`.pdf`), comma-separated. */
  readonly accept?: string;
  /** Bytes per file. */
  readonly maxFileSize: number;
  /** Bytes of all of a message's files together. */
  readonly maxTotalSize: number;
  /** Files per message. */
  readonly maxFiles: number;
}

/** Whether `file` is of a type `accept` lists (anything, when it lists none), as `<input accept>` reads it. */
function accepted(file: File, accept = ''): boolean {
  const tokens = accept.toLowerCase().split(',').map(token => token.trim()).filter(Boolean);
  const name = file.name.toLowerCase();
  return !tokens.length || tokens.some(token => (token[0] === '.' ? name.endsWith(token) : token.endsWith('/*') ? file.type.startsWith(token.slice(0, -1)) : file.type === token));
}

/**
 * The files already attached plus `incoming`, one by one, as far as the limits allow: each refused file gets a
 * sentence saying why (announced before anything is sent).
 */
export function withinLimits(
  attached: readonly File[],
  incoming: readonly File[],
  limits: AttachmentLimits,
  strings: SseChatStrings,
  locale: string | undefined,
): { files: File[]; problems: string[] } {
  const files = attached.slice();
  const problems: string[] = [];
  let total = files.reduce((sum, file) => sum + file.size, 0);
  for (const file of incoming) {
    const refuse = (template: string, max: string | number = '') =>
      problems.push(formatString(template, { name: file.name, size: formatBytes(file.size, locale), max }));
    if (!accepted(file, limits.accept)) refuse(strings.fileRefused);
    else if (file.size > limits.maxFileSize) refuse(strings.fileTooLarge, formatBytes(limits.maxFileSize, locale));
    else if (files.length >= limits.maxFiles) refuse(strings.tooManyFiles, limits.maxFiles);
    else if (total + file.size > limits.maxTotalSize) refuse(strings.filesTooLarge, formatBytes(limits.maxTotalSize, locale));
    else {
      files.push(file);
      total += file.size;
    }
  }
  return { files, problems };
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
