// `npm test`: everything CI proves, printed in the order a failure is cheapest to read.
// Type-check → build (npm entry points + script-tag bundle) → bundle size budget → generated files up to date →
// Node tests (demo server, CLI) → browser tests in Chromium → the package as consumers use it. The stages run side
// by side where they can (see `stages`): the whole run takes about as long as the browser tests.
//
// Every stage runs and reports even when an earlier one failed, so one failure never hides another. Only what needs
// the build's output is skipped when the build fails: the size budget, the CLI's end-to-end tests
// (test/cli/check.test.mjs and agent-check.test.mjs run the built dist/esm/cli/check.js) and the consumers stage (it
// packs dist/); each skipped stage counts as one failed test. Ends with each stage's time and one line, `tests: N passed, N failed`;
// a stage that failed without reporting test counts adds at least one failure. Exits 1 on any failure.
//
// SSE_CHAT_HEAVY=1 (`npm run test:heavy`) runs the property tests and the fuzzer with many more cases.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (process.argv.includes('--heavy')) process.env.SSE_CHAT_HEAVY = '1';

/** The Node test files that run the built CLI (bin/sse-chat.js → dist/esm/cli/). */
const CLI_END_TO_END = ['test/cli/check.test.mjs', 'test/cli/agent-check.test.mjs'];
/** The Node test files (*.test.mjs) in test/ itself, test/server/, test/cli/ and bench/; without the CLI's end-to-end tests when asked. */
function nodeTestFiles({ withCliEndToEnd }) {
  const files = ['test', 'test/server', 'test/cli', 'bench'].flatMap(dir =>
    readdirSync(dir)
      .filter(name => name.endsWith('.test.mjs'))
      .map(name => `${dir}/${name}`),
  );
  return withCliEndToEnd ? files : files.filter(file => !CLI_END_TO_END.includes(file));
}

/**
 * The stages, in the order their output is printed (a failure cheapest to read first). They do not run one after
 * the other: a stage starts once the stages it is `after` have ended, so the longest chain starts first. The
 * browser tests need nothing built (they load src/ through esbuild) and start at once beside the build; the
 * type-check (which writes the declarations), the Node tests and the consumers need dist/ and start when the build
 * ends, beside the browser tests. Most of
 * these stages wait on timers, sockets, pages and installs more than on the CPU, so on a 2-core machine running them
 * side by side costs little and the whole run is about as long as its longest chain. The Node tests run four files at
 * a time (node's default on a 2-core machine is one). Every stage's output is held back and printed whole, in this
 * order, as soon as it and the stages before it have ended.
 */
const stages = [
  // The package.json scripts' commands run by node itself: npm and npx cost ~1 CPU-s each to start.
  // The type-check's program also writes src/'s declarations into dist/esm (the build leaves them out): one check of
  // src/ instead of two. After the build, which empties dist/ first.
  { name: 'type-check', command: process.execPath, args: ['scripts/type-check.mjs', '--declarations'], after: ['build'] },
  { name: 'build', command: process.execPath, args: ['scripts/build.mjs', '--no-declarations'], isBuild: true },
  { name: 'size budget', command: 'node', args: ['scripts/size.mjs', '--check'], needsBuild: true, after: ['build'] },
  { name: 'manifest up to date', command: 'node', args: ['scripts/manifest.mjs', '--check'] },
  { name: 'README API tables up to date', command: 'node', args: ['scripts/api-tables.mjs', '--check'] },
  { name: 'JSX typings up to date', command: 'node', args: ['scripts/jsx-types.mjs', '--check'] },
  {
    name: 'node tests',
    command: 'node',
    args: built => ['--test', '--test-reporter=spec', '--test-concurrency=4', ...nodeTestFiles({ withCliEndToEnd: built })],
    skippedWithoutBuild: `${CLI_END_TO_END.join(' and ')} (they run the built CLI)`,
    // Some read dist/ (the CLI, the demo page's bundle), which the build empties first.
    after: ['build'],
  },
  { name: 'browser tests', command: process.execPath, args: ['node_modules/@web/test-runner/dist/bin.js'] },
  // --no-build: pack the dist/ this run just built (npm pack would otherwise build it again in `prepack`).
  {
    name: 'consumers (npm pack → Vite app, script tag, React 19, Vue, types)',
    command: 'node',
    args: ['test/consumers/run.mjs', '--no-build'],
    needsBuild: true,
    // The packed types are the type-check's declarations.
    after: ['build', 'type-check'],
  },
];

const strip = text => text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

/**
 * The longest a stage may run: a hang, not slowness (the slowest stage takes ~5 minutes on a loaded 2-core machine).
 * A stage past it is stopped with everything it started and fails, so CI never waits on a stuck process.
 */
const STAGE_LIMIT_MS = 20 * 60 * 1000;

/** The stages' process groups still running: an interrupted `npm test` stops them all (they are detached). */
const groups = new Set();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const pid of groups) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {}
    }
    process.exit(130);
  });
}

/**
 * SSE_CHAT_TIMINGS=1 also measures each stage's CPU time (user + system, all the processes it started): on 2 cores,
 * CPU time is what the run's length comes down to. Where this user may make a cgroup-v1 cpuacct group (root in a
 * container), each stage runs in its own, which counts Chromium's renderers too; else GNU time counts what the stage
 * waited for, which leaves out Chromium's renderers (Chromium does not wait for them).
 */
