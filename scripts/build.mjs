// `npm run build`: empties dist/, then builds its four parts side by side — they read only src/ and write different
// files — and prints each part's output once it ends. Exits 1 if any part failed (after all have ended).
//   tsc --emitDeclarationOnly  the type declarations (dist/esm/**/*.d.ts)
//   vite build                 the npm entry points as ES modules (dist/esm)
//   vite build --mode bundle   the script-tag bundle (dist/sse-chat.bundle.js)
//   vite build --mode math     the script-tag maths file (dist/sse-chat.math.js)
// One after the other they wait on each other's start-up and on disk; side by side the build ends with its slowest
// part (the bundle's terser pass), which is what `npm test`'s Node tests and consumers wait for.
// `--no-declarations` leaves out the first part: `npm test` writes the declarations from its type-check program
// (scripts/type-check.mjs --declarations), which has checked src/ already.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';

// The command-line entry points that `npm run` would find in node_modules/.bin (vite's is not in its exports map).
const tsc = 'node_modules/typescript/bin/tsc';
const vite = 'node_modules/vite/bin/vite.js';

const allParts = [
  { name: 'declarations', args: [tsc, '-p', 'tsconfig.json', '--emitDeclarationOnly'] },
  { name: 'esm', args: [vite, 'build'] },
  { name: 'bundle', args: [vite, 'build', '--mode', 'bundle'] },
  { name: 'math', args: [vite, 'build', '--mode', 'math'] },
];
const parts = process.argv.includes('--no-declarations') ? allParts.filter(part => part.name !== 'declarations') : allParts;

/** Runs one part with node itself (no npx start-up); resolves with its exit code and output. */
function run({ args }) {
  return new Promise(resolve => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', chunk => (out += chunk));
    child.stderr.on('data', chunk => (out += chunk));
    child.on('error', error => resolve({ code: 1, out: String(error) }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
  });
}

rmSync('dist', { recursive: true, force: true });
const results = await Promise.all(parts.map(run));
let failed = false;
for (const [index, { code, out }] of results.entries()) {
  process.stdout.write(out);
  if (code !== 0) {
    failed = true;
    console.error(`build: ${parts[index].name} failed (exit ${code})`);
  }
}
process.exit(failed ? 1 : 0);
