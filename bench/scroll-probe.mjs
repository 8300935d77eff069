// Scratch probe for the 200-turn scroll (issue 15): builds the conversation, reports how many messages have no
// remembered size, then scrolls; with --trace, the main-thread work of every frame by phase (bench/frame-work.mjs),
// the frames with the most work and the costliest reveals; with --profile, the top self-time functions.
// node bench/scroll-probe.mjs [element|deep-chat] [--profile] [--trace[=FILE]] [--full-trace] [--count] [--heap]
//   [--bundle=FILE] [--css=RULES] [--near=MARGIN] [--passes=N] [--turns=N]
// A trace includes GC events (v8, blink_gc); bench/node-census.mjs counts one turn's nodes and the page's listeners.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromeArgs, chromePath } from '../scripts/chrome-path.mjs';
import { startStaticServer } from './static-server.mjs';
import { FRAME_TRACE_CATEGORIES, frameWork, summarizeFrameWork } from './frame-work.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const target = process.argv[2] ?? 'element';
const profile = process.argv.includes('--profile');
const turns = Number(process.argv.find(a => a.startsWith('--turns='))?.slice(8) ?? 200);
const server = await startStaticServer(ROOT);
const browser = await chromium.launch({ executablePath: chromePath(), headless: true, args: chromeArgs });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const cdp = await page.context().newCDPSession(page);
// --bundle=FILE: the element from another build (a before/after pair in one run).
const bundle = process.argv.find(a => a.startsWith('--bundle='))?.slice(9);
if (bundle) await page.route('**/dist/sse-chat.bundle.js', route => route.fulfill({ path: bundle, contentType: 'text/javascript' }));
await page.goto(`${server.url}/bench/pages/conversation/${target}.html`);
await page.waitForFunction(() => 'conversation' in window);
const built = await page.evaluate(t => window.conversation.build({ turns: t }), turns);
console.log('built', built);
if (target === 'element') {
  const sizes = await page.evaluate(() => {
    const list = document.querySelector('sse-chat').shadowRoot.querySelectorAll('.message');
    const heights = [...list].map(m => m.getBoundingClientRect().height);
    return { styled: [...list].filter(m => m.style.containIntrinsicBlockSize).length, sample: [...list].slice(0, 4).map(m => m.style.containIntrinsicBlockSize + ' ' + m.getBoundingClientRect().height), n: heights.length, at136: heights.filter(h => Math.abs(h - 136) < 1).length };
  });
  console.log('sizes', sizes);
}
if (process.argv.includes('--prelayout')) {
  const t = await page.evaluate(async () => {
    const root = document.querySelector('sse-chat').shadowRoot;
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('.message { content-visibility: visible !important }');
    const t0 = performance.now();
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    root.querySelector('.messages').scrollHeight;
    const t1 = performance.now();
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    root.adoptedStyleSheets = root.adoptedStyleSheets.filter(s => s !== sheet);
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const heights = [...root.querySelectorAll('.message')].map(m => m.getBoundingClientRect().height);
    return { layoutMs: t1 - t0, at136: heights.filter(h => Math.abs(h - 136) < 1).length, height: root.querySelector('.messages').scrollHeight };
  });
  console.log('prelayout', t);
}
if (process.argv.includes('--timemeasure')) console.log('measure', await page.evaluate(() => {
  const list = [...document.querySelector('sse-chat').shadowRoot.querySelectorAll('.message')];
  const times = [];
  for (const m of list.slice(0, 40)) {
    const t0 = performance.now();
    m.toggleAttribute('data-measure', true);
    const h = m.getBoundingClientRect().height;
    m.removeAttribute('data-measure');
    m.style.containIntrinsicBlockSize = `auto ${h - 8}px`;
    times.push(Math.round((performance.now() - t0) * 10) / 10);
  }
  return times.join(' ');
}));
const css = process.argv.find(a => a.startsWith('--css='))?.slice(6);
if (css) await page.evaluate(async css => {
  const root = document.querySelector('sse-chat').shadowRoot;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  root.querySelector('.messages').scrollHeight;
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
}, css);
// --near=MARGIN: messages in a group only become content-visibility targets while the group is within MARGIN of the
// list (an IntersectionObserver on the groups sets data-near); pair with --css rules that use it.
const near = process.argv.find(a => a.startsWith('--near='))?.slice(7);
if (near) await page.evaluate(async margin => {
  const root = document.querySelector('sse-chat').shadowRoot;
  const list = root.querySelector('.messages');
  const observer = new IntersectionObserver(entries => { for (const e of entries) e.target.toggleAttribute('data-near', e.isIntersecting); }, { root: list, rootMargin: `${margin} 0px` });
  for (const group of root.querySelectorAll('.message-group')) observer.observe(group);
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  window.nearObserver = observer;
}, near);
if (process.argv.includes('--count')) console.log('tracked', await page.evaluate(() => {
  const all = [...document.querySelector('sse-chat').shadowRoot.querySelectorAll('*')];
  const styles = all.map(e => getComputedStyle(e));
  const autoOnes = all.filter((e, i) => styles[i].containIntrinsicBlockSize.startsWith('auto') || styles[i].containIntrinsicHeight.startsWith('auto')); const kinds = {}; for (const e of autoOnes) { const k = e.tagName + '.' + e.className + ' ' + e.dataset.role + ' ' + styles[all.indexOf(e)].containIntrinsicBlockSize; kinds[k] = (kinds[k] ?? 0) + 1; }
  return { kinds, elements: all.length, intrinsicAuto: styles.filter(s => s.containIntrinsicBlockSize.startsWith('auto') || s.containIntrinsicHeight.startsWith('auto')).length, contentVisibilityAuto: styles.filter(s => s.contentVisibility === 'auto').length };
}));
if (process.argv.includes('--heap')) {
  await cdp.send('HeapProfiler.collectGarbage');
  console.log('heap', await cdp.send('Runtime.getHeapUsage'), await cdp.send('Memory.getDOMCounters'));
}
if (process.argv.includes('--count-only')) { await browser.close(); process.exit(0); }
// --passes=N: scroll N-1 times untraced first (what a second scroll through the same conversation costs).
for (let pass = 1; pass < Number(process.argv.find(a => a.startsWith('--passes='))?.slice(9) ?? 1); pass++) await page.evaluate(() => window.conversation.scroll({ stepPx: 120, maxMs: 120000 }));
await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
const cpu = async () => (await cdp.send('Performance.getMetrics')).metrics.find(m => m.name === 'TaskDuration').value;
if (profile) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 200 }); await cdp.send('Profiler.start'); }
const traceFile = process.argv.find(a => a.startsWith('--trace='))?.slice(8) ?? `/tmp/scroll200/trace-${target}.json`;
if (process.argv.some(a => a.startsWith('--trace'))) await browser.startTracing(page, { path: traceFile, categories: process.argv.includes('--full-trace') ? ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'toplevel', 'v8', 'disabled-by-default-v8.gc', 'blink_gc'] : FRAME_TRACE_CATEGORIES });
const before = await cpu();
const run = await page.evaluate(() => window.conversation.scroll({ stepPx: 120, maxMs: 120000 }));
const after = await cpu();
if (process.argv.some(a => a.startsWith('--trace'))) await browser.stopTracing();
console.log(target, `${run.longPercent.toFixed(1)} % long of ${run.frames}, worst ${run.worstMs.toFixed(0)} ms, p95 ${run.p95Ms.toFixed(0)}, CPU ${((after - before) * 1000).toFixed(0)} ms, loaf script ${run.loafScriptMs.toFixed(0)} styleLayout ${run.loafStyleAndLayoutMs.toFixed(0)}, height ${run.scrollHeight}, height changed in ${run.heightChanges} frames by ${run.heightDriftPx} px`);
if (process.argv.some(a => a.startsWith('--trace'))) {
  const events = JSON.parse(readFileSync(traceFile, 'utf8')).traceEvents;
  const frames = frameWork(events, { from: 'scroll-start', to: 'scroll-end' });
  const s = summarizeFrameWork(frames, 1.5 * run.frameMs);
  console.log(`work: ${s.frames} frames, long by work ${s.longByWork} (${s.longByWorkPercent.toFixed(1)} %), worst ${s.worstWorkMs.toFixed(1)} ms, p95 ${s.p95WorkMs.toFixed(2)}, mean ${s.meanWorkMs.toFixed(2)}, total ${s.totalWorkMs.toFixed(0)} ms, frames with layout ${s.framesWithLayout}`);
  console.log('phases per frame:', Object.entries(s.phases).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', '));
  const worst = [...frames].sort((a, b) => b.workMs - a.workMs).slice(0, 5);
  for (const f of worst) console.log(`  worst ${f.workMs.toFixed(1)} ms:`, Object.entries(f.phases).filter(([, v]) => v > 0.2).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', '));
  const reveal = frames.filter(f => f.layouts).sort((a, b) => (b.phases.layout ?? 0) - (a.phases.layout ?? 0)).slice(0, 3);
  for (const f of reveal) console.log(`  layout frame ${f.workMs.toFixed(1)} ms:`, Object.entries(f.phases).filter(([, v]) => v > 0.2).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', '));
}
if (profile) {
  const { profile: p } = await cdp.send('Profiler.stop');
  writeFileSync(`/tmp/scroll200/${target}.cpuprofile`, JSON.stringify(p));
  const self = new Map();
  const dt = p.timeDeltas; const byId = new Map(p.nodes.map(n => [n.id, n]));
  p.samples.forEach((id, i) => { const n = byId.get(id); const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`; self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000); });
  console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `${v.toFixed(0).padStart(6)} ms ${k}`).join('\n'));
}
await browser.close();
await server.close?.();
process.exit(0);
