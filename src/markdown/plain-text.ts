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

/**
 * Shows a growing text as plain-text pieces appended to `parent` (its other children are left alone). The function
 * returned shows the text so far, which extends the text it was given before; only the last piece is written again.
 */
export function plainTextView(parent: ParentNode): (text: string) => void {
  /** The last piece while it may still grow, and where it starts in the text. */
  let open: HTMLElement | null = null;
  let start = 0;
  return text => {
    while (start < text.length) {
      if (!open) {
        parent.append((open = document.createElement('p')));
        open.className = 'plain-text';
      }
      const end = pieceEnd(text, start);
      open.textContent = text.slice(start, end < 0 ? undefined : end);
      if (end < 0) return;
      open = null;
      start = end;
    }
  };
}
