import type { Token, TokensList } from 'marked';
import { createCursor, placeCursor, removeCursor } from './cursor.js';
import { syncChildren, syncLeadingChildren } from './dom-sync.js';
import { FrameScheduler } from './frame-scheduler.js';
import { lastBlockAt, openBlockAtEnd, type OpenBlock, type TailRenderer } from './open-block.js';
import { OpenList } from './open-list.js';
import { OpenTable } from './open-table.js';
import {
  isPathological,
  lexMarkdown,
  markedFor,
  plainTextFragment,
  renderMarkdown,
  renderTokens,
  type MarkdownOptions,
} from './render.js';
import { repairMarkdownTail } from './repair.js';
import { sanitizeToFragment } from './sanitize.js';

type Links = TokensList['links'];

/** A top-level block that can no longer change: rendered once, its nodes kept. */
interface FinishedBlock {
  /** Offset of the block's source in the text. */
  start: number;
  raw: string;
  nodes: ChildNode[];
  /** How many reference definitions were known when it was rendered (a later one may turn `[x]` into a link). */
  linksKnown: number;
  /** Raw HTML can nest across blocks (`<div>` … `</div>`), so such answers get one full render at the end. */
  hasRawHtml: boolean;
}

/** A newly finished block on its way into the DOM: lexed with the definitions known so far, rendered to HTML. */
interface FinishingBlock {
  start: number;
  raw: string;
  html: string;
  hasRawHtml: boolean;
  /** Definitions known when it was lexed (a later block's definition still re-renders it). */
  linksKnown: number;
}

/**
 * A code fence still open at the very end of the text, shown as `<pre><code>` in the tail. Its content is
 * literal, so the lines that follow are appended to its text node instead of re-rendering the tail each frame.
 */
interface OpenFence {
  /** Offset in the text where the fence's content starts (after its opening line). */
  bodyStart: number;
  /** Text length when the fence was last shown. */
  shownEnd: number;
}

/** Counters for tests and benchmarks. */
export interface StreamingMarkdownStats {
  /** Frames rendered (each one lexes and syncs only the tail). */
  frames: number;
  /** Blocks rendered once and kept. */
  finishedBlocks: number;
  /** Finished blocks rendered again because a reference definition arrived after them. */
  rerenderedBlocks: number;
  /** Whole-answer renders at the end because incremental rendering could not be trusted (raw HTML, edge cases). */
  fullRenders: number;
  /** Frames that only appended to an open code fence's text (no parsing, no sanitizing). */
  fenceAppends: number;
  /** Frames that rendered only the new rows of an open table (see OpenTable). */
  tableAppends: number;
  /** Frames that rendered only the last items of an open list (see OpenList). */
  listAppends: number;
}

/**
 * Adds trusted DOM to freshly rendered, sanitized markdown before it is shown: citation links, code block
 * headers. Called on every rendered fragment: with `finished` true for blocks that will never change again
 * (rendered once), false for the streaming tail (re-rendered every frame, so it must stay cheap there). It must
 * decorate the same input the same way each time, so live nodes patch instead of being replaced, and node by
 * node: for a long open table or list the tail's fragment holds only the rows or items being added (in a table or
 * list of their own, which is then dropped).
 */
export type MarkdownDecorator = (fragment: DocumentFragment, finished: boolean) => void;

/** Options of a StreamingMarkdown: the image policy and an optional decorator. */
export interface StreamingMarkdownOptions extends MarkdownOptions {
  /** Runs on each rendered fragment before it is synced into the container (see {@link MarkdownDecorator}). */
  decorate?: MarkdownDecorator | undefined;
}

/** Blocks that the next block can still join (see #countFinished). */
const HELD_BACK = new Set(['list', 'def']);

const normalizeNewlines = (text: string) => (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text);

