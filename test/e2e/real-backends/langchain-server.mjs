// LangChain backends built with the real `@langchain/core` (its fake chat models, a fake retriever and a real tool;
// no network, no keys), served over a real Node http server:
//   POST /js/stream_events         LangChain.js `streamEvents(…, { version: 'v2', encoding: 'text/event-stream' })`, as is
//   POST /js/error                 the same chain with a failing tool
//   POST /langserve/stream         LangServe `/stream`
//   POST /langserve/stream_events  LangServe `/stream_events`
//   POST /langserve/error          LangServe's error event mid-stream
//   POST /langgraph/runs/stream    a LangGraph server run stream (`stream_mode: ['messages-tuple', 'values']`)
//   POST /langgraph/error          a LangGraph run that fails
// LangServe and the LangGraph server are Python / a separate server package: their streams are SHAPED BY HAND here, from
// the real library's objects (chunks, documents, messages), into the wire shape their docs and source describe.
import { createServer } from 'node:http';
import { Document } from '@langchain/core/documents';
import { AIMessage, AIMessageChunk, HumanMessage, ToolMessage } from '@langchain/core/messages';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { RunnableLambda, RunnablePassthrough, RunnableSequence } from '@langchain/core/runnables';
import { DynamicTool } from '@langchain/core/tools';
import { FakeListChatModel, FakeRetriever, FakeStreamingChatModel } from '@langchain/core/utils/testing';
import { answerCors, listenOnFreePort, readJsonBody } from './http.mjs';

export const ANSWER = 'Paris is sunny today.';
export const DOCUMENTS = [
  new Document({ pageContent: 'Paris is the capital of France.', metadata: { source: 'https://example.com/paris', title: 'Paris' } }),
  new Document({ pageContent: 'Weather notes kept locally.', metadata: { source: 'notes/weather.md' } }),
];

/** A retrieval chain with a tool: retriever → context, tool → weather, prompt → fake chat model → string. */
function ragChain({ failingTool = false } = {}) {
  const weather = new DynamicTool({
    name: 'get_weather',
    description: 'The weather in a city.',
    func: async city => {
      if (failingTool) throw new Error('Weather service unavailable');
      return `Sunny in ${city}`;
    },
  });
  const retriever = new FakeRetriever({ output: DOCUMENTS });
  const prompt = ChatPromptTemplate.fromTemplate('Context: {context}\nWeather: {weather}\nQuestion: {question}');
  return RunnableSequence.from([
    {
      context: retriever.pipe(RunnableLambda.from(docs => docs.map(doc => doc.pageContent).join('\n'))),
      weather: RunnableLambda.from(() => 'Paris').pipe(weather),
      question: new RunnablePassthrough(),
    },
    prompt,
    // Word by word, so the stream has a few chunks (FakeListChatModel streams character by character).
    new FakeStreamingChatModel({ chunks: ANSWER.split(/(?<= )/).map(word => new AIMessageChunk({ content: word })) }),
    new StringOutputParser(),
  ]);
}

/** The question the request body carries: LangServe's `{ input: [messages] }` or a plain `{ input: '…' }`. */
function question(body) {
  const input = body?.input;
  if (typeof input === 'string') return input;
  const messages = Array.isArray(input) ? input : (input?.messages ?? []);
  return messages.at(-1)?.content ?? '';
}

