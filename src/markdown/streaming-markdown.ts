import type { Token, TokensList } from 'marked';
import { createCursor, placeCursor, removeCursor } from './cursor.js';
import { syncChildren, syncLeadingChildren } from './dom-sync.js';
import { FrameScheduler } from './frame-scheduler.js';
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
}

/**
 * Adds trusted DOM to freshly rendered, sanitized markdown before it is shown: citation links, code block
 * headers. Called on every rendered fragment: with `finished` true for blocks that will never change again
 * (rendered once), false for the streaming tail (re-rendered every frame, so it must stay cheap there). It must
 * decorate the same input the same way each time, so live nodes patch instead of being replaced.
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
 * survive. When streaming ends the DOM equals a one-shot `renderMarkdown` of the whole text.
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
  readonly stats: StreamingMarkdownStats = { frames: 0, finishedBlocks: 0, rerenderedBlocks: 0, fullRenders: 0 };

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
    if (this.#renderedText === null || !this.#incremental || !text.startsWith(this.#renderedText)) this.#reset();
    this.#renderedText = text;
    this.#renderedStreaming = streaming;

    if (isPathological(text)) {
      this.#showPlainText(text);
    } else {
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
    const tail = text.slice(this.#tailOffset);
    const lexer = new (markedFor(this.#options).Lexer)(markedFor(this.#options).defaults);
    const blocks = lexer.blockTokens(tail, []);
    const finishedCount = streaming ? this.#countFinished(blocks) : blocks.length;
    if (finishedCount > 0) this.#finish(blocks.slice(0, finishedCount));

    if (streaming) {
      const rest = text.slice(this.#tailOffset);
      const fragment = this.#decorated(renderTokens(lexMarkdown(repairMarkdownTail(rest), this.#options, this.#links), this.#options), false);
      syncChildren(this.#container, fragment, this.#lastFinishedNode());
    } else {
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
   * How many leading blocks are finished: all but the last non-space block. The block before it is held back
   * too when the last block could still join it: a list (`1. a` + blank + `1` becomes a second item once
   * `. b` arrives) or a reference definition (its title may follow on the next line).
   */
  #countFinished(blocks: Token[]): number {
    let last = blocks.length - 1;
    while (last >= 0 && blocks[last]!.type === 'space') last--;
    let previous = last - 1;
    while (previous >= 0 && blocks[previous]!.type === 'space') previous--;
    if (previous >= 0 && HELD_BACK.has(blocks[previous]!.type)) last = previous;
    return Math.max(0, last);
  }

  #lastFinishedNode(): ChildNode | null {
    for (let i = this.#finished.length - 1; i >= 0; i--) {
      const nodes = this.#finished[i]!.nodes;
      if (nodes.length > 0) return nodes[nodes.length - 1]!;
    }
    return null;
  }

  /** Renders newly finished blocks once and inserts them before the tail. */
  #finish(blocks: Token[]): void {
    let offset = this.#tailOffset;
    let newDefinitions = false;
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
        newDefinitions = true;
      }
      if (block.type === 'def') continue;
      // The tail's live nodes showed this block while it streamed; they become its finished nodes.
      const nodes = syncLeadingChildren(this.#container, this.#decorated(renderTokens(tokens, this.#options), true), this.#lastFinishedNode());
      this.#finished.push({
        start,
        raw: block.raw,
        nodes,
        linksKnown: this.#linkCount,
        hasRawHtml: containsRawHtml(tokens, this.#options),
      });
      this.stats.finishedBlocks++;
    }
    this.#tailOffset = offset;
    // A definition applies to blocks before it too, as in a one-shot render.
    if (newDefinitions) this.#rerenderForNewDefinitions();
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
