import { css } from 'lit';
import type { Highlighter, HighlightToken } from '../markdown/decorate/highlighter.js';

/**
 * `sse-chat/highlight`: a tiny, optional syntax highlighter for `<sse-chat>` code blocks. Not part of the
 * element or its script-tag bundle; a page that wants colours imports it and hands it over:
 *
 * ```js
 * import { highlight } from 'sse-chat/highlight';
 * document.querySelector('sse-chat').highlighter = highlight;
 * ```
 *
 * It knows the shape of common languages (comments, strings, numbers, keywords, literals, calls, markup tags),
 * not their grammar: enough to make an answer's snippet readable at a glance, in one linear regex pass. It
 * returns plain tokens, never HTML. Unknown languages come back as null (left plain).
 *
 * Its colours come with it (`highlight.styles`, adopted by the chat) and read these custom properties:
 * `--sse-chat-code-keyword` (default `light-dark(#a626a4, #d19af5)`), `--sse-chat-code-string`
 * (`light-dark(#2f7d32, #98c379)`), `--sse-chat-code-comment` (`light-dark(#5c636b, #8b929c)`),
 * `--sse-chat-code-number` for numbers and literals (`light-dark(#a35200, #e5a56b)`) and
 * `--sse-chat-code-function` for calls, tags and attribute names (`light-dark(#0b61a4, #79b8ff)`); all meet
 * WCAG AA contrast on the default code background in both themes.
 */

export type { Highlighter, HighlightResult, HighlightToken } from '../markdown/decorate/highlighter.js';

interface LanguageSpec {
  /** Alternatives, in priority order: comment and string patterns (source text, no capture groups). */
  comment: string[];
  string: string[];
  keywords: ReadonlySet<string>;
  literals: ReadonlySet<string>;
  /** SQL keywords are case-insensitive. */
  foldCase?: boolean;
}

const words = (list: string) => new Set(list.split(' '));

const C_BLOCK_COMMENT = String.raw`\/\*[\s\S]*?(?:\*\/|$)`;
const LINE_COMMENT = String.raw`\/\/[^\n]*`;
const HASH_COMMENT = String.raw`#[^\n]*`;
const DOUBLE_QUOTED = String.raw`"(?:[^"\\\n]|\\.)*"?`;
const SINGLE_QUOTED = String.raw`'(?:[^'\\\n]|\\.)*'?`;
const BACKTICK = String.raw`\x60(?:[^\x60\\]|\\[\s\S])*\x60?`;
const TRIPLE_QUOTED = String.raw`"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)`;

const C_LITERALS = words('true false null undefined nil NaN Infinity this self super None True False');
const SCRIPT_KEYWORDS = words(
  'abstract as async await break case catch class const continue debugger declare default delete do else enum export extends finally for from function if implements import in instanceof interface is keyof let new of package private protected public readonly return satisfies static switch throw try type typeof var void while with yield ' +
    // Go, Rust, Java, C/C++, C#, Swift, Kotlin, PHP
    'chan defer fallthrough func go range struct crate dyn fn impl loop match mod move mut pub ref trait unsafe use where char double final float int long short signed unsigned sizeof typedef union volatile namespace template typename using virtual override sealed internal extern bool string guard fun val when echo',
);
const PYTHON_KEYWORDS = words(
  'and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case',
);
const RUBY_KEYWORDS = words('begin class def do else elsif end ensure if module next redo rescue retry return then unless until when while yield require puts');
const SHELL_KEYWORDS = words('if then else elif fi for while until do done case esac in function return export local echo cd exit set unset source sudo');
const SQL_KEYWORDS = words(
  'select from where and or not insert into values update set delete create table index view drop alter add join left right inner outer full on group by order having limit offset as distinct union all case when then else end is in like between exists primary key foreign references default with returning asc desc count sum avg min max',
);
const NONE = new Set<string>();

