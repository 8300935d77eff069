/**
 * The typing cursor: an empty, aria-hidden span the host's CSS draws and blinks. It sits at the end of the
 * deepest last block (inside the last paragraph, list item or code block, where the next character will
 * appear), never as text inside the markdown.
 */

/** Elements that only hold other blocks: the cursor always descends into their last child. */
const WRAPPERS = new Set(['UL', 'OL', 'BLOCKQUOTE', 'TABLE', 'THEAD', 'TBODY', 'TR', 'PRE']);
/** Blocks a list item may end with; when it ends with inline content instead, the cursor stays in the item. */
const BLOCKS = new Set(['P', 'UL', 'OL', 'BLOCKQUOTE', 'PRE', 'TABLE', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
/** Elements that cannot hold the cursor. */
const VOID = new Set(['HR', 'BR', 'IMG', 'INPUT']);

/** Creates the cursor element: `<span class="cursor" part="cursor" aria-hidden="true">`. */
export function createCursor(): HTMLSpanElement {
  const cursor = document.createElement('span');
  cursor.className = 'cursor';
  cursor.setAttribute('part', 'cursor');
  cursor.setAttribute('aria-hidden', 'true');
  return cursor;
}

function deepestLastBlock(container: Element): Element | null {
  let block = container.lastElementChild;
  // A group of blocks (see groupBlocks): its last block.
  if (block?.className === 'blocks') block = block.lastElementChild ?? block;
  while (block) {
    const inner: Element | null = block.lastElementChild;
    if (!inner) break;
    if (WRAPPERS.has(block.nodeName) || (block.nodeName === 'LI' && BLOCKS.has(inner.nodeName))) block = inner;
    else break;
  }
  return block;
}

/**
 * Places `cursor` at the end of the deepest last block of `container` (or at the container's end when it has
 * no block). Code text ends with a newline, so there the cursor goes before that newline, splitting the text
 * node; `removeCursor` undoes the split.
 */
export function placeCursor(container: Element, cursor: HTMLElement): void {
  const block = deepestLastBlock(container);
  if (!block || VOID.has(block.nodeName)) {
    container.append(cursor);
    return;
  }
  const last = block.lastChild;
  if (block.nodeName === 'CODE' && last?.nodeType === Node.TEXT_NODE) {
    const text = last as Text;
    if (text.data.endsWith('\n') && text.data.length > 1) {
      block.insertBefore(cursor, text.splitText(text.data.length - 1));
      return;
    }
  }
  block.append(cursor);
}

/** Takes the cursor out again, merging back a code text node that `placeCursor` split. */
export function removeCursor(cursor: HTMLElement): void {
  const parent = cursor.parentNode;
  if (!parent) return;
  const before = cursor.previousSibling;
  const after = cursor.nextSibling;
  cursor.remove();
  if (parent.nodeName === 'CODE' && before?.nodeType === Node.TEXT_NODE && after?.nodeType === Node.TEXT_NODE) {
    (before as Text).appendData((after as Text).data);
    after.remove();
  }
}
