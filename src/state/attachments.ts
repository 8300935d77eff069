/** What the `attachments` attributes allow per message: the element's own properties, by name. */
export interface AttachmentLimits {
  /** Like `<input accept>`: MIME types (`image/png`), wildcards (`image/*`) and extensions (`.pdf`), comma-separated. */
  readonly accept?: string | undefined;
  /** Bytes per file. */
  readonly maxFileSize: number;
  /** Bytes of all of a message's files together. */
  readonly maxAttachmentsSize: number;
  /** Files per message. */
  readonly maxAttachments: number;
}

/** A file not attached, and why: named as the UI string that says it (`strings.fileTooLarge`…); `max` the limit it broke. */
export interface Refusal {
  readonly file: File;
  readonly reason: 'fileRefused' | 'fileTooLarge' | 'tooManyFiles' | 'filesTooLarge';
  readonly max?: number;
}

/** Whether `file` is of a type `accept` lists (anything, when it lists none), as `<input accept>` reads it. */
function accepted(file: File, accept = ''): boolean {
  const tokens = accept.toLowerCase().split(',').map(token => token.trim()).filter(Boolean);
  const name = file.name.toLowerCase();
  return !tokens.length || tokens.some(token => (token[0] === '.' ? name.endsWith(token) : token.endsWith('/*') ? file.type.startsWith(token.slice(0, -1)) : file.type === token));
}

/**
 * The files already attached plus `incoming`, one by one, as far as the limits allow, and the refused ones with
 * why (the composer says so before anything is sent).
 */
export function withinLimits(attached: readonly File[], incoming: readonly File[], limits: AttachmentLimits): { files: File[]; refused: Refusal[] } {
  const files = attached.slice();
  const refused: Refusal[] = [];
  let total = files.reduce((sum, file) => sum + file.size, 0);
  for (const file of incoming) {
    const refuse = (reason: Refusal['reason'], max?: number) => refused.push({ file, reason, max });
    if (!accepted(file, limits.accept)) refuse('fileRefused');
    else if (file.size > limits.maxFileSize) refuse('fileTooLarge', limits.maxFileSize);
    else if (files.length >= limits.maxAttachments) refuse('tooManyFiles', limits.maxAttachments);
    else if (total + file.size > limits.maxAttachmentsSize) refuse('filesTooLarge', limits.maxAttachmentsSize);
    else {
      files.push(file);
      total += file.size;
    }
  }
  return { files, refused };
}
