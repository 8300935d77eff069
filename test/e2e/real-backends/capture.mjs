import { createServer } from 'node:http';
import { RunAgentInputSchema } from '@ag-ui/core/schemas';
import { coerceMessageLikeToMessage } from '@langchain/core/messages';
import { convertToModelMessages, validateUIMessages } from 'ai';
import { answerCors, listenOnFreePort, readJsonBody } from './http.mjs';

/**
 * What the real libraries make of a request body, by the dialect named in the request's path: AG-UI's own schema,
 * the AI SDK's UI-message validation and conversion to model messages, LangChain's message classes. Vendor APIs
 * without a library here (OpenAI, Anthropic, Gemini) are checked against their documented shapes by the test.
 */
const readers = {
  'ag-ui': async body => ({ valid: RunAgentInputSchema.safeParse(body).success }),
  'vercel-ai': async body => ({ model: await convertToModelMessages(await validateUIMessages({ messages: body.messages })) }),
  langchain: async body => ({ blocks: body.input.map(like => coerceMessageLikeToMessage(like).contentBlocks) }),
  langgraph: async body => ({ blocks: body.input.messages.map(like => coerceMessageLikeToMessage(like).contentBlocks) }),
};

/**
 * A server that records each request's JSON body (and what the library of its dialect made of it) and answers with
 * an empty event stream: the tests look at what was sent, not at the answer.
 */
export async function startCaptureServer() {
  const log = [];
  const server = createServer(async (request, response) => {
    if (answerCors(request, response)) return;
    const dialect = new URL(request.url, 'http://x').pathname.slice(1);
    const body = await readJsonBody(request);
    let read;
    try {
      read = Object.hasOwn(readers, dialect) ? await readers[dialect](body) : undefined;
    } catch (error) {
      read = { error: String(error) };
    }
    log.push({ dialect, body, read });
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.end();
  });
  return { ...(await listenOnFreePort(server)), log };
}
