// Composing the answer the way a good docs assistant would: the best section's direct answer first, then its code
// example, then the other relevant sections cited in a short list — every `[n]` numbered in the order it appears, one
// distinct section per number. Also the split into ~4-character tokens that are streamed one by one.

import { splitBlocks } from './corpus.mjs';
import { isStopWord, stemTerm, tokenize } from './retrieval.mjs';

/** How many sections an answer cites at most (the lead, its example's section, and the rest). */
export const MAX_CITED = 4;

/** The longest lead paragraph quoted, in characters (cut at a sentence end). */
const LEAD_CHARS = 700;

/** How good a section must be, against the best one, to be cited in the list of other sections. */
const MIN_RELATIVE_SCORE = 0.35;

/** The longest one-line summary of a cited section. */
const SUMMARY_CHARS = 160;

/**
 * @typedef {import('./retrieval.mjs').RankedPassage} RankedPassage
 * @typedef {import('./corpus.mjs').Passage} Passage
 */

/**
 * @typedef {object} AnswerInput
 * @property {string} question
 * @property {string[]} terms                  the question's kept terms
 * @property {RankedPassage[]} ranked          candidate passages, best first
 * @property {Passage[]} [passages]            every passage in document order: where a section's example is looked
 *   for when the section itself has none (the next sections of the same doc)
 * @property {(passage: Passage, markdown: string) => string} [servedLinks]  rewrites the links of quoted markdown
 *   so that each points to a page the server serves (or becomes plain text)
 * @property {string[]} [topics]               doc titles to suggest when nothing was found
 */

/**
 * @typedef {object} ComposedAnswer
 * @property {string} text                     markdown with citation markers `[1]`, `[2]`…
 * @property {RankedPassage[]} cited           the cited sections; `cited[n - 1]` is `[n]`
 */

/**
 * Writes the answer. Deterministic for given input.
 * @param {AnswerInput} input
 * @returns {ComposedAnswer}
 */
export function composeAnswer({ question, terms, ranked, passages = [], servedLinks = (_, markdown) => markdown, topics = [] }) {
  const sections = distinctSections(ranked);
  if (sections.length === 0) return { text: nothingFound(terms, topics), cited: [] };

  /** @type {RankedPassage[]} */
  const cited = [];
  const cite = (/** @type {RankedPassage} */ section) => {
    let n = cited.indexOf(section) + 1;
    if (n === 0) n = cited.push(section);
    return `[${n}]`;
  };
  const quote = (/** @type {RankedPassage} */ section, /** @type {string} */ markdown) => servedLinks(section.passage, markdown);
  const parts = [];

  // 1. The direct answer: for a yes/no question, the one sentence, list item or table row that says yes; else the
  // opening of the best section that answers all of the question, or the unit of it that does.
  const yes = isYesNoQuestion(question) ? findAffirmation(sections.slice(0, 3), terms) : undefined;
  const direct = yes ? { section: yes.section, text: `Yes — ${lowerFirst(yes.text)}` } : findDirectAnswer(sections.slice(0, 3), terms);
  const lead = direct.section;
  const leadText = direct.text;
  parts.push(withCitation(quote(lead, leadText), cite(lead)));

  // 2. Its example: the lead section's first code block, else one from the sections right after it in its doc.
  const example = findExample(lead, sections.slice(0, 3), terms, passages, ranked);
  if (example) {
    if (example.section === lead) {
      if (example.intro && !leadText.includes(example.intro)) parts.push(quote(lead, example.intro));
    } else {
      const intro = example.intro ?? `For example, from “${example.section.passage.heading || example.section.passage.docTitle}”:`;
      parts.push(withCitation(quote(example.section, intro), cite(example.section)));
    }
    parts.push(example.code);
  }

  // 3. The other relevant sections, one line each.
  const floor = sections[0].score * MIN_RELATIVE_SCORE;
  const rest = sections
    .filter(section => !cited.includes(section) && section.score >= floor)
    .slice(0, Math.max(0, MAX_CITED - cited.length));
  if (rest.length > 0) {
    const lines = rest.map(section => {
      const { passage } = section;
      const name = passage.heading && passage.heading !== passage.docTitle ? `${passage.docTitle} › ${passage.heading}` : passage.docTitle;
      const summary = summarize(passage.markdown);
      return `- **${escapeMarkdown(name)}**${summary ? ` — ${quote(section, summary)}` : ''} ${cite(section)}`;
    });
    parts.push(`More in the docs:\n\n${lines.join('\n')}`);
  }
  return { text: parts.join('\n\n'), cited };
}

