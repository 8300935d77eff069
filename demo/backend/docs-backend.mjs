// The embedded default backend, "ask the docs": each turn streams the real steps it performs, with real numbers,
// as canonical chat events (src/dialects/chat-event.ts). Transport concerns (pacing clock, abort, wire format) come
// from the caller. A local turn is computed in full before its first event is due (a TurnPlan), so the server can
// replay thousands of them from one scheduler; `answer()` replays the same plan as an async generator.

import { loadCorpus, rewriteLinks, splitIntoPassages } from './corpus.mjs';
import { accumulateScores, analyzeQuestion, createPassageIndex, rerank, scoreTerm } from './retrieval.mjs';
import { composeAnswer, tokenEndOffsets } from './compose.mjs';
import { buildGroundedMessages, streamChatCompletion } from './openai.mjs';
import { replayTurnPlan, TurnPlan } from '../streaming/turn-plan.mjs';
import { describeAttachments } from './attachments.mjs';

/** The model name reported when no OpenAI-compatible server writes the answer. */
export const LOCAL_MODEL = 'sse-chat-docs (BM25, local)';

/** Characters of a source's snippet. */
const SNIPPET_CHARS = 220;

/**
 * @typedef {import('../../src/dialects/chat-event.js').ChatEvent} ChatEvent
 */

/**
 * @typedef {object} TurnRequest
 * @property {string} question
 * @property {Array<{ role: string, content: string }>} [history]  earlier turns, oldest first
 * @property {string} [sessionId]
 * @property {import('../http/request.mjs').Attachment[]} [attachments]  files sent with the question
 * @property {string} baseUrl              absolute origin of this server, e.g. 'http://127.0.0.1:8787'
 * @property {(ms: number) => Promise<void>} sleep  pacing; rejects once the turn is cancelled
 * @property {AbortSignal} signal          aborted when the client goes away or the server shuts down
 * @property {number} tokenDelayMs
 */

/**
 * @typedef {object} DocsBackend
 * @property {import('./corpus.mjs').CorpusDoc[]} docs
 * @property {import('./corpus.mjs').Passage[]} passages
 * @property {(request: TurnRequest) => AsyncGenerator<ChatEvent>} answer   the turn's events, paced by `sleep`
 * @property {(request: Omit<TurnRequest, 'sleep' | 'signal'>) => TurnPlan | undefined} plan  the whole turn computed
 *   now, for a scheduler to replay; undefined when an OpenAI-compatible server writes the answer (its text is only
 *   known as it streams)
 */

/**
 * @typedef {object} Corpus
 * @property {import('minisearch').default} index
 * @property {import('./corpus.mjs').Passage[]} passages   in document order
 * @property {Map<string, import('./corpus.mjs').Passage>} passagesById
 * @property {Map<string, import('./corpus.mjs').CorpusDoc>} docsByFile
 * @property {string[]} topics
 * @property {import('./openai.mjs').OpenAiOptions} [openai]
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
  /** @type {Corpus} */
  const corpus = { index, passages, passagesById, docsByFile: new Map(docs.map(doc => [doc.file, doc])), topics, openai };
  return {
    docs,
    passages,
    answer: request => (openai ? answerWithModel(request, corpus) : answerLocally(request, corpus)),
    plan: request => (openai ? undefined : planLocalTurn(request, corpus)),
  };
}

/**
 * The local turn as events paced by the request's `sleep`.
 * @param {TurnRequest} request
 * @param {Corpus} corpus
 * @returns {AsyncGenerator<ChatEvent>}
 */
async function* answerLocally(request, corpus) {
  yield* replayTurnPlan(planLocalTurn(request, corpus), request.sleep);
}

/**
 * One local turn, computed now: understand → retrieve (progress per term) → rerank → write (the retrieved passages
 * quoted, ~4 characters a token); then the write step's end, metadata and done, whose timings are taken when they
 * are sent.
 * @param {Omit<TurnRequest, 'sleep' | 'signal'>} request
 * @param {Corpus} corpus
 * @returns {TurnPlan}
 */
function planLocalTurn(request, corpus) {
  const started = performance.now();
  const retrieval = planRetrieval(request, corpus);
  const since = performance.now();
  // What the reader attached comes first: what was received, and what its text files say about the question.
  const text = describeAttachments(request.attachments ?? [], request.question) + retrieval.answer.text;
  const tokenEnds = tokenEndOffsets(text);
  const composeMs = retrieval.timings.composeMs + performance.now() - since;
  const planningMs = performance.now() - started;
  return new TurnPlan({
    head: retrieval.head,
    text,
    tokenEnds,
    tokensFromMs: retrieval.writeAtMs,
    tokenDelayMs: request.tokenDelayMs,
    tailLength: 3 + followUps(retrieval.cited).length,
    tail: elapsedMs =>
      turnTail(request, corpus, retrieval, {
        tokens: tokenEnds.length,
        writeMs: composeMs + Math.max(0, elapsedMs - retrieval.writeAtMs),
        totalMs: planningMs + elapsedMs,
      }),
  });
}

