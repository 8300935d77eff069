// An AG-UI agent server built with the real `@ag-ui/core` (every event and the request body checked against its
// schemas) and `@ag-ui/encoder` (which writes the bytes), served over a real Node http server:
//   POST /agent        a run with a step, reasoning, a tool call with its result, state and the answer's text
//   POST /agent/error  a run that fails part-way with RUN_ERROR
import { createServer } from 'node:http';
import { EventType } from '@ag-ui/core';
import { EventSchemas, RunAgentInputSchema } from '@ag-ui/core/schemas';
import { EventEncoder } from '@ag-ui/encoder';
import { answerCors, listenOnFreePort, readJsonBody } from './http.mjs';

export const ANSWER = 'It is sunny in Paris.';

/** The events of one run, in the order an agent emits them. */
function run(input, { fail = false } = {}) {
  const { threadId = 'thread-1', runId = 'run-1' } = input ?? {};
  const question = input?.messages?.at(-1)?.content ?? '';
  const events = [
    { type: EventType.RUN_STARTED, threadId, runId },
    { type: EventType.STATE_SNAPSHOT, snapshot: { city: null } },
    { type: EventType.STEP_STARTED, stepName: 'plan' },
    { type: EventType.REASONING_START, messageId: 'reasoning-1' },
    { type: EventType.REASONING_MESSAGE_START, messageId: 'reasoning-1', role: 'reasoning' },
    { type: EventType.REASONING_MESSAGE_CONTENT, messageId: 'reasoning-1', delta: `The user asks: ${question} ` },
    { type: EventType.REASONING_MESSAGE_CONTENT, messageId: 'reasoning-1', delta: 'I should check the weather.' },
    { type: EventType.REASONING_MESSAGE_END, messageId: 'reasoning-1' },
    { type: EventType.REASONING_END, messageId: 'reasoning-1' },
    { type: EventType.STEP_FINISHED, stepName: 'plan' },
    { type: EventType.TOOL_CALL_START, toolCallId: 'call-1', toolCallName: 'get_weather', parentMessageId: 'msg-1' },
    { type: EventType.TOOL_CALL_ARGS, toolCallId: 'call-1', delta: '{"city":' },
    { type: EventType.TOOL_CALL_ARGS, toolCallId: 'call-1', delta: '"Paris"}' },
    { type: EventType.TOOL_CALL_END, toolCallId: 'call-1' },
  ];
  if (fail) {
    events.push(
      { type: EventType.TEXT_MESSAGE_CHUNK, messageId: 'msg-2', role: 'assistant', delta: 'Checking' },
      { type: EventType.RUN_ERROR, message: 'The weather tool timed out.', code: 'TOOL_TIMEOUT' },
    );
    return events;
  }
  events.push(
    { type: EventType.TOOL_CALL_RESULT, messageId: 'tool-msg-1', toolCallId: 'call-1', content: '{"sky":"sunny"}', role: 'tool' },
    { type: EventType.STATE_DELTA, delta: [{ op: 'replace', path: '/city', value: 'Paris' }] },
    { type: EventType.TEXT_MESSAGE_START, messageId: 'msg-2', role: 'assistant' },
    ...ANSWER.split(/(?<= )/).map(delta => ({ type: EventType.TEXT_MESSAGE_CONTENT, messageId: 'msg-2', delta })),
    { type: EventType.TEXT_MESSAGE_END, messageId: 'msg-2' },
    { type: EventType.RUN_FINISHED, threadId, runId },
  );
  return events;
}

/** The encoded body of a run: each event validated by @ag-ui/core's schema, then encoded by @ag-ui/encoder. */
export function encodeRun(input, options, accept = 'text/event-stream') {
  const encoder = new EventEncoder({ accept });
  return run(input, options).map(event => encoder.encodeSSE(EventSchemas.parse(event)));
}

/** Starts the server on 127.0.0.1 at a free port. `requests` records each body and whether it is a valid RunAgentInput. */
export async function startAgUiServer() {
  const requests = [];
  const server = createServer(async (request, response) => {
    if (answerCors(request, response)) return;
    const body = await readJsonBody(request);
    const parsed = RunAgentInputSchema.safeParse(body);
    requests.push({ path: request.url, body, valid: parsed.success, issues: parsed.success ? undefined : parsed.error.issues });
    if (request.url !== '/agent' && request.url !== '/agent/error') {
      response.writeHead(404).end();
      return;
    }
    const encoder = new EventEncoder({ accept: request.headers.accept });
    response.writeHead(200, { 'content-type': encoder.getContentType(), 'cache-control': 'no-cache' });
    for (const piece of encodeRun(body, { fail: request.url === '/agent/error' })) {
      if (response.destroyed) return;
      response.write(piece);
      await new Promise(resolve => setTimeout(resolve, 1));
    }
    response.end();
  });
  return { ...(await listenOnFreePort(server)), requests };
}
