/**
 * The `real-backend` test-runner command: browser tests start servers built with real libraries (the AI SDK,
 * Hono, a raw Node server written from docs/protocol.md) on 127.0.0.1 and a free port, read what they logged, and
 * stop them: `executeServerCommand('real-backend', { action: 'start', kind: 'ai-sdk' })`.
 */
const starters = {
  'ai-sdk': async () => (await import('./ai-sdk.mjs')).startAiSdkServer(),
  hono: async () => (await import('./hono.mjs')).startHonoServer(),
  raw: async () => (await import('./raw-node.mjs')).startRawServer(),
};

export function realBackendCommands() {
  const servers = new Map();
  let next = 0;
  return {
    name: 'real-backend-commands',
    async executeCommand({ command, payload }) {
      if (command !== 'real-backend') return undefined;
      const { action, id, kind } = payload ?? {};
      if (action === 'start') {
        const start = Object.hasOwn(starters, kind) ? starters[kind] : undefined;
        if (!start) throw new Error(`no real backend ${kind}`);
        const server = await start();
        const key = `${kind}-${++next}`;
        servers.set(key, server);
        return { id: key, url: server.url };
      }
      const server = servers.get(id);
      if (!server) throw new Error(`no real backend ${id}`);
      if (action === 'log') return server.log;
      if (action === 'stop') {
        servers.delete(id);
        await server.close();
        return true;
      }
      throw new Error(`unknown real-backend action ${action}`);
    },
    async serverStop() {
      await Promise.all([...servers.values()].map(server => server.close()));
    },
  };
}
