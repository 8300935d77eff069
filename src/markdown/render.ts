import { Marked, type Token, type TokensList, type Tokens } from 'marked';
import { sanitizeToFragment } from './sanitize.js';

/** How markdown is rendered. */
export interface MarkdownOptions {
  /**
   * Render `![alt](url)` as an image. Off by default: a remote image is a tracking pixel the model (or whoever
   * injected text into its context) chooses, so by default it is shown as a link with its alt text instead.
   */
  allowImages?: boolean;
}

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

const markedInstances = new Map<boolean, Marked>();

/** The configured marked instance for these options (one per image policy, created on first use). */
export function markedFor(options?: MarkdownOptions): Marked {
  const allowImages = options?.allowImages === true;
  let marked = markedInstances.get(allowImages);
  if (!marked) markedInstances.set(allowImages, (marked = createMarked(allowImages)));
  return marked;
}

/**
 * Markdown that would take the parser unreasonably long, or recurse deeply enough to blow the stack, is shown
 * as plain text instead. Nesting is what makes marked's cost explode (each level re-lexes its content), and
 * dozens of levels never occur in a real answer: a line with MAX_NESTING container markers (`> - > 1. …`), or
 * a list marker indented past MAX_INDENT columns (a list nested ~64 deep), marks the input as pathological.
 */
const MAX_NESTING = 64;
const MAX_INDENT = 128;
// One leading whitespace run, then markers (list markers need a space after them, so a long `------` rule
// is not nesting): each step consumes a marker, so the match is linear, without backtracking blow-up.
const DEEP_NESTING = new RegExp(`^[ \\t]*(?:>[ \\t]*|(?:[*+-]|\\d{1,9}[.)])[ \\t]+){${MAX_NESTING},}`, 'm');
const DEEP_INDENT = new RegExp(`^[ \\t]{${MAX_INDENT},}(?:[>*+-]|\\d{1,9}[.)])`, 'm');

/** True when `markdown` is too deeply nested to hand to the parser (see MAX_NESTING). */
export function isPathological(markdown: string): boolean {
  return DEEP_NESTING.test(markdown) || DEEP_INDENT.test(markdown);
}

/** Plain-text rendering used when the parser fails or the input is pathological: one paragraph, text only. */
export function plainTextFragment(markdown: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const paragraph = document.createElement('p');
  paragraph.textContent = markdown;
  fragment.append(paragraph);
  return fragment;
}

/**
 * Lexes markdown with `links` (reference definitions from earlier text) already known.
 * Definitions found in `markdown` are added to the returned list's `links`, first definition winning.
 */
export function lexMarkdown(markdown: string, options?: MarkdownOptions, links?: TokensList['links']): TokensList {
  const marked = markedFor(options);
  const lexer = new marked.Lexer(marked.defaults);
  if (links) Object.assign(lexer.tokens.links, links);
  return lexer.lex(markdown);
}

/** Renders already-lexed tokens to sanitized DOM. */
export function renderTokens(tokens: Token[], options?: MarkdownOptions): DocumentFragment {
  const marked = markedFor(options);
  return sanitizeToFragment(marked.parser(tokens, marked.defaults) as string, options?.allowImages === true);
}

/**
 * Renders untrusted markdown to sanitized DOM in one go: marked (CommonMark + GFM) → a private DOMPurify
 * instance with an explicit allow-list → a DocumentFragment ready to append. Never throws: a parser failure or
 * pathological input (see MAX_NESTING) falls back to the text shown as-is.
 * @param markdown the markdown source (untrusted).
 * @param options image policy.
 */
export function renderMarkdown(markdown: string, options?: MarkdownOptions): DocumentFragment {
  if (isPathological(markdown)) return plainTextFragment(markdown);
  try {
    return renderTokens(lexMarkdown(markdown, options), options);
  } catch {
    return plainTextFragment(markdown);
  }
}
