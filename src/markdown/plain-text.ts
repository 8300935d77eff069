/**
 * Text shown as text (the shape guard's fallback) in bounded pieces: one paragraph element per piece of about
 * PIECE_CHARS characters, so the browser lays out only the pieces in view (`.content > *` has
 * `content-visibility: auto`). One 2 MB text node took seconds to lay out, all in one frame.
 */

const PIECE_CHARS = 4096;

/**
 * Where the piece starting at `start` ends: after the first space or newline from its PIECE_CHARS-th character
 * on, else after twice that many (never inside a surrogate pair); -1 while `text` ends first. It depends only on
 * the text before, so text shown in any number of steps ends up in exactly the pieces a one-shot rendering makes.
 */
function pieceEnd(text: string, start: number): number {
  for (let i = start + PIECE_CHARS - 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const full = i - start + 1 >= 2 * PIECE_CHARS && !(i - start + 1 === 2 * PIECE_CHARS && code >= 0xd800 && code <= 0xdbff);
    if (code === 0x20 || code === 0x0a || code === 0x09 || full) return i + 1;
  }
  return -1;
}

export class PlainText {
  readonly #parent: ParentNode;
  /** The last piece while it may still grow. */
  #open: HTMLElement | null = null;
  /** Where the last piece starts in the text. */
  #start = 0;

  /** @param parent where the pieces are appended (its other children are left alone). */
  constructor(parent: ParentNode) {
    this.#parent = parent;
  }

  /** Shows `text`, which extends the text shown before (only the last piece is written again). */
  show(text: string): void {
    while (this.#start < text.length) {
      if (!this.#open) {
        this.#parent.append((this.#open = document.createElement('p')));
        this.#open.className = 'plain-text';
      }
      const end = pieceEnd(text, this.#start);
      this.#open.textContent = text.slice(this.#start, end < 0 ? undefined : end);
      if (end < 0) return;
      this.#open = null;
      this.#start = end;
    }
  }
}
