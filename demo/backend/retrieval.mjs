// Retrieval for "ask the docs": question → kept terms → BM25 scores per term (minisearch) → rerank.
//
// Scoring goes one term at a time so the caller can report real progress ("term 2 of 3") between terms; the
// per-term BM25 scores are summed, which is what an OR query over the same index computes.

import MiniSearch from 'minisearch';

/**
 * Words that carry no meaning for retrieval, in the languages people most often ask in: English, German, French,
 * Spanish, Italian, Portuguese, Dutch (question words, pronouns, articles, auxiliaries, "work", "use"…), and the
 * Chinese function words that survive the split into character pairs. Japanese particles need no list: hiragana
 * separate words (see `tokenize`).
 */
const STOP_WORDS = new Set(
  `a about above after again all also am an and any are as at be because been before being below between both but
  by can could did do does doing down during each few for from further had has have having he her here hers
  him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our
  out over own please same she should so some such tell than that the their them then there these they this those
  through to too under until up very was we were what when where which while who whom why will with would you your
  yours show explain describe give know want need use using used get work works working happen happens happened
  way ways make let like thing things something anything one ok okay hi hello thanks thank yes
  aber alle als also am an auch auf aus bei bin bis bitte da damit dann das dass dem den denn der des die dies diese
  dieser dieses du durch ein eine einem einen einer eines er es etwas euch für funktioniert funktionieren gibt geht
  hat habe haben ich ihr im in ist ja kann kannst können machen man mich mir mit muss nach nicht noch nur ob oder
  sein sich sie sind so soll über um und uns unter verwenden von vor war was weil wenn wer wie wird wo wir zu zum zur
  au aux avec ce ces cela ça comment dans de des du elle en est et être faire il ils je la le les leur lui ma mais me
  mes mon ne nous on ou où par pas peut peux pour pourquoi puis qu que quel quelle qui sa se ses son sur ta te tes
  toi ton tu un une vos votre vous fonctionne utiliser est-ce qu'est-ce peut-on n'est c'est
  al algo como cómo con cual cuál cuando cuándo de del donde dónde el él ella ellos en es esa ese eso esta este esto
  hacer hay la las le lo los me mi mis muy nos o para pero por porque puedo puede qué que se si sí sin sobre su sus
  te tu tú un una uno unos unas usar y ya yo funciona
  che chi come con cosa da dei del della di e gli il io la le lo ma mi nel non per più posso può questo se si sono
  su un una uno usare
  ao aos às com como da das do dos ela ele em era eu isso mas na nas no nos num numa os ou para pelo pela por posso
  pode que se sem seu sua um uma usar você
  aan als bij dat de die dit een en er hoe het hij ik in is je kan kun met mijn naar niet of om op te van voor wat
  wij zijn zo
  的 了 是 在 吗 呢 吧 啊 我 你 他 她 它 们 这 那 个 和 与 或 把 被 就 都 也 还 而 之 着 过 么 怎 如何 怎么 什么 可以 能否
  为什么 哪些 使用 用`.split(/\s+/),
);

/**
 * Whether a word (lowercase) is a filler word of one of the languages the retrieval knows.
 * @param {string} word
 */
export function isStopWord(word) {
  return STOP_WORDS.has(word);
}

/** How many of a question's terms are searched: a pasted paragraph must not make dozens of retrieval steps. */
export const MAX_TERMS = 16;

/** Chinese characters, katakana (with the long-vowel mark) and hangul: scripts written without spaces, or in blocks. */
const HAN = /\p{Script=Han}/u;
const SPACELESS_RUN = /[\p{Script=Han}\p{Script=Katakana}\u30fc\p{Script=Hangul}]+/u;

/** A word: a run of letters and digits (not of the spaceless scripts), or a run of those scripts. Hiragana and
 * punctuation separate words: in Japanese they are mostly particles and endings (は, を, で, ます…). */
