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

/** The sync leaves the cursor where it is (see keepInPlace): a node moved or re-inserted restarts its blink. */

/** Creates the cursor element: `<span class="cursor" part="cursor" aria-hidden="true">`. */
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
 * no block). Code text ends with a newline, so there the cursor goes before that newline, splitting the text
 * node; `removeCursor` undoes the split. A cursor already there is left alone.
 */
export function placeCursor(container: Element, cursor: HTMLElement): void {
  const block = deepestLastBlock(container, cursor);
  const parent = !block || VOID.has(block.nodeName) ? container : block;
  if (cursor.parentNode === parent && atEnd(parent, cursor)) return;
  removeCursor(cursor);
  if (parent === container) {
    container.append(cursor);
    return;
  }
  const last = parent.lastChild;
  if (parent.nodeName === 'CODE' && last?.nodeType === Node.TEXT_NODE) {
    const text = last as Text;
    if (text.data.endsWith('\n') && text.data.length > 1) {
      parent.insertBefore(cursor, text.splitText(text.data.length - 1));
      return;
    }
  }
  parent.append(cursor);
}

const isText = (node: Node | null): node is Text => node?.nodeType === Node.TEXT_NODE;

/** Whether `cursor` is where placeCursor would put it in `parent`, its parent. */
function atEnd(parent: Element, cursor: HTMLElement): boolean {
  const before = cursor.previousSibling;
  const after = cursor.nextSibling;
  if (parent.nodeName !== 'CODE') return !after;
  if (!after) return !(isText(before) && before.data.length > 1 && before.data.endsWith('\n'));
  return isText(before) && isText(after) && after.data === '\n' && !after.nextSibling;
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
