/**
 * Shapes of markdown that make the parser take seconds (marked's cost is linear in the text for ordinary answers,
 * but not for these), found with a cheap scan of lines so that an answer holding one is shown as plain text
 * instead. The page stays responsive whatever the text: no render is a long task. Ordinary answers never come
 * near the limits, so for them nothing changes (and the streamed answer still ends equal to a one-shot render: the
 * same scan decides both).
 *
 * - Nesting: each level of a quote or list re-lexes its content, so a line with MAX_NESTING container markers
 *   (`> - > 1. …`) marks the text, whatever its length.
 * - Long or deep lists: marked's list tokenizer costs tens of microseconds per item and per level of nesting, all in
 *   one task when the list is rendered, so a list whose items weigh more than MAX_LIST_WORK (an item indented by c
 *   columns weighs 1 + c / 2) marks the text: a flat list of 100,000 items or 20,000 items nested 63 deep would take
 *   seconds, and a list nested 64 levels deep (one item per level) weighs more than that already.
 * - Brackets in one paragraph (or list item): marked tries a link label at every `[` and a label may run across
 *   code spans, so a paragraph's cost grows with brackets × (brackets + backticks); past MAX_LABEL_WORK the text is
 *   marked. Emphasis delimiters and `<` cost quadratically too when they never close: more than MAX_DELIMITERS of
 *   them in one paragraph marks the text. Table rows are lexed cell by cell, so they do not count.
 * - Size: more than MAX_RUN_CHARS characters without a blank line (in code, blank lines do not count; nor between
 *   lines indented four columns, which an indented code block spans) marks the text. A growing indented code block
 *   is also lexed again whole in each render (no fast path), quadratic over a stream. The browser lays out a block's text all at once, in one frame: a 2 MB paragraph (or one word of 2 MB, or
 *   a 2 MB table cell) took 0.4–1.4 s of CPU in one task, a 2 MB code block 0.4–0.6 s. Shown as plain text, it is
 *   split into pieces the browser lays out only when in view (see plainTextView).
 * - Big tables: marked lexes a table's rows again for each row, and the browser lays a table out all at once, so a
 *   table of more than MAX_TABLE_CELLS cells (counted as `|`) marks the text: 20,000 rows or 2,000 columns took seconds.
 */

import { FENCE_MARKER, LINE_INDENT, LIST_MARKER } from './syntax.js';

const MAX_NESTING = 64;
const MAX_LIST_WORK = 2_000;
const MAX_LABEL_WORK = 4_000_000;
const MAX_DELIMITERS = 2_000;
const MAX_RUN_CHARS = 100_000;
const MAX_TABLE_CELLS = 10_000;

// One leading whitespace run, then markers (list markers need a space after them, so a long `------` rule
// is not nesting): each step consumes a marker, so the match is linear, without backtracking blow-up.
const DEEP_NESTING = new RegExp('^[ \\t]*(?:>[ \\t]*|' + LIST_MARKER + '[ \\t]+){' + MAX_NESTING + ',}');
/** A list item's line: its indentation (quote markers included) in group 1. */
const LIST_ITEM = new RegExp('^(' + LINE_INDENT + ')' + LIST_MARKER + '(?:[ \\t]|$)');
/** A fence's opening or closing line (in a quote or list too): its marker in group 1. */
const FENCE = new RegExp('^(?:[ \\t>]|' + LIST_MARKER + '[ \\t])*(' + FENCE_MARKER + ')');
const BLANK = new RegExp('^' + LINE_INDENT + '$');

/** What the scan knows after a line: plain data, so the state before the last (still growing) line can be kept. */
interface ScanState {
  tripped: boolean;
  /** The fence open at this point, or null. */
  fence: string | null;
  /** The weight of the list items since the last list could have ended. */
  listWork: number;
  /** The previous line was blank. */
  afterBlank: boolean;
  /** `[`, backticks, and emphasis delimiters and `<`, in the paragraph or list item being read. */
  brackets: number;
  backticks: number;
  delimiters: number;
  /** Characters since the last blank line outside code. */
  run: number;
  /** Characters of the indented code (4+ columns) read since the last line that was neither that nor blank. */
  indentedRun: number;
  /** `|` in the table rows read since the last line that was not one. */
  tableCells: number;
}