const sse = (event, data) => (data === undefined ? `event: ${event}\n\n` : `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

/** LangChain.js's own event stream, byte for byte as the library encodes it. */
async function* langChainJs(body, options) {
  const stream = await ragChain(options).streamEvents(question(body), { version: 'v2', encoding: 'text/event-stream' });
  const decoder = new TextDecoder();
  try {
    for await (const bytes of stream) yield decoder.decode(bytes, { stream: true });
  } catch (error) {
    // LangChain.js's encoder has no error event (its stream just throws): the server reports it the way LangServe does.
    yield sse('error', { status_code: 500, message: error.message });
  }
}

/**
 * What Python's pydantic `model_dump()` makes of a message or document (LangServe's serializer): plain fields,
 * `type` 'AIMessageChunk' / 'Document', `page_content` in snake case.
 */
function pythonDump(value) {
  if (value instanceof Document) return { id: null, metadata: value.metadata, page_content: value.pageContent, type: 'Document' };
  if (value instanceof AIMessageChunk) {
    const { data } = value.toDict();
    return { ...data, type: 'AIMessageChunk', name: null, example: false, usage_metadata: null };
  }
  if (value?.toDict) {
    const { type, data } = value.toDict();
    return { ...data, type };
  }
  if (Array.isArray(value)) return value.map(pythonDump);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, pythonDump(item)]));
  return value;
}

const RUN_ID = '1f0c7a52-5b0e-4c43-9d4a-0c6b1e0f5a11';

/** LangServe `/stream` of a chat model: `metadata` with the run id, `data` per chunk, `end` with no data. */
async function* langServeStream(body) {
  yield sse('metadata', { run_id: RUN_ID });
  const model = new FakeListChatModel({ responses: [`You asked: ${question(body)}`] });
  for await (const chunk of await model.stream(question(body))) yield sse('data', pythonDump(chunk));
  yield sse('end');
}

/** LangServe `/stream_events`: the real chain's v2 events in Python's serialization, then `end` with no data. */
async function* langServeStreamEvents(body) {
  for await (const event of ragChain().streamEvents(question(body), { version: 'v2' })) yield sse('data', pythonDump(event));
  yield sse('end');
}

/** LangServe when the runnable raises: what streamed stays, then `event: error` with a status and a message. */
async function* langServeError(body) {
  yield sse('metadata', { run_id: RUN_ID });
  const model = new FakeListChatModel({ responses: ['Half an'] });
  for await (const chunk of await model.stream(question(body))) yield sse('data', pythonDump(chunk));
  yield sse('error', { status_code: 500, message: 'Internal Server Error' });
}

/**
 * One event as the LangGraph server writes it (langgraph-api: `serialiseAsDict`, two-space indented JSON, through
 * Hono's `writeSSE`, which writes every line of the data as its own `data:` line).
 */
function langGraphEvent(event, data) {
  const json = JSON.stringify(
    data,
    function (key, value) {
      const raw = this[key];
      if (raw && typeof raw === 'object' && typeof raw.toDict === 'function') {
        const { type, data: fields } = raw.toDict();
        return { ...fields, type };
      }
      return value;
    },
    2,
  );
  return `event: ${event}\n${json.split('\n').map(line => `data: ${line}`).join('\n')}\n\n`;
}

/**
 * A LangGraph agent run: the model asks for a tool, the tool answers, the model streams its answer. Messages are
 * the real classes; the run's shape (`metadata`, `messages` tuples per token, `values` after each step, then the
 * stream closes with no `end`) is what langgraph-api's stream.mjs and runs.mjs write.
 */
async function* langGraphRun(body, { fail = false } = {}) {
  const human = new HumanMessage({ content: question(body), id: 'human-1' });
  yield langGraphEvent('metadata', { run_id: RUN_ID, attempt: 1 });
  yield langGraphEvent('values', { messages: [human] });
  const call = new AIMessage({ content: '', id: 'ai-1', tool_calls: [{ id: 'call_1', name: 'get_weather', args: { city: 'Paris' } }] });
  yield langGraphEvent('values', { messages: [human, call] });
  if (fail) {
    yield langGraphEvent('error', { error: 'ToolException', message: 'Weather service unavailable' });
    return;
  }
  const result = new ToolMessage({ content: 'Sunny', tool_call_id: 'call_1', name: 'get_weather', id: 'tool-1' });
  yield langGraphEvent('values', { messages: [human, call, result] });
  const model = new FakeListChatModel({ responses: [ANSWER] });
  let whole;
  for await (const chunk of await model.stream(question(body))) {
    chunk.id = 'ai-2';
    whole = whole ? whole.concat(chunk) : chunk;
    yield langGraphEvent('messages', [chunk, { langgraph_node: 'agent', langgraph_step: 3 }]);
  }
  yield langGraphEvent('values', { messages: [human, call, result, new AIMessage({ content: whole.content, id: 'ai-2' })] });
}

const ROUTES = {
  '/js/stream_events': body => langChainJs(body),
  '/js/error': body => langChainJs(body, { failingTool: true }),
  '/langserve/stream': langServeStream,
  '/langserve/stream_events': langServeStreamEvents,
  '/langserve/error': langServeError,
  '/langgraph/runs/stream': body => langGraphRun(body),
  '/langgraph/error': body => langGraphRun(body, { fail: true }),
};

/** The whole response body of a route, for capturing transcripts. */
export async function captureRoute(path, body = { input: [{ type: 'human', content: 'What is the weather in Paris?' }] }) {
  let text = '';
  for await (const piece of ROUTES[path](body)) text += piece;
  return text;
}

/** Starts the server on 127.0.0.1 at a free port. `requests` records each request's path and JSON body. */
export async function startLangChainServer() {
  const requests = [];
  const server = createServer(async (request, response) => {
    if (answerCors(request, response)) return;
    const body = await readJsonBody(request);
    requests.push({ path: request.url, body });
    const route = ROUTES[request.url];
    if (!route) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for await (const piece of route(body)) {
      if (response.destroyed) return;
      response.write(piece);
    }
    response.end();
  });
  return { ...(await listenOnFreePort(server)), requests };
}