/**
 * One turn whose text an OpenAI-compatible server writes: the retrieval steps as planned, then the model's deltas
 * as they arrive.
 * @param {TurnRequest} request
 * @param {Corpus} corpus
 * @returns {AsyncGenerator<ChatEvent>}
 */
async function* answerWithModel(request, corpus) {
  const started = performance.now();
  const retrieval = planRetrieval(request, corpus);
  const steps = new TurnPlan({
    head: retrieval.head,
    text: '',
    tokenEnds: new Uint32Array(0),
    tokensFromMs: retrieval.writeAtMs,
    tokenDelayMs: 0,
    tailLength: 0,
    tail: () => [],
  });
  yield* replayTurnPlan(steps, request.sleep);
  const since = performance.now();
  let tokens = 0;
  const messages = buildGroundedMessages(request.question, retrieval.cited, request.history ?? []);
  const received = describeAttachments(request.attachments ?? [], request.question);
  if (received) yield { type: 'text-delta', delta: received };
  try {
    for await (const delta of streamChatCompletion(/** @type {import('./openai.mjs').OpenAiOptions} */ (corpus.openai), messages, request.signal)) {
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
  const now = performance.now();
  yield* turnTail(request, corpus, retrieval, { tokens, writeMs: now - since, totalMs: now - started });
}

/**
 * @typedef {object} RetrievalPlan
 * @property {import('../streaming/turn-plan.mjs').TimedEvent[]} head  start, the steps up to "Writing the answer", sources
 * @property {number} writeAtMs        when the write step starts, in ms after the turn's start
 * @property {string[]} terms
 * @property {import('./retrieval.mjs').RankedPassage[]} cited   the sections the answer cites, `[n]` at n - 1
 * @property {import('./compose.mjs').ComposedAnswer} answer      the local answer, composed with the citations
 * @property {number} passagesFound
 * @property {Record<string, number>} timings  real compute times of each step, in ms
 */

/**
 * Runs the retrieval steps now and plans their events: each step's work is instant on a corpus this size, so a
 * pause of four token delays after each lets a reader see it happen.
 * @param {Omit<TurnRequest, 'sleep' | 'signal'>} request
 * @param {Corpus} corpus
 * @returns {RetrievalPlan}
 */
function planRetrieval({ question, tokenDelayMs, baseUrl }, corpus) {
  const stepPause = Math.max(0, tokenDelayMs) * 4;
  const timings = /** @type {Record<string, number>} */ ({});
  const timed = (/** @type {string} */ name, /** @type {number} */ since) => {
    timings[name] = Math.round((performance.now() - since) * 100) / 100;
  };
  /** @type {import('../streaming/turn-plan.mjs').TimedEvent[]} */
  const head = [];
  let atMs = 0;
  const emit = (/** @type {ChatEvent} */ event) => head.push({ atMs, event });

  emit({ type: 'start', model: corpus.openai?.model ?? LOCAL_MODEL });

  // 1. Understanding the question
  emit({ type: 'step', id: 'understand', label: 'Understanding the question', status: 'active' });
  let since = performance.now();
  const { terms, dropped, extra } = analyzeQuestion(question);
  timed('understandMs', since);
  atMs += stepPause;
  emit({
    type: 'step',
    id: 'understand',
    status: 'done',
    detail:
      terms.length > 0
        ? `Kept ${terms.length} ${terms.length === 1 ? 'term' : 'terms'}: ${listTerms(terms)} (dropped ${dropped} filler ${dropped === 1 ? 'word' : 'words'}${extra > 0 ? `; ${extra} more not searched` : ''})`
        : 'No searchable terms in the question',
  });

  // 2. Retrieving passages: BM25 one term at a time, so progress is real.
  const passageCount = corpus.passagesById.size;
  emit({
    type: 'step',
    id: 'retrieve',
    label: 'Retrieving passages',
    status: 'active',
    progress: { value: 0, max: terms.length },
    detail: `Scoring ${passageCount} passages`,
  });
  /** @type {Map<string, number>} */
  const totals = new Map();
  for (const [i, term] of terms.entries()) {
    since = performance.now();
    const termScores = scoreTerm(corpus.index, term);
    accumulateScores(totals, termScores);
    timed(`score:${term}`, since);
    atMs += stepPause;
    emit({
      type: 'step',
      id: 'retrieve',
      progress: { value: i + 1, max: terms.length },
      detail: `"${term}" matches ${termScores.length} of ${passageCount} passages`,
    });
  }
  emit({
    type: 'step',
    id: 'retrieve',
    status: 'done',
    progress: { value: terms.length, max: terms.length },
    detail: `found ${totals.size} ${totals.size === 1 ? 'passage' : 'passages'}`,
  });

  // 3. Reranking the BM25 leaders, then choosing what the answer cites: distinct sections, numbered as cited.
  emit({ type: 'step', id: 'rerank', label: 'Reranking', status: 'active' });
  since = performance.now();
  const ranked = rerank(totals, corpus.passagesById, terms);
  timed('rerankMs', since);
  since = performance.now();
  const answer = composeAnswer({
    question,
    terms,
    ranked,
    passages: corpus.passages,
    servedLinks: (passage, markdown) => rewriteLinks(markdown, passage.docFile, (file, anchor) => docUrl(corpus, baseUrl, file, anchor)),
    topics: corpus.topics,
  });
  const { cited } = answer;
  timed('composeMs', since);
  atMs += stepPause;
  emit({
    type: 'step',
    id: 'rerank',
    status: 'done',
    detail:
      ranked.length > 0
        ? `Re-scored the top ${ranked.length} by term coverage and proximity; cited ${cited.length} (best ${ranked[0].score.toFixed(3)})`
        : 'Nothing to rerank',
  });

  // 4. Writing the answer starts; its text follows.
  emit({ type: 'step', id: 'write', label: 'Writing the answer', status: 'active' });
  if (cited.length > 0) emit({ type: 'sources', sources: cited.map(ranked => toSource(ranked, baseUrl)) });
  return { head, writeAtMs: atMs, terms, cited, answer, passagesFound: totals.size, timings };
}

/**
 * The events after the text: the write step's end, follow-up suggestions, metadata with real timings (ms), done.
 * @param {Omit<TurnRequest, 'sleep' | 'signal'>} request
 * @param {Corpus} corpus
 * @param {RetrievalPlan} retrieval
 * @param {{ tokens: number, writeMs: number, totalMs: number }} written
 * @returns {ChatEvent[]}
 */
function turnTail(request, corpus, retrieval, { tokens, writeMs, totalMs }) {
  return [
    { type: 'step', id: 'write', status: 'done', detail: `${tokens} tokens` },
    ...followUps(retrieval.cited),
    {
      type: 'metadata',
      metadata: {
        model: corpus.openai?.model ?? LOCAL_MODEL,
        sessionId: request.sessionId,
        terms: retrieval.terms,
        passagesIndexed: corpus.passagesById.size,
        passagesFound: retrieval.passagesFound,
        cited: retrieval.cited.map(r => r.passage.id),
        usage: { outputTokens: tokens },
        timings: { ...retrieval.timings, writeMs: Math.round(writeMs * 100) / 100, totalMs: Math.round(totalMs) },
      },
    },
    { type: 'done', reason: 'stop' },
  ];
}

/**
 * Terms for a step's detail: the first eight, then how many more.
 * @param {string[]} terms
 */
function listTerms(terms) {
  return terms.length > 8 ? `${terms.slice(0, 8).join(', ')} and ${terms.length - 8} more` : terms.join(', ');
}

/**
 * The absolute URL of a corpus doc's page (and anchor), or undefined for a file the corpus does not hold.
 * @param {Corpus} corpus
 * @param {string} baseUrl
 * @param {string} file
 * @param {string} anchor
 */
function docUrl(corpus, baseUrl, file, anchor) {
  const doc = corpus.docsByFile.get(file);
  return doc && `${baseUrl}/docs/${doc.slug}${anchor ? `#${anchor}` : ''}`;
}

/**
 * Up to three follow-up questions, one per distinct section the answer cited (the `suggestions` event).
 * @param {import('./retrieval.mjs').RankedPassage[]} cited
 * @returns {ChatEvent[]}
 */
function followUps(cited) {
  // A citation's title reads "Doc › Heading": the heading alone makes the shorter question.
  const titles = [...new Set(cited.map(ranked => ranked.passage.title.split(' › ').at(-1)))].slice(0, 3);
  return titles.length ? [{ type: 'suggestions', suggestions: titles.map(title => `Tell me more about “${title}”`) }] : [];
}

/**
 * A citation for one ranked passage: absolute link to the doc section on this server, snippet, score.
 * @param {import('./retrieval.mjs').RankedPassage} ranked
 * @param {string} baseUrl
 * @returns {import('../../src/dialects/chat-event.js').ChatSource}
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