const cLike = (strings: string[] = [DOUBLE_QUOTED, SINGLE_QUOTED, BACKTICK]): LanguageSpec => ({
  comment: [C_BLOCK_COMMENT, LINE_COMMENT],
  string: strings,
  keywords: SCRIPT_KEYWORDS,
  literals: C_LITERALS,
});
const hashCommented = (keywords: ReadonlySet<string>, strings = [DOUBLE_QUOTED, SINGLE_QUOTED]): LanguageSpec => ({
  comment: [HASH_COMMENT],
  string: strings,
  keywords,
  literals: C_LITERALS,
});

const SPECS: Record<string, LanguageSpec> = {
  js: cLike(),
  c: cLike([DOUBLE_QUOTED, SINGLE_QUOTED]),
  python: hashCommented(PYTHON_KEYWORDS, [TRIPLE_QUOTED, DOUBLE_QUOTED, SINGLE_QUOTED]),
  ruby: hashCommented(RUBY_KEYWORDS),
  shell: hashCommented(SHELL_KEYWORDS),
  yaml: hashCommented(NONE),
  sql: { comment: [String.raw`--[^\n]*`, C_BLOCK_COMMENT], string: [SINGLE_QUOTED, DOUBLE_QUOTED], keywords: SQL_KEYWORDS, literals: words('null true false'), foldCase: true },
  json: { comment: [], string: [DOUBLE_QUOTED], keywords: NONE, literals: words('true false null') },
  css: { comment: [C_BLOCK_COMMENT], string: [DOUBLE_QUOTED, SINGLE_QUOTED], keywords: words('important media supports import keyframes from to'), literals: NONE },
};

const ALIASES: Record<string, string> = {
  javascript: 'js', jsx: 'js', mjs: 'js', cjs: 'js', ts: 'js', typescript: 'js', tsx: 'js', go: 'js', golang: 'js',
  rust: 'c', rs: 'c', java: 'c', 'c++': 'c', cpp: 'c', h: 'c', cs: 'c', csharp: 'c', 'c#': 'c', swift: 'c',
  kotlin: 'c', kt: 'c', php: 'c', dart: 'c', scala: 'c',
  py: 'python', python3: 'python', rb: 'ruby', sh: 'shell', bash: 'shell', zsh: 'shell', console: 'shell',
  shellscript: 'shell', yml: 'yaml', toml: 'yaml', ini: 'yaml', dockerfile: 'shell', postgres: 'sql',
  postgresql: 'sql', mysql: 'sql', sqlite: 'sql', jsonc: 'js', json5: 'js', scss: 'css', less: 'css',
};

const MARKUP = new Set(['html', 'xml', 'svg', 'vue', 'svelte', 'htm', 'xhtml']);

const NUMBER = String.raw`\b(?:0[xX][\da-fA-F_]+|0[bB][01_]+|\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?)[a-zA-Z%]*\b`;
const WORD = String.raw`[A-Za-z_$][\w$]*(?=(\s*\()?)`;

const scanners = new Map<string, RegExp>();
function scannerFor(name: string, spec: LanguageSpec): RegExp {
  let scanner = scanners.get(name);
  if (!scanner) {
    const group = (patterns: string[]) => (patterns.length ? `(${patterns.join('|')})` : '($^)');
    // Groups: 1 comment, 2 string, 3 number, 4 word (5: a call follows).
    scanner = new RegExp(`${group(spec.comment)}|${group(spec.string)}|(${NUMBER})|(${WORD})`, 'g');
    scanners.set(name, scanner);
  }
  return scanner;
}

/** Code longer than this is left plain: highlighting is a nicety and must never stall the page. */
const MAX_LENGTH = 100_000;

/** The token colours, adopted into the chat's shadow root while `highlight` is its highlighter. */
export const highlightStyles = css`
  .tok-keyword {
    color: var(--sse-chat-code-keyword, light-dark(#a626a4, #d19af5));
  }
  .tok-string {
    color: var(--sse-chat-code-string, light-dark(#2f7d32, #98c379));
  }
  .tok-comment {
    color: var(--sse-chat-code-comment, light-dark(#5c636b, #8b929c));
  }
  .tok-number,
  .tok-literal {
    color: var(--sse-chat-code-number, light-dark(#a35200, #e5a56b));
  }
  .tok-function,
  .tok-tag,
  .tok-attr {
    color: var(--sse-chat-code-function, light-dark(#0b61a4, #79b8ff));
  }
`;

