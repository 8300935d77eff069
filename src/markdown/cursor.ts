import { keepInPlace } from './dom-sync.js';

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

/**
 * Creates the cursor element: `<span class="cursor" part="cursor" aria-hidden="true">`, one the DOM sync leaves where
 * it is (see keepInPlace): a node moved or re-inserted restarts its blink.
 */
export function createCursor(): HTMLSpanElement {
  const cursor = document.createElement('span');
  cursor.className = 'cursor';
  cursor.setAttribute('part', 'cursor');
  cursor.setAttribute('aria-hidden', 'true');
  keepInPlace(cursor);
  return cursor;
}

function deepestLastBlock(container: Element, cursor: Element): Element | null {
  // The cursor may still be where the last frame put it: it is not a block.
  const lastElement = (parent: Element) => {
    const last = parent.lastElementChild;
    return last === cursor ? last.previousElementSibling : last;
  };
  let block = lastElement(container);
  // A group of blocks (see groupBlocks): its last block.
  if (block?.className === 'blocks') block = lastElement(block) ?? block;
  while (block) {
    const inner: Element | null = lastElement(block);
    if (!inner) break;
    if (WRAPPERS.has(block.nodeName) || (block.nodeName === 'LI' && BLOCKS.has(inner.nodeName))) block = inner;
    else break;
  }
  return block;
}

/**
 * Places `cursor` at the end of the deepest last block of `container` (or at the container's end when it has
 * no block), where it stays if it is there already. Code text ends with a newline, so there the cursor goes before
 * that newline, splitting the text; `joinCodeText` and `removeCursor` undo the split.
 */
export function placeCursor(container: Element, cursor: HTMLElement): void {
  const block = deepestLastBlock(container, cursor);
  const parent = !block || VOID.has(block.nodeName) ? container : block;
  if (cursor.parentNode !== parent || cursor.nextSibling) {
    removeCursor(cursor);
    parent.append(cursor);
  }
  const before = cursor.previousSibling;
  if (parent.nodeName === 'CODE' && isText(before) && before.data.length > 1 && before.data.endsWith('\n')) {
    before.deleteData(before.data.length - 1, 1);
    cursor.after('\n');
  }
}

const isText = (node: Node | null): node is Text => node?.nodeType === Node.TEXT_NODE;

/** Joins code text that placeCursor split, the cursor staying after it. */
export function joinCodeText(cursor: HTMLElement): void {
  const before = cursor.previousSibling;
  const after = cursor.nextSibling;
  if (cursor.parentNode?.nodeName === 'CODE' && isText(before) && isText(after)) {
    before.appendData(after.data);
    after.remove();
  }
}

/** Takes the cursor out again, joining code text that `placeCursor` split. */
export function removeCursor(cursor: HTMLElement): void {
  joinCodeText(cursor);
  cursor.remove();
}
