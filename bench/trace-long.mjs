// Where the main thread's CPU time goes while <sse-chat> streams one long answer, and how each part grows with
// the answer: a Chrome trace (devtools.timeline) of the harness's backToBack run, self thread time per trace event
// name, in equal slices of the run by tokens delivered (the last slice holds the end of the stream).
//   node bench/trace-long.mjs [count=32000] [--slices=4] [--top=14] [--tail=N [--rate=tokens/s]] [--invalidations] [--tasks=N [--tree] [--js]] [--gc] [--css=TEXT]
import { fileURLToPath } from 'node:url';
import { cpuSamples, tallySamples } from './cpu-samples.mjs';
import { openLongAnswerPage } from './long-answer-page.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const args = process.argv.slice(2);
const count = Number(args.find(arg => /^\d+$/.test(arg)) ?? 32000);
const slices = Number(args.find(arg => arg.startsWith('--slices='))?.slice(9) ?? 4);
const top = Number(args.find(arg => arg.startsWith('--top='))?.slice(6) ?? 14);
/** --tail=N: pre-fill all but the last N tokens (not traced), then trace streaming those and the end of the stream. */
const tail = Number(args.find(arg => arg.startsWith('--tail='))?.slice(7) ?? 0);
/** --invalidations: also record why elements were restyled (Blink's invalidation tracking; slows the run down). */
const invalidations = args.includes('--invalidations');
/** --rate=N (with --tail): the tail at N tokens/s instead of back to back, so every length gets the same frames. */
const rate = Number(args.find(arg => arg.startsWith('--rate='))?.slice(7) ?? 0);
/** --tasks=N: list the N longest tasks (thread time) and what each spent it on. */
const taskCount = Number(args.find(arg => arg.startsWith('--tasks='))?.slice(8) ?? 0);
/** --tree: with --tasks, each listed task's events nested, with what they worked on. */
const tree = args.includes('--tree');
/** --js: with --tasks, the source functions each listed task's JavaScript spent its samples in (V8's sampler). */
const js = args.includes('--js');
/** --gc: garbage collections by kind (count, thread time in all, the longest), and the tasks they made long. */
const gc = args.includes('--gc');

/** --css=TEXT: a style added to the page first, for experiments (`sse-chat::part(cursor) { animation: none }`). */
const css = args.find(arg => arg.startsWith('--css='))?.slice(6);