const initialState = (): ScanState => ({
  tripped: false,
  fence: null,
  listWork: 0,
  afterBlank: true,
  brackets: 0,
  backticks: 0,
  delimiters: 0,
  run: 0,
  indentedRun: 0,
  tableCells: 0,
});

/** Adds the line's brackets, backticks and delimiters to the paragraph's counts. */
function countInline(state: ScanState, line: string): void {
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === '[') state.brackets++;
    else if (char === '`') state.backticks++;
    else if (char === '*' || char === '_' || char === '~' || char === '<') state.delimiters++;
  }
}

const TABLE_ROW = new RegExp('^' + LINE_INDENT + '\\|');
/** A line indented four columns or more (indented code, or a list item's continuation). */
const INDENTED = /^(?: {4}|\t)/;

/** Reads one line into `state`. */
function scanLine(state: ScanState, line: string): void {
  // Blank lines in code do not end it: a code block is one block. An indented one goes on across blank lines too.
  const blank = BLANK.test(line);
  state.run = blank && state.fence === null ? 0 : state.run + line.length + 1;
  state.indentedRun = blank || INDENTED.test(line) ? state.indentedRun + line.length + 1 : 0;
  if (DEEP_NESTING.test(line) || state.run > MAX_RUN_CHARS || state.indentedRun > MAX_RUN_CHARS) {
    state.tripped = true;
    return;
  }
  const fence = FENCE.exec(line)?.[1];
  if (state.fence !== null) {
    // Code is literal: nothing in it costs more than its length.
    if (fence && fence[0] === state.fence[0] && fence.length >= state.fence.length) state.fence = null;
    return;
  }
  if (fence) {
    state.fence = fence;
    return;
  }
  if (blank) {
    state.afterBlank = true;
    state.brackets = state.backticks = state.delimiters = 0;
    return;
  }
  const item = LIST_ITEM.exec(line);
  if (item) {
    state.listWork += 1 + (item[1]!.length >> 1);
    // Each item's text is lexed on its own.
    state.brackets = state.backticks = state.delimiters = 0;
  }
  // A line at column 0 after a blank line that is not an item ends any list.
  else if (state.afterBlank && !/^[ \t]/.test(line)) state.listWork = 0;
  state.afterBlank = false;
  if (!TABLE_ROW.test(line)) {
    state.tableCells = 0;
    countInline(state, line);
  } else state.tableCells += line.split('|').length - 1;
  if (state.tableCells > MAX_TABLE_CELLS || state.listWork > MAX_LIST_WORK || state.brackets * (state.brackets + state.backticks) > MAX_LABEL_WORK || state.delimiters > MAX_DELIMITERS) {
    state.tripped = true;
  }
}

/**
 * Scans a growing text line by line, reading each complete line once (the last line, which may still grow, is read
 * again each time without being committed), so the check costs the new text, not the whole answer.
 */
export class ShapeGuard {
  #state = initialState();
  /** Where the lines not read yet start. */
  #readTo = 0;

  /** Where the line not read yet (or still growing) starts. */
  get lineStart(): number {
    return this.#readTo;
  }

  /** The text given from now on starts `by` characters later (earlier when negative): the scan's place moves with it. */
  rebase(by: number): void {
    this.#readTo -= by;
  }

  /**
   * Whether `text` (which extends the text of the previous call) has a shape the parser must not be given. Once
   * true, true for every longer text.
   */
  tripped(text: string): boolean {
    const state = this.#state;
    if (state.tripped) return true;
    let end: number;
    while (!state.tripped && (end = text.indexOf('\n', this.#readTo)) !== -1) {
      scanLine(state, text.slice(this.#readTo, end));
      this.#readTo = end + 1;
    }
    if (state.tripped) return true;
    const last = { ...state };
    scanLine(last, text.slice(this.#readTo));
    // Too long stays too long: the last line is not read again.
    if (last.run > MAX_RUN_CHARS || last.indentedRun > MAX_RUN_CHARS) state.tripped = true;
    return last.tripped;
  }
}

/** True when `markdown` has a shape the parser must not be given (see the module comment). */
export const isPathological = (markdown: string): boolean => new ShapeGuard().tripped(markdown);
