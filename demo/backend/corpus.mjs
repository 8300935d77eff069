// The "ask the docs" corpus: the project's own markdown docs, split into passages by heading and paragraph.
//
// Pure functions over strings, plus one loader that reads the files once at start. Passages keep their markdown
// (lists, code fences) so the composed answer can quote them as written.

import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BUILT_IN_DOCS } from './built-in-docs.mjs';

/**
 * @typedef {object} CorpusDoc
 * @property {string} slug      URL-safe name, unique in the corpus; the doc is served at `/docs/<slug>`
 * @property {string} title     the first H1, else the file name
 * @property {string} file      where it came from ('built-in' for the passages shipped in code)
 * @property {string} markdown  the whole document
 */

/**
 * @typedef {object} Passage
 * @property {string} id        `<slug>#<anchor>` plus a part number when a long section was split
 * @property {string} docSlug
 * @property {string} docFile   the doc's path, e.g. 'docs/theming.md' (its relative links are resolved from there)
 * @property {string} docTitle
 * @property {string} heading   the section's heading text ('' for a preamble before any heading)
 * @property {string} anchor    the heading's GitHub-style anchor ('' for a preamble)
 * @property {string} title     what a citation shows: "Doc title › Heading"
 * @property {string} markdown  the section body as written, without its heading line
 * @property {string} plain     the body with markdown punctuation removed: what gets indexed and quoted as snippet
 */

/** A section longer than this is split at paragraph boundaries so one passage stays quotable. */
const MAX_PASSAGE_CHARS = 1400;

/**
 * GitHub's heading-anchor rule: lowercase, drop punctuation except `-` and `_`, spaces become `-`.
 * @param {string} heading
 * @returns {string}
 */
export function slugifyHeading(heading) {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/**
 * Splits markdown into blocks: paragraphs, lists, quotes and whole fenced code blocks (never cut inside a fence).
 * Headings come out as their own one-line blocks.
 * @param {string} markdown
 * @returns {string[]}
 */
export function splitBlocks(markdown) {
  const blocks = [];
  /** @type {string[]} */
  let current = [];
  /** @type {string | null} the fence marker while inside a fenced code block */
  let fence = null;
  const flush = () => {
    if (current.length > 0) blocks.push(current.join('\n'));
    current = [];
  };
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const fenceMatch = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fence !== null) {
      current.push(line);
      if (fenceMatch && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length) {
        fence = null;
        flush();
      }
      continue;
    }
    if (fenceMatch) {
      flush();
      fence = fenceMatch[1];
      current.push(line);
    } else if (/^\s{0,3}#{1,6}\s/.test(line)) {
      flush();
      blocks.push(line.trim());
    } else if (line.trim() === '') {
      flush();
    } else {
      current.push(line);
    }
  }
  flush();
  return blocks;
}

/**
 * Markdown to plain text, good enough for indexing and snippets: drops fences, emphasis, link targets, HTML tags.
 * @param {string} markdown
 * @returns {string}
 */
export function toPlainText(markdown) {
  return markdown
    .replace(/^\s{0,3}(`{3,}|~{3,}).*$/gm, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    // Inline code keeps its text (`<sse-chat>` is a name, not markup); real HTML tags go.
    .replace(/`([^`\n]+)`|<[^>\n]+>/g, (_, code) => code ?? ' ')
    .replace(/^\s*>+\s?/gm, '')
    .replace(/[`*~#|]+|\b_+|_+\b/g, ' ')
    .replace(/^\s*[-+]\s+/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Cuts one document into passages: one per heading section, long sections split further at block boundaries.
 * Anchors repeat the way GitHub numbers them (`setup`, `setup-1`, …) so links land on the right heading.
 * @param {CorpusDoc} doc
 * @returns {Passage[]}
 */
export function splitIntoPassages(doc) {
  /** @type {Passage[]} */
  const passages = [];
  /** @type {Map<string, number>} */
  const anchorCounts = new Map();
  let heading = '';
  let anchor = '';
  /** @type {string[]} */
  let body = [];

  const emit = () => {
    const chunks = groupBlocks(body, MAX_PASSAGE_CHARS);
    chunks.forEach((markdown, part) => {
      const plain = toPlainText(markdown);
      if (plain === '' && heading === '') return;
      passages.push({
        id: `${doc.slug}#${anchor}${part > 0 ? `~${part + 1}` : ''}`,
        docSlug: doc.slug,
        docFile: doc.file,
        docTitle: doc.title,
        heading,
        anchor,
        title: heading && heading !== doc.title ? `${doc.title} › ${heading}` : doc.title,
        markdown,
        plain,
      });
    });
    body = [];
  };

  for (const block of splitBlocks(doc.markdown)) {
    const headingMatch = /^#{1,6}\s+(.*?)\s*#*$/.exec(block);
    if (!headingMatch) {
      body.push(block);
      continue;
    }
    emit();
    heading = toPlainText(headingMatch[1]);
    const base = slugifyHeading(headingMatch[1].replace(/\[([^\]]*)\]\([^)]*\)/g, '$1'));
    const seen = anchorCounts.get(base) ?? 0;
    anchorCounts.set(base, seen + 1);
    anchor = seen === 0 ? base : `${base}-${seen}`;
  }
  emit();
  return passages.filter(p => p.plain !== '');
}

