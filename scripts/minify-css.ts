/**
 * Minifies the CSS inside Lit's css`…` literals, for the script-tag bundle (vite.config.ts, bundle mode). The JS
 * minifier keeps template text verbatim, so the element's styles would otherwise ship with their indentation and
 * comments. Pure string functions: the browser test checks that Chromium parses the result to the same rules.
 */

/** Quoted CSS strings (kept byte for byte) and comments (dropped), in one pass so a quote inside a comment is inert. */
const STRINGS_AND_COMMENTS = /\/\*[\s\S]*?\*\/|'(?:[^'\\]|\\[\s\S])*'|"(?:[^"\\]|\\[\s\S])*"/g;
/** Stands in for a kept string while whitespace is squeezed; U+0001 never occurs in CSS we write. */
const PLACEHOLDER = /\u0001(\d+)\u0001/g;

/** A number's leading zero: `0.` before a digit, where a number starts (not inside a name such as `h0.5` or `#a0.5`). */
const LEADING_ZERO = /(^|[\s:,(/*+-])0\.(?=\d)/g;
/** A kept string that is the whole value of an attribute selector (`[a=…]`). */
const QUOTED_ATTRIBUTE_VALUE = /(?<=\[[\w-]+=)\u0001(\d+)\u0001(?=\])/g;
/** A quoted string whose text is a CSS identifier, which an attribute selector may take unquoted. */
const IDENTIFIER_STRING = /^(['"])(-?[A-Za-z_][\w-]*)\1$/;

/**
 * `css` without comments and without whitespace CSS does not need: runs collapse to one space, and none is kept
 * next to `{ } ; , >` or after `:`. Strings keep their spaces. Spaces around `+ - * / ~` stay (`calc()` needs them
 * around `+` and `-`). Two short forms: a number's leading zero goes (`0.5rem` → `.5rem`), and an attribute
 * selector's quoted value that is a plain identifier loses its quotes (`[theme='dark']` → `[theme=dark]`). Text that
 * already contains U+0001 is returned unchanged.
 */
export function minifyCss(css: string): string {
  if (css.includes('\u0001')) return css;
  const strings: string[] = [];
  const masked = css.replace(STRINGS_AND_COMMENTS, token => {
    if (token.startsWith('/*')) return ' ';
    strings.push(token);
    return `\u0001${strings.length - 1}\u0001`;
  });
  const squeezed = masked
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,>]) ?/g, '$1')
    .replace(/: /g, ':')
    .replace(/;}/g, '}')
    .replace(LEADING_ZERO, '$1.')
    .replace(QUOTED_ATTRIBUTE_VALUE, (whole, index: string) => IDENTIFIER_STRING.exec(strings[Number(index)])?.[2] ?? whole)
    .trim();
  return squeezed.replace(PLACEHOLDER, (_, index: string) => strings[Number(index)]);
}

/**
 * A css`…` literal without `${…}` interpolations (those hold JS, so such literals are left alone). Escapes are
 * matched whole, so an escaped backtick does not end the literal.
 */
const CSS_LITERAL = /\bcss`((?:[^`\\$]|\\[\s\S]|\$(?!\{))*)`/g;

/** One replacement in a source file: the text between `start` and `end` becomes `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** The edits that minify every plain css`…` literal in `code` (none when there is nothing to gain). */
export function cssLiteralEdits(code: string): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const match of code.matchAll(CSS_LITERAL)) {
    const start = match.index + 'css`'.length;
    const text = minifyCss(match[1]);
    if (text !== match[1]) edits.push({ start, end: start + match[1].length, text });
  }
  return edits;
}

/** A private custom property (`--_name`, the element's CSS locals) where it is named, not inside a longer name. */
const PRIVATE_PROPERTY = /--_[\w-]+(?![\w-])/g;

/**
 * Short names for the element's private custom properties (`--_accent` → `--_8`), for the script-tag bundle: each
 * `--_name` that `styles` (src/sse-chat.styles.ts) names, in order, except those in `keep` (named by a file outside
 * the bundle, such as the maths file, which reads them from the element's styles). Private by the project's
 * convention (STYLE.md: styles read `--_` locals, set from the public `--sse-chat-…` theme), so no page sets or reads them.
 */
export function privatePropertyNames(styles: string, keep: ReadonlySet<string>): Map<string, string> {
  const declared = [...new Set(styles.match(PRIVATE_PROPERTY))].filter(name => !keep.has(name));
  return new Map(declared.map((name, index) => [name, `--_${index.toString(36)}`]));
}

/** The edits that rename every occurrence of `names`' keys in `code` (CSS, templates, strings alike). */
export function privatePropertyEdits(code: string, names: ReadonlyMap<string, string>): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const match of code.matchAll(PRIVATE_PROPERTY)) {
    const short = names.get(match[0]);
    if (short) edits.push({ start: match.index, end: match.index + match[0].length, text: short });
  }
  return edits;
}
