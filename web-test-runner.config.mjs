import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { createServer } from 'node:net';
import { chromeArgs, chromePath } from './scripts/chrome-path.mjs';
import { agentBackendCommands } from './test/e2e/real-backends/agent-backend-commands.mjs';
import { realBackendCommands } from './test/e2e/real-backends/commands.mjs';

/** A free port chosen at run time, so parallel runs never collide on the default 8000. */
const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

/**
 * Browser tests run in the system Chromium. End-to-end tests start real demo servers through the
 * `demo-server` command below (`executeServerCommand('demo-server', { action: 'start' })`), so every test
 * gets its own server on a port chosen at run time and can read what that server saw.
 */
const servers = new Map();

function demoServerCommands() {
  return {
    name: 'demo-server-commands',
    async executeCommand({ command, payload }) {
      if (command !== 'demo-server') return undefined;
      const { action, id, options } = payload ?? {};
      if (action === 'start') {
        const { startDemoServer } = await import('./demo/server.mjs');
        const log = [];
        const server = await startDemoServer({
          host: '127.0.0.1',
          port: 0,
          corsOrigins: '*',
          quiet: true,
          tokenDelayMs: 2,
          ...options,
          onLog: entry => log.push(entry),
        });
        const key = String(servers.size + 1) + '-' + Date.now();
        servers.set(key, { server, log });
        return { id: key, url: server.url };
      }
      const entry = servers.get(id);
      if (!entry) throw new Error(`no demo server ${id}`);
      if (action === 'log') return entry.log;
      if (action === 'stop') {
        servers.delete(id);
        await entry.server.close();
        return true;
      }
      throw new Error(`unknown demo-server action ${action}`);
    },
    async serverStop() {
      await Promise.all([...servers.values()].map(({ server }) => server.close()));
    },
  };
}

/**
 * `executeServerCommand('forced-colors', { active })`: emulates Windows high contrast (`forced-colors: active`)
 * through CDP, which @web/test-runner-commands' emulateMedia offers only for Playwright. The CDP session stays
 * open for the page: emulation lasts as long as the session that set it.
 */
function forcedColorsCommand() {
  const sessions = new Map();
  return {
    name: 'forced-colors-command',
    async executeCommand({ command, payload, session }) {
      if (command !== 'forced-colors') return undefined;
      const page = session.browser.getPage(session.id);
      let cdp = sessions.get(session.id);
      if (!cdp) sessions.set(session.id, (cdp = await page.createCDPSession()));
      await cdp.send('Emulation.setEmulatedMedia', { features: [{ name: 'forced-colors', value: payload?.active ? 'active' : 'none' }] });
      return true;
    },
  };
}

export default {
  port: await freePort(),
  hostname: '127.0.0.1',
  files: ['test/**/*.test.ts'],
  nodeResolve: { exportConditions: ['production'] },
  // One page at a time: a second page is a background tab, where scroll events and ResizeObserver callbacks wait
  // for it to be shown, and tests of scrolling would pass or fail by which page they landed in.
  concurrency: 1,
  testFramework: { config: { timeout: 15000 } },
  testsFinishTimeout: 10 * 60 * 1000,
  browserLogs: true,
  filterBrowserLogs: ({ type }) => type === 'error' || type === 'warn',
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
    demoServerCommands(),
    forcedColorsCommand(),
    realBackendCommands(),
    agentBackendCommands(),
    forcedColorsCommand(),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: chromePath(), headless: true, args: chromeArgs },
      // Test pages run side by side; without focus emulation all but one are background tabs, which get no
      // animation frames or ResizeObserver callbacks, and frame-batched rendering would never settle there.
      async createPage({ browser }) {
        const page = await browser.newPage();
        const session = await page.createCDPSession();
        await session.send('Emulation.setFocusEmulationEnabled', { enabled: true });
        return page;
      },
    }),
  ],
};
