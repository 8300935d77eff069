// Two builds of <sse-chat> side by side in one run, on the same harness page: this checkout's bundle and another
// (an older commit's, built in a worktree of it), each streaming the same answer back to back, alternately, so a
// busy machine's load falls on both alike. Prints wall time, tokens/s, main-thread CPU, the longest task by CPU
// (trace thread time) and the longest LoAF per run, and the medians.
//   node bench/compare-bundles.mjs --other=/path/to/dist/sse-chat.bundle.js [count=32000] [--repeats=3]
import { mkdtempSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromeArgs, chromePath } from '../scripts/chrome-path.mjs';
import { startStaticServer } from './static-server.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const args = process.argv.slice(2);
const other = args.find(arg => arg.startsWith('--other='))?.slice(8);
if (!other) throw new Error('--other=/path/to/sse-chat.bundle.js is required');
const count = Number(args.find(arg => /^\d+$/.test(arg)) ?? 32000);
const repeats = Number(args.find(arg => arg.startsWith('--repeats='))?.slice(10) ?? 3);

// The other bundle served from a root that is this checkout in all but dist/.
const otherRoot = mkdtempSync(join(tmpdir(), 'sse-chat-compare-'));
for (const entry of ['bench', 'demo', 'node_modules']) symlinkSync(join(ROOT, entry), join(otherRoot, entry));
mkdirSync(join(otherRoot, 'dist'));
symlinkSync(resolve(other), join(otherRoot, 'dist', 'sse-chat.bundle.js'));

const servers = { this: await startStaticServer(ROOT), other: await startStaticServer(otherRoot) };
const browser = await chromium.launch({ executablePath: chromePath(), headless: true, args: chromeArgs });

/** The main thread's tasks by thread time (ms) in a `toplevel` trace: the longest, and how many pass 30 and 50 ms. */
function taskCpu(traceEvents) {
  const main = new Set(traceEvents.filter(e => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map(e => `${e.pid}/${e.tid}`));
  const tasks = traceEvents.filter(e => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && main.has(`${e.pid}/${e.tid}`)).map(e => (e.tdur ?? 0) / 1000);
  return { longestTaskCpuMs: tasks.reduce((a, b) => Math.max(a, b), 0), over30: tasks.filter(ms => ms > 30).length, over50: tasks.filter(ms => ms > 50).length };
}

async function run(which) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    const cdp = await page.context().newCDPSession(page);
    await page.goto(`${servers[which].url}/bench/pages/element.html`);
    await page.waitForFunction(() => 'bench' in window);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await page.evaluate(c => window.bench.prepare({ count: c }), count);
    const task = async () => (await cdp.send('Performance.getMetrics')).metrics.find(m => m.name === 'TaskDuration').value;
    await browser.startTracing(page, { categories: ['toplevel', '__metadata'] });
    const before = await task();
    const result = await page.evaluate(() => window.bench.backToBack({}));
    const cpuMs = ((await task()) - before) * 1000;
    const { traceEvents } = JSON.parse((await browser.stopTracing()).toString());
    return { which, wallMs: result.wallMs, tokensPerS: (1000 * count) / result.wallMs, cpuMs, ...taskCpu(traceEvents), frames: result.frames, loafMs: result.longestLoafMs, endLoafMs: result.endLongestLoafMs ?? 0, rendered: result.renderedChars };
  } finally {
    await page.close();
  }
}

const fmt = r => `${r.which.padEnd(5)} wall ${r.wallMs.toFixed(0).padStart(7)} ms  ${r.tokensPerS.toFixed(0).padStart(6)} tok/s  CPU ${r.cpuMs.toFixed(0).padStart(6)} ms (${(r.cpuMs / count).toFixed(3)} ms/token; ${r.frames} frames, ${(r.cpuMs / r.frames).toFixed(1)} ms each)  longest task CPU ${r.longestTaskCpuMs.toFixed(1)} ms (over 30: ${r.over30}, over 50: ${r.over50})  LoAF ${r.loafMs.toFixed(0)} (end ${r.endLoafMs.toFixed(0)})  chars ${r.rendered}`;
try {
  const results = { this: [], other: [] };
  for (let i = 0; i < repeats; i++) {
    for (const which of i % 2 ? ['other', 'this'] : ['this', 'other']) {
      const r = await run(which);
      results[which].push(r);
      console.log(fmt(r));
    }
  }
  const median = (list, key) => [...list].map(r => r[key]).sort((a, b) => a - b)[Math.floor((list.length - 1) / 2)];
  for (const which of ['this', 'other']) {
    const list = results[which];
    console.log(`median ${which}: ${median(list, 'tokensPerS').toFixed(0)} tok/s, CPU ${median(list, 'cpuMs').toFixed(0)} ms, longest task CPU ${median(list, 'longestTaskCpuMs').toFixed(1)} ms`);
  }
} finally {
  await browser.close();
  await servers.this.close();
  await servers.other.close();
  rmSync(otherRoot, { recursive: true, force: true });
}