/**
 * The best-ranked part of each section (a long section is indexed in parts; citing two parts of one section would
 * give two numbers to one card).
 * @param {RankedPassage[]} ranked
 */
function distinctSections(ranked) {
  const seen = new Set();
  return ranked.filter(({ passage }) => {
    const key = `${passage.docSlug}#${passage.anchor}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * @param {string[]} terms
 * @param {string[]} topics
 */
function nothingFound(terms, topics) {
  const searched = terms.length > 0 ? ` (I searched for ${terms.slice(0, 6).join(', ')}${terms.length > 6 ? '…' : ''})` : '';
  const lines = [`I could not find anything about that in the docs${escapeMarkdown(searched)}.`];
  if (topics.length > 0) lines.push('', 'The docs cover, for example:', '', ...topics.map(topic => `- ${escapeMarkdown(topic)}`));
  lines.push('', 'Try asking with other words, e.g. "How do I stop a stream?"');
  return lines.join('\n');
}

/** Questions answered by yes or no, in the languages the retrieval understands. */
const YES_NO = new RegExp(
  [
    '^(does|do|is|are|can|could|will|would|should|did|has|have)\\b',
    '^(kann|können|kannst|funktioniert|geht|gibt|ist|sind|unterstützt|lässt)\\b',
    '^(est-ce|peut-on|peux|puis-je|fonctionne|marche|supporte)\\b',
    '^¿?(puedo|puede|funciona|es|hay|soporta|sirve)\\b',
    '(ますか|ですか|できる[?？]|か[?？]?)$',
    '(吗|嗎)[?？]?$|能否|是否|支持',
  ].join('|'),
  'iu',
);

/** @param {string} question */
export function isYesNoQuestion(question) {
  return YES_NO.test(question.trim().replace(/[?？!！。.\s]+$/u, match => (/[?？]/.test(match) ? '?' : '')));
}

/** Words that turn a sentence into a "no". */
const NEGATION = /\b(not|never|no|cannot|can't|doesn't|don't|isn't|won't|without)\b/i;

/**
 * The first unit (sentence, list item or table row) of the best sections that mentions every term and says nothing
 * negative: the "yes" a yes/no question is after.
 * @param {RankedPassage[]} sections
 * @param {string[]} terms
 * @returns {{ section: RankedPassage, text: string } | undefined}
 */
function findAffirmation(sections, terms) {
  if (terms.length === 0) return undefined;
  /** @type {{ section: RankedPassage, text: string } | undefined} */
  let best;
  for (const section of sections) {
    for (const unit of answerUnits(section.passage.markdown)) {
      if (NEGATION.test(unit) || !mentionsAll(unit, terms)) continue;
      // The shortest such unit is the most direct; ties go to the better section.
      if (!best || unit.length < best.text.length) best = { section, text: unit };
    }
  }
  return best;
}

/**
 * The direct answer: the opening paragraph of the best section when it (with its heading) answers all of the
 * question, else that section's first sentence, list item or table row that does; tried section by section, best
 * first. Without any, the best section's opening.
 * @param {RankedPassage[]} sections
 * @param {string[]} terms
 * @returns {{ section: RankedPassage, text: string }}
 */
function findDirectAnswer(sections, terms) {
  for (const section of sections) {
    const { heading, markdown } = section.passage;
    const opening = leadParagraph(markdown);
    if (opening && mentionsAll(`${heading} ${opening}`, terms)) return { section, text: opening };
    const unit = answerUnits(markdown).find(text => mentionsAll(`${heading} ${text}`, terms));
    if (unit) return { section, text: unit };
  }
  return { section: sections[0], text: leadParagraph(sections[0].passage.markdown) || summarize(sections[0].passage.markdown) };
}

/**
 * Whether `text` mentions every term (by stem, as the index matches them).
 * @param {string} text
 * @param {string[]} terms
 */
function mentionsAll(text, terms) {
  const stems = tokenize(text).map(stemTerm);
  return terms.every(term => {
    const stem = stemTerm(term);
    return stems.some(word => word.startsWith(stem));
  });
}

/**
 * Whether `text` mentions any of the terms.
 * @param {string} text
 * @param {string[]} terms
 */
function mentionsAny(text, terms) {
  return terms.some(term => mentionsAll(text, [term]));
}

/**
 * A section's units of meaning: the sentences of its paragraphs, its list items, and its table rows (each read with
 * the table's header, "for A, set B").
 * @param {string} markdown
 * @returns {string[]}
 */
function answerUnits(markdown) {
  /** @type {string[]} */
  const units = [];
  for (const block of splitBlocks(markdown)) {
    if (/^\s*(```|~~~|#)/.test(block)) continue;
    if (/^\s*\|/.test(block)) units.push(...tableRows(block));
    else if (/^\s*([-*+]|\d+[.)])\s/.test(block)) units.push(...block.split(/\n(?=\s*(?:[-*+]|\d+[.)])\s)/).map(item => item.replace(/^\s*([-*+]|\d+[.)])\s+/, '').replace(/\s*\n\s*/g, ' ')));
    else units.push(...sentences(block.replace(/\s*\n\s*/g, ' ')));
  }
  return units.map(unit => unit.trim().replace(/[:;,]$/, '.')).filter(unit => unit.length > 0);
}

