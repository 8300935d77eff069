import type { Token, Tokens } from 'marked';
import { syncChildren } from './dom-sync.js';
import { lastBlock, onlyBlock, unrepaired, type OpenBlock, type RepairedTail, type ShownTail, type TailRenderer } from './open-block.js';
import { LIST_MARKER } from './syntax.js';

/** A list item's marker with the indentation before it: `-`, `  *`, `12.`, `3)`. */
const ITEM_MARKER = new RegExp('^ {0,3}' + LIST_MARKER);

/**
 * The fast path for a long list still streaming: each frame renders only its last two items (the one being
 * written and the one before it) and replaces them in the live list, so a frame costs a few items, not the list.
 *
 * Why that shows what rendering the whole tail would, following marked's list tokenizer: an item ends where a line
 * starts the next one, so the items before the second-to-last end on complete lines that later text cannot change;
 * each item is lexed from its own lines alone; what items share is whether the list is loose. A list is loose when
 * an item holds a blank line between its blocks, or when an item that ends in a blank line is followed by another:
 * looseness only ever turns on, and whether the items before the re-rendered ones make the list loose is known
 * once they are complete. So the re-rendered items are lexed as a small list of their own, after a throwaway loose
 * item when the list is loose already. When the whole list turns loose (every item then renders differently), an
 * item defines a link, or the repair reaches back before the re-rendered items, the whole tail is rendered instead.
 */
export class OpenList implements OpenBlock {
  readonly kind = 'list';

  readonly #renderer: TailRenderer;
  readonly #tailOffset: number;
  /** The live `<ol>` or `<ul>`. */
  readonly #list: Element;
  /** Whether the shown list is loose: the items kept from earlier frames were rendered that way. */
  readonly #loose: boolean;
  /** Definitions the tail knew when the list was taken over (an item defining one would change earlier items). */
  readonly #linkCount: number;
  /** Offset of the first item rendered again each frame; the items before it are final. */
  #from: number;
  /** The live item that shows it; it and the items after it are replaced each frame. */
  #firstOpenItem: Element;
  /** Whether the items before `#from` make the list loose (counting the one at `#from` as following them). */
  #looseBefore: boolean;

  private constructor({ renderer, tailOffset, tokens }: ShownTail, { list, loose, from, firstItem, looseBefore }: ListStart) {
    this.#renderer = renderer;
    this.#tailOffset = tailOffset;
    this.#list = list;
    this.#loose = loose;
    this.#linkCount = Object.keys(tokens.links).length;
    this.#from = from;
    this.#firstOpenItem = firstItem;
    this.#looseBefore = looseBefore;
  }

  /**
   * Takes over a list the whole-tail path has just shown (only blank lines may follow it), if it has two items or
   * more, the repair left all but its last item alone, and the live DOM is laid out as expected.
   * @param block the list's raw block token, at offset `start` of the text.
   */
  static takeOver(this: void, block: Token, start: number, shown: ShownTail): OpenList | null {
    if (block.type !== 'list') return null;
    const { text, tailOffset, element } = shown;
    const { items, ordered } = block as Tokens.List;
    const count = items.length;
    const rendered = lastBlock(shown.tokens) as Tokens.List | undefined;
    if (count < 2 || rendered?.type !== 'list' || element?.nodeName !== (ordered ? 'OL' : 'UL')) return null;
    let from = start;
    for (let i = 0; i < count - 2; i++) from += items[i]!.raw.length;
    const firstItem = element.children[count - 2];
    if (element.childElementCount !== rendered.items.length || !firstItem || !unrepaired(shown, tailOffset, firstLineEnd(text, from))) return null;
    const looseBefore = count > 2 ? looseWithNext(shown.renderer, text, start, from) : false;
    if (looseBefore === null) return null;
    return new OpenList(shown, { list: element, loose: rendered.loose, from, firstItem, looseBefore });
  }

  append(text: string): boolean {
    const from = this.#from;
    // From the first open item on, the text must still be items of this list running to the end, and the repair
    // must have left the items before it (and the line that ends them) alone.
    const raw = onlyBlock(this.#renderer.blockTokens(text.slice(from)), 'list');
    if (!raw || raw.ordered !== (this.#list.nodeName === 'OL')) return false;
    const repaired = this.#renderer.repairedTail(text);
    const tail: RepairedTail = { text, tailOffset: this.#tailOffset, repaired };
    if (!unrepaired(tail, this.#tailOffset, firstLineEnd(text, from))) return false;
    // Next frame starts from the second-to-last item, if the repair left the items up to it alone: `final` items
    // before it become final now.
    let next = from;
    let final = Math.max(0, raw.items.length - 2);
    for (let i = 0; i < final; i++) next += raw.items[i]!.raw.length;
    if (!unrepaired(tail, from, firstLineEnd(text, next))) {
      next = from;
      final = 0;
    }

    // The open items, as the repaired tail has them, after a throwaway item that makes the list loose if it is.
    const throwaway = this.#looseBefore ? `${markerAt(text, from)} x\n\n` : '';
    const { tokens, fragment } = this.#renderer.render(throwaway + repaired.slice(from - this.#tailOffset));
    const list = onlyBlock(tokens, 'list');
    if (!list || list.loose !== this.#loose || Object.keys(tokens.links).length !== this.#linkCount) return false;
    const rendered = fragment.firstElementChild;
    const skip = throwaway ? 1 : 0;
    // Every final item and the one at `next` must come out of it.
    if (rendered?.nodeName !== this.#list.nodeName || rendered.childElementCount !== list.items.length || list.items.length - skip <= final) return false;
    const looseBefore = this.#looseBefore || (next > from && looseWithNext(this.#renderer, text, from, next));
    if (looseBefore === null) return false;

    const first = rendered.children[skip]!;
    const added = document.createDocumentFragment();
    while (first.previousSibling) first.previousSibling.remove();
    added.append(...rendered.childNodes);
    // Patched, not replaced: the cursor in the last item stays (see keepInPlace), and so does a selection.
    syncChildren(this.#list, added, this.#firstOpenItem.previousSibling);
    // The first open item was patched where it is: the next open one is `final` items on.
    for (let i = final; i--; ) this.#firstOpenItem = this.#firstOpenItem.nextElementSibling!;
    this.#from = next;
    this.#looseBefore = looseBefore;
    return true;
  }
}

/**
 * Where an OpenList starts: the live list as the whole-tail path showed it, and the items rendered again each frame
 * (from the second-to-last on).
 */
interface ListStart {
  list: Element;
  /** Whether it was rendered loose. */
  loose: boolean;
  /** Offset of the first item rendered again in the text. */
  from: number;
  /** The live item that shows it. */
  firstItem: Element;
  /** Whether the items before it make the list loose (see OpenList's #looseBefore). */
  looseBefore: boolean;
}

/** The offset just after the first line starting at `offset` (its newline included), or the text's end. */
function firstLineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end === -1 ? text.length : end + 1;
}

/** The marker (with its indentation) of the item starting at `offset`. */
function markerAt(text: string, offset: number): string {
  return ITEM_MARKER.exec(text.slice(offset, offset + 16))?.[0] ?? '-';
}

/**
 * Whether the complete list items from `from` to `next` in `text` make their list loose once another item follows
 * them: lexed with a one-word item in place of the one at `next`, whose content cannot make the list loose itself.
 * Null when they do not lex as one list.
 */
function looseWithNext(renderer: TailRenderer, text: string, from: number, next: number): boolean | null {
  return onlyBlock(renderer.blockTokens(`${text.slice(from, next)}${markerAt(text, next)} x`), 'list')?.loose ?? null;
}
