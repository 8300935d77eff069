// A long answer on demand, for watching (and testing) how a client streams thousands of tokens of markdown:
// `POST /api/chat?long=TOKENS[&rate=TOKENS_PER_SECOND|max]` answers with the benchmark's generated answer
// (long-answer.mjs) instead of asking the docs. It is an ordinary TurnPlan, so the server streams, paces, stops,
// logs and shuts it down exactly like a docs answer (docs/testing.md § Long answers).

import { HttpError } from '../http/http-error.mjs';
import { generateAnswer } from './long-answer.mjs';
import { replayTurnPlan, TurnPlan } from '../streaming/turn-plan.mjs';

/**
 * @typedef {import('../../src/dialects/chat-event.js').ChatEvent} ChatEvent
 */

/**
 * @typedef {object} LongAnswer
 * @property {number} tokens            how many ~4-character tokens the answer has
 * @property {number} tokensPerSecond   the pace; Infinity: as fast as the socket takes them
 */

/** The only route that streams long answers: the house route, in the canonical dialect. */
export const LONG_ANSWER_PATH = '/api/chat';

/** Bounds of `long`: from a few paragraphs to the benchmark's longest answer. */
export const MIN_LONG_TOKENS = 100;
export const MAX_LONG_TOKENS = 32_000;

/** Bounds of `rate` in tokens per second; `rate=max` sends as fast as the socket takes them. */
export const MIN_LONG_RATE = 1;
export const MAX_LONG_RATE = 10_000;

/** The pace without `rate`: what a fast hosted model streams. */
export const DEFAULT_LONG_RATE = 200;

/** The seed of the generated answer: the benchmark's, so the demo streams the very text the figures are about. */
export const LONG_ANSWER_SEED = 1;

/** The model name the answer's `start` and metadata report. */
export const LONG_ANSWER_MODEL = 'sse-chat-long-answer (generated, local)';

/** How many events the buffered path produces between two yields to the event loop at `rate=max`. */
const YIELD_EVERY = 256;

/**
 * Reads `long` and `rate` from a chat request's query; undefined without `long`. A bad value, `rate` without `long`,
 * or a route other than the house route is a 400 `invalid_long_answer`: a mistyped request must fail loudly, not
 * stream the docs answer instead.
 * @param {URLSearchParams} query   the request's query, e.g. of '/api/chat?long=2000&rate=max'
 * @param {string} path             the route's path
 * @returns {LongAnswer | undefined}
 */
export function parseLongAnswer(query, path) {
  const long = query.getAll('long');
  const rate = query.getAll('rate');
  if (long.length === 0) {
    if (rate.length > 0) throw invalidLongAnswer('"rate" goes with "long", as in long=2000&rate=200.');
    return undefined;
  }
  if (long.length > 1 || rate.length > 1) throw invalidLongAnswer(`"${long.length > 1 ? 'long' : 'rate'}" is given twice.`);
  if (path !== LONG_ANSWER_PATH) throw invalidLongAnswer(`long answers stream on ${LONG_ANSWER_PATH} only.`);
  const tokens = wholeNumber(long[0], MIN_LONG_TOKENS, MAX_LONG_TOKENS);
  if (tokens === undefined) {
    throw invalidLongAnswer(`"long" needs a whole number of tokens from ${MIN_LONG_TOKENS} to ${MAX_LONG_TOKENS}, as in long=2000.`);
  }
  if (rate.length === 0) return { tokens, tokensPerSecond: DEFAULT_LONG_RATE };
  if (rate[0] === 'max') return { tokens, tokensPerSecond: Infinity };
  const tokensPerSecond = wholeNumber(rate[0], MIN_LONG_RATE, MAX_LONG_RATE);
  if (tokensPerSecond === undefined) {
    throw invalidLongAnswer(`"rate" needs tokens per second from ${MIN_LONG_RATE} to ${MAX_LONG_RATE}, or "max", as in rate=200.`);
  }
  return { tokens, tokensPerSecond };
}

/**
 * @param {string} text
 * @param {number} min
 * @param {number} max
 * @returns {number | undefined}
 */
