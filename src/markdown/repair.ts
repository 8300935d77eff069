/**
 * Repairs the unfinished end of a streaming markdown answer so it renders the way its finished form will,
 * instead of flashing raw syntax: `**bol` → `**bol**`, `` `cod `` → `` `cod` ``, `[text](htt` → `text`,
 * a half-typed fence, heading or list marker on the last line is held back, and so is a half-typed HTML tag.
 *
 * Only the end of the text is looked at (the last paragraph, after the last blank line), so the cost per frame
 * is bounded by the tail, not the answer. Used only while streaming; the finished text is rendered as-is.
 *
 * Why not `remend` (Vercel streamdown's repair)? It covers more exotic cases (KaTeX, setext, nested link
 * brackets) but costs ~5.9 kB gzip minified (17 kB raw) of a 42 kB gzip budget that the four runtime
 * dependencies already take ~34 kB of; this module is ~1.2 kB gzip (2.5 kB minified) for the cases chat
 * answers hit.
 */

const FENCE_LINE = /^(?:[ \t]*(?:>|[-*+]|\d{1,9}[.)])(?=[ \t]))*[ \t]*(`{3,}|~{3,})([^\n]*)$/;
/** A last line that is only a block marker: would flash an empty heading/list item or a setext heading. */
const BARE_MARKER_LINE = /(?:^|\n)[ \t]*(?:[-*+=]|\d{1,9}[.)]|#{1,6}|`{1,2}|~{1,2})[ \t]*$/;
/** A half-typed HTML tag or autolink at the very end: `<img src=x on`, `<https://exa`. */
const PARTIAL_TAG = /<(?:[A-Za-z/!?][^<>\n]*)?$/;
const WHITESPACE = /\s/;
const PUNCTUATION = /[\p{P}\p{S}]/u;

interface Fence {
  char: string;
  length: number;
}

/** The fence still open at the end of `text`, if any. Scans line starts only. */
function openFenceAtEnd(text: string): Fence | null {
  let open: Fence | null = null;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    // Cheap pre-check: only lines containing ``` or ~~~ can be fences.
    const line = text.slice(lineStart, lineEnd);
    if (line.includes('``') || line.includes('~~')) {
      const match = FENCE_LINE.exec(line);
      if (match) {
        const marker = match[1]!;
        if (!open) {
          if (!(marker[0] === '`' && match[2]!.includes('`'))) open = { char: marker[0]!, length: marker.length };
        } else if (marker[0] === open.char && marker.length >= open.length && match[2]!.trim() === '') {
          open = null;
        }
      }
    }
    lineStart = lineEnd + 1;
  }
  return open;
}

type Span = [start: number, end: number];

interface CodeSpans {
  spans: Span[];
  /** Index and length of a backtick run that opened a code span that never closed. */
  open?: { index: number; length: number };
}

/** Code spans in `text` (pairs of equal-length backtick runs), and an unclosed opener if there is one. */
function findCodeSpans(text: string): CodeSpans {
  const spans: Span[] = [];
  let i = text.indexOf('`');
  while (i !== -1) {
    let runEnd = i;
    while (text[runEnd] === '`') runEnd++;
    if (i > 0 && text[i - 1] === '\\') {
      i = text.indexOf('`', runEnd);
      continue;
    }
    const length = runEnd - i;
    let search = runEnd;
    let closeAt = -1;
    while ((search = text.indexOf('`', search)) !== -1) {
      let end = search;
      while (text[end] === '`') end++;
      if (end - search === length) {
        closeAt = search;
        break;
      }
      search = end;
    }
    if (closeAt === -1) return { spans, open: { index: i, length } };
    spans.push([i, closeAt + length]);
    i = text.indexOf('`', closeAt + length);
  }
  return { spans };
}

const inSpans = (spans: Span[], index: number) => spans.some(([start, end]) => index >= start && index < end);

/** `[text](partial-url` at the end → `text`; `![alt](partial` → nothing. Returns the repaired text. */
function repairLinkDestination(text: string, spans: Span[]): string {
  const destinationStart = text.lastIndexOf('](');
  if (destinationStart === -1 || inSpans(spans, destinationStart)) return text;
  if (text.indexOf(')', destinationStart) !== -1) return text;
  // Find the `[` that this `]` closes.
  let depth = 0;
  for (let i = destinationStart - 1; i >= 0; i--) {
    const char = text[i];
    if (char === ']' && text[i - 1] !== '\\') depth++;
    else if (char === '[' && text[i - 1] !== '\\' && !inSpans(spans, i)) {
      if (depth === 0) {
        const isImage = text[i - 1] === '!';
        const label = text.slice(i + 1, destinationStart);
        return isImage ? text.slice(0, i - 1) : text.slice(0, i) + label;
      }
      depth--;
    }
  }
  return text;
}

