// The `agent-backend` test-runner command: starts the real-library LangChain and AG-UI servers beside this file in
// the runner's Node process, on ports chosen at run time, and reports the request bodies they received.
//   executeServerCommand('agent-backend', { action: 'start', kind: 'langchain' | 'ag-ui' }) → { id, url }
//   executeServerCommand('agent-backend', { action: 'requests', id }) → [{ path, body, … }]
//   executeServerCommand('agent-backend', { action: 'stop', id })
const servers = new Map();
let started = 0;

const starters = {
  langchain: async () => (await import('./langchain-server.mjs')).startLangChainServer(),
  'ag-ui': async () => (await import('./ag-ui-server.mjs')).startAgUiServer(),
};

export function agentBackendCommands() {
  return {
    name: 'agent-backend-commands',
    async executeCommand({ command, payload }) {
      if (command !== 'agent-backend') return undefined;
      const { action, id, kind } = payload ?? {};
      if (action === 'start') {
        const start = starters[kind];
        if (!start) throw new Error(`unknown agent backend ${kind}`);
        const server = await start();
        const key = `${kind}-${++started}`;
        servers.set(key, server);
        return { id: key, url: server.url };
      }
      const server = servers.get(id);
      if (!server) throw new Error(`no agent backend ${id}`);
      if (action === 'requests') return server.requests;
      if (action === 'stop') {
        servers.delete(id);
        await server.close();
        return true;
      }
      throw new Error(`unknown agent-backend action ${action}`);
    },
    async serverStop() {
      await Promise.all([...servers.values()].map(server => server.close()));
    },
  };
}
