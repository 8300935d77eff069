// Start-up at a throttled CPU: navigation start → the chat painted, for <sse-chat>, deep-chat and an empty page,
// each load on a fresh browser context (cold HTTP and code caches, as a first visit), the three interleaved so a
// busy machine weighs on all alike. Used by bench/run.mjs (`--only=startup`); run alone, it prints the figures:
//   node bench/startup.mjs [--repeats=9] [--rate=4] [--targets=floor,element,deep-chat] [--profile=element] [--trace=element]
// --profile prints the functions with the most self time over --repeats loads of that target (the bundle is
// minified: read them with its source map) and writes the first load's CPU profile to /tmp/startup-<target>.cpuprofile.
// --trace prints the main thread's CPU time (a trace's thread time, which a busy machine inflates far less than wall
// time) by kind of work (compile, module evaluation, style, layout…), as the mean of --repeats loads, and writes the
// first load's trace to /tmp/startup-<target>.trace.json (open it in DevTools' Performance panel).

/** The targets: each page is in bench/pages/startup/ and says in `startupReady()` when its chat is on screen. */
export const STARTUP_TARGETS = { floor: 'empty page', element: '<sse-chat>', 'deep-chat': 'deep-chat' };

/**
 * A page for throttled loads: one renderer kept across loads (each load navigates within the same site, so no
 * process start is measured), the HTTP cache off (the static server also sends no-store, so V8 has no code cache
 * either: every load compiles its script as a first visit does).
 * @param {import('playwright-core').Browser} browser
 */
export async function startupPage(browser, url, { rate = 4 } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  /**
   * One load of `target`: wall time from navigation start to the end of the frame that first shows the chat's
   * text box, and the renderer main thread's CPU time over the load (CDP TaskDuration, threadTicks).
   */
  async function load(target, { profile = false, trace = false } = {}) {
    await page.goto(`${url}/bench/pages/startup/blank.html`);
    if (trace) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    const painted = page.waitForEvent('console', { predicate: message => message.text() === 'startup-painted', timeout: 60000 });
    await page.goto(`${url}/bench/pages/startup/${target}.html`, { waitUntil: 'commit' });
    await painted;
    // The metrics start from zero with each new document: they are this load's alone.
    const { cpuMs, scriptMs } = await documentMetrics(cdp);
    const paintedMs = await page.evaluate(() => window.startupPaintedMs);
    const cpuProfile = profile ? (await cdp.send('Profiler.stop')).profile : undefined;
    const traceEvents = trace ? JSON.parse(String(await browser.stopTracing())).traceEvents : undefined;
    return { paintedMs, cpuMs, scriptMs, cpuProfile, traceEvents };
  }
  return { load, close: () => context.close() };
}

const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-v8.compile', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink', 'toplevel', 'loading'];

/**
 * The main thread's CPU time by kind of work in one load's trace: the self thread time (`tdur` less its children's)
 * of each event on the renderer main thread that ran `target`'s page, summed by name, largest first; the total, and
 * the part from the page's first module evaluation on (`fromScript`: the module, its first render, style, layout, paint).
 */
export function threadTimes(traceEvents, target) {
  const mainThreads = traceEvents.filter(event => event.ph === 'M' && event.name === 'thread_name' && event.args.name === 'CrRendererMain');
  const ranPage = thread => traceEvents.some(event => event.pid === thread.pid && event.args?.data?.url?.includes(`/startup/${target}.html`));
  const mainThread = mainThreads.find(ranPage);
  const events = traceEvents
    .filter(event => event.pid === mainThread?.pid && event.tid === mainThread.tid && event.ph === 'X' && Number.isFinite(event.tdur))
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const self = new Map();
  const stack = [];
  let total = 0;
  // The page's own start-up: from its (first) module's evaluation on, what the page's script costs and causes.
  const moduleStart = events.find(event => event.name === 'v8.evaluateModule')?.ts ?? Infinity;
  let fromScript = 0;
  for (const event of events) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= event.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - event.tdur / 1000);
    else {
      total += event.tdur / 1000;
      if (event.ts + event.dur > moduleStart) fromScript += event.tdur / 1000;
    }
    self.set(event.name, (self.get(event.name) ?? 0) + event.tdur / 1000);
    stack.push(event);
  }
  return { total, fromScript, byName: [...self].sort((a, b) => b[1] - a[1]) };
}

/** The document's main-thread CPU time so far (all tasks, and of it script), in ms. */
async function documentMetrics(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const ms = name => (metrics.find(metric => metric.name === name)?.value ?? NaN) * 1000;
  return { cpuMs: ms('TaskDuration'), scriptMs: ms('ScriptDuration') };
}

