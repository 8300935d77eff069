import type { Finding } from './findings.js';
import type { Observation } from './observe.js';

/**
 * Which dialect to set for an agent framework's stream (LangServe / LangChain.js, the LangGraph server, AG-UI). These
 * servers also need their own request body, which `auto` cannot send: the element only knows the format once the
 * answer streams. Told from the detected dialect, or, when the server rejected the house body, from the URL's route.
 */

const ADVICE: Record<string, { name: string; body: string }> = {
  langchain: { name: 'a LangChain stream (LangServe or LangChain.js streamEvents)', body: "LangServe's { input: [messages] } body" },
  langgraph: {
    name: 'a LangGraph server run stream',
    body: 'a run body { assistant_id, input: { messages }, stream_mode } (the model attribute names the assistant)',
  },
  'ag-ui': { name: 'an AG-UI event stream', body: 'a RunAgentInput { threadId, runId, messages, tools, context, state, forwardedProps }' },
};

/** Routes that name their framework: LangServe's `/invoke`-family, LangGraph's run streams. */
const ROUTES: [RegExp, string][] = [
  [/\/runs\/stream\/?$/, 'langgraph'],
  [/\/stream(_events|_log)?\/?$/, 'langchain'],
];

/** Advice to set `dialect` explicitly when the stream (or the route) is an agent framework's. */
export function checkAgentDialect(observation: Observation): Finding | null {
  const { dialect, response, request } = observation;
  if (dialect.requested !== 'auto') return null;
  let name = dialect.detected ?? undefined;
  let guessed = false;
  if (!name && response && response.status >= 400 && response.status < 500) {
    const path = new URL(request.url).pathname;
    name = ROUTES.find(([route]) => route.test(path))?.[1];
    guessed = true;
  }
  const advice = name ? ADVICE[name] : undefined;
  if (!name || !advice) return null;
  return {
    code: 'dialect-advice',
    level: 'advice',
    message: guessed
      ? `The server rejected the request, and its URL looks like ${advice.name}.`
      : `This is ${advice.name}: "auto" reads it, but only dialect="${name}" sends ${advice.body}.`,
    advice: `Set dialect="${name}" on <sse-chat>, and check with --dialect ${name}.`,
  };
}
