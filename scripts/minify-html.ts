/**
 * Squeezes the indentation out of Lit's html`…` / svg`…` templates, for the script-tag bundle (vite.config.ts, bundle
 * mode): the JS minifier keeps template text verbatim, so every line break of a multi-line template ships with the
 * indentation after it. Pure string functions; the build finds the template texts with the parser.
 */

/** A run of HTML whitespace (space, tab, line feed, form feed, carriage return) with a line break in it. */
const BROKEN_RUN = /[ \t\f\r]*[\n\r][ \t\n\f\r]*/g;
/** Elements whose text is shown as written (or is not HTML): templates with one are left alone. */
const VERBATIM = /<(?:pre|textarea|style|script|listing|xmp|plaintext|title)\b/i;

/**
 * `text` (one static piece of a template, between bindings) with each whitespace run that holds a line break
 * replaced by one space. Outside `white-space: pre*` a run of spaces renders as one space, so the page looks the
 * same, and the text nodes Lit makes stay the same nodes (a whitespace-only piece stays whitespace). Other spaces, and
 * non-breaking ones, are kept.
 */
export function collapseHtmlWhitespace(text: string): string {
  return text.replace(BROKEN_RUN, ' ');
}

/** One static piece of a tagged template in a source file: `[start, end)` of its raw text. */
export interface TemplatePiece {
  start: number;
  end: number;
}

/** One replacement in a source file: the text between `start` and `end` becomes `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * The edits for one tagged template, given its static pieces in order: none when a piece holds an element whose
 * whitespace is content (`<pre>`, `<textarea>`, …), or when nothing changes.
 */
export function templateEdits(code: string, pieces: readonly TemplatePiece[]): TextEdit[] {
  const texts = pieces.map(({ start, end }) => code.slice(start, end));
  if (texts.some(text => VERBATIM.test(text))) return [];
  return pieces.flatMap(({ start, end }, index) => {
    const text = collapseHtmlWhitespace(texts[index]);
    return text === texts[index] ? [] : [{ start, end, text }];
  });
}

/** The smallest piece of an ESTree the walk below needs. */
interface Node {
  type: string;
  start: number;
  [key: string]: unknown;
}

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';

/**
 * The edits for every html`…` and svg`…` template in a parsed module (`program`: an ESTree with UTF-16 offsets, as
 * rolldown's `parseAst` gives). The tag must be the plain name (as the sources import it from lit).
 */
export function htmlLiteralEdits(code: string, program: unknown): TextEdit[] {
  const edits: TextEdit[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isNode(node)) return;
    if (node.type === 'TaggedTemplateExpression') {
      const tag = node.tag as Node & { name?: string };
      const quasis = (node.quasi as { quasis: (Node & { value: { raw: string } })[] }).quasis;
      if (tag.type === 'Identifier' && (tag.name === 'html' || tag.name === 'svg')) {
        // A piece's node starts at the character before its text: the opening backtick or the `}` of a binding.
        const pieces = quasis.map(quasi => ({ start: quasi.start + 1, end: quasi.start + 1 + quasi.value.raw.length }));
        for (const [index, { start, end }] of pieces.entries()) {
          if (code.slice(start, end) !== quasis[index].value.raw) throw new Error('sse-chat: template offsets do not match the source (scripts/minify-html.ts)');
        }
        edits.push(...templateEdits(code, pieces));
      }
    }
    for (const key of Object.keys(node)) if (key !== 'type') visit(node[key]);
  };
  visit(program);
  return edits;
}
