// The docs the answers link to, rendered as simple HTML pages so `/docs/<slug>#<anchor>` lands on the heading.
// The markdown is the project's own (trusted, read from disk at start), not user input.

import { Marked } from 'marked';
import { rewriteLinks, slugifyHeading } from './corpus.mjs';

/**
 * Renders one corpus doc as a standalone HTML page whose headings carry the anchors the citations use; links to
 * other docs point to their pages (`urlOf`), links to anything not served become text.
 * @param {import('./corpus.mjs').CorpusDoc} doc
 * @param {(file: string, anchor: string) => string | undefined} urlOf
 * @returns {string}
 */
export function renderDocPage(doc, urlOf) {
  /** @type {Map<string, number>} */
  const anchorCounts = new Map();
  const marked = new Marked({
    renderer: {
      heading({ tokens, depth, text }) {
        const base = slugifyHeading(text.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*_~]/g, ''));
        const seen = anchorCounts.get(base) ?? 0;
        anchorCounts.set(base, seen + 1);
        const id = seen === 0 ? base : `${base}-${seen}`;
        return `<h${depth} id="${id}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
      },
    },
  });
  const title = doc.title.replace(/[&<>"]/g, c => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><title>${title} — sse-chat docs</title>
<style>body{font:16px/1.6 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}
pre{overflow:auto;padding:.75rem;border-radius:.5rem;background:color-mix(in srgb,currentColor 8%,transparent)}
:target{scroll-margin-top:1rem;background:color-mix(in srgb,Highlight 25%,transparent)}</style></head>
<body><p><a href="/">← back to the demo</a></p>
${marked.parse(rewriteLinks(doc.markdown, doc.file, urlOf), { async: false })}</body></html>`;
}