function wholeNumber(text, min, max) {
  const value = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
  return value >= min && value <= max ? value : undefined;
}

/** @param {string} detail */
function invalidLongAnswer(detail) {
  return new HttpError(400, 'invalid_long_answer', `Bad long-answer parameter: ${detail}`);
}

/** @type {{ text: string, tokenEnds: Uint32Array } | undefined} */
let longest;

/**
 * The generated answer of `tokens` tokens: the text the client must end up with, and where each token ends.
 * A shorter answer is a prefix of the longest one, which is generated once (about 20 ms) and shared by every stream.
 * @param {number} tokens   1 to MAX_LONG_TOKENS
 * @returns {{ text: string, tokenEnds: Uint32Array }}
 */
export function longAnswerText(tokens) {
  if (!longest) {
    const answer = generateAnswer(MAX_LONG_TOKENS, LONG_ANSWER_SEED);
    const tokenEnds = new Uint32Array(answer.tokens.length);
    let end = 0;
    answer.tokens.forEach((token, i) => (tokenEnds[i] = end += token.length));
    longest = { text: answer.text, tokenEnds };
  }
  const tokenEnds = longest.tokenEnds.subarray(0, tokens);
  return { text: longest.text.slice(0, tokenEnds[tokens - 1]), tokenEnds };
}

/**
 * The turn: `start`, the step "Writing a long answer", the text one token per `text-delta` at the asked pace, then
 * the step's end, metadata (tokens, time) and `done`.
 * @param {LongAnswer} long
 * @returns {TurnPlan}
 */
export function planLongAnswer({ tokens, tokensPerSecond }) {
  const { text, tokenEnds } = longAnswerText(tokens);
  /** @type {import('../streaming/turn-plan.mjs').TimedEvent[]} */
  const head = [
    { atMs: 0, event: { type: 'start', model: LONG_ANSWER_MODEL } },
    {
      atMs: 0,
      event: {
        type: 'step',
        id: 'write',
        label: 'Writing a long answer',
        status: 'active',
        detail: describeLongAnswer({ tokens, tokensPerSecond }),
      },
    },
  ];
  return new TurnPlan({
    head,
    text,
    tokenEnds,
    tokensFromMs: 0,
    tokenDelayMs: 1000 / tokensPerSecond,
    tailLength: 3,
    tail: elapsedMs => {
      // At rate=max the whole answer is handed to the socket at once: the time it took to arrive is the client's.
      const paced = Number.isFinite(tokensPerSecond);
      return [
        {
          type: 'step',
          id: 'write',
          status: 'done',
          detail: paced ? `${tokens} tokens in ${(elapsedMs / 1000).toFixed(1)} s` : `${tokens} tokens`,
        },
        {
          type: 'metadata',
          metadata: {
            model: LONG_ANSWER_MODEL,
            seed: LONG_ANSWER_SEED,
            usage: { outputTokens: tokens },
            timings: { totalMs: Math.round(elapsedMs) },
          },
        },
        { type: 'done', reason: 'stop' },
      ];
    },
  });
}

/**
 * The long answer as events paced by `sleep`, for the buffered (fault and resumable) path. At `rate=max` nothing
 * sleeps, so it yields to the event loop now and then: the connection writing the buffer (and an abort) get a turn.
 * @param {LongAnswer} long
 * @param {(ms: number) => Promise<void>} sleep
 * @returns {AsyncGenerator<ChatEvent>}
 */
export async function* replayLongAnswer(long, sleep) {
  let count = 0;
  for await (const event of replayTurnPlan(planLongAnswer(long), sleep)) {
    yield event;
    if (++count % YIELD_EVERY === 0) await new Promise(resolve => setImmediate(resolve));
  }
}

/**
 * The answer's size and pace in words, e.g. '2000 tokens at 200 tokens/s' (the step's detail and the server's log).
 * @param {LongAnswer} long
 */
export function describeLongAnswer({ tokens, tokensPerSecond }) {
  return `${tokens} tokens ${Number.isFinite(tokensPerSecond) ? `at ${tokensPerSecond} tokens/s` : 'as fast as possible'}`;
}
