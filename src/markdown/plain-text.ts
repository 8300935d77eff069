/**
 * Text shown as text (the shape guard's fallback) in bounded pieces: one paragraph element per piece of about
 * PIECE_CHARS characters, so the browser lays out only the pieces in view (`.content > *` has
 * `content-visibility: auto`). One 2 MB text node took seconds to lay out, all in one frame.
 *
 * A piece ends at the first space or newline after PIECE_CHARS characters, or at twice that (never inside a
 * surrogate pair). Where the pieces end depends only on the text before, so text appended in any number of steps
 * ends up in exactly the pieces a one-shot rendering makes.
 */

const PIECE_CHARS = 4096;

const isBreak = (code: number) => code === 0x20 || code === 0x0a || code === 0x09;
const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

export class PlainText {
  readonly #parent: ParentNode;
  /** The last piece, if any. */
  #last: HTMLElement | null = null;
  /** The text node of the last piece while it is still open. */
  #open: Text | null = null;
  /** Characters shown so far. */
  length = 0;

  /** @param parent where the pieces are appended (its other children are left alone). */
  constructor(parent: ParentNode) {
    this.#parent = parent;
  }

  /** Whether these pieces are still in the document (or in the fragment they were made in). */
  get attached(): boolean {
    return this.#last === null || this.#last.parentNode === this.#parent;
  }

  /** Shows `text` after what is shown. */
  append(text: string): void {
    let from = 0;
    while (from < text.length) {
      const node = (this.#open ??= this.#newPiece());
      let used = node.length;
      let end = text.length;
      let closes = false;
      // Characters before PIECE_CHARS never close the piece: only the ones after are looked at.
      for (let i = from + Math.max(0, PIECE_CHARS - used - 1); i < text.length; i++) {
        const code = text.charCodeAt(i);
        used = node.length + (i - from) + 1;
        if ((used >= PIECE_CHARS && isBreak(code)) || (used >= 2 * PIECE_CHARS && !(used === 2 * PIECE_CHARS && isHighSurrogate(code)))) {
          end = i + 1;
          closes = true;
          break;
        }
      }
      node.appendData(text.slice(from, end));
      this.length += end - from;
      if (closes) this.#open = null;
      from = end;
    }
  }

  #newPiece(): Text {
    const piece = (this.#last = document.createElement('p'));
    piece.className = 'plain-text';
    const node = document.createTextNode('');
    piece.append(node);
    this.#parent.append(piece);
    return node;
  }
}
