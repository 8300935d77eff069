import DOMPurify from 'dompurify';
import katex from 'katex';
import type { TokenizerAndRendererExtension } from 'marked';
import { partElement } from '../markdown/decorate/part-element.js';
import type { MarkdownPlugin } from '../markdown/plugins.js';

/**
 * Maths in answers: `$…$` and `\(…\)` inline, `$$…$$` and `\[…\]` displayed, rendered by KaTeX as MathML (which
 * Chromium, Firefox and Safari draw natively: no fonts or style sheet to ship).
 *
 * - Where: formulas are inline syntax, read inside a paragraph (as pandoc reads them), so block structure, and
 *   with it incremental streaming, is unchanged. Code spans and fences are never touched. `$` opens only before a
 *   non-space and closes only after one, not before a digit: `$5 and $10` stays text.
 * - Safety: marked emits a `<code class="language-math">` placeholder holding the source (text through the
 *   markdown sanitizer as any code span); `decorate` swaps it for KaTeX's MathML, built as DOM (no HTML string is
 *   parsed) with `trust: false` (no `\href`, `\url`, `\htmlClass`…), sizes and macro expansion bounded, and then
 *   sanitized in place by a DOMPurify that keeps only MathML elements and attributes with plain values.
 * - Bad TeX never throws: it shows its source, delimiters and all, in the chat's danger colour, with KaTeX's message
 *   as a tooltip. KaTeX's own error output (`throwOnError: false`) is not used: it sets a `style` attribute, which a
 *   strict CSP refuses; so is the one MathML style KaTeX writes (`\pmb`, `\fcolorbox`), mapped to styleless forms.
 * - Streaming: a formula renders in the frame its closing delimiter arrives (rendered formulas are cached, so the
 *   tail re-rendered every frame costs a clone); until then its source shows as text, and the repair of the
 *   streaming tail treats it as literal (no `*` or `_` inside it is taken for emphasis).
 */

/** The longest formula source (between delimiters) rendered; a longer one stays text. Bounds KaTeX's work per formula. */
export const MAX_FORMULA_LENGTH = 2000;

const N = MAX_FORMULA_LENGTH;
/**
 * Formulas by their delimiters, in the order they are tried at a `$` or `\`: `$$`, `\[`, `\(`, `$`. No backtick inside
 * one: `$5` never pairs with a `$` in a later code span.
 */
const DELIMITERS: readonly RegExp[] = [
  new RegExp(String.raw`\$\$(?=[^$]*?\S)(?:[^$\\\x60]|\\[^\x60]){1,${N}}?\$\$`, 'y'),
  new RegExp(String.raw`\\\[(?=[\s\S]*?\S)[^\x60]{1,${N}}?\\\]`, 'y'),
  new RegExp(String.raw`\\\([^\x60]{1,${N}}?\\\)`, 'y'),
  // Pandoc's rule: no space after the opening `$` nor before the closing one, and no digit after it.
  new RegExp(String.raw`\$(?![\s$])(?:[^$\\\x60]|\\[^\x60]){1,${N}}?(?<!\s)\$(?!\d)`, 'y'),
];
const BACKTICKS = /`+/g;
/** Openers that cannot be currency: while streaming, what follows one is taken as a formula being written. */
const DISPLAY_OPENER = /\$\$|\\\[|\\\(/y;

/**
 * The formula starting at `index` of `text`: its source with delimiters, or null. `before` is the character before
 * it: a `$` right after another is the second half of a `$$` that did not close (yet), not an inline formula.
 */
function formulaAt(text: string, index: number, before: string | undefined): string | null {
  const char = text[index];
  if (char === '\\') {
    // `\[` and `\(`: a native search for the closer first (bounded), so a paragraph of unclosed openers costs little.
    const closer = text[index + 1] === '[' ? '\\]' : text[index + 1] === '(' ? '\\)' : null;
    if (!closer || !text.slice(index + 2, index + N + 4).includes(closer)) return null;
  } else if (char !== '$') return null;
  for (const pattern of before === '$' ? DELIMITERS.slice(0, 3) : DELIMITERS) {
    pattern.lastIndex = index;
    const match = pattern.exec(text);
    if (match) return match[0];
  }
  return null;
}

/**
 * The formulas in a paragraph's text, as `[start, end)` ranges, found the way marked's inline lexer meets them:
 * code spans and backslash escapes first. With `open`, a display opener without its closer yet (`$$`, `\[`, `\(`)
 * is a range to the end of the text: the formula still being streamed.
 */
export function formulaSpans(text: string, open = false): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  /** Backtick run lengths known to have no closing run further on (keeps the scan linear). */
  const unclosedRuns = new Set<number>();
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '`') {
      // A code span: from a backtick run to the next run of the same length (marked's rule), literal inside.
      BACKTICKS.lastIndex = i;
      const run = BACKTICKS.exec(text)![0].length;
      let close: RegExpExecArray | null = null;
      if (!unclosedRuns.has(run)) {
        while ((close = BACKTICKS.exec(text)) && close[0].length !== run);
        if (!close) unclosedRuns.add(run);
      }
      i = close ? close.index + run - 1 : i + run - 1;
    } else if (char === '$' || char === '\\') {
      const formula = formulaAt(text, i, text[i - 1]);
      if (formula) {
        spans.push([i, i + formula.length]);
        i += formula.length - 1;
        continue;
      }
      DISPLAY_OPENER.lastIndex = i;
      if (open && DISPLAY_OPENER.test(text)) {
        spans.push([i, text.length]);
        break;
      }
      if (char === '\\') i++; // an escape: the next character is literal
    }
  }
  return spans;
}

/** Hides emphasis delimiters inside formulas from marked's search for closers (same length: positions hold). */
function maskFormulas(text: string): string {
  if (!text.includes('$') && !text.includes('\\')) return text;
  let masked = '';
  let last = 0;
  for (const [start, end] of formulaSpans(text)) {
    masked += text.slice(last, start) + text.slice(start, end).replace(/[*_~]/g, '+');
    last = end;
  }
  return masked + text.slice(last);
}

const escapeMap: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, c => escapeMap[c]!);