/** A line that might open or close a fence (or be typing one): the fence fast path leaves such lines to the parser. */
const FENCE_LIKE_LINE = /(?:^|\n)[ \t]*[`~]/;
/** Half a surrogate pair at the end of the text. */
const HIGH_SURROGATE_AT_END = /[\uD800-\uDBFF]$/;
/** The opening line of a fence at column 0 (an indented fence strips indentation from its content). */
const OPENING_FENCE = /^(?:`{3,}[^`\n]*|~{3,}[^\n]*)\n/;

/**
 * The top-level nodes of one rendered block when it has no raw HTML: marked writes every block as one element
 * followed by a newline (`<p>…</p>\n`, `<pre>…</pre>\n`, `<table>…</table>\n`).
 */
const NODES_PER_BLOCK = 2;

function containsRawHtml(tokens: Token[], options: MarkdownOptions): boolean {
  let found = false;
  markedFor(options).walkTokens(tokens, token => {
    if (token.type === 'html') found = true;
  });
  return found;
}

/**
 * Renders a growing markdown answer into a container, incrementally and at most once per animation frame.
 *
 * Top-level blocks before the last one (as marked's lexer sees the text from the end of the finished part) are
 * finished: parsed, sanitized and inserted once, never touched again. Only the tail is re-lexed, repaired (so
 * half-written syntax never flashes) and synced into the live DOM node by node, so selection, focus and scroll
 * survive. A tail that ends in a long code fence, table or list is not re-rendered whole: only its new lines, rows
 * or last items are (see OpenTable, OpenList), showing exactly what the whole tail would. When streaming ends the
 * DOM equals a one-shot `renderMarkdown` of the whole text.
 *
 * ```ts
 * const view = new StreamingMarkdown(div);
 * view.update(message.text, true); // per token: O(1), schedules a frame
 * view.update(message.text, false); // done: the next frame renders the final form (or call flush())
 * view.dispose();
 * ```
 */
export class StreamingMarkdown {
  /** Counters for tests and benchmarks. */
  readonly stats: StreamingMarkdownStats = { frames: 0, finishedBlocks: 0, rerenderedBlocks: 0, fullRenders: 0, fenceAppends: 0, tableAppends: 0, listAppends: 0 };

  readonly #container: Element;
  readonly #options: MarkdownOptions;
  readonly #decorate: MarkdownDecorator | undefined;
  readonly #scheduler = new FrameScheduler(() => this.#render());
  readonly #cursor = createCursor();

  #text = '';
  #streaming = false;
  /** Text as of the last render: a new text that does not extend it (a `text` replacement) starts over. */
  #renderedText: string | null = null;
  #renderedStreaming = false;
  /** False after a full render replaced the incremental structure: the next different text starts over. */
  #incremental = true;
  /** Where the tail (everything not finished) starts in the text. */
  #tailOffset = 0;
  #finished: FinishedBlock[] = [];
  #links: Links = Object.create(null);
  #linkCount = 0;
  /** Deep nesting never goes away as text is appended, so the check only reads lines it has not read before. */
  #pathological = false;
  #pathologyCheckedTo = 0;
  #openFence: OpenFence | null = null;
  /** A long table or list the tail ends with, kept up to date by rendering only its end. */
  #openBlock: OpenBlock | null = null;
  /** A finishing block brought a reference definition: earlier blocks may render differently now. */
  #newDefinitions = false;

  /**
   * @param container the element whose children this instance owns (its existing content is replaced).
   * @param options image policy and decorator, fixed for the instance's life.
   */
  constructor(container: Element, options: StreamingMarkdownOptions = {}) {
    this.#container = container;
    this.#options = { allowImages: options.allowImages === true };
    this.#decorate = options.decorate;
  }

  /**
   * Sets the text to show. O(1): only records it and schedules a render for the next animation frame (or a
   * timer, in a background tab). Text that does not extend the previous text is rendered from scratch.
   * @param text the whole markdown answer so far.
   * @param streaming true while more text may follow (repairs the tail and shows the typing cursor).
   */
  update(text: string, streaming: boolean): void {
    this.#text = text;
    this.#streaming = streaming;
    this.#scheduler.request();
  }

  /**
   * Sets the text and renders it at once, cancelling any pending frame: for callers that already render once per
   * frame, such as a Lit host whose token-rate updates are batched per frame (the `streamingMarkdown` directive).
   * Going through `update` there would show the text a frame later than the host's own update.
   * @param text the whole markdown answer so far.
   * @param streaming true while more text may follow.
   */
  renderNow(text: string, streaming: boolean): void {
    this.#scheduler.cancel();
    this.#text = text;
    this.#streaming = streaming;
    this.#render();
  }

  /** Renders a pending update now (e.g. before measuring, or when the stream ends). */
  flush(): void {
    if (!this.#scheduler.pending) return;
    this.#scheduler.cancel();
    this.#render();
  }

  /** Cancels a pending render. A later `update` schedules again, so a reconnected view can resume. */
  dispose(): void {
    this.#scheduler.cancel();
  }

  /** Runs the decorator (if any) on a rendered fragment and returns it. */
  #decorated(fragment: DocumentFragment, finished: boolean): DocumentFragment {
    this.#decorate?.(fragment, finished);
    return fragment;
  }

  #reset(): void {
    this.#container.replaceChildren();
    this.#incremental = true;
    this.#tailOffset = 0;
    this.#finished = [];
    this.#links = Object.create(null);
    this.#linkCount = 0;
    this.#newDefinitions = false;
    this.#openFence = null;
    this.#openBlock = null;
  }

  /** A text that does not extend the one shown: everything known about it is forgotten. */
  #startOver(): void {
    this.#reset();
    this.#pathological = false;
    this.#pathologyCheckedTo = 0;
  }

  /** `isPathological(text)`, reading only the lines added since the last call (the last line may have grown). */
  #isPathological(text: string): boolean {
    if (!this.#pathological) {
      const from = text.lastIndexOf('\n', this.#pathologyCheckedTo - 1) + 1;
      this.#pathological = isPathological(from === 0 ? text : text.slice(from));
      this.#pathologyCheckedTo = text.length;
    }
    return this.#pathological;
  }

  #showPlainText(text: string): void {
    this.#reset();
    this.#container.append(plainTextFragment(text));
    this.#incremental = false;
  }

  #render(): void {
    const text = normalizeNewlines(this.#text);
    const streaming = this.#streaming;
    if (text === this.#renderedText && streaming === this.#renderedStreaming) return;
    this.stats.frames++;
    removeCursor(this.#cursor);
    // A memcmp over a string that slicing flattens anyway; a `text` replacement must never be mistaken for growth.
    if (this.#renderedText === null || !this.#incremental || !text.startsWith(this.#renderedText)) this.#startOver();
    this.#renderedText = text;
    this.#renderedStreaming = streaming;

    if (this.#isPathological(text)) {
      this.#showPlainText(text);
    } else if (!(streaming && (this.#appendToOpenFence(text) || this.#appendToOpenBlock(text)))) {
      try {
        this.#renderIncrementally(text, streaming);
      } catch {
        // A parser bug must not take the chat down: show the text as text.
        this.#showPlainText(text);
      }
    }
    if (streaming) placeCursor(this.#container, this.#cursor);
  }

  #renderIncrementally(text: string, streaming: boolean): void {
    const marked = markedFor(this.#options);
    const blockTokens = (markdown: string) => new marked.Lexer(marked.defaults).blockTokens(markdown, []);
    const tail = text.slice(this.#tailOffset);
    const blocks = blockTokens(tail);
    let repaired = streaming ? repairMarkdownTail(tail) : tail;
    const finishedCount = streaming ? this.#countFinished(blocks, repaired === tail ? blocks : blockTokens(repaired)) : blocks.length;
    const finishing = finishedCount > 0 ? this.#lexFinishing(blocks.slice(0, finishedCount)) : [];
    this.#openFence = null;
    this.#openBlock = null;

    if (streaming) {
      const unfinished = blocks.slice(finishedCount);
      // The fast paths repair the tail from its new start on: so is the tail shown here.
      if (finishedCount > 0) repaired = repairMarkdownTail(text.slice(this.#tailOffset));
      const tokens = lexMarkdown(repaired, this.#options, this.#links);
      const tailHtml = marked.parser(tokens, marked.defaults) as string;
      const tailFragment = this.#insertFinished(finishing, tailHtml);
      syncChildren(this.#container, this.#decorated(tailFragment, false), this.#lastFinishedNode());
      this.#openFence = this.#findOpenFence(unfinished, this.#tailOffset, text.length);
      const open = openBlockAtEnd(unfinished, this.#tailOffset, text);
      if (open) {
        const args = [text, this.#tailOffset, repaired, tokens, this.#container.lastElementChild, this.#tailRenderer(tokens.links)] as const;
        this.#openBlock = 'rowsStart' in open ? OpenTable.track(open, ...args) : OpenList.track(open, ...args);
      }
    } else {
      this.#insertFinished(finishing, '');
      syncChildren(this.#container, document.createDocumentFragment(), this.#lastFinishedNode());
      if (!this.#matchesOneShotStructure(text)) {
        this.stats.fullRenders++;
        syncChildren(this.#container, this.#decorated(renderMarkdown(text, this.#options), true));
        // The container no longer maps onto finished blocks; different text starts over.
        this.#incremental = false;
      }
    }
  }

  /**
   * The fast path for a long code block: when the tail ends in an open fence and the new text only adds lines
   * of literal code to it, those characters are inserted into its text node. The DOM is what a full render of
   * the tail would give; the tail is parsed again as soon as a line could close the fence.
   * @returns false when the text needs the full path.
   */
  #appendToOpenFence(text: string): boolean {
    const fence = this.#openFence;
    if (!fence) return false;
    // From the start of the line that was still being typed when the fence was last shown.
    const added = text.slice(Math.max(fence.bodyStart, text.lastIndexOf('\n', fence.shownEnd - 1) + 1));
    // U+0000 is dropped by the HTML parser, so the full path would show something else.
    if (FENCE_LIKE_LINE.test(added) || added.includes('\0')) return false;
    const pre = this.#container.lastElementChild;
    const code = pre?.nodeName === 'PRE' ? pre.firstElementChild : null;
    const node = code?.nodeName === 'CODE' && code.childNodes.length === 1 ? code.firstChild : null;
    if (node?.nodeType !== Node.TEXT_NODE) return false;
    // What marked shows for an open fence: its content without one trailing newline, then a newline. Half a
    // surrogate pair (a chunk may end inside an emoji) waits for its other half, as the repair has it.
    const body = text.slice(fence.bodyStart, HIGH_SURROGATE_AT_END.test(text) ? -1 : undefined);
    const data = (body.endsWith('\n') ? body.slice(0, -1) : body) + '\n';
    const shown = (node as Text).data;
    // Append in place (layout only reflows the new lines); a changed last line or a shorter text replaces it.
    if (data.length >= shown.length && data.startsWith(shown.slice(0, -1))) (node as Text).insertData(shown.length - 1, data.slice(shown.length - 1, -1));
    else (node as Text).data = data;
    fence.shownEnd = text.length;
    this.stats.fenceAppends++;
    return true;
  }

  /** The fast path for a long open table or list (see OpenTable, OpenList). @returns false when the text needs the full path. */
  #appendToOpenBlock(text: string): boolean {
    const block = this.#openBlock;
    if (!block) return false;
    let appended = false;
    try {
      // The whole tail is repaired, as the full path would: the block checks what the repair changed.
      appended = block.append(text, repairMarkdownTail(text.slice(this.#tailOffset)));
    } catch {
      // The full path renders the tail again from scratch.
    }
    if (!appended) this.#openBlock = null;
    else if (block.kind === 'table') this.stats.tableAppends++;
    else this.stats.listAppends++;
    return appended;
  }

  /** Lexes, renders, sanitizes and decorates pieces of the tail exactly as the whole-tail path does, with its definitions. */
  #tailRenderer(links: Links): TailRenderer {
    const options = this.#options;
    const marked = markedFor(options);
    return {
      blockTokens: markdown => new marked.Lexer(marked.defaults).blockTokens(markdown, []),
      render: markdown => {
        const tokens = lexMarkdown(markdown, options, links);
        const html = marked.parser(tokens, marked.defaults) as string;
        return { tokens, fragment: this.#decorated(sanitizeToFragment(html, options.allowImages === true), false) };
      },
    };
  }

  /**
   * The open fence the unfinished blocks end with, if the fast path can take it over: a fence at column 0 whose
   * opening line is complete, that runs to the end of the text, with no line in it that could close it.
   */
  #findOpenFence(unfinished: Token[], start: number, end: number): OpenFence | null {
    const { last, lastStart } = lastBlockAt(unfinished, start);
    if (last?.type !== 'code' || lastStart + last.raw.length !== end) return null;
    const opening = OPENING_FENCE.exec(last.raw);
    if (!opening || FENCE_LIKE_LINE.test(last.raw.slice(opening[0].length - 1))) return null;
    return { bodyStart: lastStart + opening[0].length, shownEnd: end };
  }
  /**
   * How many leading blocks are finished: all but the last non-space block. The block before it is held back
   * too when the last block could still join it: a list (`1. a` + blank + `1` becomes a second item once
   * `. b` arrives) or a reference definition (its title may follow on the next line).
   *
   * Both the text and its repaired form (what is shown) must agree that a block is finished: a last line that is a
   * block only while half-typed (`***` before `***bold***`, `#` before `#1`, `*` under a quote) is held back by the
   * repair, so it finishes nothing above it; and a repair that turns a line into a block (`[1. a](` shown as `1. a`)
   * finishes nothing either.
   * @param blocks the tail's block tokens.
   * @param repairedBlocks the repaired tail's block tokens.
   */
  #countFinished(blocks: Token[], repairedBlocks: Token[]): number {
    const count = Math.min(finishedBlocks(blocks), finishedBlocks(repairedBlocks));
    for (let i = 0; i < count; i++) if (blocks[i]!.raw !== repairedBlocks[i]!.raw) return 0;
    return count;
  }

  #lastFinishedNode(): ChildNode | null {
    for (let i = this.#finished.length - 1; i >= 0; i--) {
      const nodes = this.#finished[i]!.nodes;
      if (nodes.length > 0) return nodes[nodes.length - 1]!;
    }
    return null;
  }

  /**
   * Lexes newly finished blocks in order, each with the definitions of the blocks before it (as a one-shot render
   * knows them), records their definitions and moves the tail past them. Definitions themselves render nothing.
   */
  #lexFinishing(blocks: Token[]): FinishingBlock[] {
    const marked = markedFor(this.#options);
    const finishing: FinishingBlock[] = [];
    let offset = this.#tailOffset;
    for (const block of blocks) {
      const start = offset;
      offset += block.raw.length;
      if (block.type === 'space') continue;
      const tokens = lexMarkdown(block.raw, this.#options, this.#links);
      // Definitions may sit at top level or inside a quote or list; any of them applies to the whole answer.
      for (const [label, link] of Object.entries(tokens.links)) {
        if (label in this.#links) continue;
        this.#links[label] = link;
        this.#linkCount++;
        this.#newDefinitions = true;
      }
      if (block.type === 'def') continue;
      const html = marked.parser(tokens, marked.defaults) as string;
      finishing.push({ start, raw: block.raw, html, hasRawHtml: containsRawHtml(tokens, this.#options), linksKnown: this.#linkCount });
    }
    this.#tailOffset = offset;
    return finishing;
  }

  /**
   * Sanitizes the finished blocks and the tail, inserts the finished blocks before the tail (their live nodes,
   * which showed them while they streamed, become theirs), and returns the tail's sanitized fragment.
   *
   * One DOMPurify call per frame for all of it where the blocks' node boundaries are known (no raw HTML: one
   * element and a newline each); each call costs a fresh inert document, so that is ~3× cheaper than a call per
   * block. Otherwise, and if the nodes do not come out as expected, one call per block as before.
   */
  #insertFinished(finishing: FinishingBlock[], tailHtml: string): DocumentFragment {
    const allowImages = this.#options.allowImages === true;
    let split: DocumentFragment[] | null = null;
    let tail: DocumentFragment | null = null;
    if (finishing.length === 0) tail = sanitizeToFragment(tailHtml, allowImages);
    else if (!finishing.some(block => block.hasRawHtml)) {
      const combined = sanitizeToFragment(finishing.map(block => block.html).join('') + tailHtml, allowImages);
      split = splitBlocks(combined, finishing.length);
      if (split) tail = combined;
    }
    const parts = split ?? finishing.map(block => sanitizeToFragment(block.html, allowImages));
    tail ??= sanitizeToFragment(tailHtml, allowImages);

    finishing.forEach((block, i) => {
      // The tail's live nodes showed this block while it streamed; they become its finished nodes.
      const nodes = syncLeadingChildren(this.#container, this.#decorated(parts[i]!, true), this.#lastFinishedNode());
      this.#finished.push({ start: block.start, raw: block.raw, nodes, linksKnown: block.linksKnown, hasRawHtml: block.hasRawHtml });
      this.stats.finishedBlocks++;
    });
    // A definition applies to blocks before it too, as in a one-shot render.
    if (this.#newDefinitions) {
      this.#newDefinitions = false;
      this.#rerenderForNewDefinitions();
    }
    return tail;
  }

  /** A definition arrived after blocks that may use it: re-render those whose rendering now differs. */
  #rerenderForNewDefinitions(): void {
    for (const block of this.#finished) {
      if (block.linksKnown === this.#linkCount || !block.raw.includes(']')) continue;
      block.linksKnown = this.#linkCount;
      const fragment = this.#decorated(renderTokens(lexMarkdown(block.raw, this.#options, this.#links), this.#options), true);
      const nodes = [...fragment.childNodes];
      const same = nodes.length === block.nodes.length && nodes.every((node, i) => node.isEqualNode(block.nodes[i]!));
      if (same) continue;
      const first = block.nodes[0];
      if (first) first.before(fragment);
      for (const old of block.nodes) old.remove();
      block.nodes = nodes;
      this.stats.rerenderedBlocks++;
    }
  }

  /**
   * Whether the finished blocks are exactly what a one-shot render would produce: the same top-level block
   * boundaries (block lexing only, no inline work) and no raw HTML that could nest across blocks.
   */
  #matchesOneShotStructure(text: string): boolean {
    if (this.#finished.some(block => block.hasRawHtml)) return false;
    const lexer = new (markedFor(this.#options).Lexer)(markedFor(this.#options).defaults);
    const blocks = lexer.blockTokens(text, []);
    let offset = 0;
    let index = 0;
    for (const block of blocks) {
      const start = offset;
      offset += block.raw.length;
      if (block.type === 'space' || block.type === 'def') continue;
      const finished = this.#finished[index++];
      if (!finished || finished.start !== start || finished.raw.length !== block.raw.length) return false;
    }
    return index === this.#finished.length;
  }
}

/** How many leading blocks are finished by the blocks after them (see StreamingMarkdown's #countFinished). */
function finishedBlocks(blocks: Token[]): number {
  let last = blocks.length - 1;
  while (last >= 0 && blocks[last]!.type === 'space') last--;
  let previous = last - 1;
  while (previous >= 0 && blocks[previous]!.type === 'space') previous--;
  if (previous >= 0 && HELD_BACK.has(blocks[previous]!.type)) last = previous;
  return Math.max(0, last);
}

/**
 * Takes the first `count` blocks (NODES_PER_BLOCK top-level nodes each) off a sanitized fragment, one fragment
 * per block, leaving the tail in `fragment`. Null, with nothing taken, when the nodes are not shaped that way.
 */
function splitBlocks(fragment: DocumentFragment, count: number): DocumentFragment[] | null {
  const nodes = fragment.childNodes;
  if (nodes.length < count * NODES_PER_BLOCK) return null;
  for (let i = 0; i < count * NODES_PER_BLOCK; i += NODES_PER_BLOCK) {
    const separator = nodes[i + 1]!;
    if (nodes[i]!.nodeType !== Node.ELEMENT_NODE || separator.nodeType !== Node.TEXT_NODE || separator.nodeValue !== '\n') return null;
  }
  const parts: DocumentFragment[] = [];
  for (let i = 0; i < count; i++) {
    const part = document.createDocumentFragment();
    const element = fragment.firstChild!;
    part.append(element, element.nextSibling!);
    parts.push(part);
  }
  return parts;
}
