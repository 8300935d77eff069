/**
 * Repairs the unfinished end of a streaming markdown answer so that a frame shows only what the finished answer will
 * show there. Syntax whose outcome is certain is completed (`**bol` → `**bol**`, `` `cod `` → `` `cod` ``,
 * `[text](htt` → `text`); what the next characters decide is held back: a `[label]` that may become a link, an image,
 * a trailing `\`, `&amp`, `*` or `!`, half of a surrogate pair, a half-typed tag or autolink, a fence's opening line
 * (its language) and a closing fence being typed, a line that is only a block marker (`-`, `1`, `#`, `>`, `---`,
 * `- [x]`, `|`), a table header until its delimiter row is complete, a reference definition's label or title.
 *
 * Only the end of the text is looked at: a scan of line starts for fences, the last few lines for block markers and
 * table headers, and the inline context being written (the paragraph, list item, heading or table row), so the
 * cost per frame is bounded by the tail, not the answer. Used only while streaming; the finished text is rendered
 * as-is.
 *
 * What it cannot know, and so shows as it is now (test/markdown/no-flash.test.ts allows the first three):
 * - a paragraph turns into a setext heading when a `===` or `---` line follows it;
 * - a list turns loose (its items get paragraph spacing) when a blank line and another item follow;
 * - `[text][ref]` or `[ref]` stay literal until the definition of `ref` arrives, usually at the end of the answer;
 * - an unclosed `**`, `_` or `` ` `` is closed at the end even if the answer never closes it, except a single `~`
 *   (`~5 ms`) and a `*` between letters or digits (`2*3`), which are left open until their closer arrives;
 * - an unclosed `[` hides what follows it until `]` arrives or 100 characters (a long link text) have passed;
 * - a table row without a leading `|` is taken for a paragraph line.
 * Lines that are a block only while half-typed (`***` before `***bold***`, `#` before `#1`, `*` under a quote) are
 * held back here; StreamingMarkdown finishes a block only when the raw and the repaired tail agree it is finished.
 *
 * Why not `remend` (Vercel streamdown's repair)? It costs ~5.9 kB gzip minified (17 kB raw) of a 42 kB gzip budget
 * that the four runtime dependencies already take ~34 kB of; this module is ~1.8 kB gzip (3.9 kB minified).
 */

import { markdownPlugins } from './plugins.js';
import { FENCE_MARKER, LINE_INDENT, LIST_MARKER, ORDINAL } from './syntax.js';

// The patterns that share parts are built from named parts: plain strings of regular-expression source, joined.
/** A container's marker with the indentation before it: a quote's `>`, or a list marker and its space. */
const CONTAINER_MARKER = '[ \\t]*(?:>|' + LIST_MARKER + '[ \\t])';
/** Lines that open or close a fence (inside quotes and list items too): the marker, then the info string. */
const FENCE_LINES = new RegExp('^(?:' + CONTAINER_MARKER + ')*[ \\t]*(' + FENCE_MARKER + ')(.*)$', 'gm');
/** What a last line may hold and still be only a block marker (or a number that may become one): */
const TASK_BOX = '\\[[ xX]\\][ \\t]*';
/** a list item, rule, setext underline, heading or table row, */
const MARKER_CHARACTERS = '[-*_+=|#][-*_+=|# \\t]*';
/** a fence being typed, */
const FENCE_BEING_TYPED = '`{1,2}|~{1,2}';
/** a number that may become an ordered list item, */
const NUMBER = ORDINAL + '?';
/** a reference definition's label. */
const DEFINITION_LABEL = '\\[[^\\]\\n]*\\]:[ \\t]*';
/**
 * A last line that is only a block marker (would show an empty list item, heading, quote or table row, a `1` that
 * becomes a list, `--` that becomes a rule), a task box without its text, or a reference definition's label: at a
 * line start, not blank, container markers, then one of those or nothing.
 */
