// Writes test/dialects/transcripts/langchain.ts and ag-ui.ts from the real-library servers beside this file, so the
// dialects' unit tests replay what @langchain/core and @ag-ui/encoder really send. Re-run after upgrading them:
//   node test/e2e/real-backends/capture-agent-transcripts.mjs
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { encodeRun } from './ag-ui-server.mjs';
import { captureRoute } from './langchain-server.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
// Stack traces in tool errors name this checkout's paths: keep transcripts the same on every machine.
const scrub = text => text.split(root).join('/');
const constant = (name, comment, text) => `/** ${comment} */\nexport const ${name} = ${JSON.stringify(scrub(text))};\n`;
const header = source => `// Captured by test/e2e/real-backends/capture-agent-transcripts.mjs from ${source}. Do not edit by hand.\n\n`;

const langchain = [
  ['jsStreamEvents', 'LangChain.js `streamEvents` v2, `encoding: text/event-stream`: retriever, tool, chat model, parser.', '/js/stream_events'],
  ['jsToolError', 'The same chain whose tool throws: the server ends with LangServe\'s error event.', '/js/error'],
  ['langServeStream', 'LangServe `/stream` of a chat model (shaped by hand from real chunks).', '/langserve/stream'],
  ['langServeStreamEvents', 'LangServe `/stream_events` (the real chain\'s events in Python\'s serialization).', '/langserve/stream_events'],
  ['langServeError', 'LangServe `/stream` that fails after some text.', '/langserve/error'],
  ['langGraphRun', 'A LangGraph server run, `stream_mode: [messages-tuple, values]`, with a tool call.', '/langgraph/runs/stream'],
  ['langGraphError', 'A LangGraph server run that fails in its tool.', '/langgraph/error'],
];
let out = header('@langchain/core (test/e2e/real-backends/langchain-server.mjs)');
for (const [name, comment, path] of langchain) out += constant(name, comment, await captureRoute(path)) + '\n';
writeFileSync(`${root}test/dialects/transcripts/langchain.ts`, out);

const input = { threadId: 'thread-1', runId: 'run-1', messages: [{ id: 'u1', role: 'user', content: 'Weather in Paris?' }] };
out = header('@ag-ui/core + @ag-ui/encoder (test/e2e/real-backends/ag-ui-server.mjs)');
out += constant('run', 'A run with a step, reasoning, a tool call and its result, state and text.', encodeRun(input).join('')) + '\n';
out += constant('runError', 'A run that fails with RUN_ERROR after a tool call and some text.', encodeRun(input, { fail: true }).join(''));
writeFileSync(`${root}test/dialects/transcripts/ag-ui.ts`, out);
