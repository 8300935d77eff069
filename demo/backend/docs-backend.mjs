// The embedded default backend, "ask the docs": each turn streams the real steps it performs, with real numbers,
// as canonical chat events (src/chat-events.ts). Transport concerns (pacing clock, abort, wire format) come
// from the caller.

import { loadCorpus, splitIntoPassages } from './corpus.mjs';
import { accumulateScores, analyzeQuestion, createPassageIndex, rerank, scoreTerm } from './retrieval.mjs';
import { composeAnswer, MAX_CITED, splitIntoTokens } from './compose.mjs';
import { buildGroundedMessages, streamChatCompletion } from './openai.mjs';

/** The model name reported when no OpenAI-compatible server writes the answer. */
export const LOCAL_MODEL = 'sse-chat-docs (BM25, local)';

/** Characters of a source's snippet. */
const SNIPPET_CHARS = 220;

/**
 * @typedef {import('../../src/chat-events.js').ChatEvent} ChatEvent
 */

/**
 * @typedef {object} TurnRequest
 * @property {string} question
 * @property {Array<{ role: string, content: string }>} [history]  earlier turns, oldest first
 * @property {string} [sessionId]
 * @property {string} baseUrl              absolute origin of this server, e.g. 'http://127.0.0.1:8787'
 * @property {(ms: number) => Promise<void>} sleep  pacing; rejects once the turn is cancelled
 * @property {AbortSignal} signal          aborted when the client goes away or the server shuts down
 * @property {number} tokenDelayMs
 */

/**
 * @typedef {object} DocsBackend
 * @property {import('./corpus.mjs').CorpusDoc[]} docs
 * @property {import('./corpus.mjs').Passage[]} passages
 * @property {(request: TurnRequest) => AsyncGenerator<ChatEvent>} answer
 */

/**
 * Reads and indexes the docs once.
 * @param {{ rootDir: string, openai?: import('./openai.mjs').OpenAiOptions }} options
 * @returns {Promise<DocsBackend>}
 */
export async function createDocsBackend({ rootDir, openai }) {
  const docs = await loadCorpus(rootDir);
  const passages = docs.flatMap(splitIntoPassages);
  const passagesById = new Map(passages.map(p => [p.id, p]));
  const index = createPassageIndex(passages);
  const topics = docs.map(doc => doc.title);
  return {
    docs,
    passages,
    answer: request => answerTurn(request, { index, passagesById, topics, openai }),
  };
}

/**
 * One turn: understand → retrieve (progress per term) → rerank → write; then sources, text, metadata, done.
 * @param {TurnRequest} request
 * @param {{ index: import('minisearch').default, passagesById: Map<string, import('./corpus.mjs').Passage>,
 *   topics: string[], openai?: import('./openai.mjs').OpenAiOptions }} corpus
 * @returns {AsyncGenerator<ChatEvent>}
 */
