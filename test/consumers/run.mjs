// `node test/consumers/run.mjs` (`npm run test:consumers`): proves the *published* package works where people use it.
// Builds and packs the package, installs the tarball into fresh temporary apps from the registry, and checks, each in
// Chromium against an in-process demo server:
//   vite app    — `import 'sse-chat/define'` in a Vite app that also uses Lit: built, served, answers; one Lit in the build
//   script tag  — a plain page with only the file the `unpkg` field names: answers
//   react 19    — <sse-chat> straight in React 19: a function property (buildBody) and an `onsse-chat-done` listener work
//   types       — test/types/*.ts(x) and the TypeScript snippets of docs/embedding.md, as written, type-check with
//                 `strict` against the packed declarations (`import 'sse-chat/define'` alone types event.detail; the
//                 generated React 19, Preact, Vue and Svelte typings accept every property; vue-tsc checks a Vue
//                 template); wrong usage is an error
//   manifest    — package.json's `customElements` names a shipped manifest whose modules all ship
//   strict csp  — the script-tag bundle under a strict CSP with Trusted Types (csp/policy.mjs): answers from the demo
//                 server (markdown, steps, sources; images allowed too), a hostile answer stays inert, 0 violations
//   csp reports — … and rendering the hostile answer reported no violation either
// Prints one line per case and `consumers: N passed, N failed`; exits 1 on any failure. Bounded by a time limit;
// removes its temporary folders. `--no-build` packs the dist/ already there (when `npm test` has just built it).
// `--only=script tag,strict csp` runs just those cases (and skips the app installs they do not need).
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startDemoServer } from '../../demo/server.mjs';
import { chromeArgs, chromePath } from '../../scripts/chrome-path.mjs';
import { cspCase, expectNoHostileReports } from './csp/case.mjs';

const PROJECT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = fileURLToPath(new URL('.', import.meta.url));
/** The whole run, installs included; a cold npm cache needs most of it. */
const RUN_LIMIT_MS = 15 * 60_000;
const INSTALL_LIMIT_MS = 5 * 60_000;
// Bounds for a hung step, not speed limits: a build or an install on a loaded 2-core machine takes minutes.
const STEP_LIMIT_MS = 5 * 60_000;
/** From sending a question to the finished answer (the demo server streams with a 1 ms token delay here). */
const ANSWER_LIMIT_MS = 60_000;
const QUESTION = 'How do I stop a stream?';
const ALL_CASES = ['vite app', 'script tag', 'react 19', 'types', 'manifest', 'strict csp', 'csp reports'];
/** What the types case installs beside the tarball: each framework's own typings (no install scripts among them). */
const TYPE_PACKAGES = ['@types/react@19', 'preact@10', 'vue@3', 'vue-tsc@3', 'svelte@5'];
/** The test/types files that use those frameworks' typings. */
const FRAMEWORK_FILES = ['react.tsx', 'preact.tsx', 'vue.ts', 'svelte.ts'];
const only = process.argv.find(arg => arg.startsWith('--only='))?.slice('--only='.length).split(',');
const CASES = only ? ALL_CASES.filter(name => only.includes(name)) : ALL_CASES;

/** Process groups still running, so the time limit can end them (and only them). */
const running = new Set();
/** Things to close or remove at the end, last registered first. */
const cleanups = [];

const skipBuild = process.argv.includes('--no-build');
/** The one ending of the run (normal, failed or timed out). */
let finishing;
const startedAt = performance.now();
const results = [];

