import { partElement } from './part-element.js';

/**
 * Inline citation markers: `[1]`, `[2]` in an answer's text become superscript links to source card N, so a
 * reader can check a claim where it is made. Runs on sanitized markdown DOM, before it is shown; builds its
 * links with DOM APIs (no HTML). The server's numbers go through `card` (repeated sources share a card), and a
 * marker that cites no source is dropped rather than shown as a raw `[7]`, once the answer has sources at all.
 */

/** How markers are linked. */
export interface CitationOptions {
  /** How many sources the answer has; with none, `[n]` is left as written (it may not be a citation). */
  count: number;
  /** The card (1-based) the server's marker `[n]` cites, or undefined when it sent no source `n`. */
  card: (n: number) => number | undefined;
  /** The link target of card `n`, e.g. `#source-<messageId>-n`. */
  href: (n: number) => string;
  /** The link's accessible name, e.g. "Source 2: MDN". */
  label: (n: number) => string;
}

const MARKER = /\[(\d{1,3})\]/g;
/** Code shows markers literally; a marker that is already (part of) a link keeps its link. */
const LITERAL = new Set(['CODE', 'PRE', 'A', 'KBD', 'SAMP']);
const HEADING = 'h1, h2, h3, h4, h5, h6';

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
  const headings = new Set<Element>();
  for (const text of texts) {
    const heading = text.parentElement?.closest(HEADING);
    if (linkInText(text, options) && heading) headings.add(heading);
  }
  // A heading's name is its text, without the citation's "Source 2: MDN" (the link keeps that name).
  for (const heading of headings) {
    const clone = heading.cloneNode(true) as Element;
    for (const sup of clone.querySelectorAll('sup.citation-ref')) sup.remove();
    heading.setAttribute('aria-label', clone.textContent!.trim());
  }
}

/** Links (or drops) the markers of one text node; says whether it linked any. */
function linkInText(text: Text, options: CitationOptions): boolean {
  const data = text.data;
  let fragment: DocumentFragment | null = null;
  let linked = false;
  let last = 0;
  for (const match of data.matchAll(MARKER)) {
    const card = options.card(Number(match[1]));
    fragment ??= document.createDocumentFragment();
    // A dropped marker takes the space before it along: "as shown [9]." reads "as shown.".
    const before = data.slice(last, match.index);
    fragment.append(card === undefined ? before.trimEnd() : before);
    if (card !== undefined) fragment.append(citationLink(card, options));
    linked ||= card !== undefined;
    last = match.index + match[0].length;
  }
  if (!fragment) return false;
  if (last < data.length) fragment.append(data.slice(last));
  text.replaceWith(fragment);
  return linked;
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