const median = values => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : NaN;
};

/**
 * `repeats` rounds of one load per target; the median of each figure per target (and of ours minus deep-chat's,
 * paired within a round, which cancels load that comes and goes between rounds).
 */
export async function measureStartup(browser, url, { repeats = 9, rate = 4, log = () => {}, targets = Object.keys(STARTUP_TARGETS) } = {}) {
  const runs = Object.fromEntries(targets.map(target => [target, []]));
  const page = await startupPage(browser, url, { rate });
  // A discarded first round: the first loads pay for starting the renderer and warming the browser's own code.
  for (let round = -1; round < repeats; round++) {
    for (const target of targets) {
      const run = await page.load(target);
      if (round >= 0) runs[target].push(run);
    }
    if (round >= 0) log(`start-up round ${round + 1}: ${targets.map(t => `${t} ${Math.round(runs[t][round].paintedMs)} ms (cpu ${Math.round(runs[t][round].cpuMs)}, script ${Math.round(runs[t][round].scriptMs)})`).join(', ')}`);
  }
  await page.close();
  const result = {};
  for (const [target, list] of Object.entries(runs)) {
    result[target] = { paintedMs: median(list.map(run => run.paintedMs)), cpuMs: median(list.map(run => run.cpuMs)), scriptMs: median(list.map(run => run.scriptMs)), runs: list };
  }
  const paired = (key, target = 'element') => median(runs[target].map((run, i) => run[key] - runs['deep-chat'][i][key]));
  if (!runs['deep-chat'] || !runs.element) return { ...result, minusDeepChat: {} };
  result.elementMinusDeepChat = { paintedMs: paired('paintedMs'), cpuMs: paired('cpuMs'), scriptMs: paired('scriptMs') };
  // Any other target (another build of the element, say) against deep-chat too, paired the same way.
  result.minusDeepChat = Object.fromEntries(targets.filter(target => runs['deep-chat'] && target !== 'deep-chat').map(target => [target, { paintedMs: paired('paintedMs', target), cpuMs: paired('cpuMs', target), scriptMs: paired('scriptMs', target) }]));
  return result;
}

/**
 * Self time per function of a CPU profile, largest first. With `name(callFrame)` (e.g. through the bundle's
 * source map) functions are named and grouped by it; `bySource` groups by source file instead.
 */