async function main() {
  const work = await mkdtemp(join(tmpdir(), 'sse-chat-consumers-'));
  cleanups.push(() => rm(work, { recursive: true, force: true }));

  if (!skipBuild) await run('npm', ['run', '--silent', 'build'], { cwd: PROJECT, limit: STEP_LIMIT_MS });
  const tarball = await pack(work);
  const project = JSON.parse(await readFile(join(PROJECT, 'package.json'), 'utf8'));
  const versionOf = name => project.dependencies?.[name] ?? project.devDependencies?.[name];

  // One install for the three apps, each a folder below it that finds the packages up the tree as in a monorepo:
  // one npm start-up, one resolution and one copy of what they share (the tarball and Vite) instead of three.
  const apps = join(work, 'apps');
  const viteApp = join(apps, 'vite-app');
  const reactApp = join(apps, 'react-app');
  const typesApp = join(apps, 'types-app');
  const wants = name => CASES.includes(name);
  const packages = new Set();
  if (wants('vite app')) [tarball, `lit@${versionOf('lit')}`, `vite@${versionOf('vite')}`].forEach(name => packages.add(name));
  if (wants('react 19')) [tarball, 'react@19', 'react-dom@19', `vite@${versionOf('vite')}`].forEach(name => packages.add(name));
  if (wants('types')) [tarball, ...TYPE_PACKAGES, `typescript@${versionOf('typescript')}`].forEach(name => packages.add(name));
  const installed = packages.size
    ? await createApps(
        apps,
        [
          [viteApp, join(FIXTURES, 'vite-app')],
          [reactApp, join(FIXTURES, 'react-app')],
          [typesApp, fileURLToPath(new URL('../types', import.meta.url))],
        ],
        [...packages],
      ).then(
        () => ({ status: 'fulfilled' }),
        reason => ({ status: 'rejected', reason }),
      )
    : { status: 'rejected', reason: new Error('not needed by the cases asked for') };
  const unpkgRoot = join(work, 'unpkg');
  await mkdir(unpkgRoot);
  await run('tar', ['-xzf', tarball, '-C', unpkgRoot], { limit: STEP_LIMIT_MS });

  const demo = await startDemoServer({ port: 0, corsOrigins: '*', quiet: true, tokenDelayMs: 1 });
  cleanups.push(() => demo.close());
  const browser = await chromium.launch({ executablePath: chromePath(), args: chromeArgs });
  cleanups.push(() => browser.close());

  let csp;
  const bodies = {
    'vite app': () => viteCase(installed, viteApp, apps, browser, demo.url),
    'script tag': () => scriptTagCase(unpkgRoot, browser, demo.url),
    'react 19': () => reactCase(installed, reactApp, apps, browser, demo.url),
    types: () => typesCase(installed, typesApp, apps),
    manifest: () => manifestCase(join(unpkgRoot, 'package')),
    'strict csp': async () => {
      csp = await cspCase({ root: unpkgRoot, bundlePath: await unpkgBundlePath(unpkgRoot), browser, demoUrl: demo.url, limitMs: ANSWER_LIMIT_MS });
      return csp.summary;
    },
    'csp reports': async () => {
      if (!csp) throw new Error('the strict csp case did not get as far as the hostile answer');
      return expectNoHostileReports(csp);
    },
  };
  for (const name of CASES) await runCase(name, bodies[name]);
}

/**
 * `npm pack` into `work`; returns the tarball's path and prints its size. `--ignore-scripts`: dist/ is built already
 * (by this run, or by `npm test` just before), and `prepack` would build it a second time.
 */
async function pack(work) {
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: PROJECT, limit: STEP_LIMIT_MS });
  const [{ filename, size, unpackedSize, entryCount }] = JSON.parse(stdout.slice(stdout.indexOf('[')));
  const kB = bytes => `${(bytes / 1000).toFixed(1)} kB`;
  console.log(`tarball: ${filename}, ${kB(size)} (${kB(unpackedSize)} unpacked, ${entryCount} files)`);
  return join(work, filename);
}

/**
 * Fresh app folders below `root`: each fixture's files in its folder, one package.json at `root`, and one
 * `npm install` of `packages` there.
 */
