import { partElement } from './part-element.js';

/**
 * Inline citation markers: `[1]`, `[2]` in an answer's text become superscript links to source card N, so a
 * reader can check a claim where it is made. Runs on sanitized markdown DOM, before it is shown; builds its
 * links with DOM APIs (no HTML), and only for sources that exist: `[7]` with three sources stays `[7]`.
 */

/** How markers are linked. */
export interface CitationOptions {
  /** How many sources the answer has; markers 1…count are linked. */
  count: number;
  /** The link target of source `n` (1-based), e.g. `#source-<messageId>-n`. */
  href: (n: number) => string;
  /** The link's accessible name, e.g. "Source 2: MDN". */
  label: (n: number) => string;
}

const MARKER = /\[(\d{1,3})\]/g;
/** Code shows markers literally; a marker that is already (part of) a link keeps its link. */
const LITERAL = new Set(['CODE', 'PRE', 'A', 'KBD', 'SAMP']);

/**
 * Replaces citation markers in the text of `root` with `<sup><a part="citation" class="citation">n</a></sup>`.
 * Cost is one walk over the text nodes, and nothing at all for an answer without sources.
 * @param root freshly rendered (sanitized) markdown, not yet in the document.
 * @param options the number of sources and how to link them.
 */
export function linkCitations(root: Node, options: CitationOptions): void {
  if (options.count < 1) return;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, node => {
    if (node.nodeType === Node.ELEMENT_NODE) return LITERAL.has(node.nodeName) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
    return (node as Text).data.includes('[') ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
  });
  // Collected first: replacing nodes while walking would derail the walker.
  const texts: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node as Text);
  for (const text of texts) linkInText(text, options);
}

function linkInText(text: Text, options: CitationOptions): void {
  const data = text.data;
  let fragment: DocumentFragment | null = null;
  let last = 0;
  for (const match of data.matchAll(MARKER)) {
    const n = Number(match[1]);
    if (n < 1 || n > options.count) continue;
    fragment ??= document.createDocumentFragment();
    if (match.index > last) fragment.append(data.slice(last, match.index));
    fragment.append(citationLink(n, options));
    last = match.index + match[0].length;
  }
  if (!fragment) return;
  if (last < data.length) fragment.append(data.slice(last));
  text.replaceWith(fragment);
}

function citationLink(n: number, options: CitationOptions): HTMLElement {
  const sup = document.createElement('sup');
  sup.className = 'citation-ref';
  const link = partElement('a', 'citation');
  link.setAttribute('href', options.href(n));
  link.setAttribute('aria-label', options.label(n));
  link.dataset.source = String(n);
  link.textContent = String(n);
  sup.append(link);
  return sup;
}