const { page, cdp, close } = await openLongAnswerPage({ root: ROOT, count, tail, css });
try {
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const done = new Promise(resolve => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'toplevel', 'v8', ...(gc ? ['disabled-by-default-v8.gc', 'cppgc'] : []), ...(js ? ['disabled-by-default-v8.cpu_profiler'] : []), ...(invalidations ? ['disabled-by-default-devtools.timeline.invalidationTracking'] : [])] },
    transferMode: 'ReportEvents',
  });
  const run = await page.evaluate(async ([c, t, r]) => {
    performance.mark('long:start');
    const result = await (t ? window.bench.ending({ rate: r }) : window.bench.backToBack({}));
    performance.mark('long:end');
    return result;
  }, [count, tail, rate]);
  await cdp.send('Tracing.end');
  await done;
  const main = events.find(e => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some(x => x.pid === e.pid && x.name === 'long:start'));
  const mine = events.filter(e => e.pid === main.pid && e.tid === main.tid && (e.ph === 'X' || e.ph === 'B' || e.ph === 'E' || e.ph === 'R' || e.ph === 'I' || e.ph === 'n'));
  const start = mine.find(e => e.name === 'long:start').ts;
  const end = mine.find(e => e.name === 'long:end').ts;
  // Complete events only (ph X) with thread durations; self time = tdur minus children's tdur.
  const complete = mine.filter(e => e.ph === 'X' && e.tdur !== undefined && e.ts >= start && e.ts <= end).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const stack = [];
  for (const event of complete) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= event.ts) stack.pop();
    const parent = stack[stack.length - 1];
    event.self = event.tdur;
    if (parent) parent.self -= event.tdur;
    stack.push(event);
  }
  // Slices by tokens delivered: the harness hands over one token per MessagePort task. The last column is the end
  // of the stream: from the last token handed over to the end of the run (the final render).
  const deliveries = complete.filter(e => e.name === 'FunctionCall' && /port1\.onmessage/.test(e.args?.data?.functionName ?? '')).map(e => e.ts);
  const bounds = Array.from({ length: slices }, (_, i) => deliveries[Math.floor((i * deliveries.length) / slices)] ?? start);
  bounds[0] = start;
  bounds.push(deliveries[deliveries.length - 1] ?? mine.find(e => e.name === 'long:delivered')?.ts ?? end);
  const columns = slices + 1;
  const sliceOf = ts => { let i = 0; while (i < slices && ts >= bounds[i + 1]) i++; return i; };
  const table = new Map();
  const totals = new Array(columns).fill(0);
  for (const event of complete) {
    const slice = sliceOf(event.ts);
    const name = event.name === 'FunctionCall' ? `FunctionCall ${event.args?.data?.functionName || ''}`.trim() : event.name;
    if (!table.has(name)) table.set(name, new Array(columns).fill(0));
    table.get(name)[slice] += event.self / 1000;
    totals[slice] += event.self / 1000;
  }
  const tasks = complete.filter(e => e.name === 'RunTask');
  const longest = tasks.reduce((a, b) => (b.tdur > (a?.tdur ?? 0) ? b : a), undefined);
  console.log(`${count} tokens: wall ${((end - start) / 1000).toFixed(0)} ms, traced self CPU ${totals.reduce((a, b) => a + b, 0).toFixed(0)} ms, longest task CPU ${(longest?.tdur / 1000).toFixed(0)} ms at ${(((longest?.ts ?? start) - start) / (end - start) * 100).toFixed(0)} % of the run; LoAF ${run.longestLoafMs?.toFixed(0)}, at the end ${run.endLongestLoafMs?.toFixed(0)}`);
  if (run.endLongestLoaf) console.log('longest frame at the end:', JSON.stringify(run.endLongestLoaf));
  console.log(`${'CPU ms by slice of tokens'.padEnd(44)} ${[...Array.from({ length: slices }, (_, i) => `#${i + 1}`), 'end'].map(h => h.padStart(8)).join('')}`);
  for (const [name, row] of [...table].sort((a, b) => b[1].reduce((x, y) => x + y) - a[1].reduce((x, y) => x + y)).slice(0, top)) {
    console.log(`${name.slice(0, 44).padEnd(44)} ${row.map(ms => ms.toFixed(0).padStart(8)).join('')}`);
  }
  console.log(`${'total'.padEnd(44)} ${totals.map(ms => ms.toFixed(0).padStart(8)).join('')}`);
  // Frames (Commit events) per slice: a per-frame cost that grows with the answer shows in CPU per frame.
  const framesBySlice = new Array(columns).fill(0);
  for (const event of complete) if (event.name === 'Commit') framesBySlice[sliceOf(event.ts)]++;
  console.log(`${'frames'.padEnd(44)} ${framesBySlice.map(n => String(n).padStart(8)).join('')}`);
  // Elements restyled per frame: a count that grows with the answer is a selector or invalidation reaching all of it.
  const restyled = new Array(columns).fill(0);
  for (const event of complete) if (event.name === 'UpdateLayoutTree') restyled[sliceOf(event.ts)] += event.args?.elementCount ?? 0;
  console.log(`${'elements restyled per frame'.padEnd(44)} ${restyled.map((n, i) => (n / Math.max(1, framesBySlice[i])).toFixed(0).padStart(8)).join('')}`);
  console.log(`${'CPU ms per frame'.padEnd(44)} ${totals.map((ms, i) => (ms / Math.max(1, framesBySlice[i])).toFixed(2).padStart(8)).join('')}`);
  if (invalidations) {
    const reasons = new Map();
    for (const e of mine) {
      if (!/InvalidationTracking/.test(e.name) || e.ts < start || e.ts > end) continue;
      const data = e.args?.data ?? {};
      const key = `${e.name} ${data.reason ?? ''} ${data.nodeName ?? ''} ${data.selectors?.map(s => s.selector).join(',') ?? ''} ${data.invalidationSet ?? ''}`.slice(0, 160);
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
    for (const [key, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${String(n).padStart(7)}  ${key}`);
  }
  // Tasks by thread time: how many are long, and (--tasks=N) what the longest spent it on.
  const cpuOver = ms => tasks.filter(t => t.tdur > ms * 1000).length;
  console.log(`tasks: ${tasks.length}; over 16 ms CPU ${cpuOver(16)}, over 30 ms ${cpuOver(30)}, over 40 ms ${cpuOver(40)}, over 50 ms ${cpuOver(50)}`);
  const describeTask = task => {
    const inside = complete.filter(e => e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur);
    const byName = new Map();
    for (const e of inside) {
      const name = e.name === 'FunctionCall' ? `FunctionCall ${e.args?.data?.functionName || '?'}` : e.name;
      byName.set(name, (byName.get(name) ?? 0) + e.self / 1000);
    }
    return [...byName].sort((a, b) => b[1] - a[1]).slice(0, 7).map(([n, ms]) => `${n} ${ms.toFixed(1)}`).join(', ');
  };
  const at = task => `${(((task.ts - start) / (end - start)) * 100).toFixed(0)} %`;
  // What a task's events were, nested, with the arguments that say why (layout objects, restyled elements).
  const treeOf = task => {
    const inside = complete.filter(e => e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur && e.tdur >= 1000);
    const lines = [];
    const open = [];
    for (const e of inside) {
      while (open.length && open[open.length - 1].ts + open[open.length - 1].dur <= e.ts) open.pop();
      const data = e.args?.beginData ?? e.args?.data ?? {};
      const why = [data.functionName, data.url?.replace(/^.*\//, ''), data.dirtyObjects !== undefined && `dirty ${data.dirtyObjects}/${data.totalObjects}`, e.args?.elementCount !== undefined && `elements ${e.args.elementCount}`, data.stackTrace?.[0] && `from ${data.stackTrace[0].functionName}@${data.stackTrace[0].lineNumber}:${data.stackTrace[0].columnNumber}`].filter(Boolean).join(' ');
      if (open.length < 6) lines.push(`    ${'  '.repeat(open.length)}${e.name} ${(e.tdur / 1000).toFixed(1)} ms ${why}`);
      open.push(e);
    }
    return lines.join('\n');
  };
  const samples = js ? cpuSamples(events, main) : [];
  for (const task of [...tasks].sort((a, b) => b.tdur - a.tdur).slice(0, taskCount)) {
    console.log(`task ${(task.tdur / 1000).toFixed(1)} ms CPU (${(task.dur / 1000).toFixed(0)} wall) at ${at(task)}: ${describeTask(task)}`);
    if (tree) console.log(treeOf(task));
    if (js) console.log(jsOf(samples, task));
  }
  if (gc) {
    // Inclusive thread time of the outermost GC events (a collection's phases nest inside it).
    const gcEvents = complete.filter(e => /GC|cppgc/i.test(e.name));
    const outer = gcEvents.filter(e => !gcEvents.some(o => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur && o.dur > e.dur));
    const kinds = new Map();
    for (const e of outer) {
      const kind = kinds.get(e.name) ?? { count: 0, ms: 0, longest: 0 };
      kind.count++;
      kind.ms += e.tdur / 1000;
      kind.longest = Math.max(kind.longest, e.tdur / 1000);
      kinds.set(e.name, kind);
    }
    for (const [name, kind] of [...kinds].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) console.log(`gc ${name.padEnd(48)} ${String(kind.count).padStart(6)} × ${kind.ms.toFixed(0).padStart(6)} ms in all, longest ${kind.longest.toFixed(1)} ms`);
    const inTask = task => outer.filter(e => e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur).reduce((ms, e) => ms + e.tdur / 1000, 0);
    const longTasks = tasks.filter(t => t.tdur > 30000);
    console.log(`tasks over 30 ms CPU: ${longTasks.length}, of which GC over 10 ms: ${longTasks.filter(t => inTask(t) > 10).length}; GC in them ${longTasks.map(t => inTask(t).toFixed(0)).join(', ')} ms`);
  }
  // The end of the stream task by task: its longest tasks (thread time) and what each spent it on.
  const endTasks = tasks.filter(t => t.ts >= bounds[slices]).sort((a, b) => b.tdur - a.tdur).slice(0, 3);
  for (const task of [...(longest ? [longest] : []), ...endTasks]) {
    console.log(`${task === longest ? 'longest task' : 'end task'} ${(task.tdur / 1000).toFixed(1)} ms CPU at +${((task.ts - bounds[slices]) / 1000).toFixed(0)} ms: ${describeTask(task)}`);
  }
} finally {
  await close();
}

/** A task's samples by source function (self), and by the package or source file they sit under (inclusive). */
function jsOf(samples, task) {
  const inside = samples.filter(s => s.ts >= task.ts && s.ts <= task.ts + task.dur);
  const { self, under } = tallySamples(inside, 12);
  return `      ${inside.length} samples; self: ${self}\n      under: ${under}`;
}