/**
 * Groups blocks into chunks of at most `maxChars` (a single larger block stays whole).
 * @param {string[]} blocks
 * @param {number} maxChars
 * @returns {string[]}
 */
function groupBlocks(blocks, maxChars) {
  const chunks = [];
  let current = '';
  for (const block of blocks) {
    if (current !== '' && current.length + block.length + 2 > maxChars) {
      chunks.push(current);
      current = '';
    }
    current = current === '' ? block : `${current}\n\n${block}`;
  }
  if (current !== '') chunks.push(current);
  return chunks;
}

/**
 * The doc's title: its first H1, else the given fallback.
 * @param {string} markdown
 * @param {string} fallback
 */
export function readTitle(markdown, fallback) {
  const match = /^#\s+(.+?)\s*#*$/m.exec(markdown);
  return match ? toPlainText(match[1]) : fallback;
}

/**
 * Reads README.md, docs/*.md and CHANGELOG.md under `rootDir` (whichever exist) and adds the built-in docs, so the
 * backend has something to say before the project's docs are written. Missing files are skipped, never fatal.
 * @param {string} rootDir
 * @returns {Promise<CorpusDoc[]>}
 */
export async function loadCorpus(rootDir) {
  /** @type {string[]} */
  const files = ['README.md'];
  try {
    const entries = await readdir(join(rootDir, 'docs'));
    files.push(...entries.filter(name => name.endsWith('.md')).sort().map(name => `docs/${name}`));
  } catch {
    // no docs/ folder yet
  }
  files.push('CHANGELOG.md');

  /** @type {CorpusDoc[]} */
  const docs = [];
  const usedSlugs = new Set();
  const uniqueSlug = (/** @type {string} */ base) => {
    let slug = base;
    for (let n = 2; usedSlugs.has(slug); n++) slug = `${base}-${n}`;
    usedSlugs.add(slug);
    return slug;
  };
  for (const file of files) {
    let markdown;
    try {
      markdown = await readFile(join(rootDir, file), 'utf8');
    } catch {
      continue;
    }
    const name = file.replace(/^docs\//, '').replace(/\.md$/, '');
    docs.push({ slug: uniqueSlug(slugifyHeading(name) || 'doc'), title: readTitle(markdown, name), file, markdown });
  }
  for (const doc of BUILT_IN_DOCS) {
    docs.push({ slug: uniqueSlug(doc.slug), title: readTitle(doc.markdown, doc.slug), file: 'built-in', markdown: doc.markdown });
  }
  return docs;
}

/** A fenced block or code span; or a markdown link or image `[label](href)`; or an autolink `<https://…>`. */
const CODE_OR_LINK =
  /(```[\s\S]*?```|~~~[\s\S]*?~~~|`[^`\n]*`)|(!?)\[((?:[^[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)|<(https?:\/\/[^>\s]+)>/g;

/**
 * Rewrites the links of a doc's markdown so each one works where the text is shown: a link to another doc of the
 * corpus (`protocol.md#events`, `../README.md`, `#anchor`) points to that doc's page, `urlOf(file, anchor)`; any
 * other link (a source file, an image, another site) becomes its plain label, since only the corpus is served. Code
 * spans and fenced blocks are left as written.
 * @param {string} markdown
 * @param {string} fromFile   the doc's own path, e.g. 'docs/theming.md'
 * @param {(file: string, anchor: string) => string | undefined} urlOf   the served URL of a corpus doc
 * @returns {string}
 */
export function rewriteLinks(markdown, fromFile, urlOf) {
  // One pass over code and links alike: a code span is skipped whole, and a link whose label holds code is one link.
  return markdown.replace(CODE_OR_LINK, (match, code, image, label, href, autolink) => {
    if (code) return code;
    if (autolink) return `\`${autolink}\``;
    if (image) return label;
    const url = resolveDocLink(href, fromFile, urlOf);
    return url ? `[${label}](${url})` : label;
  });
}

/**
 * @param {string} href
 * @param {string} fromFile
 * @param {(file: string, anchor: string) => string | undefined} urlOf
 */
function resolveDocLink(href, fromFile, urlOf) {
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(href)) return undefined;
  const [path, anchor = ''] = href.split('#');
  if (path === '') return urlOf(fromFile, anchor);
  if (!/\.md$/i.test(path)) return undefined;
  const parts = fromFile.split('/').slice(0, -1);
  for (const segment of path.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return urlOf(parts.join('/'), anchor);
}
