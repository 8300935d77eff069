// Where the main thread goes while <sse-chat> streams one long answer: a CPU profile (CDP Profiler) of the
// harness's backToBack run, self time grouped by source function (through the bundle's hidden source map).
//   node bench/profile-long.mjs [count=32000] [--from=N] [--top=25]
// --tail=N pre-fills all but the last N tokens first (not profiled) and profiles streaming those and the end;
// --rate=N (with --tail) streams them at N tokens/s instead of back to back: one token a frame at a low rate.
// --alloc: bytes allocated on the JS heap by function instead (sampling heap profiler, garbage included): what
// makes the collections that land in frames.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { openLongAnswerPage } from './long-answer-page.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const args = process.argv.slice(2);
const count = Number(args.find(arg => /^\d+$/.test(arg)) ?? 32000);
const top = Number(args.find(arg => arg.startsWith('--top='))?.slice(6) ?? 25);
const tail = Number(args.find(arg => arg.startsWith('--tail='))?.slice(7) ?? 0);
const rate = Number(args.find(arg => arg.startsWith('--rate='))?.slice(7) ?? 0);
const alloc = args.includes('--alloc');
const map = new TraceMap(readFileSync(`${ROOT}/dist/sse-chat.bundle.js.map`, 'utf8'));

const { page, cdp, close } = await openLongAnswerPage({ root: ROOT, count, tail });
try {
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  const task = async () => (await cdp.send('Performance.getMetrics')).metrics.find(m => m.name === 'TaskDuration').value;
  const before = await task();
  if (alloc) {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    const run = await page.evaluate(([t, r]) => (t ? window.bench.ending({ rate: r }) : window.bench.backToBack({})), [tail, rate]);
    const { profile } = await cdp.send('HeapProfiler.stopSampling');
    const bytes = new Map();
    let total = 0;
    const walk = (node, stack) => {
      const { callFrame } = node;
      let name = callFrame.functionName || '(anonymous)';
      if (callFrame.url.endsWith('sse-chat.bundle.js')) {
        const pos = originalPositionFor(map, { line: callFrame.lineNumber + 1, column: callFrame.columnNumber });
        name = `${pos.name ?? name} ${pos.source?.replace(/^.*node_modules\//, 'npm:').replace(/^.*\/src\//, 'src/')}:${pos.line}`;
      } else if (callFrame.url) name += ` ${callFrame.url.replace(/^.*\//, '')}:${callFrame.lineNumber + 1}`;
      const path = [...stack, name];
      if (node.selfSize) {
        total += node.selfSize;
        // Self, and the innermost src/ function it was allocated under.
        const own = [...path].reverse().find(n => / src\//.test(n) && !/src\/markdown\/(sanitize|render)\.ts/.test(n)) ?? "(not under src/)";
        bytes.set(`self  ${name}`, (bytes.get(`self  ${name}`) ?? 0) + node.selfSize);
        bytes.set(`under ${own}`, (bytes.get(`under ${own}`) ?? 0) + node.selfSize);
      }
      for (const child of node.children) walk(child, path);
    };
    walk(profile.head, []);
    console.log(`${count} tokens (tail ${tail}): ${(total / 1e6).toFixed(1)} MB allocated on the JS heap (sampled), ${(((await task()) - before) * 1000).toFixed(0)} ms main thread; ${run.delivered ?? ''} tokens`);
    for (const [name, b] of [...bytes].sort((a, b) => b[1] - a[1]).slice(0, top * 2)) console.log(`${(b / 1e6).toFixed(2).padStart(8)} MB ${((100 * b) / total).toFixed(1).padStart(5)} %  ${name}`);
    process.exit(0);
  }
  await cdp.send('Profiler.start');
  const run = await page.evaluate(([t, r]) => (t ? window.bench.ending({ rate: r }) : window.bench.backToBack({})), [tail, rate]);
  const { profile } = await cdp.send('Profiler.stop');
  const mainMs = ((await task()) - before) * 1000;
  const self = new Map();
  const deltas = profile.timeDeltas;
  const byId = new Map(profile.nodes.map(node => [node.id, node]));
  const hits = new Map();
  profile.samples.forEach((id, i) => hits.set(id, (hits.get(id) ?? 0) + (deltas[i + 1] ?? 0) / 1000));
  let total = 0;
  for (const [id, ms] of hits) {
    const { callFrame } = byId.get(id);
    let name = callFrame.functionName || '(anonymous)';
    if (callFrame.url.endsWith('sse-chat.bundle.js')) {
      const pos = originalPositionFor(map, { line: callFrame.lineNumber + 1, column: callFrame.columnNumber });
      name = `${pos.name ?? name} ${pos.source?.replace(/^.*node_modules\//, 'npm:').replace(/^.*\/src\//, 'src/')}:${pos.line}`;
    } else if (callFrame.url) name += ` ${callFrame.url.replace(/^.*\//, '')}:${callFrame.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + ms);
    total += ms;
  }
  console.log(`${count} tokens: main thread ${mainMs.toFixed(0)} ms (${(mainMs / count).toFixed(3)} ms/token), profile ${total.toFixed(0)} ms, longest LoAF ${run.longestLoafMs?.toFixed(0)} ms`);
  if (run.longestLoaf) console.log('longest frame:', JSON.stringify(run.longestLoaf));
  for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${name}`);
  // Inclusive time of the project's own functions (each counted once per sample): which caller a cost grows under.
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const nameOf = new Map();
  const ownName = node => {
    if (nameOf.has(node.id)) return nameOf.get(node.id);
    const { callFrame } = node;
    let name = null;
    if (callFrame.url.endsWith('sse-chat.bundle.js')) {
      const pos = originalPositionFor(map, { line: callFrame.lineNumber + 1, column: callFrame.columnNumber });
      if (pos.source?.includes('/src/')) name = `${pos.name ?? callFrame.functionName} ${pos.source.replace(/^.*\/src\//, 'src/')}:${pos.line}`;
    }
    nameOf.set(node.id, name);
    return name;
  };
  const inclusive = new Map();
  for (const [id, ms] of hits) {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const name = ownName(byId.get(at));
      if (name && !seen.has(name)) {
        seen.add(name);
        inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
      }
    }
  }
  console.log('inclusive (src/ functions):');
  for (const [name, ms] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms.toFixed(0).padStart(7)} ms  ${name}`);
} finally {
  await close();
}
