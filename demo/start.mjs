// `node demo/start.mjs`: the demo server configured from the environment, stopped gracefully on SIGTERM/SIGINT.
//
//   PORT (8787)  HOST (127.0.0.1)  CORS_ORIGINS (comma list or '*'; default same origin only)
//   OPENAI_BASE_URL / OPENAI_API_KEY / OPENAI_MODEL  write answers with an OpenAI-compatible server

import { startDemoServer } from './server.mjs';

const env = process.env;
const openai = env.OPENAI_BASE_URL
  ? { baseUrl: env.OPENAI_BASE_URL, apiKey: env.OPENAI_API_KEY, model: env.OPENAI_MODEL ?? 'gpt-4o-mini' }
  : undefined;

const server = await startDemoServer({
  host: env.HOST || '127.0.0.1',
  port: env.PORT ? Number(env.PORT) : 8787,
  corsOrigins: env.CORS_ORIGINS,
  openai,
});
console.log(`sse-chat demo: ${server.url}/`);
if (openai) console.log(`answers written by ${openai.model} at ${openai.baseUrl}`);

let stopping = false;
/** @param {NodeJS.Signals} signal */
async function shutdown(signal) {
  if (stopping) {
    // A second Ctrl-C means "now".
    process.exit(1);
  }
  stopping = true;
  console.log(`${signal}: closing — open streams are told to retry`);
  await server.close();
  const { totalStreams, disconnects } = server.stats();
  console.log(`closed after ${totalStreams} streams (${disconnects} cancelled by their clients)`);
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
