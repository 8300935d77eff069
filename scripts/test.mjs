// `npm test`: everything CI proves, in the order a failure is cheapest to read.
// Type-check → build (npm entry points + script-tag bundle) → bundle size budget → Node tests (demo server, CLI)
// → browser tests in Chromium → the package as consumers use it. Ends with one summary line, `tests: N passed, N failed`.
import { spawn } from 'node:child_process';

const stages = [
  ['type-check', 'npm', ['run', '--silent', 'typecheck']],
  ['build', 'npm', ['run', '--silent', 'build']],
  ['size budget', 'node', ['scripts/size.mjs', '--check']],
  ['manifest up to date', 'node', ['scripts/manifest.mjs', '--check']],
  ['README API tables up to date', 'node', ['scripts/api-tables.mjs', '--check']],
  ['node tests', 'node', ['--test', '--test-reporter=spec', 'test/architecture.test.mjs', 'test/server/', 'test/cli/', 'bench/']],
  ['browser tests', 'npx', ['wtr']],
  ['consumers (npm pack → Vite app, script tag, React 19, types)', 'node', ['test/consumers/run.mjs', '--no-build']],
];

let passed = 0;
let failed = 0;

function run(name, command, args) {
  return new Promise(resolve => {
    process.stdout.write(`\n── ${name} ──\n`);
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    let out = '';
    child.stdout.on('data', chunk => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', code => resolve({ code, out }));
  });
}

const strip = text => text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

for (const [name, command, args] of stages) {
  const { code, out } = await run(name, command, args);
  const text = strip(out);
  const node = [...text.matchAll(/^ℹ (pass|fail) (\d+)$/gm)];
  const browser = [...text.matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
  for (const [, kind, count] of node) kind === 'pass' ? (passed += +count) : (failed += +count);
  if (browser) {
    passed += +browser[1];
    failed += +browser[2];
  }
  if (code !== 0) {
    console.log(`\n${name} failed (exit ${code}).`);
    console.log(`tests: ${passed} passed, ${Math.max(failed, 1)} failed`);
    process.exit(1);
  }
}
console.log(`\ntests: ${passed} passed, ${failed} failed`);
