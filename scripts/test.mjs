// `npm test`: everything CI proves, in the order a failure is cheapest to read.
// Type-check → build (npm entry points + script-tag bundle) → bundle size budget → generated files up to date →
// Node tests (demo server, CLI), run alongside the browser tests in Chromium → the package as consumers use it.
//
// Every stage runs and reports even when an earlier one failed, so one failure never hides another. Only what needs
// the build's output is skipped when the build fails: the size budget, the CLI's end-to-end test
// (test/cli/check.test.mjs runs the built dist/esm/cli/check.js) and the consumers stage (it packs dist/); each
// skipped stage counts as one failed test. Ends with each stage's time and one line, `tests: N passed, N failed`;
// a stage that failed without reporting test counts adds at least one failure. Exits 1 on any failure.
//
// SSE_CHAT_HEAVY=1 (`npm run test:heavy`) runs the property tests and the fuzzer with many more cases.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';

if (process.argv.includes('--heavy')) process.env.SSE_CHAT_HEAVY = '1';

const CLI_END_TO_END = 'test/cli/check.test.mjs';
/** The Node test files (*.test.mjs) in test/ itself, test/server/, test/cli/ and bench/; without the CLI's end-to-end test when asked. */
function nodeTestFiles({ withCliEndToEnd }) {
  const files = ['test', 'test/server', 'test/cli', 'bench'].flatMap(dir =>
    readdirSync(dir)
      .filter(name => name.endsWith('.test.mjs'))
      .map(name => `${dir}/${name}`),
  );
  return withCliEndToEnd ? files : files.filter(file => file !== CLI_END_TO_END);
}

/**
 * The stages in order. `needsBuild` stages are skipped when the build failed; `args` as a function gets whether the
 * build succeeded. The Node tests mostly wait on timers and sockets: they run four files at a time (node's default on
 * a 2-core machine is one), and `alongside` the next stage (the browser tests), their output held back and printed
 * whole once that stage is done.
 */
const stages = [
  { name: 'type-check', command: 'npm', args: ['run', '--silent', 'typecheck'] },
  { name: 'build', command: 'npm', args: ['run', '--silent', 'build'], isBuild: true },
  { name: 'size budget', command: 'node', args: ['scripts/size.mjs', '--check'], needsBuild: true },
  { name: 'manifest up to date', command: 'node', args: ['scripts/manifest.mjs', '--check'] },
  { name: 'README API tables up to date', command: 'node', args: ['scripts/api-tables.mjs', '--check'] },
  { name: 'JSX typings up to date', command: 'node', args: ['scripts/jsx-types.mjs', '--check'] },
  {
    name: 'node tests',
    command: 'node',
    args: built => ['--test', '--test-reporter=spec', '--test-concurrency=4', ...nodeTestFiles({ withCliEndToEnd: built })],
    skippedWithoutBuild: `${CLI_END_TO_END} (it runs the built CLI)`,
    alongside: true,
  },
  { name: 'browser tests', command: 'npx', args: ['wtr'] },
  // --no-build: pack the dist/ this run just built (npm pack would otherwise build it again in `prepack`).
  { name: 'consumers (npm pack → Vite app, script tag, React 19, Vue, types)', command: 'node', args: ['test/consumers/run.mjs', '--no-build'], needsBuild: true },
];

const strip = text => text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

/** Runs a stage's command; its output is streamed through, or only collected when `quiet` (printed later). */
function run(command, args, { quiet = false } = {}) {
  return new Promise(resolve => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', quiet ? 'pipe' : 'inherit'], env: process.env });
    let out = '';
    child.stdout.on('data', chunk => {
      out += chunk;
      if (!quiet) process.stdout.write(chunk);
    });
    child.stderr?.on('data', chunk => (out += chunk));
    child.on('error', error => resolve({ code: 1, out: String(error) }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
  });
}

/** The test counts a stage printed: node's `ℹ pass N` / `ℹ fail N`, or the last `N passed, N failed` (wtr, consumers). */
function countsIn(out) {
  const text = strip(out);
  const node = [...text.matchAll(/^ℹ (pass|fail) (\d+)$/gm)];
  if (node.length) {
    const count = kind => node.filter(([, k]) => k === kind).reduce((sum, [, , n]) => sum + Number(n), 0);
    return { passed: count('pass'), failed: count('fail') };
  }
  const summary = [...text.matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
  return summary ? { passed: Number(summary[1]), failed: Number(summary[2]) } : undefined;
}

const results = [];
let built = true;
const runStarted = performance.now();
/** A stage running alongside the current one: its promise, resolving to its result once its output is printed. */
let background;

/** Runs one stage; returns its result row. `quiet`: collect its output and print it (with its header) at the end. */
async function runStage(stage, { quiet = false } = {}) {
  const header = `\n── ${stage.name} ──\n`;
  if (!quiet) process.stdout.write(header);
  if (stage.needsBuild && !built) {
    console.log('skipped: the build failed, and this stage needs its output.');
    return { name: stage.name, status: 'skipped', passed: 0, failed: 1, seconds: 0 };
  }
  const started = performance.now();
  const args = typeof stage.args === 'function' ? stage.args(built) : stage.args;
  const { code, out } = await run(stage.command, args, { quiet });
  const seconds = (performance.now() - started) / 1000;
  if (quiet) process.stdout.write(`${header}(ran alongside the next stage; its output:)\n${out}`);
  const counts = countsIn(out);
  const ok = code === 0;
  if (stage.isBuild) built = ok;
  // A stage without test counts is one check; one that failed counts as at least one failed test.
  const passed = counts?.passed ?? (ok ? 1 : 0);
  let failed = counts?.failed ?? (ok ? 0 : 1);
  if (!ok) failed = Math.max(failed, 1);
  let note = ok ? 'ok' : `failed (exit ${code})`;
  if (stage.skippedWithoutBuild && !built) {
    note += `; skipped ${stage.skippedWithoutBuild}: the build failed`;
    failed += 1;
  }
  if (!ok) console.log(`\n${stage.name} failed (exit ${code}).`);
  return { name: stage.name, status: note, passed, failed, seconds };
}

for (const stage of stages) {
  if (stage.alongside) {
    background = runStage(stage, { quiet: true });
    continue;
  }
  results.push(await runStage(stage));
  if (background) {
    results.push(await background);
    background = undefined;
  }
}
if (background) results.push(await background);

const total = (performance.now() - runStarted) / 1000;
const width = Math.max(...results.map(result => result.name.length));
console.log('\n── summary ──');
for (const result of results) {
  const time = `${result.seconds.toFixed(1).padStart(6)} s`;
  const counts = `${result.passed} passed, ${result.failed} failed`;
  console.log(`${result.name.padEnd(width)}  ${time}  ${counts.padEnd(24)}  ${result.status}`);
}
console.log(`${'total'.padEnd(width)}  ${total.toFixed(1).padStart(6)} s`);
const passed = results.reduce((sum, result) => sum + result.passed, 0);
const failed = results.reduce((sum, result) => sum + result.failed, 0);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
