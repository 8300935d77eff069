import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { chromeArgs, chromePath } from './scripts/chrome-path.mjs';
import { timingsReporter } from './scripts/wtr-timings.mjs';
import { agentBackendCommands } from './test/e2e/real-backends/agent-backend-commands.mjs';
import { realBackendCommands } from './test/e2e/real-backends/commands.mjs';
import { serverCommands } from './test/e2e/server-commands.mjs';

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
function demoServerCommands() {
  return serverCommands({
    command: 'demo-server',
    noun: 'demo server',
    start: async ({ options }) => {
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
      return { url: server.url, log, close: () => server.close() };
    },
    reads: { log: server => server.log },
  });
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

/**
 * The end-to-end files run one page at a time: they stop, remove or drop answers that a real server streams
 * meanwhile, and a page that shares the CPU with others acts late (in four pages at once at load ~40, seven of their
 * tests failed). Everything else runs PARALLEL_PAGES pages at once beside them, the files that scroll, measure layout
 * or move focus included: with focus emulation (below) every page of headless Chromium is visible and focused, and
 * gets animation frames, scroll events, ResizeObserver callbacks and focus (checked with four pages at once). A file
 * listed here needs a page to itself for a reason that holds on a busy machine; say it in a comment.
 */
const SERIAL_FILES = [
  'test/e2e/**/*.test.ts',
  // Follows a growing answer and waits for the jump button within seconds: at load ~40 beside three other pages,
  // four of its tests timed out (one page at a time, one did).
  'test/controllers/auto-scroll-controller.test.ts',
];
const ALL_FILES = 'test/**/*.test.ts';
const COSTLY_FIRST = 'test/markdown/**/*.test.ts';
/** Pages at a time for the parallel group: three, beside the serial group's one, on a 2-core machine. */
const PARALLEL_PAGES = 3;

/** `npm run test:heavy` sets SSE_CHAT_HEAVY=1; the page reads it (test/helpers/fast-check.ts) to run more cases. */
const heavy = process.env.SSE_CHAT_HEAVY === '1';

const chrome = concurrency =>
  chromeLauncher({
    concurrency,
    launchOptions: { executablePath: chromePath(), headless: true, args: chromeArgs },
    // Test pages run side by side; without focus emulation all but one are background tabs, which get no
    // animation frames or ResizeObserver callbacks, and frame-batched rendering would never settle there.
    async createPage({ browser }) {
      const page = await browser.newPage();
      page.setDefaultNavigationTimeout(3 * 60_000);
      const session = await page.createCDPSession();
      await session.send('Emulation.setFocusEmulationEnabled', { enabled: true });
      return page;
    },
  });

/**
 * `executeServerCommand('dependency-source', { path: 'marked/lib/marked.esm.js' })`: a dependency's file exactly as
 * published (the dev server would hand the page esbuild's rewrite of it), for test/scripts/bundle-edits.test.ts.
 */
function dependencySourceCommand() {
  return {
    name: 'dependency-source-command',
    executeCommand({ command, payload }) {
      if (command !== 'dependency-source') return undefined;
      const path = String(payload?.path);
      if (!/^(?:marked|dompurify)\/[\w/.-]+\.m?js$/.test(path) || path.includes('..')) throw new Error(`not a dependency file: ${path}`);
      return readFileSync(new URL(`./node_modules/${path}`, import.meta.url), 'utf8');
    },
  };
}

/** `npx wtr --files …` runs just those files, one page at a time; plain `wtr` runs the two groups. */
const filesFromCommandLine = process.argv.some(arg => arg === '--files' || arg.startsWith('--files='));

export default {
  port: await freePort(),
  hostname: '127.0.0.1',
  nodeResolve: { exportConditions: ['production'] },
  // Bounds for a hung test, page or browser, not speed limits: generous so a loaded CI machine never trips them.
  testFramework: { config: { timeout: 120_000 } },
  testsFinishTimeout: 30 * 60_000,
  testsStartTimeout: 3 * 60_000,
  browserStartTimeout: 3 * 60_000,
  // Two groups, two Chromiums side by side (wtr's default of 2 concurrent browsers).
  concurrentBrowsers: 2,
  testRunnerHtml: testFramework =>
    `<!DOCTYPE html><html><head><script>globalThis.SSE_CHAT_HEAVY = ${heavy};</script></head>` +
    `<body><script type="module" src="${testFramework}"></script></body></html>`,
  // SSE_CHAT_TIMINGS=1 adds a table of where the time went (per file: page load, tests).
  reporters: [defaultReporter(), ...(process.env.SSE_CHAT_TIMINGS === '1' ? [timingsReporter()] : [])],
  browserLogs: true,
  filterBrowserLogs: ({ type }) => type === 'error' || type === 'warn',
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
    demoServerCommands(),
    forcedColorsCommand(),
    dependencySourceCommand(),
    realBackendCommands(),
    agentBackendCommands(),
  ],
  ...(filesFromCommandLine
    ? { files: [ALL_FILES], concurrency: 1, browsers: [chrome(1)] }
    : {
        groups: [
          { name: 'serial', files: SERIAL_FILES, browsers: [chrome(1)] },
          // The costliest files (the markdown property tests) first, so that the group does not end on one of them.
          { name: 'parallel', files: [COSTLY_FIRST, ALL_FILES, ...SERIAL_FILES.map(file => `!${file}`)], browsers: [chrome(PARALLEL_PAGES)] },
        ],
      }),
};
