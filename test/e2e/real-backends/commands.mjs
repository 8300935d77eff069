import { serverCommands } from '../server-commands.mjs';

/**
 * The `real-backend` test-runner command: browser tests start servers built with real libraries (the AI SDK's
 * current major as `ai-sdk` and v5 as `ai-sdk-v5`, Hono, a raw Node server written from docs/protocol.md) on
 * 127.0.0.1 and a free port, read what they logged, and stop them:
 * `executeServerCommand('real-backend', { action: 'start', kind: 'ai-sdk' })`.
 */
const starters = {
  'ai-sdk': async () => (await import('./ai-sdk.mjs')).startAiSdkServer(7),
  'ai-sdk-v5': async () => (await import('./ai-sdk.mjs')).startAiSdkServer(5),
  hono: async () => (await import('./hono.mjs')).startHonoServer(),
  raw: async () => (await import('./raw-node.mjs')).startRawServer(),
  capture: async () => (await import('./capture.mjs')).startCaptureServer(),
};

export function realBackendCommands() {
  return serverCommands({
    command: 'real-backend',
    noun: 'real backend',
    start: ({ kind }) => {
      const start = Object.hasOwn(starters, kind) ? starters[kind] : undefined;
      if (!start) throw new Error(`no real backend ${kind}`);
      return start();
    },
    reads: { log: server => server.log },
  });
}
