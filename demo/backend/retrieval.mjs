// Retrieval for "ask the docs": question → kept terms → BM25 scores per term (minisearch) → rerank.
//
// Scoring goes one term at a time so the caller can report real progress ("term 2 of 3") between terms; the
// per-term BM25 scores are summed, which is what an OR query over the same index computes.

import MiniSearch from 'minisearch';

/** Words that carry no meaning for retrieval; dropped from the question and reported as such. */
const STOP_WORDS = new Set(
  `a about above after again all also am an and any are as at be because been before being below between both but
  by can could did do does doing done down during each few for from further had has have having he her here hers
  him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our
  out over own please same she should so some such tell than that the their them then there these they this those
  through to too under until up very was we were what when where which while who whom why will with would you your
  yours show explain describe give know want need use using get work works happen happens happened`.split(/\s+/),
);

/**
 * @typedef {object} QuestionAnalysis
 * @property {string[]} terms     distinct content words, in question order
 * @property {number} dropped     how many words were stop words or too short
 */

/**
 * Splits a question into the terms worth searching for.
 * @param {string} question
 * @returns {QuestionAnalysis}
 */
export function analyzeQuestion(question) {
  const words = question.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}_'-]*/gu) ?? [];
  const terms = [];
  let dropped = 0;
  for (const raw of words) {
    const word = raw.replace(/'s$/, '').replace(/['-]+$/, '');
    if (word.length < 2 || STOP_WORDS.has(word)) dropped++;
    else if (!terms.includes(word)) terms.push(word);
  }
  return { terms, dropped };
}

/**
 * A deliberately light stemmer, applied alike to indexed words and query terms, so "theme" finds "theming" and
 * "sources" finds "source": strips one of -ing, -ed, -es, -s, then a final -e, keeping at least four letters.
 * @param {string} word   lowercase
 * @returns {string}
 */
export function stemTerm(word) {
  let stem = word;
  if (stem.length > 6 && stem.endsWith('ing')) stem = stem.slice(0, -3);
  else if (stem.length > 5 && stem.endsWith('ed')) stem = stem.slice(0, -2);
  else if (stem.length > 5 && stem.endsWith('es')) stem = stem.slice(0, -2);
  else if (stem.length > 4 && stem.endsWith('s') && !stem.endsWith('ss')) stem = stem.slice(0, -1);
  if (stem.length > 4 && stem.endsWith('e')) stem = stem.slice(0, -1);
  return stem;
}

/**
 * A BM25 index over passages (fields: heading, plain text; the heading counts double).
 * @param {import('./corpus.mjs').Passage[]} passages
 * @returns {MiniSearch<import('./corpus.mjs').Passage>}
 */
export function createPassageIndex(passages) {
  const index = new MiniSearch({
    fields: ['heading', 'plain'],
    idField: 'id',
    processTerm: term => stemTerm(term.toLowerCase()),
  });
  index.addAll(passages);
  return index;
}

/**
 * BM25 scores of every passage matching one term (prefix match for longer terms, a typo allowed in long ones).
 * @param {MiniSearch} index
 * @param {string} term
 * @returns {Array<{ id: string, score: number }>}
 */
export function scoreTerm(index, term) {
  return index
    .search(term, { prefix: term.length >= 4, fuzzy: term.length >= 6 ? 1 : false, boost: { heading: 2 } })
    .map(result => ({ id: String(result.id), score: result.score }));
}

/**
 * Adds one term's scores into the running totals.
 * @param {Map<string, number>} totals
 * @param {Array<{ id: string, score: number }>} termScores
 */
export function accumulateScores(totals, termScores) {
  for (const { id, score } of termScores) totals.set(id, (totals.get(id) ?? 0) + score);
}

/**
 * @typedef {object} RankedPassage
 * @property {import('./corpus.mjs').Passage} passage
 * @property {number} score       the final score, 0..1, rounded to 3 decimals
 * @property {number} bm25        the summed BM25 score
 * @property {number} coverage    share of the question's terms found in the passage, 0..1
 * @property {number} proximity   how close together the found terms sit, 0..1 (0 when fewer than two are found)
 */

/**
 * Re-scores the best BM25 candidates by term coverage and proximity, so a passage that mentions every term close
 * together beats one that repeats a single term. Ties break on passage id, keeping answers deterministic.
 * @param {Map<string, number>} totals        BM25 score per passage id
 * @param {Map<string, import('./corpus.mjs').Passage>} passagesById
 * @param {string[]} terms
 * @param {number} [candidates=10]            how many BM25 leaders to rerank
 * @returns {RankedPassage[]}
 */
export function rerank(totals, passagesById, terms, candidates = 10) {
  const leaders = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, candidates);
  const best = leaders.length > 0 ? leaders[0][1] : 1;
  /** @type {RankedPassage[]} */
  const ranked = [];
  for (const [id, bm25] of leaders) {
    const passage = passagesById.get(id);
    if (!passage) continue;
    const positions = termPositions(passageStems(passage), terms);
    const found = positions.filter(list => list.length > 0);
    const coverage = terms.length > 0 ? found.length / terms.length : 0;
    const proximity = found.length >= 2 ? found.length / smallestWindow(found) : 0;
    const score = (bm25 / best) * (0.5 + 0.5 * coverage) * (1 + 0.5 * proximity) / 1.5;
    ranked.push({ passage, bm25, coverage, proximity, score: Math.round(score * 1000) / 1000 });
  }
  return ranked.sort((a, b) => b.score - a.score || (a.passage.id < b.passage.id ? -1 : 1));
}

/** Stemmed words of each passage (heading, then text), computed on first use: every rerank reads them. */
const stemsByPassage = new WeakMap();

/**
 * The stemmed words of a passage's heading and text, in order; cached, as passages never change.
 * @param {import('./corpus.mjs').Passage} passage
 * @returns {string[]}
 */
function passageStems(passage) {
  let stems = stemsByPassage.get(passage);
  if (!stems) {
    const words = `${passage.heading} ${passage.plain}`.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}_'-]*/gu) ?? [];
    stems = words.map(stemTerm);
    stemsByPassage.set(passage, stems);
  }
  return stems;
}

/**
 * For each term, the word positions where a (stemmed) word starts with the term's stem.
 * @param {string[]} stems   a passage's stemmed words
 * @param {string[]} terms
 * @returns {number[][]}
 */
function termPositions(stems, terms) {
  return terms.map(term => {
    const stem = stemTerm(term);
    const at = [];
    for (let i = 0; i < stems.length; i++) if (stems[i].startsWith(stem)) at.push(i);
    return at;
  });
}

/**
 * The length in words of the shortest span holding one position from every list (lists non-empty).
 * @param {number[][]} lists
 * @returns {number}
 */
export function smallestWindow(lists) {
  const events = lists.flatMap((list, term) => list.map(position => ({ position, term })));
  events.sort((a, b) => a.position - b.position);
  const counts = new Array(lists.length).fill(0);
  let covered = 0;
  let best = Infinity;
  let left = 0;
  for (const event of events) {
    if (counts[event.term]++ === 0) covered++;
    while (covered === lists.length) {
      best = Math.min(best, event.position - events[left].position + 1);
      if (--counts[events[left].term] === 0) covered--;
      left++;
    }
  }
  return best;
}
