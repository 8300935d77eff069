import type { Dialect } from './dialect.js';
import { anthropicDialect } from './anthropic.js';
import { geminiDialect } from './gemini.js';
import { openAiChatDialect } from './openai-chat.js';
import { openAiResponsesDialect } from './openai-responses.js';
import { tgiDialect } from './tgi.js';
import { vercelAiDialect } from './vercel-ai.js';
import { agUiDialect } from './ag-ui.js';
import { langChainDialect, langGraphDialect } from './langchain.js';

export { agUiDialect, langChainDialect, langGraphDialect };
export { anthropicDialect, geminiDialect, openAiChatDialect, openAiResponsesDialect, tgiDialect, vercelAiDialect };

/**
 * The vendor LLM dialects, in detection order (most specific first): the Vercel header is decisive, AG-UI and LangGraph
 * name their events in words no one else uses, LangChain its `event: data` payloads, Anthropic and
 * Responses name their events, then the payload shapes of Chat Completions, Gemini and TGI, which do not overlap.
 */
export const vendorDialects: readonly Dialect[] = [
  vercelAiDialect,
  agUiDialect,
  langGraphDialect,
  langChainDialect,
  anthropicDialect,
  openAiResponsesDialect,
  openAiChatDialect,
  geminiDialect,
  tgiDialect,
];