async function* answerTurn(request, corpus) {
  const { question, sleep, tokenDelayMs } = request;
  // Steps are instant on a corpus this size; a short pause lets a reader see each one happen.
  const stepPause = tokenDelayMs * 4;
  const started = performance.now();
  const timings = /** @type {Record<string, number>} */ ({});
  const timed = (/** @type {string} */ name, /** @type {number} */ since) => {
    timings[name] = Math.round((performance.now() - since) * 100) / 100;
  };

  yield { type: 'start', model: corpus.openai?.model ?? LOCAL_MODEL };

  // 1. Understanding the question
  yield { type: 'step', id: 'understand', label: 'Understanding the question', status: 'active' };
  let since = performance.now();
  const { terms, dropped } = analyzeQuestion(question);
  timed('understandMs', since);
  await sleep(stepPause);
  yield {
    type: 'step',
    id: 'understand',
    status: 'done',
    detail:
      terms.length > 0
        ? `Kept ${terms.length} ${terms.length === 1 ? 'term' : 'terms'}: ${terms.join(', ')} (dropped ${dropped} filler ${dropped === 1 ? 'word' : 'words'})`
        : 'No searchable terms in the question',
  };

  // 2. Retrieving passages: BM25 one term at a time, so progress is real.
  const passageCount = corpus.passagesById.size;
  yield {
    type: 'step',
    id: 'retrieve',
    label: 'Retrieving passages',
    status: 'active',
    progress: { value: 0, max: terms.length },
    detail: `Scoring ${passageCount} passages`,
  };
  /** @type {Map<string, number>} */
  const totals = new Map();
  for (const [i, term] of terms.entries()) {
    since = performance.now();
    const termScores = scoreTerm(corpus.index, term);
    accumulateScores(totals, termScores);
    timed(`score:${term}`, since);
    await sleep(stepPause);
    yield {
      type: 'step',
      id: 'retrieve',
      progress: { value: i + 1, max: terms.length },
      detail: `"${term}" matches ${termScores.length} of ${passageCount} passages`,
    };
  }
  yield {
    type: 'step',
    id: 'retrieve',
    status: 'done',
    progress: { value: terms.length, max: terms.length },
    detail: `found ${totals.size} ${totals.size === 1 ? 'passage' : 'passages'}`,
  };

  // 3. Reranking the BM25 leaders by term coverage and proximity.
  yield { type: 'step', id: 'rerank', label: 'Reranking', status: 'active' };
  since = performance.now();
  const ranked = rerank(totals, corpus.passagesById, terms);
  const cited = ranked.slice(0, MAX_CITED);
  timed('rerankMs', since);
  await sleep(stepPause);
  yield {
    type: 'step',
    id: 'rerank',
    status: 'done',
    detail:
      ranked.length > 0
        ? `Re-scored the top ${ranked.length} by term coverage and proximity; kept ${cited.length} (best ${cited[0].score.toFixed(3)})`
        : 'Nothing to rerank',
  };

  // 4. Writing the answer.
  yield { type: 'step', id: 'write', label: 'Writing the answer', status: 'active' };
  if (cited.length > 0) {
    yield { type: 'sources', sources: cited.map(ranked => toSource(ranked, request.baseUrl)) };
  }
  since = performance.now();
  let tokens = 0;
  if (corpus.openai) {
    const messages = buildGroundedMessages(question, cited, request.history ?? []);
    try {
      for await (const delta of streamChatCompletion(corpus.openai, messages, request.signal)) {
        tokens++;
        yield { type: 'text-delta', delta };
      }
    } catch (error) {
      if (request.signal.aborted) throw error;
      yield { type: 'step', id: 'write', status: 'error', detail: 'The model server failed' };
      yield {
        type: 'error',
        message: `The model server failed: ${/** @type {Error} */ (error).message}`,
        code: 'upstream_error',
        retryable: true,
      };
      return;
    }
  } else {
    for (const token of splitIntoTokens(composeAnswer(terms, cited, corpus.topics))) {
      await sleep(tokenDelayMs);
      tokens++;
      yield { type: 'text-delta', delta: token };
    }
  }
  timed('writeMs', since);
  yield { type: 'step', id: 'write', status: 'done', detail: `${tokens} tokens` };

  yield {
    type: 'metadata',
    metadata: {
      model: corpus.openai?.model ?? LOCAL_MODEL,
      sessionId: request.sessionId,
      terms,
      passagesIndexed: passageCount,
      passagesFound: totals.size,
      cited: cited.map(r => r.passage.id),
      usage: { outputTokens: tokens },
      timings: { ...timings, totalMs: Math.round(performance.now() - started) },
    },
  };
  yield { type: 'done', reason: 'stop' };
}

/**
 * A citation for one ranked passage: absolute link to the doc section on this server, snippet, score.
 * @param {import('./retrieval.mjs').RankedPassage} ranked
 * @param {string} baseUrl
 * @returns {import('../../src/chat-events.js').ChatSource}
 */
function toSource({ passage, score, bm25, coverage, proximity }, baseUrl) {
  const snippet =
    passage.plain.length > SNIPPET_CHARS ? `${passage.plain.slice(0, SNIPPET_CHARS).replace(/\s+\S*$/, '')}…` : passage.plain;
  return {
    title: passage.title,
    url: `${baseUrl}/docs/${passage.docSlug}${passage.anchor ? `#${passage.anchor}` : ''}`,
    snippet,
    score,
    metadata: {
      passageId: passage.id,
      bm25: Math.round(bm25 * 1000) / 1000,
      coverage: Math.round(coverage * 1000) / 1000,
      proximity: Math.round(proximity * 1000) / 1000,
    },
  };
}