async function createApps(root, apps, packages) {
  await mkdir(root);
  await Promise.all(apps.map(([dir, fixture]) => cp(fixture, dir, { recursive: true })));
  await writeFile(join(root, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`);
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...packages], {
    cwd: root,
    limit: INSTALL_LIMIT_MS,
  });
}

// ── the cases ──────────────────────────────────────────────────────────────────────────────────────────────────

async function viteCase(install, app, root, browser, demoUrl) {
  if (install.status === 'rejected') throw install.reason;
  await viteBuild(app, root);
  const assets = await readAssets(join(app, 'dist'));
  // Lit registers its version on load, in production builds too: one registration per copy bundled.
  const copies = countOccurrences(assets, 'litElementVersions');
  if (copies !== 1) throw new Error(`the build holds ${copies} copies of LitElement, expected 1`);
  const site = await serveStatic(join(app, 'dist'));
  const { page, problems } = await openPage(browser, `${site.url}/?endpoint=${encodeURIComponent(`${demoUrl}/api/chat`)}`);
  const answer = await askAndWait(page, problems);
  const loaded = await page.evaluate(() => ({ elements: window.litElementVersions?.length, html: window.litHtmlVersions?.length }));
  if (loaded.elements !== 1 || loaded.html !== 1) throw new Error(`Lit loaded more than once in the page: ${JSON.stringify(loaded)}`);
  assertNoProblems(problems);
  return `answered ${answer.length} chars; one Lit in ${assets.length} built file(s)`;
}

/** The URL path (under the unpacked package's root) of the file package.json's `unpkg` field names. */
async function unpkgBundlePath(unpkgRoot) {
  const manifest = JSON.parse(await readFile(join(unpkgRoot, 'package', 'package.json'), 'utf8'));
  if (!manifest.unpkg) throw new Error('package.json has no `unpkg` field');
  return `/package/${normalize(manifest.unpkg).split(sep).join('/')}`;
}

async function scriptTagCase(unpkgRoot, browser, demoUrl) {
  const bundlePath = await unpkgBundlePath(unpkgRoot);
  const template = await readFile(join(FIXTURES, 'script-tag', 'index.html'), 'utf8');
  const page = template.replace('__BUNDLE_URL__', bundlePath).replace('__ENDPOINT__', `${demoUrl}/api/chat`);
  await writeFile(join(unpkgRoot, 'index.html'), page);
  const site = await serveStatic(unpkgRoot);
  const opened = await openPage(browser, `${site.url}/`);
  const answer = await askAndWait(opened.page, opened.problems);
  assertNoProblems(opened.problems);
  const scripts = site.requested.filter(path => path.endsWith('.js'));
  if (scripts.length !== 1 || scripts[0] !== bundlePath) throw new Error(`expected only ${bundlePath}, the page loaded ${scripts.join(', ')}`);
  return `answered ${answer.length} chars from ${bundlePath} alone`;
}

async function reactCase(install, app, root, browser, demoUrl) {
  if (install.status === 'rejected') throw install.reason;
  await viteBuild(app, root);
  const site = await serveStatic(join(app, 'dist'));
  // This route reads only OpenAI's `messages`: the element's default body gets a 400, so an answer proves the
  // property was set (and `auto` recognises the OpenAI stream).
  const endpoint = `${demoUrl}/v1/chat/completions`;
  const { page, problems } = await openPage(browser, `${site.url}/?endpoint=${encodeURIComponent(endpoint)}`);
  const answer = await askAndWait(page, problems);
  const seen = await page.evaluate(() => ({
    builtBodies: window.consumer.builtBodies,
    asAttribute: document.querySelector('sse-chat').hasAttribute('buildbody'),
    shownByReact: document.querySelector('#answer').textContent,
  }));
  if (seen.asAttribute) throw new Error('React set buildBody as an attribute, not a property');
  if (seen.builtBodies.length !== 1 || seen.builtBodies[0] !== QUESTION) throw new Error(`buildBody calls: ${JSON.stringify(seen.builtBodies)}`);
  if (seen.shownByReact !== answer) throw new Error(`the onsse-chat-done handler did not render the answer (got ${JSON.stringify(seen.shownByReact)})`);
  assertNoProblems(problems);
  return `buildBody property and onsse-chat-done listener worked; answered ${answer.length} chars`;
}

async function typesCase(install, app, root) {
  if (install.status === 'rejected') throw install.reason;
  // In the app, so 'sse-chat' resolves to the installed tarball exactly as in a consumer's project. The fixture's files
  // opt out of the project's own type-check (it cannot resolve 'sse-chat' before a build) with a first
  // `// @ts-nocheck` line, which is blanked here; a check that kept the opt-out would pass vacuously.
  const files = (await readdir(app)).filter(name => /\.tsx?$/.test(name));
  let expectations = 0;
  for (const name of files) {
    const [first, ...rest] = (await readFile(join(app, name), 'utf8')).split('\n');
    if (!first.startsWith('// @ts-nocheck')) throw new Error(`test/types/${name} must start with its // @ts-nocheck line`);
    await writeFile(join(app, name), ['', ...rest].join('\n'));
    expectations += rest.filter(line => line.includes('@ts-expect-error')).length;
  }
  // The TypeScript snippets of docs/embedding.md, exactly as a reader copies them.
  const snippets = await docSnippets(join(PROJECT, 'docs', 'embedding.md'));
  if (!snippets.length) throw new Error('docs/embedding.md has no ```ts or ```tsx snippet to check');
  const snippetFiles = [];
  for (const [index, snippet] of snippets.entries()) {
    const name = `embedding-snippet-${index + 1}.tsx`;
    await writeFile(join(app, name), snippet);
    snippetFiles.push(name);
  }
  // A `*-only.ts` file is its own program: DOM typings that another file's imports bring in (a global augmentation
  // reaches every file of a program) would make it pass vacuously. The framework files and the snippets share one
  // program with skipLibCheck (checking Vue's and Svelte's own declarations triples the time; ours are checked with
  // the other programs, and each framework file's expected errors prove its typings take effect).
  const alone = files.filter(name => name.endsWith('-only.ts'));
  const frameworks = files.filter(name => FRAMEWORK_FILES.includes(name));
  const plain = files.filter(name => !alone.includes(name) && !frameworks.includes(name));
  const programs = [
    ...alone.map(name => ({ files: [name] })),
    { files: plain },
    { files: [...frameworks, ...snippetFiles], compilerOptions: { skipLibCheck: true } },
  ];
  // Vue single-file components: vue-tsc checks their templates (`@vue-expect-error` marks the wrong usage).
  const vueFiles = (await readdir(app)).filter(name => name.endsWith('.vue'));
  if (vueFiles.length) programs.push({ include: vueFiles, files: [], compilerOptions: { skipLibCheck: true, jsx: 'preserve' }, vue: true });
  const vueTsc = join(root, 'node_modules', 'vue-tsc', 'bin', 'vue-tsc.js');
  const configs = await Promise.all(
    programs.map(async ({ vue, ...program }, index) => {
      const config = join(app, `tsconfig.program-${index}.json`);
      await writeFile(config, JSON.stringify({ extends: './tsconfig.json', ...program }, null, 2));
      return { config, vue };
    }),
  );
  // The tsc programs in one process that parses the files they share once (tsc-programs.mjs); vue-tsc beside it.
  const typescript = join(root, 'node_modules', 'typescript');
  const tscConfigs = configs.filter(({ vue }) => !vue).map(({ config }) => config);
  await Promise.all([
    run(process.execPath, [join(FIXTURES, 'tsc-programs.mjs'), typescript, ...tscConfigs], { cwd: app, limit: STEP_LIMIT_MS }),
    ...configs.filter(({ vue }) => vue).map(({ config }) => run(process.execPath, [vueTsc, '-p', config], { cwd: app, limit: STEP_LIMIT_MS })),
  ]);
  for (const name of vueFiles) expectations += (await readFile(join(app, name), 'utf8')).split('@vue-expect-error').length - 1;
  return `${files.length + vueFiles.length} files and ${snippets.length} docs/embedding.md snippets check with strict against the packed types (${expectations} expected errors all raised)`;
}

/** The ```ts and ```tsx blocks of a markdown file. */
async function docSnippets(path) {
  const text = await readFile(path, 'utf8');
  return [...text.matchAll(/^```tsx?\n([\s\S]*?)^```$/gm)].map(match => match[1]);
}

/**
 * What IDEs and doc tools find: package.json's `customElements` names a shipped manifest that declares the tag, and
 * every module it mentions is a file in the package (the manifest is written from src/ but points at dist/).
 */
async function manifestCase(packageDir) {
  const pkg = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8'));
  if (!pkg.customElements) throw new Error('package.json has no `customElements` field');
  const manifest = JSON.parse(await readFile(join(packageDir, pkg.customElements), 'utf8'));
  const declarations = manifest.modules.flatMap(module => module.declarations ?? []);
  const element = declarations.find(declaration => declaration.customElement && declaration.tagName === 'sse-chat');
  if (!element) throw new Error('the manifest declares no <sse-chat>');
  const paths = new Set(manifest.modules.map(module => module.path));
  const collectReferences = value => {
    if (!value || typeof value !== 'object') return;
    if (typeof value.module === 'string') paths.add(value.module);
    Object.values(value).forEach(collectReferences);
  };
  collectReferences(manifest.modules);
  const missing = [];
  for (const path of paths) await readFile(join(packageDir, path)).catch(() => missing.push(path));
  if (missing.length) throw new Error(`the manifest names modules the package lacks: ${missing.join(', ')}`);
  return `${pkg.customElements} declares <sse-chat> (${element.attributes.length} attributes, ${element.events.length} events); its ${paths.size} modules ship`;
}

// ── browser helpers ────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The contexts the running case opened: closed when it ends, so a finished page does not keep its renderer busy
 * (painting frames) through the cases after it — the types case alone runs for a minute.
 */
const caseContexts = new Set();

/** Opens `url` in a fresh context, collecting page errors and console errors/warnings as problems. */
async function openPage(browser, url) {
  const context = await browser.newContext();
  caseContexts.add(context);
  cleanups.push(() => context.close());
  const page = await context.newPage();
  page.setDefaultTimeout(ANSWER_LIMIT_MS);
  const problems = [];
  page.on('pageerror', error => problems.push(`page error: ${error.message}`));
  page.on('console', message => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  await page.goto(url);
  return { page, problems };
}

/**
 * Types the question into the chat like a user and waits for the turn to end. Returns the answer's text once the
 * element reports it done and shows it; a turn that ends any other way fails with what the element said.
 */
async function askAndWait(page, problems) {
  try {
    return await askAndWaitOnce(page);
  } catch (error) {
    // What the page itself reported (a module that failed to load, an exception) usually says why.
    throw new Error(problems.length ? `${error.message}; the page said: ${problems.join('; ')}` : error.message);
  }
}

async function askAndWaitOnce(page) {
  await page.waitForFunction(() => customElements.get('sse-chat'), null, { timeout: ANSWER_LIMIT_MS }).catch(() => {
    throw new Error('<sse-chat> was never defined');
  });
  await page.evaluate(() => {
    window.turnEnd = new Promise(resolve => {
      for (const type of ['sse-chat-done', 'sse-chat-stop', 'sse-chat-error']) {
        document.addEventListener(type, event => resolve({ type, text: event.detail.message.text, error: event.detail.error }), { once: true });
      }
    });
  });
  const input = page.locator('sse-chat textarea');
  await input.fill(QUESTION);
  await input.press('Enter');
  const end = await withTimeout(page.evaluate(() => window.turnEnd), ANSWER_LIMIT_MS, 'no answer');
  if (end.type !== 'sse-chat-done') throw new Error(`${end.type}: ${JSON.stringify(end.error ?? end.text)}`);
  if (!end.text.trim()) throw new Error('the answer is empty');
  // textContent, not innerText: a finished answer has `content-visibility: auto`, and innerText skips its text
  // while it is outside the viewport (the page is small), though it is rendered the moment it scrolls into view.
  const shown = await page.locator('sse-chat [part~="message-assistant"] [part~="content"]').last().textContent();
  if (!shown.trim()) throw new Error('the answer is not shown');
  const status = await page.locator('sse-chat').getAttribute('status');
  if (status !== 'idle') throw new Error(`status is ${status} after the answer, expected idle`);
  return end.text;
}

function assertNoProblems(problems) {
  if (problems.length) throw new Error(problems.join('; '));
}

// ── files, servers, processes ──────────────────────────────────────────────────────────────────────────────────

/** `vite build` in `app`, with the Vite installed at `root` (the folder above it). */
async function viteBuild(app, root) {
  await run(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: app,
    limit: STEP_LIMIT_MS,
  });
}

/** The text of every .js file under `dir`. */
async function readAssets(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter(entry => entry.isFile() && entry.name.endsWith('.js'));
  return Promise.all(files.map(entry => readFile(join(entry.parentPath, entry.name), 'utf8')));
}

function countOccurrences(texts, needle) {
  return texts.reduce((count, text) => count + text.split(needle).length - 1, 0);
}

const CONTENT_TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.json': 'application/json' };

/** Serves `root` on 127.0.0.1 (port 0) and records the paths asked for. */
async function serveStatic(root) {
  const requested = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requested.push(path);
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root)) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': `${CONTENT_TYPES[extname(file)] ?? 'application/octet-stream'}; charset=utf-8` }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${server.address().port}`, requested };
}

