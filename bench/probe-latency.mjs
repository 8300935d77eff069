// Where the frames of the byte → paint bench go: a Chrome trace of the harness's `latency` call on one page
// (element, baseline or floor). For each sample, the frame that shows its word (the first rendering update after the
// hand-over that restyled anything): its main-thread CPU by phase (style, layout, pre-paint, paint, layerize, commit,
// rAF callbacks) and by trace event, and the hand-over task's CPU (parsing and rendering the token, before the
// frame); then the main-thread CPU of each whole sample by event. CPU thread time, not wall time: on a loaded
// machine compare these, element against floor, alternated runs against each other.
//   node bench/probe-latency.mjs <element|floor|baseline> [prefill=2000] [--samples=40] [--top=16] [--dump=trace.json]
//     [--css=TEXT] [--js=CODE] [--invalidations]
// --css=TEXT: a style added to every shadow root as it is made (an experiment on the element's own styles).
// --js=CODE: a script run in the page before its own (an experiment: patch a DOM method the element uses).
// --invalidations: also record why elements were restyled or laid out (Blink's invalidation tracking).
// --profile: also V8's sampler: the source functions the hand-over tasks spent their samples in (needs the bundle's map).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromeArgs, chromePath } from '../scripts/chrome-path.mjs';
import { cpuSamples, tallySamples } from './cpu-samples.mjs';
import { startStaticServer } from './static-server.mjs';

const args = process.argv.slice(2);
const target = args.find(arg => !arg.startsWith('--') && !/^\d+$/.test(arg)) ?? 'element';
const prefill = Number(args.find(arg => /^\d+$/.test(arg)) ?? 2000);
const samples = Number(args.find(arg => arg.startsWith('--samples='))?.slice(10) ?? 40);
const top = Number(args.find(arg => arg.startsWith('--top='))?.slice(6) ?? 16);
const profile = args.includes('--profile');
const dump = args.find(arg => arg.startsWith('--dump='))?.slice(7);
const css = args.find(arg => arg.startsWith('--css='))?.slice(6);
const js = args.find(arg => arg.startsWith('--js='))?.slice(5);