/**
 * The data rows of a markdown table, each as a sentence built with the header: "for A, set B" when the second column
 * says what to do ("What to set"), else "A: B; C: D".
 * @param {string} table
 * @returns {string[]}
 */
function tableRows(table) {
  const rows = table
    .split('\n')
    .filter(line => /^\s*\|/.test(line))
    .map(line => line.trim().replace(/^\||\|$/g, '').split(/(?<!\\)\|/).map(cell => cell.trim().replace(/\\\|/g, '|')));
  const [header, , ...data] = rows;
  if (!header || data.length === 0) return [];
  const verb = /^what to (\w+)$/i.exec(header[1] ?? '')?.[1];
  return data.map(cells => {
    if (verb && cells.length === 2) return `for ${lowerFirst(cells[0])}, ${verb.toLowerCase()} ${cells[1]}.`;
    return `${cells[0]}: ${cells.slice(1).map((cell, i) => (i === 0 ? cell : `${header[i + 1]}: ${cell}`)).join('; ')}.`;
  });
}

/**
 * Splits a paragraph into sentences (a full stop followed by a space and a capital, a quote or a code span).
 * @param {string} paragraph
 */
function sentences(paragraph) {
  return paragraph.split(/(?<=[.!?])\s+(?=[A-Z`"(*<])/);
}

/**
 * A section's opening: its first paragraph, cut at a sentence end, with the list right after it when that is short
 * (a paragraph announcing a list, or a list of the options it names). Empty when the section has no paragraph.
 * @param {string} markdown
 */
function leadParagraph(markdown) {
  const blocks = splitBlocks(markdown);
  const at = blocks.findIndex(block => !/^\s*(```|~~~|#|\||[-*+]\s|\d+[.)]\s|>)/.test(block));
  if (at === -1) return '';
  const paragraph = cutAtSentence(blocks[at], LEAD_CHARS);
  const next = blocks[at + 1];
  if (paragraph === blocks[at] && next && /^\s*([-*+]|\d+[.)])\s/.test(next) && paragraph.length + next.length < LEAD_CHARS + 300) {
    return `${paragraph}\n\n${next}`;
  }
  return paragraph;
}

/**
 * A one-line summary of a section: its first sentence, shortened.
 * @param {string} markdown
 */
function summarize(markdown) {
  const first = splitBlocks(markdown).find(block => !/^\s*(```|~~~|#|\||[-*+]\s|\d+[.)]\s|>)/.test(block));
  if (!first) return '';
  const sentence = sentences(first.replace(/\s*\n\s*/g, ' '))[0] ?? '';
  // A sentence that only announces what follows ("With Node ≥ 20:") says nothing on its own.
  return /:$/.test(sentence) ? '' : cutAtSentence(sentence, SUMMARY_CHARS);
}

/**
 * `text` whole when short enough, else up to its last sentence (or word) end within `max` characters, with an
 * ellipsis. A code span is never cut.
 * @param {string} text
 * @param {number} max
 */
function cutAtSentence(text, max) {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  const sentenceEnd = head.search(/[.!?](?=\s[^.!?]*$)/);
  if (sentenceEnd > max / 3) return head.slice(0, sentenceEnd + 1);
  let cut = head.replace(/\s+\S*$/, '');
  if ((cut.match(/`/g) ?? []).length % 2 === 1) cut = cut.slice(0, cut.lastIndexOf('`')).trimEnd();
  return `${cut.replace(/[,;:]$/, '')}…`;
}

/**
 * The example to show with the lead: the first fenced code block of the lead section; else of another of the best
 * sections that is about everything the question asks; else, for a section that opens a doc (an overview), of one of
 * the two sections after it (its first example). The paragraph just before the code block comes along when it
 * introduces it (ends with a colon).
 * @param {RankedPassage} lead
 * @param {RankedPassage[]} best
 * @param {string[]} terms
 * @param {Passage[]} passages   every passage, in document order
 * @param {RankedPassage[]} ranked
 * @returns {{ section: RankedPassage, code: string, intro?: string } | undefined}
 */
function findExample(lead, best, terms, passages, ranked) {
  const candidates = [lead, ...best.filter(section => section !== lead && mentionsAll(`${section.passage.heading} ${section.passage.plain}`, terms))];
  for (const candidate of candidates) {
    const { passage } = candidate;
    const own = codeOf(passage.markdown);
    // Another section's example must itself be about the question (a section may mention it beside its example).
    if (own && (candidate === lead || mentionsAny(`${own.intro ?? ''} ${own.code}`, terms))) return { section: candidate, ...own };
    if (passage.heading !== passage.docTitle) continue;
    const at = passages.indexOf(passage);
    for (const next of passages.slice(at + 1, at + 3)) {
      const code = next.docSlug === passage.docSlug ? codeOf(next.markdown) : undefined;
      if (!code) continue;
      const section = ranked.find(r => r.passage === next) ?? { passage: next, score: candidate.score, bm25: 0, coverage: 0, proximity: 0 };
      return { section, ...code };
    }
  }
  return undefined;
}

/**
 * The first fenced code block of a section, and the paragraph right before it when that ends with a colon.
 * @param {string} markdown
 * @returns {{ code: string, intro?: string } | undefined}
 */
function codeOf(markdown) {
  const blocks = splitBlocks(markdown);
  const at = blocks.findIndex(block => /^\s*(```|~~~)/.test(block));
  if (at === -1) return undefined;
  const before = blocks[at - 1];
  return { code: blocks[at], intro: before && /:\s*$/.test(before) && !/^\s*(#|\|)/.test(before) ? before.replace(/\s*\n\s*/g, ' ') : undefined };
}

/**
 * Appends a citation marker to a paragraph: before a closing colon or full stop, so it reads "… element [2]:".
 * @param {string} text
 * @param {string} marker
 */
function withCitation(text, marker) {
  const match = /([:.!?…])$/.exec(text.trimEnd());
  return match ? `${text.trimEnd().slice(0, -1)} ${marker}${match[1]}` : `${text} ${marker}`;
}

/**
 * The text with its first letter lowercased when it starts with a filler word ("The …" → "the …"), so it can follow
 * "Yes — "; a name ("Ollama", "OpenAI") keeps its capital.
 * @param {string} text
 */
function lowerFirst(text) {
  const first = /^[A-Z][a-z]*(?=[\s,.;:!?]|$)/.exec(text)?.[0];
  return first && isStopWord(first.toLowerCase()) ? text[0].toLowerCase() + text.slice(1) : text;
}

/**
 * Text shown as markdown without being read as markup (a heading like `Theming <sse-chat>` must not become a tag).
 * @param {string} text
 */
function escapeMarkdown(text) {
  return text.replace(/[\\`*_[\]<>#|]/g, '\\$&');
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