const WORD = /[\p{Script=Han}\p{Script=Katakana}\u30fc\p{Script=Hangul}]+|(?:(?![\p{Script=Han}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Hiragana}])[\p{L}\p{N}])(?:(?![\p{Script=Han}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Hiragana}])[\p{L}\p{N}_'-])*/gu;

/**
 * Splits text into lowercase search tokens, the same way for the docs and the questions: words for scripts written
 * with spaces; for Chinese characters, overlapping pairs (中文 has no spaces, and pairs match words of any length
 * well); katakana and hangul words whole.
 * @param {string} text
 * @returns {string[]}
 */
export function tokenize(text) {
  /** @type {string[]} */
  const tokens = [];
  for (const [word] of text.normalize('NFKC').toLowerCase().matchAll(WORD)) {
    if (!SPACELESS_RUN.test(word)) {
      tokens.push(word.replace(/'s$/, '').replace(/['-]+$/, ''));
      continue;
    }
    // Within a run: katakana or hangul words whole, Chinese characters in pairs (split at function characters).
    for (const [part] of word.matchAll(/[\p{Script=Katakana}\u30fc]+|\p{Script=Hangul}+|\p{Script=Han}+/gu)) {
      if (!HAN.test(part)) tokens.push(part);
      else for (const piece of part.split(/[的了是在吗呢吧啊我你他她它们这那个和与或把被就都也还而之着过么用]+/u)) pairs(piece, tokens);
    }
  }
  return tokens;
}

/**
 * Pushes the overlapping character pairs of `text` (the text itself when shorter).
 * @param {string} text
 * @param {string[]} into
 */
function pairs(text, into) {
  const chars = [...text];
  if (chars.length === 1) into.push(chars[0]);
  for (let i = 0; i + 1 < chars.length; i++) into.push(chars[i] + chars[i + 1]);
}

/**
 * @typedef {object} QuestionAnalysis
 * @property {string[]} terms     distinct content words, in question order (at most MAX_TERMS)
 * @property {number} dropped     how many words were stop words or too short
 * @property {number} extra       distinct content words past MAX_TERMS, not searched
 */

/**
 * Splits a question into the terms worth searching for.
 * @param {string} question
 * @returns {QuestionAnalysis}
 */
export function analyzeQuestion(question) {
  /** @type {string[]} */
  const terms = [];
  let dropped = 0;
  let extra = 0;
  for (const word of tokenize(question)) {
    if ([...word].length < 2 || STOP_WORDS.has(word)) dropped++;
    else if (terms.includes(word)) continue;
    else if (terms.length < MAX_TERMS) terms.push(word);
    else extra++;
  }
  return { terms, dropped, extra };
}

/**
 * A deliberately light stemmer, applied alike to indexed words and query terms, so "theme" finds "theming" and
 * "sources" finds "source": strips one of -ing, -ed, -es, -s, then a final -e, keeping at least four letters.
 * Words of the spaceless scripts are left as they are.
 * @param {string} word   lowercase
 * @returns {string}
 */
export function stemTerm(word) {
  if (!/^[a-z]/.test(word)) return word;
  let stem = word;
  if (stem.length > 6 && stem.endsWith('ing')) stem = stem.slice(0, -3);
  else if (stem.length > 5 && stem.endsWith('ed')) stem = stem.slice(0, -2);
  else if (stem.length > 5 && stem.endsWith('es')) stem = stem.slice(0, -2);
  else if (stem.length > 4 && stem.endsWith('s') && !stem.endsWith('ss')) stem = stem.slice(0, -1);
  if (stem.length > 4 && stem.endsWith('e')) stem = stem.slice(0, -1);
  return stem;
}

/**
 * A BM25 index over passages (fields: heading, plain text, the doc's title; the heading counts double).
 * @param {import('./corpus.mjs').Passage[]} passages
 * @returns {MiniSearch<import('./corpus.mjs').Passage>}
 */
export function createPassageIndex(passages) {
  const index = new MiniSearch({
    fields: ['heading', 'plain', 'docTitle'],
    idField: 'id',
    tokenize,
    // Stop words are not indexed: the pronoun "them" must not match "theme" (both stem to "them").
    processTerm: term => (STOP_WORDS.has(term) ? null : stemTerm(term)),
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
    .search(term, {
      tokenize: text => [text],
      prefix: /^[a-z]/.test(term) && term.length >= 4,
      fuzzy: /^[a-z]/.test(term) && term.length >= 6 ? 1 : false,
      boost: { heading: 2, docTitle: 0.5 },
    })
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
    stems = tokenize(`${passage.heading} ${passage.plain}`).map(word => (STOP_WORDS.has(word) ? '' : stemTerm(word)));
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