const CPUACCT = '/sys/fs/cgroup/cpuacct';
const cpuMeter = (() => {
  if (process.env.SSE_CHAT_TIMINGS !== '1') return undefined;
  const group = join(CPUACCT, `sse-chat-test-${process.pid}`);
  try {
    mkdirSync(group);
    return { kind: 'cgroup', dir: group };
  } catch {}
  if (existsSync('/usr/bin/time')) return { kind: 'time', dir: mkdtempSync(join(tmpdir(), 'sse-chat-cpu-')) };
  return undefined;
})();
let cpuStages = 0;

/** The command that runs `command` with its CPU measured, and a function that reads the CPU seconds afterwards. */
function measured(command, args) {
  const place = cpuMeter && join(cpuMeter.dir, `${cpuStages++}`);
  if (cpuMeter?.kind === 'cgroup') {
    mkdirSync(place);
    const read = () => {
      const seconds = Number(readFileSync(join(place, 'cpuacct.usage'), 'utf8')) / 1e9;
      try {
        rmdirSync(place);
      } catch {} // A process the stage left behind still runs in it.
      return seconds;
    };
    // The shell joins the group, then becomes the command: everything it starts is counted.
    return ['sh', ['-c', 'echo $$ > "$0/cgroup.procs" && exec "$@"', place, command, ...args], read];
  }
  if (cpuMeter?.kind === 'time') {
    const read = () => readFileSync(place, 'utf8').trim().split('\n').at(-1).split(' ').reduce((sum, n) => sum + Number(n), 0);
    return ['/usr/bin/time', ['-q', '-f', '%U %S', '-o', place, command, ...args], read];
  }
  return [command, args, () => undefined];
}

/**
 * Runs a stage's command in its own process group, collecting its output (stdout and stderr) to be printed later;
 * resolves to its exit code, its output and (when measured) its CPU seconds.
 */
function run(stageCommand, stageArgs) {
  const [command, args, readCpu] = measured(stageCommand, stageArgs);
  const cpuSeconds = () => {
    try {
      return readCpu();
    } catch {
      return undefined;
    }
  };
  return new Promise(resolve => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env, detached: true });
    groups.add(child.pid);
    let out = '';
    const limit = setTimeout(() => {
      out += `\nstopped: still running after ${STAGE_LIMIT_MS / 60000} minutes (a hang).\n`;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, STAGE_LIMIT_MS);
    child.stdout.on('data', chunk => (out += chunk));
    child.stderr.on('data', chunk => (out += chunk));
    child.on('error', error => resolve({ code: 1, out: String(error) }));
    child.on('close', (code, signal) => {
      groups.delete(child.pid);
      clearTimeout(limit);
      resolve({ code: code ?? (signal ? 1 : 0), out, cpu: cpuSeconds() });
    });
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

let built = true;
const runStarted = performance.now();

/** Runs one stage once the stages it is `after` have ended; resolves to its result row and its output. */
async function runStage(stage) {
  const started = performance.now();
  if (stage.needsBuild && !built) {
    return {
      row: { name: stage.name, status: 'skipped', passed: 0, failed: 1, seconds: 0, startedAt: (started - runStarted) / 1000 },
      out: 'skipped: the build failed, and this stage needs its output.\n',
    };
  }
  const args = typeof stage.args === 'function' ? stage.args(built) : stage.args;
  const { code, out, cpu } = await run(stage.command, args);
  const seconds = (performance.now() - started) / 1000;
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
  const startedAt = (started - runStarted) / 1000;
  const tail = ok ? '' : `\n${stage.name} failed (exit ${code}).\n`;
  return { row: { name: stage.name, status: note, passed, failed, seconds, startedAt, cpu }, out: out + tail };
}

/** Each stage's promise, by name, so other stages can wait for it (a stage may wait for one declared after it). */
const running = new Map();
const starts = new Map();
for (const stage of stages) running.set(stage.name, new Promise(resolve => starts.set(stage.name, resolve)));
for (const stage of stages) {
  const waitFor = (stage.after ?? []).map(name => {
    if (!running.has(name)) throw new Error(`stage "${stage.name}" waits for an unknown stage "${name}"`);
    return running.get(name);
  });
  starts.get(stage.name)(Promise.all(waitFor).then(() => runStage(stage)));
}

// Print each stage's output in the declared order, as soon as it and every stage before it have ended.
const results = [];
for (const stage of stages) {
  const { row, out } = await running.get(stage.name);
  process.stdout.write(`\n── ${stage.name} ──\n${out}`);
  results.push(row);
}

const total = (performance.now() - runStarted) / 1000;
const width = Math.max(...results.map(result => result.name.length));
console.log('\n── summary ──');
for (const result of results) {
  const cpu = result.cpu === undefined ? '' : `, ${result.cpu.toFixed(1).padStart(5)} CPU-s`;
  const time = `${result.seconds.toFixed(1).padStart(6)} s (from ${result.startedAt.toFixed(0).padStart(3)} s${cpu})`;
  const counts = `${result.passed} passed, ${result.failed} failed`;
  console.log(`${result.name.padEnd(width)}  ${time}  ${counts.padEnd(24)}  ${result.status}`);
}
const cpuTotal = cpuMeter ? `, ${results.reduce((sum, result) => sum + (result.cpu ?? 0), 0).toFixed(1)} CPU-s` : '';
console.log(`${'total'.padEnd(width)}  ${total.toFixed(1).padStart(6)} s${cpuTotal}`);
try {
  if (cpuMeter?.kind === 'time') rmSync(cpuMeter.dir, { recursive: true, force: true });
  if (cpuMeter?.kind === 'cgroup') rmdirSync(cpuMeter.dir);
} catch {}
const passed = results.reduce((sum, result) => sum + result.passed, 0);
const failed = results.reduce((sum, result) => sum + result.failed, 0);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
