import { Marked, type Token, type TokensList, type Tokens } from 'marked';
import { groupBlocks } from './block-groups.js';
import { markdownPlugins } from './plugins.js';
import { sanitizeToFragment } from './sanitize.js';
import { plainTextView } from './plain-text.js';
import { isPathological } from './shape-guard.js';

/**
 * The one module that talks to `marked`, and the render pipeline (lex → HTML → sanitize): every lexing and rendering
 * of markdown in the element goes through the functions below, with one configured instance per image policy.
 */

/** How markdown is rendered. */
export interface MarkdownOptions {
  /**
   * Render `![alt](url)` as an image. Off by default: a remote image is a tracking pixel the model (or whoever
   * injected text into its context) chooses, so by default it is shown as a link with its alt text instead.
   */
  allowImages?: boolean;
}

/** Reference definitions by label (`[label]: url`). */
export type Links = TokensList['links'];

const escapeMap: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, c => escapeMap[c]!);

function createMarked(allowImages: boolean): Marked {
  const marked = new Marked({ gfm: true, breaks: false, async: false, silent: false });
  // Raw HTML in an answer is shown as the text it is, never parsed: a model has no business writing markup, and
  // handing `<img onerror>` or `<style>` to any HTML parser — even DOMPurify's inert document — makes the browser
  // file a CSP violation report for it under a strict policy.
  marked.use({ renderer: { html: ({ text }: Tokens.HTML | Tokens.Tag) => escapeHtml(text) } });
  if (!allowImages) {
    marked.use({
      renderer: {
        // The alt text stays readable and the picture is one deliberate click away; nothing loads by itself.
        image({ href, title, text }: Tokens.Image) {
          const label = escapeHtml(text || href);
          const titleAttr = title ? ` title="${escapeHtml(title)}"` : '';
          return `<a href="${escapeHtml(href)}"${titleAttr}>${label}</a>`;
        },
      },
    });
  }
  return marked;
}

const markedInstances: Marked[] = [];
/** How many of the markdown plugins each instance has taken in. */
const pluginsUsed = [0, 0];

/** The configured marked instance for these options (one per image policy, created on first use). */
function markedFor(options?: MarkdownOptions): Marked {
  const index = options?.allowImages === true ? 1 : 0;
  const marked = (markedInstances[index] ??= createMarked(index === 1));
  // Plugins added since the last call join the instance (see MarkdownPlugin).
  while (pluginsUsed[index]! < markdownPlugins.length) marked.use(markdownPlugins[pluginsUsed[index]!++]!.extension);
  return marked;
}

/**
 * Runs `lex`, then makes the instance's one tokenizer let go of its lexer (`tokenizer.lexer`): it kept pointing at the
 * last lexer it served, and that lexer at its tokens, so the last text lexed (through the tokens' `raw` slices, the
 * whole string they were cut from) stayed reachable after Clear. Lexing never nests here.
 */
function lexReleasing<T>(marked: Marked, lex: () => T): T {
  try {
    return lex();
  } finally {
    marked.defaults.tokenizer!.lexer = undefined!;
  }
}

/** The top-level block tokens of `markdown`, without inline lexing: the structure, cheaply. */
export function blockTokens(markdown: string, options?: MarkdownOptions): Token[] {
  const marked = markedFor(options);
  return lexReleasing(marked, () => new marked.Lexer(marked.defaults).blockTokens(markdown, []));
}

/**
 * Lexes markdown with `links` (reference definitions from earlier text) already known.
 * Definitions found in `markdown` are added to the returned list's `links`, first definition winning.
 */
export function lexMarkdown(markdown: string, options?: MarkdownOptions, links?: Links): TokensList {
  const marked = markedFor(options);
  const lexer = new marked.Lexer(marked.defaults);
  if (links) Object.assign(lexer.tokens.links, links);
  return lexReleasing(marked, () => lexer.lex(markdown));
}

/** marked's HTML for already-lexed tokens: not sanitized yet (see sanitizeToFragment). */
export function tokensToHtml(tokens: Token[], options?: MarkdownOptions): string {
  const marked = markedFor(options);
  return marked.parser(tokens, marked.defaults) as string;
}

/** Whether the tokens hold raw HTML anywhere (it can nest across blocks: `<div>` … `</div>`). */
export function containsRawHtml(tokens: Token[], options?: MarkdownOptions): boolean {
  let found = false;
  markedFor(options).walkTokens(tokens, token => {
    if (token.type === 'html') found = true;
  });
  return found;
}

/**
 * Plain-text rendering used when the parser fails or the input has a shape it must not be given: the text as-is, in
 * paragraphs of bounded size (see plainTextView).
 */
function plainTextFragment(markdown: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  plainTextView(fragment)(markdown);
  return fragment;
}

const sanitize = (html: string, options?: MarkdownOptions) => sanitizeToFragment(html, options?.allowImages === true);

/**
 * The render pipeline: lexes markdown with `links` already known (see lexMarkdown), renders the tokens to HTML and
 * sanitizes it to DOM; returns the tokens too.
 */
export function renderText(markdown: string, options?: MarkdownOptions, links?: Links): { tokens: TokensList; fragment: DocumentFragment } {
  const tokens = lexMarkdown(markdown, options, links);
  return { tokens, fragment: sanitize(tokensToHtml(tokens, options), options) };
}

/**
 * The top-level nodes of one rendered block when it has no raw HTML: marked writes every block as one element
 * followed by a newline (`<p>…</p>\n`, `<pre>…</pre>\n`, `<table>…</table>\n`).
 */
export const NODES_PER_BLOCK = 2;

/**
 * Sanitizes the HTML of blocks (see tokensToHtml) and of the text after them: one fragment per block, and the tail's.
 *
 * One DOMPurify call for all of it where the blocks' node boundaries are known (`oneCall`: no raw HTML, so one
 * element and a newline each); each call costs a fresh inert document, so that is ~3× cheaper than a call per
 * block. Otherwise, and if the nodes do not come out as expected, one call per block.
 */
export function renderBlocks(blocks: string[], tailHtml: string, options: MarkdownOptions, oneCall: boolean): { blocks: DocumentFragment[]; tail: DocumentFragment } {
  if (oneCall) {
    const tail = sanitize(blocks.join('') + tailHtml, options);
    const split = splitBlocks(tail, blocks.length);
    if (split) return { blocks: split, tail };
  }
  return { blocks: blocks.map(html => sanitize(html, options)), tail: sanitize(tailHtml, options) };
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

/**
 * Renders untrusted markdown to sanitized DOM in one go: marked (CommonMark + GFM) → a private DOMPurify
 * instance with an explicit allow-list → a DocumentFragment ready to append. Never throws: a parser failure or
 * input of a shape the parser must not be given (see ShapeGuard) falls back to the text shown as-is. A long
 * answer's blocks come in groups (see groupBlocks).
 * @param markdown the markdown source (untrusted).
 * @param options image policy.
 */
export function renderMarkdown(markdown: string, options?: MarkdownOptions): DocumentFragment {
  if (isPathological(markdown)) return plainTextFragment(markdown);
  try {
    return groupBlocks(renderText(markdown, options).fragment);
  } catch {
    return plainTextFragment(markdown);
  }
}