interface Delimiter {
  char: string;
  index: number;
  length: number;
}

const isWhitespace = (char: string | undefined) => char === undefined || WHITESPACE.test(char);
const isPunctuation = (char: string | undefined) => char !== undefined && PUNCTUATION.test(char);

/** Emphasis/strikethrough openers (`*`, `_`, `~`) still unclosed at the end of `text`, outermost first. */
function unclosedEmphasis(text: string, spans: Span[]): Delimiter[] {
  const stack: Delimiter[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char !== '*' && char !== '_' && char !== '~') continue;
    if (text[i - 1] === '\\' || inSpans(spans, i)) continue;
    let end = i;
    while (text[end] === char) end++;
    const length = end - i;
    const before = text[i - 1];
    const after = text[end];
    const leftFlanking = !isWhitespace(after) && (!isPunctuation(after) || isWhitespace(before) || isPunctuation(before));
    const rightFlanking = !isWhitespace(before) && (!isPunctuation(before) || isWhitespace(after) || isPunctuation(after));
    let canOpen = leftFlanking;
    let canClose = rightFlanking;
    if (char === '_') {
      canOpen = leftFlanking && (!rightFlanking || isPunctuation(before));
      canClose = rightFlanking && (!leftFlanking || isPunctuation(after));
    } else if (char === '~' && length > 2) {
      canOpen = canClose = false;
    }
    let remaining = length;
    if (canClose) {
      for (let s = stack.length - 1; s >= 0 && remaining > 0; s--) {
        const opener = stack[s]!;
        if (opener.char !== char) continue;
        const used = Math.min(opener.length, remaining);
        remaining -= used;
        opener.length -= used;
        stack.length = opener.length > 0 ? s + 1 : s;
        break;
      }
    }
    if (canOpen && remaining > 0) stack.push({ char, index: end - remaining, length: remaining });
    i = end - 1;
  }
  return stack;
}

/**
 * Repairs the end of a streaming markdown text (see the module comment). Pure; cost linear in the last
 * paragraph (plus a line scan for code fences).
 * @param text markdown received so far (the unfinished tail of an answer).
 * @returns markdown that renders as the finished form of `text` most likely will.
 */
export function repairMarkdownTail(text: string): string {
  const fence = openFenceAtEnd(text);
  if (fence) {
    // Inside a code block everything is literal; only hold back a closing fence that is still being typed.
    const lastLine = text.slice(text.lastIndexOf('\n') + 1);
    return /^[ \t]*(`{1,2}|~{1,2})$/.test(lastLine) && lastLine.trim()[0] === fence.char ? text.slice(0, text.lastIndexOf('\n') + 1) : text;
  }
  const repaired = text.replace(BARE_MARKER_LINE, '');
  const paragraphStart = repaired.lastIndexOf('\n\n') + 1;
  const head = repaired.slice(0, paragraphStart);
  let paragraph = repaired.slice(paragraphStart);

  let code = findCodeSpans(paragraph);
  if (code.open) {
    const { index, length } = code.open;
    if (paragraph.slice(index + length).trim() === '') paragraph = paragraph.slice(0, index);
    else paragraph += '`'.repeat(length);
    code = findCodeSpans(paragraph);
  }
  const tag = PARTIAL_TAG.exec(paragraph);
  if (tag && !inSpans(code.spans, tag.index)) paragraph = paragraph.slice(0, tag.index);

  const linked = repairLinkDestination(paragraph, code.spans);
  if (linked !== paragraph) {
    paragraph = linked;
    code = findCodeSpans(paragraph);
  }

  const openers = unclosedEmphasis(paragraph, code.spans);
  if (openers.length > 0) {
    let body = paragraph.trimEnd();
    const trailing = paragraph.slice(body.length);
    let closers = '';
    for (let i = openers.length - 1; i >= 0; i--) {
      const opener = openers[i]!;
      if (opener.index + opener.length >= body.length) body = body.slice(0, opener.index).trimEnd();
      else closers += opener.char.repeat(opener.length);
    }
    paragraph = body + closers + trailing;
  }
  return head + paragraph;
}
