// Composing the answer: the retrieved passages quoted as markdown with citation markers, and the split into
// ~4-character tokens that are streamed one by one.

import { splitBlocks } from './corpus.mjs';
import { stemTerm } from './retrieval.mjs';

/** Characters of quoted passage text per section before it stops adding blocks (a code block is never cut). */
const SECTION_BUDGET = 900;

/** How many passages the answer quotes. */
export const MAX_CITED = 3;

/**
 * Writes the answer: a one-line lead, then one section per passage (its heading plus a citation marker `[n]`, and
 * the blocks that mention the question's terms — lists and code kept as written). Deterministic for given input.
 * @param {string[]} terms                               the question's kept terms
 * @param {import('./retrieval.mjs').RankedPassage[]} cited   the passages to quote, best first
 * @param {string[]} [topics]                            doc titles to suggest when nothing was found
 * @returns {string}
 */
export function composeAnswer(terms, cited, topics = []) {
  if (cited.length === 0) {
    const about = terms.length > 0 ? ` about **${terms.join(', ')}**` : '';
    const lines = [`I could not find anything in the docs${about}.`];
    if (topics.length > 0) {
      lines.push('', 'The docs cover, for example:', '', ...topics.map(topic => `- ${topic}`));
    }
    lines.push('', 'Try asking with other words, e.g. "How do I stop a stream?"');
    return lines.join('\n');
  }
  const plural = cited.length === 1 ? 'passage' : 'passages';
  const parts = [`Here is what the docs say about **${terms.join(', ')}**, from ${cited.length} ${plural}:`];
  cited.forEach(({ passage }, i) => {
    const heading = passage.heading || passage.docTitle;
    parts.push(`### ${heading} [${i + 1}]`, selectBlocks(passage.markdown, terms).join('\n\n'));
  });
  return parts.join('\n\n');
}

/**
 * The blocks of a passage worth quoting, in their original order: the first block, every block that mentions a
 * term, and a list or code block right after a kept block (it usually shows what the sentence before announced).
 * @param {string} markdown
 * @param {string[]} terms
 * @returns {string[]}
 */
export function selectBlocks(markdown, terms) {
  const blocks = splitBlocks(markdown);
  const stems = terms.map(stemTerm);
  const kept = [];
  let used = 0;
  let previousKept = false;
  for (const [i, block] of blocks.entries()) {
    const lower = block.toLowerCase();
    const mentions = stems.some(stem => lower.includes(stem));
    const illustrates = previousKept && /^\s*(```|~~~|[-*+]\s|\d+[.)]\s)/.test(block);
    previousKept = i === 0 || mentions || illustrates;
    if (!previousKept) continue;
    if (kept.length > 0 && used + block.length > SECTION_BUDGET) break;
    kept.push(block);
    used += block.length;
  }
  return kept;
}

/**
 * Splits text into tokens of about four characters (leading whitespace rides along with the next chunk), the
 * granularity of a real model's stream. Joining the tokens gives back the text exactly.
 * @param {string} text
 * @returns {string[]}
 */
export function splitIntoTokens(text) {
  return text.match(/\s*\S{1,4}|\s+/g) ?? [];
}

/**
 * Where each token of `splitIntoTokens(text)` ends in `text`: the same split as offsets, so a plan held by
 * thousands of streams keeps one string and one small array instead of hundreds of token strings each.
 * @param {string} text
 * @returns {Uint32Array}
 */
export function tokenEndOffsets(text) {
  const ends = [];
  const token = /\s*\S{1,4}|\s+/g;
  while (token.exec(text) !== null) ends.push(token.lastIndex);
  return Uint32Array.from(ends);
}