/**
 * Splits `code` into tokens for `<sse-chat>` (`comment`, `string`, `number`, `keyword`, `literal`, `function`,
 * `tag`, `attr`); the tokens' texts concatenate to `code` exactly.
 * @param code the code block's text.
 * @param language the fence's language tag, e.g. `ts`, `py`, `sql`, `html` (case-insensitive).
 * @returns the tokens, or null for an unknown language or code too long to be worth it.
 */
export const highlight = Object.assign((code: string, language: string) => tokenize(code, language), {
  styles: highlightStyles,
}) satisfies Highlighter;

function tokenize(code: string, language: string): HighlightToken[] | null {
  const lang = language.toLowerCase();
  if (code.length > MAX_LENGTH) return null;
  if (MARKUP.has(lang)) return highlightMarkup(code);
  const name = ALIASES[lang] ?? lang;
  const spec = SPECS[name];
  if (!spec) return null;
  return scan(code, spec, scannerFor(name, spec));
}

function scan(code: string, spec: LanguageSpec, scanner: RegExp): HighlightToken[] {
  const tokens: HighlightToken[] = [];
  let plainStart = 0;
  const push = (start: number, end: number, type: string) => {
    if (start > plainStart) tokens.push({ text: code.slice(plainStart, start) });
    tokens.push({ text: code.slice(start, end), type });
    plainStart = end;
  };
  scanner.lastIndex = 0;
  for (let match = scanner.exec(code); match; match = scanner.exec(code)) {
    const text = match[0];
    if (text === '') {
      scanner.lastIndex++; // an empty match (`$^` never matches, but be safe) must not loop forever
      continue;
    }
    const start = match.index;
    const end = start + text.length;
    if (match[1] !== undefined) push(start, end, 'comment');
    else if (match[2] !== undefined) push(start, end, 'string');
    else if (match[3] !== undefined) push(start, end, 'number');
    else {
      const word = spec.foldCase ? text.toLowerCase() : text;
      if (spec.keywords.has(word)) push(start, end, 'keyword');
      else if (spec.literals.has(word)) push(start, end, 'literal');
      else if (match[5] !== undefined) push(start, end, 'function');
      // Other identifiers stay in the plain run.
    }
  }
  if (plainStart < code.length) tokens.push({ text: code.slice(plainStart) });
  return tokens;
}

// Markup: comments, tag names, attribute names and quoted values; text between tags stays plain.
const MARKUP_SCANNER = /(<!--[\s\S]*?(?:-->|$))|(<\/?)([A-Za-z][\w:.-]*)|([A-Za-z_:][\w:.-]*)(?==)|("[^"]*"?|'[^']*'?)|(\/?>)/g;

function highlightMarkup(code: string): HighlightToken[] {
  const tokens: HighlightToken[] = [];
  let plainStart = 0;
  let inTag = false;
  const push = (start: number, text: string, type: string) => {
    if (start > plainStart) tokens.push({ text: code.slice(plainStart, start) });
    tokens.push({ text, type });
    plainStart = start + text.length;
  };
  MARKUP_SCANNER.lastIndex = 0;
  for (let match = MARKUP_SCANNER.exec(code); match; match = MARKUP_SCANNER.exec(code)) {
    const start = match.index;
    if (match[1] !== undefined) push(start, match[1], 'comment');
    else if (match[3] !== undefined) {
      // `<` and `</` stay plain; the name is the tag.
      push(start + match[2]!.length, match[3], 'tag');
      inTag = true;
    } else if (!inTag) continue; // attribute-like text between tags is prose
    else if (match[4] !== undefined) push(start, match[4], 'attr');
    else if (match[5] !== undefined) push(start, match[5], 'string');
    else inTag = false; // `>` or `/>`
  }
  if (plainStart < code.length) tokens.push({ text: code.slice(plainStart) });
  return tokens;
}
