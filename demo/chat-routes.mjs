// The chat routes: the house route `/api/chat` (canonical wire format) and one route per seed backend and vendor
// API, each streaming the same answer in its own wire format (demo/encoders/). Also what `/api/routes` lists and how
// each route's request body gives the question.

import { createCanonicalEncoder } from './encoders/canonical.mjs';
import { seedRoutes } from './encoders/seeds.mjs';
import { vendorRoutes } from './encoders/vendors.mjs';
import { HttpError } from './http/http-error.mjs';
import { readChatRequest } from './http/request.mjs';
import { validateChatBody } from './http/chat-body.mjs';
import { LONG_ANSWER_PATH } from './backend/long-answer-turn.mjs';

/** @typedef {import('./encoders/types.mjs').DemoRoute & { pattern: RegExp }} ChatRoute */

/** The house route's path: the docs answer in the canonical format, and the only one with long answers. */
const HOUSE_PATH = LONG_ANSWER_PATH;

/** @type {import('./encoders/types.mjs').DemoRoute} */
const houseRoute = {
  path: HOUSE_PATH,
  name: 'Ask the docs (sse-chat canonical)',
  dialect: 'sse-chat',
  description: 'The embedded backend: BM25 over the project docs, reranked, answered with citations.',
  readQuestion: body => body?.message,
  readsAttachments: true,
  createEncoder: () => createCanonicalEncoder(),
  exampleBody: { message: 'How do I stop a stream?', session_id: 'demo' },
};

/**
 * Every chat route, the house route first. `{name}` segments in a route's path match any one segment (e.g.
 * '/chat/{session_id}/stream').
 * @type {ChatRoute[]}
 */
export const chatRoutes = [houseRoute, ...seedRoutes, ...vendorRoutes].map(route => ({ ...route, pattern: pathPattern(route.path) }));

/**
 * The chat route serving `path`, if any.
 * @param {string} path
 */
export function findChatRoute(path) {
  return chatRoutes.find(route => route.pattern.test(path));
}

/**
 * @param {string} path
 * @returns {RegExp}
 */
function pathPattern(path) {
  const source = path
    .split(/(\{[^/}]+\})/)
    .map(part => (/^\{[^/}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

/**
 * What `/api/routes` lists for the demo page's picker.
 * @param {ChatRoute} route
 */
export function describeRoute(route) {
  const question = questionOf(route, route.exampleBody);
  return {
    path: route.path,
    name: route.name,
    dialect: route.dialect,
    description: route.description,
    exampleBody: route.exampleBody,
    // Where the question sits in exampleBody, so a page can build bodies for this route from the example.
    questionPath: question === undefined ? undefined : findValuePath(route.exampleBody, question),
  };
}

/**
 * The key path (e.g. ['messages', 0, 'content']) of the first string equal to `wanted` inside `value`.
 * @param {unknown} value
 * @param {string} wanted
 * @returns {Array<string | number> | undefined}
 */
function findValuePath(value, wanted) {
  if (value === wanted) return [];
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    const rest = findValuePath(child, wanted);
    if (rest) return [Array.isArray(value) ? Number(key) : key, ...rest];
  }
  return undefined;
}

/**
 * The route's reading of a body's question; undefined when it has none (or the reader throws on a strange body).
 * @param {ChatRoute} route
 * @param {unknown} body
 * @returns {string | undefined}
 */
function questionOf(route, body) {
  try {
    const question = body === undefined ? undefined : route.readQuestion(body);
    return typeof question === 'string' ? question : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The question (and context) of a chat request on any route: the house body rules for `/api/chat`, the route's own
 * reader for the others. A body without a question is a 400.
 * @param {ChatRoute} route
 * @param {Record<string, any>} body
 * @returns {import('./http/request.mjs').ChatRequest & { model?: string }}
 */
export function readRouteRequest(route, body) {
  const model = typeof body.model === 'string' ? body.model : undefined;
  if (route.path === HOUSE_PATH) {
    validateChatBody(body);
    return { ...readChatRequest(body), model };
  }
  const question = questionOf(route, body);
  if (question === undefined || question.trim() === '') {
    throw new HttpError(400, 'invalid_message', `The request body has no question in the shape ${route.path} expects.`);
  }
  const sessionId = body.session_id ?? body.sessionId;
  return { question, history: [], sessionId: sessionId === undefined ? undefined : String(sessionId), model };
}