export function selfTimes(profile, name = defaultName) {
  const byId = new Map(profile.nodes.map(node => [node.id, node]));
  const self = new Map();
  const deltas = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const key = name(byId.get(profile.samples[i]).callFrame);
    self.set(key, (self.get(key) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  }
  return [...self].sort((a, b) => b[1] - a[1]);
}

const defaultName = ({ functionName, url, lineNumber, columnNumber }) => `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}:${columnNumber + 1}`;

/** Names a profile's call frames in the bundle by their source function (or, `bySource`, file) through its source map. */
export async function sourceMapNamer(mapFile, { bySource = false } = {}) {
  const { readFileSync } = await import('node:fs');
  const { TraceMap, originalPositionFor } = await import('@jridgewell/trace-mapping');
  const map = new TraceMap(readFileSync(mapFile, 'utf8'));
  return callFrame => {
    if (!callFrame.url.endsWith('sse-chat.bundle.js')) return bySource ? callFrame.url.split('/').pop() || callFrame.functionName : defaultName(callFrame);
    if (callFrame.lineNumber < 0) return 'sse-chat.bundle.js (unpositioned)';
    const pos = originalPositionFor(map, { line: callFrame.lineNumber + 1, column: callFrame.columnNumber });
    const source = pos.source?.replace(/^.*node_modules\//, 'npm:').replace(/^.*\/src\//, 'src/') ?? '(unmapped)';
    return bySource ? source : `${pos.name ?? (callFrame.functionName || '(anonymous)')} ${source}:${pos.line}`;
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { fileURLToPath } = await import('node:url');
  const { writeFileSync } = await import('node:fs');
  const { chromium } = await import('playwright-core');
  const { chromeArgs, chromePath } = await import('../scripts/chrome-path.mjs');
  const { startStaticServer } = await import('./static-server.mjs');
  const option = (name, fallback) => process.argv.find(arg => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
  const server = await startStaticServer(fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, ''));
  const browser = await chromium.launch({ executablePath: chromePath(), headless: true, args: chromeArgs });
  try {
    const rate = Number(option('rate', 4));
    const profileTarget = option('profile');
    const traceTarget = option('trace');
    if (traceTarget) {
      // Several targets (comma-separated) take turns, one load each per round, like measureStartup's rounds.
      const targets = traceTarget.split(',');
      const page = await startupPage(browser, server.url, { rate });
      for (const target of targets) await page.load(target);
      const loads = Number(option('repeats', 5));
      const runs = Object.fromEntries(targets.map(target => [target, { totals: [], fromScript: [], byName: new Map() }]));
      for (let i = 0; i < loads; i++) {
        for (const target of targets) {
          const run = await page.load(target, { trace: true });
          if (i === 0) writeFileSync(`/tmp/startup-${target}.trace.json`, JSON.stringify({ traceEvents: run.traceEvents }));
          const times = threadTimes(run.traceEvents, target);
          const mine = runs[target];
          mine.totals.push(times.total);
          mine.fromScript.push(times.fromScript);
          for (const [name, ms] of times.byName) mine.byName.set(name, (mine.byName.get(name) ?? 0) + ms / loads);
          console.error(`round ${i + 1} ${target}: main-thread thread time ${times.total.toFixed(1)} ms, from the module's evaluation on ${times.fromScript.toFixed(1)} ms (TaskDuration ${run.cpuMs.toFixed(1)} ms)`);
        }
      }
      await page.close();
      for (const target of targets) {
        const { totals, fromScript, byName } = runs[target];
        console.log(`${target}: median of ${loads}: main-thread thread time ${median(totals).toFixed(1)} ms, from the module's evaluation on ${median(fromScript).toFixed(1)} ms; mean self time by event:`);
        for (const [name, ms] of [...byName].sort((a, b) => b[1] - a[1]).filter(([, ms]) => ms >= 0.05).slice(0, Number(option('top', 25)))) console.log(`${ms.toFixed(2).padStart(8)} ms  ${name}`);
      }
    } else if (profileTarget) {
      // Self times summed over several loads: one throttled load is too few samples, and a throttling pause lands
      // on whatever function happens to run.
      const page = await startupPage(browser, server.url, { rate });
      await page.load(profileTarget); // warms the renderer, not the page's caches (there are none)
      const loads = Number(option('repeats', 5));
      const total = new Map();
      const bySource = new Map();
      const mapFile = fileURLToPath(new URL('../dist/sse-chat.bundle.js.map', import.meta.url));
      const name = profileTarget === 'element' ? await sourceMapNamer(mapFile) : undefined;
      const source = profileTarget === 'element' ? await sourceMapNamer(mapFile, { bySource: true }) : undefined;
      let sum = { paintedMs: 0, cpuMs: 0, scriptMs: 0 };
      for (let i = 0; i < loads; i++) {
        const run = await page.load(profileTarget, { profile: true });
        for (const key of Object.keys(sum)) sum[key] += run[key] / loads;
        if (i === 0) writeFileSync(`/tmp/startup-${profileTarget}.cpuprofile`, JSON.stringify(run.cpuProfile));
        for (const [key, ms] of selfTimes(run.cpuProfile, name)) total.set(key, (total.get(key) ?? 0) + ms / loads);
        if (source) for (const [key, ms] of selfTimes(run.cpuProfile, source)) bySource.set(key, (bySource.get(key) ?? 0) + ms / loads);
      }
      await page.close();
      console.log(`${profileTarget}: mean of ${loads}: painted ${sum.paintedMs.toFixed(0)} ms, cpu ${sum.cpuMs.toFixed(0)} ms, script ${sum.scriptMs.toFixed(0)} ms; one profile in /tmp/startup-${profileTarget}.cpuprofile`);
      for (const [key, ms] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${ms.toFixed(2).padStart(8)} ms  ${key}`);
      if (bySource.size) console.log('\nby source file:');
      for (const [key, ms] of [...bySource].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${ms.toFixed(2).padStart(8)} ms  ${key}`);
    } else {
      const targets = option('targets')?.split(',') ?? Object.keys(STARTUP_TARGETS);
      const result = await measureStartup(browser, server.url, { repeats: Number(option('repeats', 9)), rate, targets, log: message => console.error(message) });
      for (const target of targets) console.log(`${(STARTUP_TARGETS[target] ?? target).padEnd(14)} painted ${result[target].paintedMs.toFixed(0)} ms, main-thread cpu ${result[target].cpuMs.toFixed(0)} ms, script ${result[target].scriptMs.toFixed(0)} ms`);
      for (const [target, d] of Object.entries(result.minusDeepChat)) console.log(`${STARTUP_TARGETS[target] ?? target} − deep-chat (paired per round): painted ${d.paintedMs.toFixed(0)} ms, cpu ${d.cpuMs.toFixed(0)} ms, script ${d.scriptMs.toFixed(0)} ms`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}
