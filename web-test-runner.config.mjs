import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { chromeArgs, chromePath } from './scripts/chrome-path.mjs';
import { measurePageCpu, timingsReporter } from './scripts/wtr-timings.mjs';
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
    start: async ({ options: { holdDrops = false, ...options } = {} }) => {
      const { startDemoServer } = await import('./demo/server.mjs');
      const log = [];
      const drops = holdDrops ? dropGate() : undefined;
      const server = await startDemoServer({
        host: '127.0.0.1',
        port: 0,
        corsOrigins: '*',
        quiet: true,
        tokenDelayMs: 2,
        ...options,
        dropGate: drops?.wait,
        onLog: entry => log.push(entry),
      });
      return { url: server.url, log, releaseDrop: () => drops?.release(), close: () => server.close() };
    },
    reads: { log: server => server.log, releaseDrop: server => server.releaseDrop() ?? true },
  });
}

/**
 * With `holdDrops: true` a demo server's `drop-after` cuts wait until the page releases them
 * (`{ action: 'releaseDrop' }`), one release per cut, given before or after the cut is reached.
 */
function dropGate() {
  let released = 0;
  const waiting = [];
  return {
    wait: () => (released > 0 ? (released--, Promise.resolve()) : new Promise(resolve => waiting.push(resolve))),
    release() {
      const next = waiting.shift();
      if (next) next();
      else released++;
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

/**
 * Test files that share one page per pool instead of one page each. Every page costs ~2.5 CPU-seconds (a renderer,
 * mocha, chai, lit and src/ parsed and run again, and the browser's and the runner's share), more than most of these
 * files' tests take together, and on 2 cores CPU is the run's length. A pool holds only files that leave the page as
 * they found it: a viewport, emulated media or forced colours set back after each test or file, no custom element
 * names of their own that another file could take, no paths relative to the file (readFile), any stubbed global
 * restored in a `finally`. Their tests run as before, one file after the other; a failure's stack still names the
 * file. `npx wtr --files …` runs files on their own pages as always.
 */
const POOLS = {
  // The serial group's end-to-end files that only start servers and chat with them.
  'e2e-servers': {
    group: 'serial',
    files: [
      'test/e2e/chat.test.ts',
      'test/e2e/attachments.test.ts',
      'test/e2e/follow.test.ts',
      'test/e2e/long-answer.test.ts',
      'test/e2e/real-backends.test.ts',
      'test/e2e/agent-backends.test.ts',
    ],
  },
  // The fault files, one after the other on one page (still one page at a time beside the parallel group): each
  // stops the servers it started after each test, and the lifecycle file, last, gives back the page's visibility
  // and its error listeners (the offline and pagehide events it fires reach only its own chats).
  'e2e-faults': {
    group: 'serial',
    files: ['test/e2e/faults.test.ts', 'test/e2e/faults-stream.test.ts', 'test/e2e/faults-lifecycle.test.ts'],
  },
  // The costly property tests start first (see COSTLY_FIRST), in two pools of about the same CPU.
  'markdown-properties-1': {
    group: 'parallel',
    first: true,
    files: ['test/markdown/streaming-markdown/no-flash.test.ts', 'test/markdown/streaming-markdown/hostile-corpus.test.ts', 'test/markdown/shape-guard.test.ts'],
  },
  'markdown-properties-2': {
    group: 'parallel',
    first: true,
    files: ['test/markdown/streaming-markdown.test.ts', 'test/markdown/open-block.test.ts'],
  },
  // Importing src/math/ turns maths on for the whole page: its files share a page of their own.
  math: {
    group: 'parallel',
    first: true,
    files: ['test/markdown/streaming-markdown/invariant-math.test.ts', 'test/math/math.test.ts', 'test/math/sse-chat-math.test.ts'],
  },
  // The element under hostile input, in two pools of about the same length (each file a minute at load ~12).
  'element-hostile-1': {
    group: 'parallel',
    first: true,
    files: ['test/sse-chat/hostile-sizes.test.ts', 'test/sse-chat/hostile-timeouts.test.ts', 'test/security/server-strings.test.ts'],
  },
  'element-hostile-2': {
    group: 'parallel',
    first: true,
    files: ['test/sse-chat/hostile-kinds.test.ts', 'test/security/split-payloads.test.ts', 'test/sse-chat/actions.test.ts'],
  },
  // Files that change nothing outside their own fixtures, one page for all: the start-up file first, while no message
  // has rendered on the page yet (its sheets are parsed with the first message); the costly invariant properties next.
  'page-misc': {
    group: 'parallel',
    first: true,
    files: [
      'test/sse-chat/startup.test.ts',
      'test/markdown/streaming-markdown/invariant.test.ts',
      'test/sse-chat/hostile-env.test.ts',
      'test/demo-page.test.ts',
      'test/sse-chat.styles.test.ts',
      'test/scripts/minify-html.test.ts',
      'test/scripts/bundle-edits.test.ts',
    ],
  },
  // Files that set a viewport, emulate media or forced colours, or move focus, and undo it after each test or file
  // (afterEach/after hooks back to 800 × 600, light, no reduced motion, no forced colours); each sets what it needs first.
  'element-ui': {
    group: 'parallel',
    files: [
      'test/sse-chat/element.test.ts',
      'test/controllers/launcher-controller.test.ts',
      'test/sse-chat/accessibility.test.ts',
      'test/sse-chat/host-pages.test.ts',
      'test/sse-chat/i18n.test.ts',
      'test/sse-chat/forced-colors.test.ts',
    ],
  },
  // The files that load dist/ (the script-tag files as built), last: `npm test` builds dist/ beside the browser tests,
  // and these must not start before the build has ended. On one page of their own: the bundle defines <sse-chat>
  // here, not src/ (bundle-markdown defines the source's element as <source-sse-chat>, to compare). The sanitizer
  // file first (its `before` waits for the bundle the build is writing), the maths file last (loading
  // sse-chat.math.js turns maths on for the page's bundle).
  built: {
    group: 'parallel',
    last: true,
    files: ['test/security/bundle-sanitizer.test.ts', 'test/scripts/bundle-members.test.ts', 'test/scripts/bundle-markdown.test.ts', 'test/math/strict-csp.test.ts', 'test/math/script-tag.test.ts'],
  },
  'units-dialects': {
    group: 'parallel',
    files: ['test/dialects/', 'test/cli/findings.test.ts', 'test/scripts/minify-css.test.ts', 'test/events/dom-events.test.ts', 'test/cli/options.test.ts', 'test/cli/format.test.ts'],
  },
  // Fewer, fuller unit pools: a page costs more CPU than most of these files' tests together.
  'units-state-transport': {
    group: 'parallel',
    files: [
      'test/state/',
      'test/transport/',
      'test/persistence/',
      'test/untrusted/',
      'test/controllers/clipboard.test.ts',
      'test/controllers/copy-controller.test.ts',
      'test/controllers/clock-controller.test.ts',
      'test/controllers/frame-scheduler.test.ts',
      'test/controllers/persistence-controller.test.ts',
      'test/controllers/attachments-controller.test.ts',
    ],
  },
  // Templates rendered on their own, into detached containers, and markdown rendered into them.
  'units-markdown': {
    group: 'parallel',
    files: [
      'test/view/',
      'test/markdown/streaming-markdown/decorate.test.ts',
      'test/markdown/decorate/',
      'test/markdown/render.test.ts',
      'test/markdown/plain-text.test.ts',
      'test/markdown/repair.test.ts',
      'test/markdown/dom-sync.test.ts',
      'test/markdown/block-groups.test.ts',
      'test/markdown/cursor.test.ts',
      'test/markdown/sanitize.test.ts',
      'test/markdown/directive.test.ts',
      'test/highlight/index.test.ts',
      'test/markdown/syntax.test.ts',
    ],
  },
  'element-features': {
    group: 'parallel',
    files: [
      'test/sse-chat/earlier-turns.test.ts',
      'test/sse-chat/edit.test.ts',
      'test/sse-chat/feedback.test.ts',
      'test/sse-chat/suggestions.test.ts',
      'test/controllers/message-size-controller.test.ts',
      'test/sse-chat/hostile-values.test.ts',
      'test/sse-chat/persist.test.ts',
      'test/sse-chat/attachments.test.ts',
      'test/controllers/chat-turn-controller.test.ts',
      'test/sse-chat/memory.test.ts',
    ],
  },
};
/** Where the pool pages are written (git ignores it): one module per pool that imports its files in order. */
const POOL_DIR = '.wtr-tmp/pools';

/** The *.test.ts files an entry of POOLS names: the file itself, or every one in the folder (not below it). */
const poolFiles = entry =>
  entry.endsWith('/')
    ? readdirSync(entry)
        .filter(name => name.endsWith('.test.ts'))
        .sort()
        .map(name => `${entry}${name}`)
    : [entry];

/** Writes the pool pages; returns their paths by group (`first` and `last` ones apart) and the files they hold. */
function writePools() {
  rmSync(POOL_DIR, { recursive: true, force: true });
  mkdirSync(POOL_DIR, { recursive: true });
  const pages = { serial: [], first: [], parallel: [], last: [] };
  const pooled = [];
  for (const [name, { group, first, last, files: entries }] of Object.entries(POOLS)) {
    const files = entries.flatMap(poolFiles);
    const page = `${POOL_DIR}/${name}.test.js`;
    writeFileSync(page, `// Written by web-test-runner.config.mjs: the files of the pool "${name}", on one page.\n${files.map(file => `import '/${file}';`).join('\n')}\n`);
    pages[first ? 'first' : last ? 'last' : group].push(page);
    pooled.push(...files);
  }
  return { pages, pooled };
}
const COSTLY_FIRST = 'test/markdown/**/*.test.ts';
/** Pages at a time for the parallel group: three, beside the serial group's one, on a 2-core machine. */
const PARALLEL_PAGES = 3;

/** `npm run test:heavy` sets SSE_CHAT_HEAVY=1; the page reads it (test/helpers/fast-check.ts) to run more cases. */
const heavy = process.env.SSE_CHAT_HEAVY === '1';
/** SSE_CHAT_TIMINGS=1 adds a table of where the time went (per file: page load, tests, the page's CPU). */
const timings = process.env.SSE_CHAT_TIMINGS === '1';

const chrome = concurrency =>
  chromeLauncher({
    concurrency,
    // --expose-gc: the memory tests (test/sse-chat/memory.test.ts) force a collection to see what a cleared chat still holds.
    // No back/forward cache: after each file wtr sends the page to about:blank, and with the cache on, Chromium keeps
    // the finished test page alive for a possible Back and starts the next file in a fresh renderer process (~1 CPU-s
    // per file: 15 files took 31–34 CPU-s without it, 46–55 with it, same tests passing). No test navigates Back.
    launchOptions: {
      executablePath: chromePath(),
      headless: true,
      args: [...chromeArgs, '--js-flags=--expose-gc', '--disable-features=BackForwardCache'],
    },
    // Test pages run side by side; without focus emulation all but one are background tabs, which get no
    // animation frames or ResizeObserver callbacks, and frame-batched rendering would never settle there.
    async createPage({ browser }) {
      const page = await browser.newPage();
      page.setDefaultNavigationTimeout(3 * 60_000);
      const session = await page.createCDPSession();
      await session.send('Emulation.setFocusEmulationEnabled', { enabled: true });
      if (timings) await measurePageCpu(page, session);
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

/**
 * Runs in each test page before the tests: a failed assertion's `actual` and `expected` travel to wtr as JSON, and a
 * DOM node (or the window) among them drags the whole page along: wtr's serializer walks it until the session dies as
 * "browser disconnected", hiding which assertion failed. Chai assigns both to the error it throws; this keeps a
 * node's outline (its opening tag) instead, and everything else as it was.
 */
function keepFailedValuesSerializable() {
  const outline = value =>
    value instanceof Node ? `${value.nodeName}${value instanceof Element ? ` ${value.outerHTML.slice(0, 200)}` : ''}`
    : value === window ? '[Window]'
    : Array.isArray(value) && value.some(item => item instanceof Node) ? value.map(outline)
    : value;
  for (const key of ['actual', 'expected']) {
    Object.defineProperty(Error.prototype, key, {
      configurable: true,
      set(value) {
        Object.defineProperty(this, key, { value: outline(value), writable: true, enumerable: true, configurable: true });
      },
    });
  }
}

/** `npx wtr --files …` runs just those files, one page at a time; plain `wtr` runs the two groups. */
const filesFromCommandLine = process.argv.some(arg => arg === '--files' || arg.startsWith('--files='));
const pools = filesFromCommandLine ? undefined : writePools();

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
    `<!DOCTYPE html><html><head><script>globalThis.SSE_CHAT_HEAVY = ${heavy}; (${keepFailedValuesSerializable})();</script></head>` +
    `<body><script type="module" src="${testFramework}"></script></body></html>`,
  reporters: [defaultReporter(), ...(timings ? [timingsReporter()] : [])],
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
          { name: 'serial', files: [...SERIAL_FILES, ...pools.pages.serial, ...pools.pooled.map(file => `!${file}`)], browsers: [chrome(1)] },
          // The costliest files (the markdown property tests) first, so that the group does not end on one of them.
          {
            name: 'parallel',
            files: [
              ...pools.pages.first,
              COSTLY_FIRST,
              ALL_FILES,
              ...pools.pages.parallel,
              ...[...SERIAL_FILES, ...pools.pooled].map(file => `!${file}`),
              // The files that load dist/, last: `npm test` builds dist/ beside the browser tests.
              ...pools.pages.last,
            ],
            browsers: [chrome(PARALLEL_PAGES)],
          },
        ],
      }),
};