const server = await startStaticServer(fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, ''));
const browser = await chromium.launch({ executablePath: chromePath(), headless: true, args: chromeArgs });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  if (js) await page.addInitScript(js);
  if (css) {
    await page.addInitScript(text => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(text);
      const attach = Element.prototype.attachShadow;
      Element.prototype.attachShadow = function (init) {
        const root = attach.call(this, init);
        queueMicrotask(() => (root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet]));
        return root;
      };
    }, css);
  }
  // A user-timing mark where each sample's word is handed over (the element's SSE frame is encoded then; the floor
  // appends it), so the trace splits by sample.
  await page.addInitScript(() => {
    const marked = text => typeof text === 'string' && /zq[0-9a-z]+x/.test(text) && performance.mark('latency:deliver');
    const encode = TextEncoder.prototype.encode;
    TextEncoder.prototype.encode = function (text) {
      marked(text);
      return encode.call(this, text);
    };
    const append = Element.prototype.append;
    Element.prototype.append = function (...nodes) {
      marked(nodes[0]);
      return append.apply(this, nodes);
    };
  });
  const cdp = await page.context().newCDPSession(page);
  await page.goto(`${server.url}/bench/pages/${target}.html`);
  await page.waitForFunction(() => 'bench' in window);
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const done = new Promise(resolve => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'blink.user_timing', 'toplevel', 'v8', 'benchmark', 'cc', ...(args.includes('--invalidations') ? ['disabled-by-default-devtools.timeline.invalidationTracking'] : []), ...(profile ? ['disabled-by-default-v8.cpu_profiler'] : [])] },
    transferMode: 'ReportEvents',
  });
  const result = await page.evaluate(([p, s]) => window.bench.latency({ prefill: p, samples: s }), [prefill, samples]);
  await cdp.send('Tracing.end');
  await done;
  if (dump) writeFileSync(dump, JSON.stringify(events));
  const main = events.find(e => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some(x => x.pid === e.pid && x.name === 'latency:deliver'));
  const mine = events.filter(e => e.pid === main.pid && e.tid === main.tid);
  const delivers = mine.filter(e => e.name === 'latency:deliver').map(e => e.ts).sort((a, b) => a - b);
  const complete = mine.filter(e => e.ph === 'X' && e.tdur !== undefined && e.ts >= delivers[0] - 50000).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const stack = [];
  for (const event of complete) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= event.ts) stack.pop();
    const parent = stack[stack.length - 1];
    event.self = event.tdur;
    event.depth = stack.length;
    if (parent) parent.self -= event.tdur;
    stack.push(event);
  }
  // One window per sample: from its hand-over to the next one's (the last: 60 ms).
  const windows = delivers.map((ts, i) => ({ from: ts, to: delivers[i + 1] ?? ts + 60000, byName: new Map(), cpu: 0, frameCpu: 0 }));
  let w = 0;
  for (const event of complete) {
    if (event.ts < delivers[0]) continue;
    while (w + 1 < windows.length && event.ts >= windows[w + 1].from) w++;
    const window = windows[w];
    if (event.ts >= window.to) continue;
    const name = event.name === 'FunctionCall' ? `FunctionCall ${event.args?.data?.functionName || ''}`.trim() : event.name;
    window.byName.set(name, (window.byName.get(name) ?? 0) + event.self / 1000);
    window.cpu += event.self / 1000;
  }
  const sorted = [...windows].sort((a, b) => a.cpu - b.cpu);
  const pick = q => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const sum = new Map();
  for (const window of windows) for (const [name, ms] of window.byName) sum.set(name, (sum.get(name) ?? 0) + ms);
  console.log(`${target} @${prefill}: toPaint p50 ${result.toPaintP50Ms.toFixed(1)} p95 ${result.toPaintP95Ms.toFixed(1)}, toDom p50 ${result.toDomP50Ms.toFixed(1)} p95 ${result.toDomP95Ms.toFixed(1)}, frame ${result.medianFrameMs.toFixed(1)} ms`);
  console.log(`main-thread CPU per sample: mean ${(sorted.reduce((a, b) => a + b.cpu, 0) / sorted.length).toFixed(2)}, p50 ${pick(0.5).cpu.toFixed(2)}, p95 ${pick(0.95).cpu.toFixed(2)}, max ${sorted.at(-1).cpu.toFixed(2)} ms`);
  // The frame that shows the word: the first rendering update after the hand-over that restyled anything.
  const tasks = complete.filter(e => e.name === 'ThreadControllerImpl::RunTask');
  const within = (t, name) => complete.filter(e => e.name === name && e.ts >= t.ts && e.ts < t.ts + t.dur).reduce((ms, e) => ms + e.tdur / 1000, 0);
  const PHASES = { style: 'UpdateLayoutTree', layout: 'Layout', prePaint: 'PrePaint', paint: 'Paint', layerize: 'Layerize', commit: 'Commit', rAF: 'FireAnimationFrame' };
  const shown = [];
  const frameSelf = new Map();
  const timeline = [];
  for (const [i, d] of delivers.entries()) {
    const frame = tasks.find(t => t.ts >= d && within(t, 'ProxyMain::BeginMainFrame') > 0 && within(t, 'UpdateLayoutTree') > 0);
    const handOver = tasks.find(t => t.ts <= d && t.ts + t.dur >= d);
    if (!frame) continue;
    const row = { frame: frame.tdur / 1000, handOver: (handOver?.tdur ?? 0) / 1000 };
    // Trace-side times of this sample: to the frame's start, the frame's wall time, to the harness's "painted" task.
    const painted = complete.find(e => e.name === 'FunctionCall' && e.ts >= frame.ts && /afterPaint/.test(e.args?.data?.functionName ?? ''));
    timeline.push({ i, toFrame: (frame.ts - d) / 1000, frameWall: frame.dur / 1000, frameCpu: frame.tdur / 1000, handOverCpu: row.handOver, handOverWall: handOver ? (handOver.ts + handOver.dur - d) / 1000 : 0, toPaint: painted ? (painted.ts - d) / 1000 : NaN });
    for (const [key, name] of Object.entries(PHASES)) row[key] = complete.filter(e => e.name === name && e.ts >= frame.ts && e.ts < frame.ts + frame.dur && !complete.some(o => o !== e && o.name === name && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur)).reduce((ms, e) => ms + e.tdur / 1000, 0);
    shown.push(row);
    for (const e of complete) {
      if (e.ts < frame.ts || e.ts >= frame.ts + frame.dur) continue;
      const name = e.name === 'FunctionCall' ? `FunctionCall ${e.args?.data?.functionName || ''}`.trim() : e.name;
      frameSelf.set(name, (frameSelf.get(name) ?? 0) + e.self / 1000);
    }
  }
  const stat = (key, p) => { const v = shown.map(r => r[key]).sort((a, b) => a - b); return v[Math.min(v.length - 1, Math.ceil(p * v.length) - 1)]; };
  console.log(`the frame that shows the word, CPU ms (${shown.length} frames): mean / p50 / p95`);
  for (const key of ['frame', ...Object.keys(PHASES), 'handOver']) console.log(`  ${(key === 'handOver' ? 'hand-over task (not in the frame)' : key).padEnd(34)} ${(shown.reduce((ms, r) => ms + r[key], 0) / shown.length).toFixed(3).padStart(7)} ${stat(key, 0.5).toFixed(3).padStart(7)} ${stat(key, 0.95).toFixed(3).padStart(7)}`);
  console.log('  the slowest samples by the trace (ms): to paint = to the frame + its wall time + the rest');
  for (const t of [...timeline].sort((a, b) => b.toPaint - a.toPaint).slice(0, Math.max(3, Math.ceil(timeline.length / 10)))) console.log(`    #${t.i} to paint ${t.toPaint.toFixed(1)}: to frame ${t.toFrame.toFixed(1)}, frame wall ${t.frameWall.toFixed(1)} (CPU ${t.frameCpu.toFixed(1)}), hand-over task ends +${t.handOverWall.toFixed(1)} (CPU ${t.handOverCpu.toFixed(1)})`);
  if (profile) console.log(handOverProfile(events, main, delivers.map(d => tasks.find(t => t.ts <= d && t.ts + t.dur >= d)).filter(Boolean)));
  console.log('  self CPU ms by event in that frame, mean:');
  for (const [name, ms] of [...frameSelf].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`    ${name.slice(0, 60).padEnd(60)} ${(ms / shown.length).toFixed(3).padStart(7)}`);
  console.log('self CPU ms per sample, mean | in the p50 sample | in the p95 sample');
  for (const [name, ms] of [...sum].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${name.slice(0, 60).padEnd(60)} ${(ms / windows.length).toFixed(3).padStart(8)} ${(pick(0.5).byName.get(name) ?? 0).toFixed(3).padStart(8)} ${(pick(0.95).byName.get(name) ?? 0).toFixed(3).padStart(8)}`);
  }
} finally {
  await browser.close();
  await server.close();
}

/** The V8 samples taken in the hand-over tasks, by source function (self) and by source file (inclusive). */
function handOverProfile(events, main, tasks) {
  const inside = cpuSamples(events, { pid: main.pid }).filter(({ ts }) => tasks.some(t => ts >= t.ts && ts <= t.ts + t.dur));
  const { self, under } = tallySamples(inside, 14);
  return `  hand-over tasks, ${inside.length} V8 samples\n    self: ${self}\n    under: ${under}`;
}
