/**
 * One test-runner plugin shape for every command that starts real servers in the runner's Node process:
 *   executeServerCommand(command, { action: 'start', kind?, ... }) → { id, url }
 *   executeServerCommand(command, { action: <read>, id })          → what that server recorded
 *   executeServerCommand(command, { action: 'stop', id })          → true
 * Servers still running when the runner stops are closed then.
 *
 * @param {object} spec
 * @param {string} spec.command the command name the browser tests call (the plugin is named `${command}-commands`)
 * @param {string} spec.noun names the server in the "no such server" error, e.g. 'real backend'
 * @param {(payload: object) => Promise<{ url: string, close: () => Promise<unknown> }>} spec.start starts one server
 * @param {Record<string, (server: any) => unknown>} spec.reads the read actions, e.g. `{ log: server => server.log }`
 */
export function serverCommands({ command, noun, start, reads }) {
  const servers = new Map();
  let started = 0;
  return {
    name: `${command}-commands`,
    async executeCommand({ command: called, payload }) {
      if (called !== command) return undefined;
      const { action, id } = payload ?? {};
      if (action === 'start') {
        const server = await start(payload);
        const key = `${payload.kind ?? command}-${++started}`;
        servers.set(key, server);
        return { id: key, url: server.url };
      }
      const server = servers.get(id);
      if (!server) throw new Error(`no ${noun} ${id}`);
      if (Object.hasOwn(reads, action)) return reads[action](server);
      if (action === 'stop') {
        servers.delete(id);
        await server.close();
        return true;
      }
      throw new Error(`unknown ${command} action ${action}`);
    },
    async serverStop() {
      await Promise.all([...servers.values()].map(server => server.close()));
    },
  };
}