const BARE_LINE = new RegExp(
  '(^|\\n)(?=.*\\S)(?:' + CONTAINER_MARKER + ')*[ \\t]*(?:' + [TASK_BOX, MARKER_CHARACTERS, FENCE_BEING_TYPED, NUMBER, DEFINITION_LABEL].join('|') + ')?$',
);
/** A line that starts with `|` (after quote markers), as a table row does. */
const PIPE_LINE = LINE_INDENT + '\\|[^\\n]*';
/** At the start of the text, or just after a line that does not start with `|` (a table's header has none above it). */
const AFTER_NON_PIPE_LINE = '(?<=^|(?:^|\\n)(?!' + LINE_INDENT + '\\|)[^\\n]*\\n)';
/** The delimiter row being typed: only `-`, `|`, `:` and spaces so far. */
const DELIMITER_ROW_SO_FAR = '\\n' + LINE_INDENT + '[-|: \\t]*';
/**
 * A table header (a row starting with `|` under a line that does not) at the end, alone or with its delimiter row
 * still being typed: until that row is complete, it would show as a paragraph of pipes.
 */
const TABLE_HEADER = new RegExp(AFTER_NON_PIPE_LINE + PIPE_LINE + '(?:' + DELIMITER_ROW_SO_FAR + ')?$');
/** A reference definition whose title is still being typed: `[ref]: https://x "Ti`. */
const DEFINITION_TITLE = /(^|\n)( {0,3}\[[^\]\n]+\]:[ \t]*\S+)[ \t]+["'(][^"')\n]*$/;
/** A line that starts a block of its own (list item, heading, fence, table row): inline syntax never crosses it. */
const BLOCK_START = new RegExp('^[\\s>]*(?:' + LIST_MARKER + '\\s|#{1,6}(\\s|$)|' + FENCE_MARKER + '|\\|)');
/** A line after which a new paragraph starts: blank, a heading, a rule or setext underline, a fence. */
const PARAGRAPH_BREAK = new RegExp('^[\\s>]*(?:#{1,6}(\\s|$)|[-*_=][-*_=\\s]*$|' + FENCE_MARKER + '|$)');
/** A half-typed HTML tag or autolink at the very end: `<img src=x on`, `<https://exa`. */
const PARTIAL_TAG = /<(?:[A-Za-z/!?][^<>\n]*)?$/;
/**
 * What the next character decides at the very end: a character reference (`&amp`), an image's `!`, the last of an
 * odd run of backslashes (escaping what comes next, or a hard break before a newline).
 */
const UNFINISHED_END = /(?:&#?[\dA-Za-z]*|!|(?<!\\)((?:\\\\)*)\\(?:\n[ \t>]*)?)$/;
const WHITESPACE = /\s/;
const PUNCTUATION = /[\p{P}\p{S}]/u;
/**
 * What follows a link text's `]`: a destination (parentheses inside it balanced, one level deep) or a reference
 * label; group 1 or 2 is set when it is complete.
 */
const LINK_END = /\((?:[^()\\]|\\.|\([^()]*\))*(\))?|\[[^\]]*(\])?/y;
/** How far back an unclosed `[` still holds back what follows it (a long link text). */
const LINK_TEXT_LIMIT = 100;
/** Half a surrogate pair at the end (a chunk may end inside an emoji): held back until its other half arrives. */
export const HIGH_SURROGATE_AT_END = /[\uD800-\uDBFF]$/;

/** The opening line of the fence still open at the end of `text`, if any: `[1]` is its marker, `index` its start. */
function openFenceAtEnd(text: string): RegExpExecArray | null {
  let open: RegExpExecArray | null = null;
  for (const line of text.matchAll(FENCE_LINES)) {
    const marker = line[1]!;
    const info = line[2]!;
    if (!open) {
      if (!(marker[0] === '`' && info.includes('`'))) open = line as RegExpExecArray;
    } else if (marker[0] === open[1]![0] && marker.length >= open[1]!.length && !info.trim()) {
      open = null;
    }
  }
  return open;
}

const lineStartOf = (text: string, index: number) => text.lastIndexOf('\n', index - 1) + 1;

/** Drops the last line if it is only a block marker (see BARE_LINE). */
const withoutBareLine = (text: string) => text.replace(BARE_LINE, '$1');

/**
 * Where the inline context being written starts: the last table row, list item, heading or paragraph. Inline
 * syntax (code spans, links, emphasis) never crosses that start, so an unclosed `**` in an earlier item is left
 * alone instead of being closed at the end of the last one (the cells of a row are taken as one context).
 */
function inlineContextStart(text: string): number {
  let end = text.length;
  let start = lineStartOf(text, end);
  while (start > 0 && !BLOCK_START.test(text.slice(start, end))) {
    const previous = lineStartOf(text, start - 1);
    if (PARAGRAPH_BREAK.test(text.slice(previous, start - 1))) break;
    end = start - 1;
    start = previous;
  }
  return start;
}

type Span = [start: number, end: number];

/** Code spans in `text` (pairs of equal-length backtick runs), and the backtick run of one that never closed. */
function findCodeSpans(text: string): [spans: Span[], open?: RegExpExecArray] {
  const spans: Span[] = [];
  const runs = /`+/g;
  let run: RegExpExecArray | null;
  while ((run = runs.exec(text))) {
    if (text[run.index - 1] === '\\') continue;
    let close: RegExpExecArray | null;
    while ((close = runs.exec(text)) && close[0] !== run[0]);
    if (!close) return [spans, run];
    spans.push([run.index, runs.lastIndex]);
  }
  return [spans];
}

/** Code spans, plus the ranges markdown plugins keep literal (see MarkdownPlugin.spans). */
function literalSpans(text: string): [spans: Span[], open?: RegExpExecArray] {
  const found = findCodeSpans(text);
  for (const plugin of markdownPlugins) if (plugin.spans) found[0].push(...plugin.spans(text));
  return found;
}

const inSpans = (spans: Span[], index: number) => spans.some(([start, end]) => index >= start && index < end);

/**
 * Links and images still being typed. `[text](partial` shows as `text`; an image shows nothing until it is
 * complete; `[label]` at the very end, `[text][partial` and an unclosed `[` are held back, because the next
 * characters decide between a link and literal brackets (`[1]` stays, `[1](url)` loses them).
 */
function repairLinks(text: string, spans: Span[]): string {
  const open: number[] = [];
  const from = (start: number) => (text[start - 1] === '!' ? start - 1 : start);
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if ((char !== '[' && char !== ']') || text[i - 1] === '\\' || inSpans(spans, i)) continue;
    if (char === '[') {
      open.push(i);
      continue;
    }
    const start = open.pop();
    if (start === undefined) continue;
    LINK_END.lastIndex = i + 1;
    const end = LINK_END.exec(text);
    // `[label]` at the very end, or a destination or reference label still being typed.
    if (i + 1 === text.length || (end && !end[1] && !end[2])) {
      return text[i + 1] === '(' && from(start) === start ? text.slice(0, start) + text.slice(start + 1, i) : text.slice(0, from(start));
    }
    if (end) i = LINK_END.lastIndex - 1;
  }
  const unclosed = open.find(start => text.length - start <= LINK_TEXT_LIMIT);
  return unclosed === undefined ? text : text.slice(0, from(unclosed));
}

/** An emphasis opener not closed yet: where its unused delimiters start, and those delimiters (`**`). */
type Opener = [index: number, run: string];

const isWhitespace = (char: string | undefined) => char === undefined || WHITESPACE.test(char);
const isPunctuation = (char: string | undefined) => char !== undefined && PUNCTUATION.test(char);

/**
 * Emphasis/strikethrough openers (`*`, `_`, `~`) still unclosed at the end of `text`, outermost first, and where
 * the text should end: a run of them at the very end that closes nothing is held back (it may open emphasis).
 */
function unclosedEmphasis(text: string, spans: Span[]): [openers: Opener[], end: number] {
  const stack: Opener[] = [];
  let keep = text.length;
  for (const run of text.matchAll(/([*_~])\1*/g)) {
    const char = run[1]!;
    const i = run.index!;
    const { length } = run[0];
    const end = i + length;
    if (text[i - 1] === '\\' || inSpans(spans, i) || (char === '~' && length > 2)) continue;
    const before = text[i - 1];
    const after = text[end];
    const leftFlanking = !isWhitespace(after) && (!isPunctuation(after) || isWhitespace(before) || isPunctuation(before));
    const rightFlanking = !isWhitespace(before) && (!isPunctuation(before) || isWhitespace(after) || isPunctuation(after));
    let canOpen = leftFlanking;
    let canClose = rightFlanking;
    if (char === '_') {
      canOpen = leftFlanking && (!rightFlanking || isPunctuation(before));
      canClose = rightFlanking && (!leftFlanking || isPunctuation(after));
    } else if (char === '~' ? length === 1 : /^[\dA-Za-z]{2}$/.test(before! + after)) {
      // `~5 ms` means "about" and `2*3` is arithmetic far more often than they open emphasis: not closed before
      // their closer arrives.
      canOpen = false;
    }
    let remaining = length;
    if (canClose) {
      for (let s = stack.length - 1; s >= 0 && remaining > 0; s--) {
        const opener = stack[s]!;
        if (opener[1][0] !== char) continue;
        const used = Math.min(opener[1].length, remaining);
        remaining -= used;
        opener[1] = opener[1].slice(used);
        stack.length = opener[1] ? s + 1 : s;
      }
    }
    if (end === text.length && remaining > 0) keep = end - remaining;
    else if (canOpen && remaining > 0) stack.push([end - remaining, char.repeat(remaining)]);
  }
  return [stack, keep];
}

/** Holds back what the next character decides at the very end (see UNFINISHED_END). */
const withoutUnfinishedEnd = (text: string) => text.replace(UNFINISHED_END, '$1');

/** Repairs the inline context being written (see inlineContextStart). */
function repairInline(text: string): string {
  // A `\` that ends a code span's content so far may yet escape a table's `|`.
  let [spans, open] = literalSpans((text = withoutUnfinishedEnd(text)));
  if (open) {
    const { index } = open;
    const { length } = open[0];
    // A backtick run at the end may be the closer being typed: held back.
    text = text.replace(/`+$/, '');
    const content = text.slice(index + length).trimEnd();
    if (content.trim() === '') text = text.slice(0, index);
    // Closed before a trailing newline (alone on the next line it would be a fence), with a space before the closer
    // when the content starts with one (`` `` a `` shows `a`) or ends with a backtick (which would join the closer).
    else text = text.slice(0, index + length) + content + (/^ |`$/.test(content) ? ' ' : '') + '`'.repeat(length) + text.slice(index + length + content.length);
    [spans] = literalSpans(text);
  }
  const tag = PARTIAL_TAG.exec(text);
  if (tag && !inSpans(spans, tag.index)) text = text.slice(0, tag.index);

  const linked = repairLinks(text, spans);
  if (linked !== text) [spans] = literalSpans((text = linked));

  const [openers, end] = unclosedEmphasis(text, spans);
  // What the cuts above left at the end may be unfinished too (`a\\` + newline + `[x`).
  let body = withoutUnfinishedEnd(text.slice(0, end));
  let closers = '';
  for (let i = openers.length - 1; i >= 0; i--) {
    const [index, run] = openers[i]!;
    // An opener with nothing after it yet is held back; the others are closed, innermost first.
    if (body.slice(index + run.length).trim() === '') body = withoutUnfinishedEnd(body.slice(0, index));
    else closers += run;
  }
  const trimmed = body.trimEnd();
  return trimmed + closers + body.slice(trimmed.length);
}

/**
 * Repairs the end of a streaming markdown text (see the module comment). Pure; cost linear in the last inline
 * context, plus line scans of the text for fences and block markers.
 * @param text markdown received so far (the unfinished tail of an answer).
 * @returns markdown that renders as the finished form of `text` most likely will.
 */
export function repairMarkdownTail(text: string): string {
  if (HIGH_SURROGATE_AT_END.test(text)) text = text.slice(0, -1);
  const fence = openFenceAtEnd(text);
  const lastLine = lineStartOf(text, text.length);
  if (fence) {
    // The opening line is held back until it ends (its language would show letter by letter); inside the block
    // everything is literal, except a line that may be the closing fence being typed.
    if (fence.index === lastLine) return text.slice(0, lastLine);
    const closing = /^[ \t]*(`+|~+)$/.exec(text.slice(lastLine));
    return closing && closing[1]![0] === fence[1]![0] ? text.slice(0, lastLine) : text;
  }
  const held = withoutBareLine(text).replace(TABLE_HEADER, '').replace(DEFINITION_TITLE, '$1$2');
  const start = inlineContextStart(held);
  return withoutBareLine(held.slice(0, start) + repairInline(held.slice(start)));
}
