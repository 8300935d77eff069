import type { Token, Tokens } from 'marked';
import { createCursor, joinCodeText, placeCursor, removeCursor } from './cursor.js';
import { syncChildren, syncLeadingChildren } from './dom-sync.js';
import { lastBlockAt, type OpenBlock, type ShownTail, type TakeOver, type TailRenderer } from './open-block.js';
import { OpenFence } from './open-fence.js';
import { OpenList } from './open-list.js';
import { OpenTable } from './open-table.js';
import { plainTextView } from './plain-text.js';
import { markdownPlugins } from './plugins.js';
import {
  blockTokens,
  containsRawHtml,
  lexMarkdown,
  NODES_PER_BLOCK,
  renderBlocks,
  renderMarkdown,
  renderText,
  tokensToHtml,
  type Links,
  type MarkdownOptions,
} from './render.js';
import { BLOCKS_PER_GROUP, groupBlocks } from './block-groups.js';
import { repairMarkdownTail } from './repair.js';
import { ShapeGuard } from './shape-guard.js';

/** A top-level block that can no longer change: rendered once, its nodes kept. */
interface FinishedBlock {
  /** Offset of the block's source in the text. */
  start: number;
  /** Length of its source. */
  length: number;
  /**
   * Its source, when a definition arriving later could change how it renders (it holds a `]`); a copy, so it never
   * keeps a whole version of the answer alive as a substring would. Null otherwise.
   */
  source: string | null;
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

/** Counters for tests and benchmarks. */
export interface StreamingMarkdownStats {
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
  /** Times the start of the text that no render reads again was dropped (see TextGrowth). */
  windowMoves: number;
  /** Characters of the answer's text the renders read (searched, copied or parsed), for tests of what a frame costs. */
  charsRead: number;
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
  /**
   * Renders at most about this many new lines per `render` (and at most 64 times as many characters), showing the
   * rest on later calls (see {@link StreamingMarkdown.pending}): many small blocks arriving at once (10,000
   * headings) would otherwise be one long task. Default: no limit.
   */
  linesPerRender?: number | undefined;
}

/**
 * How a growing text was built, so that a render reads only what was added: a string built by `+` (an answer's
 * deltas) is copied whole by V8 on its first read, so reading the whole text each frame cost the whole answer per
 * frame. `<sse-chat>`'s state keeps one per answer.
 */
export interface TextGrowth {
  /** The same object for every text of one growing text: the longer extends the shorter. */
  readonly source: object;
  /** The text's length. */
  readonly length: number;
  /** The text from `start` on, without reading what comes before. */
  since(start: number): string;
}

/** How {@link StreamingMarkdown.render} shows a text. Neither flag (the default): as a one-shot `renderMarkdown` would. */
export interface RenderOptions {
  /** More text may follow: the unfinished end is repaired (no `**st` or open backtick flashes) and the cursor shown. */
  streaming?: boolean | undefined;
  /**
   * The answer was cut short (stopped, failed): its end is shown repaired, as the last streaming frame showed it
   * (no `**st` or open backtick left for the reader), without the cursor. Ignored while streaming.
   */
  cutShort?: boolean | undefined;
  /** How the text grew (see {@link TextGrowth}): then only what it added is read, not the whole text. */
  growth?: TextGrowth | undefined;
}

/** The window moves by at least this many characters (a shorter answer is read whole, as before). */
const WINDOW_MIN_MOVE = 4096;

/** Blocks that the next block can still join (see #countFinished). */
const HELD_BACK = new Set(['list', 'def']);

/** The fast paths for a long block still open at the end of the tail, by the type of its raw block token. */
const TAKE_OVER: Partial<Record<Token['type'], TakeOver>> = { code: OpenFence.takeOver, table: OpenTable.takeOver, list: OpenList.takeOver };

const normalizeNewlines = (text: string) => (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text);

/**
 * Markdown that takes the paths of a render (the block and inline rules, a repaired tail, the sanitizer): a page's
 * first render compiles the parser's regular expressions, 15–30 ms of CPU in its first answer's first frame. Rendered
 * once, while the page's first answer waits for its first bytes; null after.
 */
let warmUp: string | null = '- *a* [b](c) `d`\n|e|\n|-|\n```';

/** A string with the same characters that shares no memory with `text` (V8 keeps a slice's parent alive). */
const copyOf = (text: string) => (' ' + text).slice(1);

/**
 * Renders a growing markdown answer into a container, incrementally and synchronously: the caller renders at most
 * once per animation frame (`<sse-chat>` batches token-rate updates to one per frame).
 *
 * Top-level blocks before the last one (as marked's lexer sees the text from the end of the finished part) are
 * finished: parsed, sanitized and inserted once, never touched again. Only the tail is re-lexed, repaired (so
 * half-written syntax never flashes) and synced into the live DOM node by node, so selection, focus and scroll
 * survive. A tail that ends in a long code fence, table or list is not re-rendered whole: only its new lines, rows
 * or last items are (see OpenBlock), showing exactly what the whole tail would. When streaming ends the DOM equals
 * a one-shot `renderMarkdown` of the whole text.
 *
 * ```ts
 * const view = new StreamingMarkdown(div);
 * view.render(message.text, { streaming: true }); // once per frame while streaming: tail repaired, cursor shown
 * view.render(message.text); // done: the final form
 * ```
 */
export class StreamingMarkdown {
  /** Counters for tests and benchmarks. */
  readonly stats: StreamingMarkdownStats = {
    finishedBlocks: 0,
    rerenderedBlocks: 0,
    fullRenders: 0,
    fenceAppends: 0,
    tableAppends: 0,
    listAppends: 0,
    windowMoves: 0,
    charsRead: 0,
  };