const FORMULA_START = /[$\\]/;

const mathExtension: TokenizerAndRendererExtension = {
  name: 'math',
  level: 'inline',
  start: src => {
    const index = src.search(FORMULA_START);
    return index === -1 ? undefined : index;
  },
  tokenizer(src, tokens) {
    const raw = formulaAt(src, 0, tokens.at(-1)?.raw.at(-1));
    return raw ? { type: 'math', raw } : undefined;
  },
  // A placeholder the markdown sanitizer keeps as it keeps any code span; `decorate` replaces it.
  renderer: token => `<code class="language-math">${escapeHtml(token.raw)}</code>`,
};

// ── rendering ───────────────────────────────────────────────────────────────

/** KaTeX's MathML: the elements and attributes it writes, and nothing else (no `href`, `style`, `class`, `id`). */
const MATHML_TAGS = [
  'math', 'semantics', 'annotation', 'mrow', 'mi', 'mn', 'mo', 'ms', 'mtext', 'mspace', 'msup', 'msub', 'msubsup',
  'mfrac', 'msqrt', 'mroot', 'mstyle', 'mtable', 'mtr', 'mtd', 'mlabeledtr', 'mover', 'munder', 'munderover',
  'mpadded', 'mphantom', 'menclose', 'merror', 'mmultiscripts', 'mprescripts', 'none',
];
const MATHML_ATTRIBUTES = [
  'display', 'mathvariant', 'stretchy', 'fence', 'separator', 'lspace', 'rspace', 'minsize', 'maxsize',
  'movablelimits', 'accent', 'accentunder', 'largeop', 'symmetric', 'linethickness', 'scriptlevel', 'displaystyle',
  'width', 'height', 'depth', 'voffset', 'columnalign', 'rowalign', 'columnspacing', 'rowspacing', 'columnlines',
  'rowlines', 'frame', 'framespacing', 'equalrows', 'equalcolumns', 'notation', 'mathcolor', 'mathbackground',
  'encoding', 'side', 'rowspan', 'columnspan',
];
/** Attribute values KaTeX writes: names, numbers, lengths, colours; never a URL, `(` or `:`. */
const PLAIN_VALUE = /^[\w\s#.,%+-]*$/;

let purifier: ReturnType<typeof DOMPurify> | undefined;

/** A private DOMPurify for MathML, used in place on DOM (no HTML string is parsed, so no Trusted Types policy is needed). */
function mathPurifier() {
  if (purifier) return purifier;
  purifier = DOMPurify(window);
  purifier.setConfig({
    TRUSTED_TYPES_POLICY: null,
    IN_PLACE: true,
    ALLOWED_TAGS: ['span', ...MATHML_TAGS],
    ALLOWED_ATTR: MATHML_ATTRIBUTES,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    // The XML check drops any element whose text holds `<b` (`$a<b$`): it guards serialized output re-parsed as
    // XML, and this DOM is never serialized.
    SAFE_FOR_XML: false,
  });
  purifier.addHook('uponSanitizeAttribute', (_node, data) => {
    const value = data.attrValue;
    if (data.attrName === 'encoding' ? value !== 'application/x-tex' : !PLAIN_VALUE.test(value)) data.keepAttr = false;
  });
  return purifier;
}

/** `\pmb` and `\fcolorbox` are the only commands whose MathML has a `style` attribute: drawn without it instead. */
const STYLELESS_MACROS = { '\\pmb': '\\boldsymbol{#1}', '\\fcolorbox': '\\@secondoftwo{#1}{\\colorbox{#2}{#3}}' };

const katexOptions = (displayMode: boolean) => ({
  displayMode,
  output: 'mathml' as const,
  throwOnError: true, // caught below: see the module comment
  trust: false,
  strict: 'ignore' as const,
  maxSize: 20, // em: `\rule{1e6em}{1e6em}` stays a small box
  maxExpand: 500, // macro expansions per formula: `\def` bombs stop early
  macros: { ...STYLELESS_MACROS }, // a fresh object: `\gdef` in one formula never reaches the next
});

/** The danger colour of the chat the formula is shown in, with the chat's default outside one. */
const ERROR_COLOR = 'var(--_danger, light-dark(#c4291c, #ff8178))';

/**
 * Sets styles through the CSSOM, which a strict CSP allows (a `style` attribute it refuses), and makes the `style`
 * attribute now (Chromium adds it lazily, when read): every kind of formula then has its attributes in one order
 * (class, part, style, then tabindex or title), so a live formula patched into another kind ends as a fresh one.
 */
function setStyle(element: HTMLElement, styles: Partial<CSSStyleDeclaration>): void {
  Object.assign(element.style, styles);
  element.getAttribute('style');
}

/** Builds the DOM shown for one formula source (delimiters included). */
function buildFormula(source: string): HTMLElement {
  const display = source.startsWith('$$') || source.startsWith('\\[');
  const open = source[0] === '$' && !display ? 1 : 2;
  const tex = source.slice(open, source.length - open);
  const holder = document.createElement('span');
  try {
    katex.render(tex, holder, katexOptions(display));
    mathPurifier().sanitize(holder);
    const math = holder.querySelector('math');
    if (!math) throw new Error('no MathML');
    const element = partElement('span', display ? 'math-display' : 'math');
    element.append(math);
    if (display) {
      // A wide formula scrolls in its own box, as code does.
      setStyle(element, { display: 'block', overflowX: 'auto' });
      element.setAttribute('tabindex', '0');
    }
    return element;
  } catch (error) {
    const element = partElement('span', 'math-error');
    element.textContent = source;
    setStyle(element, { color: ERROR_COLOR });
    element.title = error instanceof katex.ParseError ? error.message : 'This formula could not be shown.';
    return element;
  }
}

/** Formulas rendered lately, by source: the streaming tail is decorated every frame. */
const cache = new Map<string, HTMLElement>();
const CACHE_SIZE = 500;

/** The DOM for one formula source (delimiters included): a fresh copy, from the cache when it can be. */
export function renderFormula(source: string): HTMLElement {
  let element = cache.get(source);
  if (element) cache.delete(source);
  else element = buildFormula(source);
  cache.set(source, element);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return element.cloneNode(true) as HTMLElement;
}

/** Replaces the placeholders of a rendered fragment with their formulas (code blocks are left alone). */
function decorate(fragment: DocumentFragment): void {
  for (const code of fragment.querySelectorAll('code.language-math')) {
    if (code.parentNode?.nodeName !== 'PRE') code.replaceWith(renderFormula(code.textContent ?? ''));
  }
}

/**
 * The maths plugin for `SseChat.use` (the `sse-chat/math` module and `sse-chat.math.js` add it themselves). A chat's
 * Clear calls `release`: the cached formulas go with the conversation (a formula shown again is rendered again).
 */
export const math: MarkdownPlugin = {
  extension: { extensions: [mathExtension], hooks: { emStrongMask: maskFormulas } },
  decorate,
  spans: text => formulaSpans(text, true),
  release: () => cache.clear(),
};
