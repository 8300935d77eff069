import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { withinLimits, type AttachmentLimits, type Refusal } from '../state/attachments.js';

/** What the controller reads from the element: whether the reader may attach files (`attachments`) and the limits. */
export interface AttachmentsHost extends ReactiveControllerHost, AttachmentLimits {
  readonly attachments: boolean;
  readonly isConnected: boolean;
}

/**
 * The composer's files, waiting to be sent: picked, pasted or dropped as far as the limits allow (the refused ones
 * named, with why), and a thumbnail for each image. A thumbnail is an object URL: revoked when its file leaves,
 * and all of them while the element is out of the page (made again when it comes back).
 */
export class AttachmentsController implements ReactiveController {
  /** The files the last attempt refused, and why: shown and announced until a removal or a send. */
  refused: readonly Refusal[] = [];
  #files: readonly File[] = [];
  readonly #thumbnails = new Map<File, string>();
  readonly #host: AttachmentsHost;

  constructor(host: AttachmentsHost) {
    this.#host = host;
    host.addController(this);
  }

  /** The files attached so far. Setting them makes thumbnails for new images and revokes those of files that left. */
  get files(): readonly File[] {
    return this.#files;
  }

  set files(files: readonly File[]) {
    this.#thumbnail(files);
    this.#files = files;
    this.#host.requestUpdate();
  }

  hostConnected(): void {
    // Thumbnails again, after a removal released them.
    if (this.#files.length && !this.#thumbnails.size) this.files = this.#files;
  }

  hostDisconnected(): void {
    // A move (removed and added again in the same task) is not a removal: the files stay attached either way.
    setTimeout(() => this.#host.isConnected || this.#thumbnail([]));
  }

  /** The thumbnail (an object URL) of the attached image at `index`, if it is one. */
  readonly thumbnail = (index: number) => this.#thumbnails.get(this.#files[index]!);

  /**
   * Files chosen in the picker (`change`), pasted (a screenshot; pasted text stays text) or dropped on the composer
   * (`dragover` only says the composer takes them; without `attachments` a drop is left to the browser).
   */
  receive(event: Event): void {
    const picker = event.target as HTMLInputElement;
    if (event.type === 'change') {
      this.add(picker.files);
      picker.value = ''; // choosing the same file again is a change too
      return;
    }
    const data = (event as DragEvent).dataTransfer ?? (event as ClipboardEvent).clipboardData;
    if (!this.#host.attachments || !data?.types.includes('Files')) return;
    if (!data.types.includes('text/plain')) event.preventDefault();
    if (event.type !== 'dragover') this.add(data.files);
  }

  /** Attaches `incoming` as far as the limits allow; `refused` says which were not, and why. */
  add(incoming: ArrayLike<File> | null): void {
    const { files, refused } = withinLimits(this.#files, Array.from(incoming ?? []), this.#host);
    this.refused = refused;
    this.files = files;
  }

  /** Whether `files` (given to `send()`) may all be sent; `refused` says why not. */
  allows(files: readonly File[]): boolean {
    this.refused = withinLimits([], files, this.#host).refused;
    this.#host.requestUpdate();
    return !this.refused.length;
  }

  /** Takes the file at `index` out of the composer. */
  remove(index: number): void {
    this.refused = [];
    this.files = this.#files.filter((_, position) => position !== index);
  }

  /** Empties the composer's files (sent, or the conversation cleared) and forgets the last refusal. */
  clear(): void {
    this.refused = [];
    this.files = [];
  }

  /** Makes thumbnails for the images among `files` and revokes those of any other file. */
  #thumbnail(files: readonly File[]) {
    for (const [file, url] of this.#thumbnails) {
      if (!files.includes(file)) {
        URL.revokeObjectURL(url);
        this.#thumbnails.delete(file);
      }
    }
    for (const file of files) if (file.type.startsWith('image/') && !this.#thumbnails.has(file)) this.#thumbnails.set(file, URL.createObjectURL(file));
  }
}