  readonly #container: Element;
  readonly #options: MarkdownOptions;
  readonly #decorate: MarkdownDecorator | undefined;
  readonly #cursor = createCursor();
  readonly #renderer: TailRenderer;

  /**
   * Text as of the last render (a part of it while pending), from #windowStart on: a new text that does not extend
   * it (a `text` replacement) starts over.
   */
  #renderedText: string | null = null;
  /** The text known (shown and pending), newlines normalized, from #windowStart on: offsets below are in it. */
  #window = '';
  /** Where #window starts in the whole text: the start of the text no render reads again is dropped. */
  #windowStart = 0;
  /** The last call's text as given, and what is known of it without reading it. */
  #raw: { text: string; growth?: TextGrowth | undefined } = { text: '' };
  /** The text the last render was asked to show, when it showed only its start (see linesPerRender). */
  #pendingText: string | null = null;
  readonly #linesPerRender: number;
  /** How the last render showed it: `${streaming}${cursor}`. */
  #renderedMode = '';
  /** False after a full render replaced the incremental structure: the next different text starts over. */
  #incremental = true;
  /** Where the tail (everything not finished) starts in the text. */
  #tailOffset = 0;
  #finished: FinishedBlock[] = [];
  #links: Links = Object.create(null);
  #linkCount = 0;
  /** Watches for shapes the parser must not be given, reading each line of the growing text once. */
  #guard = new ShapeGuard();
  /** Shows the answer as plain text, once the guard tripped (or the parser failed). */
  #plainText: ((text: string) => void) | null = null;
  /** A long code fence, table or list the tail ends with, kept up to date by rendering only its end. */
  #openBlock: OpenBlock | null = null;
  /** The definitions the open block was taken over with (its pieces render with those). */
  #openBlockLinks: Links = Object.create(null);
  /** A finishing block brought a reference definition: earlier blocks may render differently now. */
  #newDefinitions = false;
  /** Where the last finished block (a definition too) starts, and its length: a one-shot lexer reaches the tail from it. */
  #lastBlockStart = -1;
  #lastBlockLength = 0;
  /** A finished block's boundaries could not be confirmed as a one-shot render's: the end renders the whole answer. */
  #boundariesUnconfirmed = false;
  /**
   * The last group of blocks (see groupBlocks): each block is written into it as it finishes, and the tail follows
   * them in it, so the nodes that showed a block while it streamed are its finished nodes where they are. Null before
   * the answer shows anything, and when a group just filled up with nothing after it.
   */
  #openGroup: Element | null = null;
  /** Index in #finished of the open group's first block. */
  #openGroupFrom = 0;
  /** A finished block rendered to other than NODES_PER_BLOCK nodes: a one-shot render groups its nodes otherwise. */
  #irregularBlocks = false;
  /** How many markdown plugins the DOM was rendered with: one added since starts over. */
  #plugins = markdownPlugins.length;