/** Runs a command in its own process group; rejects with its output when it fails or outlives `limit`. */
function run(command, args, { cwd = PROJECT, limit }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => (stdout += chunk));
    child.stderr.on('data', chunk => (stderr += chunk));
    const timer = setTimeout(() => killGroup(child), limit);
    child.on('error', error => {
      clearTimeout(timer);
      running.delete(child);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      if (code === 0) return resolve({ stdout, stderr });
      const why = signal ? `was stopped (${signal}; limit ${limit / 1000} s)` : `exited ${code}`;
      reject(new Error(`${command} ${args.join(' ')} ${why}:\n${`${stdout}\n${stderr}`.trim().split('\n').slice(-25).join('\n')}`));
    });
  });
}

function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runCase(name, body) {
  const caseStart = performance.now();
  try {
    const detail = await withTimeout(body(), STEP_LIMIT_MS * 2, `${name} did not finish`);
    results.push({ name, ok: true });
    console.log(`✓ ${name}: ${detail} (${seconds(caseStart)})`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`✗ ${name}: ${String(error?.message ?? error).split('\n').join('\n    ')} (${seconds(caseStart)})`);
  }
  await Promise.all([...caseContexts].map(context => context.close().catch(() => {})));
  caseContexts.clear();
}

function seconds(since) {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

function finish(code) {
  finishing ??= (async () => {
    clearTimeout(watchdog);
    for (const cleanup of cleanups.reverse()) {
      try {
        await withTimeout(Promise.resolve().then(cleanup), 10_000, 'cleanup');
      } catch (error) {
        console.error(`consumers: cleanup failed: ${error?.message ?? error}`);
      }
    }
    const passed = results.filter(result => result.ok).length;
    // A case that never ran (setup failed, time ran out) counts as failed.
    const failed = Math.max(CASES.length - passed, code === 0 ? 0 : 1);
    console.log(`consumers: ${passed} passed, ${failed} failed (${seconds(startedAt)})`);
    process.exit(code);
  })();
  return finishing;
}

// Last, so every module-level constant above is initialised before the run uses it.
const watchdog = setTimeout(() => {
  console.error(`consumers: time limit of ${RUN_LIMIT_MS / 1000} s reached; stopping.`);
  for (const child of running) killGroup(child);
  void finish(1);
}, RUN_LIMIT_MS);

try {
  await main();
  await finish(results.every(result => result.ok) ? 0 : 1);
} catch (error) {
  console.error(`consumers: ${error?.stack ?? error}`);
  await finish(1);
}
