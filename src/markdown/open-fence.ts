import type { OpenBlock, ShownTail } from './open-block.js';
import type { Token } from 'marked';
import { isKept } from './dom-sync.js';
import { HIGH_SURROGATE_AT_END } from './repair.js';
import { BACKTICK_FENCE, TILDE_FENCE } from './syntax.js';

/** A line that might open or close a fence (or be typing one): the fast path leaves such lines to the parser. */
const FENCE_LIKE_LINE = /(?:^|\n)[ \t]*[`~]/;
/** The opening line of a fence at column 0 (an indented fence strips indentation from its content). */
const OPENING_FENCE = new RegExp('^(?:' + BACKTICK_FENCE + '[^`\\n]*|' + TILDE_FENCE + '[^\\n]*)\\n');

/**
 * The fast path for a long code block still streaming: its content is literal, so when the new text only adds
 * lines of code, those characters are inserted into the code's text node instead of re-rendering the tail. The
 * DOM is what a full render of the tail would give; the tail is parsed again as soon as a line could close the
 * fence.
 */
export class OpenFence implements OpenBlock {
  readonly kind = 'fence';

  /** The `<pre>` showing the fence. */
  readonly #pre: Element;
  /** Offset in the text where the fence's content starts (after its opening line). */
  readonly #bodyStart: number;
  /** Text length when the fence was last shown. */
  #shownEnd: number;

  private constructor(pre: Element, bodyStart: number, shownEnd: number) {
    this.#pre = pre;
    this.#bodyStart = bodyStart;
    this.#shownEnd = shownEnd;
  }

  /** Takes over a fence at column 0 whose opening line is complete, that runs to the end of the text, with no line in it that could close it. */
  static takeOver(this: void, block: Token, start: number, { text, element }: ShownTail): OpenFence | null {
    if (block.type !== 'code' || start + block.raw.length !== text.length || !element) return null;
    const opening = OPENING_FENCE.exec(block.raw);
    if (!opening || FENCE_LIKE_LINE.test(block.raw.slice(opening[0].length - 1))) return null;
    return new OpenFence(element, start + opening[0].length, text.length);
  }

  append(text: string): boolean {
    // From the start of the line that was still being typed when the fence was last shown.
    const added = text.slice(Math.max(this.#bodyStart, text.lastIndexOf('\n', this.#shownEnd - 1) + 1));
    // U+0000 is dropped by the HTML parser, so the full path would show something else.
    if (FENCE_LIKE_LINE.test(added) || added.includes('\0')) return false;
    const pre = this.#pre;
    const code = pre.nodeName === 'PRE' ? pre.firstElementChild : null;
    const node = code?.nodeName === 'CODE' ? code.firstChild : null;
    // One text node, and the cursor after it, left in place (see keepInPlace).
    if (node?.nodeType !== Node.TEXT_NODE || node.nextSibling !== (isKept(code!.lastChild) ? code!.lastChild : null)) return false;
    // What marked shows for an open fence: its content without one trailing newline, then a newline. Half a
    // surrogate pair (a chunk may end inside an emoji) waits for its other half, as the repair has it.
    const body = text.slice(this.#bodyStart, HIGH_SURROGATE_AT_END.test(text) ? -1 : undefined);
    const data = (body.endsWith('\n') ? body.slice(0, -1) : body) + '\n';
    const shown = (node as Text).data;
    // Append in place (layout only reflows the new lines); a changed last line or a shorter text replaces it.
    if (data.length >= shown.length && data.startsWith(shown.slice(0, -1))) (node as Text).insertData(shown.length - 1, data.slice(shown.length - 1, -1));
    else (node as Text).data = data;
    this.#shownEnd = text.length;
    return true;
  }
}