  /**
   * @param container the element whose children this instance owns (its existing content is replaced).
   * @param options image policy and decorator, fixed for the instance's life.
   */
  constructor(container: Element, options: StreamingMarkdownOptions = {}) {
    this.#container = container;
    this.#options = { allowImages: options.allowImages === true };
    this.#decorate = options.decorate;
    this.#linesPerRender = options.linesPerRender ?? Infinity;
    const markdownOptions = this.#options;
    this.#renderer = {
      blockTokens: markdown => blockTokens(markdown, markdownOptions),
      render: markdown => {
        const rendered = renderText(markdown, markdownOptions, this.#openBlockLinks);
        this.#decorated(rendered.fragment, false);
        return rendered;
      },
      repairedTail: text => repairMarkdownTail(text.slice(this.#tailOffset)),
    };
  }

  /**
   * Shows `text` now. Unchanged text and mode cost nothing; text that extends the previous text renders only what
   * changed; any other text is rendered from scratch.
   * @param text the whole markdown answer so far.
   * @param options how to show it (see {@link RenderOptions}); none renders the text as-is.
   */
  render(text: string, { streaming, cutShort, growth }: RenderOptions = {}): void {
    if (streaming && warmUp) {
      setTimeout(renderMarkdown, 0, repairMarkdownTail(warmUp));
      warmUp = null;
    }
    const cursor = !!streaming;
    let repair = cursor || !!cutShort;
    if (this.#plugins !== markdownPlugins.length) {
      this.#plugins = markdownPlugins.length;
      this.#renderedText = null;
    }
    let window = this.#windowOf(text, growth);
    const extendsShown = window !== null;
    window ??= normalizeNewlines(text);
    this.#pendingText = null;
    const mode = `${repair}${cursor}`;
    if (window === this.#renderedText && mode === this.#renderedMode) return;
    // The cursor stays where it is during the render (the sync skips it) and moves only if its place changed.
    joinCodeText(this.#cursor);
    if (!extendsShown) {
      this.#reset(true);
      this.#windowStart = 0;
    }
    // Plain text shown before (a last line still being typed can untrip the guard) had reset the finished blocks:
    // the whole text is rendered again.
    const shownLength = extendsShown && !this.#plainText ? this.#renderedText!.length : 0;
    this.#window = this.#renderedText = text = window;
    this.#renderedMode = mode;

    if (this.#guard.tripped(text)) {
      this.#showPlainText(this.#wholeText());
    } else {
      this.#plainText = null;
      const end = this.#budgetEnd(text, shownLength);
      if (end < text.length) {
        // Shown as a stream would show it so far, without the cursor unless asked; the rest on the next calls.
        this.#pendingText = text;
        text = this.#renderedText = text.slice(0, end);
        repair = true;
        this.#renderedMode = `${repair}${cursor}`;
      }
      if (!(repair && this.#appendToOpenBlock(text))) {
        try {
          this.#renderIncrementally(text, repair);
        } catch {
          // A parser bug must not take the chat down: show the text as text (the next text starts over).
          this.#pendingText = null;
          this.#showPlainText(this.#wholeText());
          this.#incremental = false;
        }
      }
    }
    if (!this.#pendingText) this.#moveWindow();
    if (cursor) placeCursor(this.#container, this.#cursor);
    else removeCursor(this.#cursor);
  }

  /**
   * The text to show from #windowStart on, newlines normalized, when it extends the text shown; null when it is to
   * be shown from scratch. Read from `growth` (what was added only) when it extends the last call's text.
   */
  #windowOf(text: string, growth: TextGrowth | undefined): string | null {
    const known = this.#raw;
    this.#raw = { text, growth };
    if (this.#renderedText === null || !this.#incremental) return null;
    const from = known.text.length;
    if (growth && !this.#plainText && growth.source === known.growth?.source && growth.length === text.length && from <= text.length) {
      if (from === text.length) return this.#window;
      // From the last character known: a `\r\n` split between two calls showed as one newline already.
      let added = growth.since(from && from - 1);
      if (from) added = added.slice(added.startsWith('\r\n') ? 2 : 1);
      // Appending flattens the window: it is copied, not the whole text.
      this.stats.charsRead += this.#window.length + added.length;
      return this.#window + normalizeNewlines(added);
    }
    this.stats.charsRead += text.length;
    // A memcmp over a string that slicing flattens anyway; a `text` replacement must never be mistaken for growth.
    return text.startsWith(known.text) ? normalizeNewlines(text).slice(this.#windowStart) : null;
  }

  /** The whole text (read whole, once), made the window: plain text and a full render show all of it. */
  #wholeText(): string {
    if (this.#windowStart > 0) {
      this.#guard.rebase(-this.#windowStart);
      this.#windowStart = 0;
      this.#window = normalizeNewlines(this.#raw.text);
    }
    return (this.#renderedText = this.#window);
  }

  /**
   * Drops the start of the window that no render reads again (before the tail, the last finished block and the
   * guard's line) once it is most of the window: each frame then copies the window, not the whole answer. The
   * open block's offsets were the old window's: the next frame takes it over again.
   */
  #moveWindow(): void {
    if (!this.#incremental || this.#plainText) return;
    const lastBlock = this.#lastBlockStart < 0 ? Infinity : this.#lastBlockStart;
    const by = Math.min(this.#tailOffset, lastBlock, this.#guard.lineStart);
    if (by < WINDOW_MIN_MOVE || by * 2 < this.#window.length) return;
    this.#window = this.#renderedText = this.#window.slice(by);
    this.#windowStart += by;
    this.#tailOffset -= by;
    if (this.#lastBlockStart >= 0) this.#lastBlockStart -= by;
    this.#guard.rebase(by);
    this.#openBlock = null;
    this.stats.windowMoves++;
  }

  /**
   * True when the last render showed only the start of its text (see linesPerRender): call `render` again, with
   * the same or a longer text, in a later frame.
   */
  get pending(): boolean {
    return this.#pendingText !== null;
  }

  /**
   * Where the part of `text` this render may show ends: after at most linesPerRender lines (and 64 times as many
   * characters) past what is shown already, at a line's end; `text.length` when the rest fits.
   */
  #budgetEnd(text: string, from: number): number {
    const maxChars = this.#linesPerRender * 64;
    let end = from;
    for (let lines = 0; lines < this.#linesPerRender && end - from < maxChars; lines++) {
      const newline = text.indexOf('\n', end);
      if (newline < 0) return text.length;
      end = newline + 1;
    }
    return Math.min(end, text.length);
  }

  /** Runs the decorator (if any), then the markdown plugins', on a rendered fragment and returns it. */
  #decorated(fragment: DocumentFragment, finished: boolean): DocumentFragment {
    this.#decorate?.(fragment, finished);
    for (const plugin of markdownPlugins) plugin.decorate(fragment, finished);
    return fragment;
  }

  /**
   * Empties the container and forgets the blocks shown.
   * @param newText the next text does not extend the one shown: everything known about it goes, the guard's reading
   *   of its lines too.
   */
  #reset(newText: boolean): void {
    if (newText) this.#guard = new ShapeGuard();
    this.#container.replaceChildren();
    this.#incremental = true;
    this.#tailOffset = 0;
    this.#finished = [];
    this.#links = Object.create(null);
    this.#linkCount = 0;
    this.#newDefinitions = false;
    this.#openBlock = null;
    this.#plainText = null;
    this.#lastBlockStart = -1;
    this.#boundariesUnconfirmed = false;
    this.#openGroup = null;
    this.#openGroupFrom = 0;
    this.#irregularBlocks = false;
  }

  /**
   * Shows the text as plain text; text that extends the text shown so (as `render` made sure: it started over
   * otherwise) is appended to it.
   */
  #showPlainText(text: string): void {
    if (!this.#plainText) {
      this.#reset(false);
      this.#plainText = plainTextView(this.#container);
    }
    this.#plainText(text);
  }

  /**
   * Renders what changed since the last render.
   * @param repair the text may stop mid-block (a streaming or cut-short answer, or the part of a text this render's
   *   budget allows): its tail is repaired and its last blocks stay open; false shows it as final.
   */
  #renderIncrementally(text: string, repair: boolean): void {
    const options = this.#options;
    const tail = text.slice(this.#tailOffset);
    const blocks = blockTokens(tail, options);
    let repaired = repair ? repairMarkdownTail(tail) : tail;
    const finishedCount = repair ? this.#countFinished(blocks, repaired === tail ? blocks : blockTokens(repaired, options)) : blocks.length;
    if (finishedCount > 0 && !this.#boundariesUnconfirmed && !this.#boundariesHold(text, blocks, finishedCount)) this.#boundariesUnconfirmed = true;
    const finishing = finishedCount > 0 ? this.#lexFinishing(blocks.slice(0, finishedCount)) : [];
    this.#openBlock = null;

    if (repair) {
      // The fast paths repair the tail from its new start on: so is the tail shown here.
      if (finishedCount > 0) repaired = repairMarkdownTail(text.slice(this.#tailOffset));
      const tokens = lexMarkdown(repaired, options, this.#links);
      const tailFragment = this.#decorated(this.#insertFinished(finishing, tokensToHtml(tokens, options)), false);
      this.#syncTail(tailFragment);
      const { last, lastStart } = lastBlockAt(blocks.slice(finishedCount), this.#tailOffset);
      const takeOver = last && TAKE_OVER[last.type];
      if (takeOver) {
        const shown: ShownTail = { text, tailOffset: this.#tailOffset, repaired, tokens, element: this.#openGroup?.lastElementChild ?? null, renderer: this.#renderer };
        this.#openBlockLinks = tokens.links;
        this.#openBlock = takeOver(last, lastStart, shown);
      }
    } else {
      this.#insertFinished(finishing, '');
      this.#syncTail(document.createDocumentFragment());
      // Finished blocks were confirmed one by one as they finished: the end costs the tail, not the whole answer.
      // A one-shot render groups rendered nodes, before decoration, NODES_PER_BLOCK per block (see groupBlocks);
      // raw HTML can nest across blocks (`<div>` … `</div>`).
      if (this.#boundariesUnconfirmed || this.#irregularBlocks || this.#finished.some(block => block.hasRawHtml)) {
        this.stats.fullRenders++;
        syncChildren(this.#container, this.#decorated(renderMarkdown(this.#wholeText(), options), true));
        // The container no longer maps onto finished blocks; different text starts over.
        this.#incremental = false;
      }
    }
  }

  /** The fast path for a long open fence, table or list (see OpenBlock). @returns false when the text needs the full path. */
  #appendToOpenBlock(text: string): boolean {
    const block = this.#openBlock;
    if (!block) return false;
    let appended = false;
    try {
      appended = block.append(text);
    } catch {
      // The full path renders the tail again from scratch.
    }
    if (!appended) this.#openBlock = null;
    else this.stats[`${block.kind}Appends`]++;
    return appended;
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

  /** The last node of the open group's finished blocks: the tail follows it. Null when they have none. */
  #lastFinishedNode(): ChildNode | null {
    for (let i = this.#finished.length - 1; i >= this.#openGroupFrom; i--) {
      const nodes = this.#finished[i]!.nodes;
      if (nodes.length > 0) return nodes[nodes.length - 1]!;
    }
    return null;
  }

  /** The open group, a new one at the container's end if there is none. */
  #group(): Element {
    return (this.#openGroup ??= this.#container.appendChild(groupBlocks.create()));
  }

  /** Shows the tail (a fragment, consumed) after the open group's finished blocks; a group left empty goes. */
  #syncTail(tail: DocumentFragment): void {
    const group = tail.firstChild ? this.#group() : this.#openGroup;
    if (!group) return;
    syncChildren(group, tail, this.#lastFinishedNode());
    if (!group.firstChild) {
      group.remove();
      this.#openGroup = null;
    }
  }

  /**
   * Whether the blocks about to finish start and end where a one-shot lexer of the whole answer puts them. The
   * tail was lexed from its own start; a one-shot lexer reaches that point with the previous block behind it,
   * which may absorb what follows (a lazy paragraph continuation, an indented line, a definition). Lexing again
   * from the previous finished block's start reproduces that; every earlier boundary was confirmed the same way
   * when it finished, so block by block the finished blocks are the one-shot render's. Costs the previous block
   * and the tail, on the frames where blocks finish.
   */
  #boundariesHold(text: string, blocks: Token[], count: number): boolean {
    if (this.#lastBlockStart < 0) return true;
    const from = this.#lastBlockStart;
    const expected: number[] = [from, this.#lastBlockLength];
    let offset = this.#tailOffset;
    for (const block of blocks.slice(0, count)) {
      if (block.type !== 'space') expected.push(offset, block.raw.length);
      offset += block.raw.length;
    }
    const actual: number[] = [];
    offset = from;
    for (const block of blockTokens(text.slice(from), this.#options)) {
      if (actual.length >= expected.length) break;
      if (block.type !== 'space') actual.push(offset, block.raw.length);
      offset += block.raw.length;
    }
    return actual.length === expected.length && actual.every((value, i) => value === expected[i]);
  }

  /**
   * Lexes newly finished blocks in order, each with the definitions of the blocks before it (as a one-shot render
   * knows them), records their definitions and moves the tail past them. Definitions themselves render nothing.
   */
  #lexFinishing(blocks: Token[]): FinishingBlock[] {
    const finishing: FinishingBlock[] = [];
    let offset = this.#tailOffset;
    for (const block of blocks) {
      const start = offset;
      offset += block.raw.length;
      if (block.type === 'space') continue;
      this.#lastBlockStart = start;
      this.#lastBlockLength = block.raw.length;
      // A top-level definition is all in its block token. Any other block is lexed with the definitions known so
      // far, if it has a `[` to use one: copying them for every block was quadratic (20,000 definitions at once).
      const tokens = block.type === 'def' ? null : lexMarkdown(block.raw, this.#options, block.raw.includes('[') ? this.#links : undefined);
      const found = tokens ? tokens.links : { [(block as Tokens.Def).tag]: block as Tokens.Def };
      // Definitions may sit at top level or inside a quote or list; any of them applies to the whole answer.
      for (const [label, link] of Object.entries(found)) {
        if (label in this.#links) continue;
        // Copies: the lexer's strings are slices of this version of the whole answer.
        this.#links[label] = { href: copyOf(link.href), title: link.title && copyOf(link.title) };
        this.#linkCount++;
        this.#newDefinitions = true;
      }
      if (!tokens) continue;
      const html = tokensToHtml(tokens, this.#options);
      finishing.push({ start, raw: block.raw, html, hasRawHtml: containsRawHtml(tokens, this.#options), linksKnown: this.#linkCount });
    }
    this.#tailOffset = offset;
    return finishing;
  }

  /**
   * Sanitizes the finished blocks and the tail (see renderBlocks), inserts the finished blocks before the tail (their
   * live nodes, which showed them while they streamed, become theirs), and returns the tail's sanitized fragment.
   */
  #insertFinished(finishing: FinishingBlock[], tailHtml: string): DocumentFragment {
    const { blocks: parts, tail } = renderBlocks(
      finishing.map(block => block.html),
      tailHtml,
      this.#options,
      !finishing.some(block => block.hasRawHtml),
    );

    // Read before the first move of nodes (reading it makes the browser restyle): put back after the last.
    let restoreSelection: (() => void) | undefined;
    finishing.forEach((block, i) => {
      if (parts[i]!.childNodes.length !== NODES_PER_BLOCK) this.#irregularBlocks = true;
      // The tail's live nodes showed this block while it streamed; they become its finished nodes, where they are.
      const nodes = syncLeadingChildren(this.#group(), this.#decorated(parts[i]!, true), this.#lastFinishedNode());
      const { start, raw, linksKnown, hasRawHtml } = block;
      this.#finished.push({ start: this.#windowStart + start, length: raw.length, source: raw.includes(']') ? copyOf(raw) : null, nodes, linksKnown, hasRawHtml });
      this.stats.finishedBlocks++;
      if (this.#finished.length - this.#openGroupFrom === BLOCKS_PER_GROUP) {
        const rest = this.#closeGroup();
        if (rest) {
          restoreSelection ??= keepSelection(this.#container);
          this.#group().append(...rest);
        }
      }
    });
    restoreSelection?.();
    // A definition applies to blocks before it too, as in a one-shot render.
    if (this.#newDefinitions) {
      this.#newDefinitions = false;
      this.#rerenderForNewDefinitions();
    }
    return tail;
  }

  /**
   * The open group holds BLOCKS_PER_GROUP finished blocks: the next block starts a group of its own. Returns the
   * nodes after its blocks (the tail's: the block being written, or blocks finishing in this render), which move on
   * into the next group: a few nodes, never finished blocks. Null when there are none.
   */
  #closeGroup(): ChildNode[] | null {
    const group = this.#openGroup!;
    const last = this.#lastFinishedNode();
    this.#openGroupFrom = this.#finished.length;
    this.#openGroup = null;
    const rest: ChildNode[] = [];
    for (let node = last ? last.nextSibling : group.firstChild; node; node = node.nextSibling) rest.push(node);
    return rest.length > 0 ? rest : null;
  }

  /** A definition arrived after blocks that may use it: re-render those whose rendering now differs. */
  #rerenderForNewDefinitions(): void {
    for (const block of this.#finished) {
      if (block.linksKnown === this.#linkCount || block.source === null) continue;
      block.linksKnown = this.#linkCount;
      const rendered = renderText(block.source, this.#options, this.#links).fragment;
      if (rendered.childNodes.length !== NODES_PER_BLOCK) this.#irregularBlocks = true;
      const fragment = this.#decorated(rendered, true);
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
 * Reads the selection of `container`'s root, before nodes of `container` are re-parented (which collapses a selection
 * inside them); the function returned puts it back.
 */
function keepSelection(container: Element): () => void {
  const root = container.getRootNode() as Document | (ShadowRoot & { getSelection?: () => Selection | null });
  const selection = root.getSelection?.() ?? null;
  const kept = selection && selection.rangeCount > 0 ? [selection.anchorNode, selection.anchorOffset, selection.focusNode, selection.focusOffset] as const : null;
  return () => {
    if (!kept || !selection) return;
    const [anchor, anchorOffset, focus, focusOffset] = kept;
    if (selection.anchorNode === anchor && selection.anchorOffset === anchorOffset && selection.focusNode === focus && selection.focusOffset === focusOffset) return;
    if (anchor?.isConnected && focus?.isConnected) selection.setBaseAndExtent(anchor, anchorOffset, focus, focusOffset);
  };
}
