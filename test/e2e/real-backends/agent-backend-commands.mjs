import { serverCommands } from '../server-commands.mjs';

// The `agent-backend` test-runner command: starts the real-library LangChain and AG-UI servers beside this file in
// the runner's Node process, on ports chosen at run time, and reports the request bodies they received.
//   executeServerCommand('agent-backend', { action: 'start', kind: 'langchain' | 'ag-ui' }) → { id, url }
//   executeServerCommand('agent-backend', { action: 'requests', id }) → [{ path, body, … }]
//   executeServerCommand('agent-backend', { action: 'stop', id })
const starters = {
  langchain: async () => (await import('./langchain-server.mjs')).startLangChainServer(),
  'ag-ui': async () => (await import('./ag-ui-server.mjs')).startAgUiServer(),
};

export function agentBackendCommands() {
  return serverCommands({
    command: 'agent-backend',
    noun: 'agent backend',
    start: ({ kind }) => {
      const start = starters[kind];
      if (!start) throw new Error(`unknown agent backend ${kind}`);
      return start();
    },
    reads: { requests: server => server.requests },
  });
}
