// `npm run bench`: the measured performance story of <sse-chat>, side by side with a naive baseline, in headless
// Chromium. Prints one table per measure and writes the same to docs/benchmarks.md. No pass/fail: the targets
// from the issue are printed beside the figures, and every figure says what limits it.
//
// Options: --quick (two short lengths, short windows: for working on the bench itself), --only=a,b (sections:
// size, stream, paced, latency, server), --no-write (do not touch docs/benchmarks.md).
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { chromium } from 'playwright-core';
import { chromeArgs, chromePath } from '../scripts/chrome-path.mjs';
import { startStaticServer } from './static-server.mjs';
import { formatTable, formatMarkdownTable, fixed, logLogSlope, interpolate } from './report.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const ONLY = args.find(arg => arg.startsWith('--only='))?.slice(7).split(',');
const WRITE = !args.includes('--no-write');
const runs = section => !ONLY || ONLY.includes(section);

const LENGTHS = QUICK ? [500, 2000] : [500, 2000, 8000, 32000];
/** The baseline is cut off after this long per length and the rest extrapolated (see `extrapolateBaseline`). */
const BASELINE_TIME_BOX_MS = QUICK ? 3000 : 12000;
const PACED = [
  { rate: 50, windowMs: QUICK ? 2000 : 6000 },
  { rate: 1000, windowMs: QUICK ? 2000 : 5000 },
];
const PACED_TOTAL = QUICK ? 2000 : 32000;
const LATENCY_PREFILLS = QUICK ? [2000] : [2000, 32000];
const LATENCY_SAMPLES = QUICK ? 15 : 40;
/** Repeats for the fast targets; the median run (by wall time) is reported. */
const REPEATS = QUICK ? 1 : 3;

const TARGETS = { element: '<sse-chat>', baseline: 'naive baseline', floor: 'harness floor' };
const sections = [];
const notes = [];
const log = message => process.stderr.write(`[bench] ${message}\n`);

// ── Browser ───────────────────────────────────────────────────────────────────────────────────────────────────
const server = await startStaticServer(ROOT);
const browser = await chromium.launch({ executablePath: chromePath(), headless: true, args: chromeArgs });
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
const pageErrors = [];
page.on('pageerror', error => pageErrors.push(String(error)));
page.on('console', message => {
  if (message.type() === 'error' || message.type() === 'warning') pageErrors.push(`console.${message.type()}: ${message.text()}`);
});
const cdp = await context.newCDPSession(page);

/** Main-thread busy time as CPU time of the renderer's main thread (threadTicks), robust to a busy machine. */
async function mainThreadSeconds() {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find(metric => metric.name === 'TaskDuration')?.value ?? NaN;
}

async function open(target) {
  await page.goto(`${server.url}/bench/pages/${target}.html`);
  await page.waitForFunction(() => 'bench' in window, undefined, { timeout: 10000 });
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
}

/** Runs one harness call on a fresh page and adds the main-thread time it took. */
async function measure(target, call, options) {
  await open(target);
  const before = await mainThreadSeconds();
  const result = await page.evaluate(([name, opts]) => window.bench[name](opts), [call, options]);
  const after = await mainThreadSeconds();
  return { ...result, mainThreadMs: (after - before) * 1000 };
}

/** Runs `fn`, turning a failure into a recorded note (a target that is not built yet must not stop the bench). */
async function attempt(label, fn) {
  try {
    return await fn();
  } catch (error) {
    const message = String(error?.message ?? error).split('\n')[0];
    notes.push(`${label}: failed — ${message}`);
    log(`${label}: FAILED ${message}`);
    return undefined;
  }
}

const median = (results, key) => {
  const sorted = results.filter(Boolean).sort((a, b) => a[key] - b[key]);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};

// ── Bundle size ───────────────────────────────────────────────────────────────────────────────────────────────
async function benchSize() {
  const { bundleSize, BUDGET_GZIP_BYTES } = await import('../scripts/size.mjs');
  const ours = await attempt('bundle size', () => bundleSize());
  // The baseline ships only its two libraries (no chat UI at all): their minified files, compressed the same way.
  const libraries = Buffer.concat([
    readFileSync(`${ROOT}/node_modules/marked/lib/marked.esm.js`),
    readFileSync(`${ROOT}/node_modules/dompurify/dist/purify.min.js`),
  ]);
  const base = {
    raw: libraries.length,
    gzip: gzipSync(libraries, { level: 9 }).length,
    brotli: brotliCompressSync(libraries, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
  const kB = bytes => (bytes === undefined ? 'n/a' : `${(bytes / 1000).toFixed(1)} kB`);
  sections.push({
    title: 'Bundle size (dist/sse-chat.bundle.js, everything inside: lit, marked, DOMPurify)',
    head: ['', '<sse-chat> bundle', 'baseline: marked + DOMPurify only', 'target'],
    rows: [
      ['gzip (level 9)', kB(ours?.gzip), kB(base.gzip), `≤ ${kB(BUDGET_GZIP_BYTES)}`],
      ['brotli (q 11)', kB(ours?.brotli), kB(base.brotli), ''],
      ['raw (minified)', kB(ours?.raw), kB(base.raw), ''],
    ],
    notes: [
      'The baseline column is only its two libraries, with no chat element, transport or styles: a floor for any widget built on them, not a like-for-like bundle.',
    ],
  });
}

// ── Streaming a whole answer back to back ────────────────────────────────────────────────────────────────────
/**
 * The baseline at long lengths would take many minutes, so it runs for a time box; the tokens it did not reach are
 * costed by sampling: the synchronous cost of one token at 8 prefix lengths between where it stopped and the end,
 * interpolated linearly and summed. Main-thread and wall time scale that sum by the ratios seen in the real part
 * (which also pays for style, layout and paint).
 */
async function extrapolateBaseline(count, run) {
  const at = Array.from({ length: 8 }, (_, i) => Math.round(run.delivered + ((count - run.delivered) * (i + 1)) / 8) - 1);
  const samples = await measure('baseline', 'sampleTokenCost', { count, at, repeats: 3 });
  const points = [{ at: run.delivered - 1, ms: run.syncMs.slice(-50).reduce((a, b) => a + b, 0) / Math.min(50, run.syncMs.length) }];
  for (let i = 0; i < at.length; i++) points.push(samples[i]);
  let remainingSyncMs = 0;
  for (let k = run.delivered; k < count; k++) remainingSyncMs += interpolate(points, k);
  const realSyncMs = run.syncMs.reduce((a, b) => a + b, 0);
  return {
    ...run,
    extrapolated: true,
    mainThreadMs: run.mainThreadMs * (1 + remainingSyncMs / realSyncMs),
    wallMs: run.wallMs * (1 + remainingSyncMs / realSyncMs),
    // One token's render at the full length is one task, so some frame is at least that long.
    longestLoafMs: Math.max(run.longestLoafMs, points[points.length - 1].ms),
    maxRafGapMs: Math.max(run.maxRafGapMs, points[points.length - 1].ms),
  };
}

async function benchStream() {
  const results = { element: {}, baseline: {}, floor: {} };
  for (const count of LENGTHS) {
    for (const target of ['floor', 'element']) {
      const tries = [];
      for (let r = 0; r < REPEATS; r++) tries.push(await attempt(`${TARGETS[target]} ${count} tokens`, () => measure(target, 'backToBack', { count })));
      results[target][count] = median(tries, 'wallMs');
      log(`${TARGETS[target]} ${count}: ${fixed(results[target][count]?.wallMs, 0)} ms wall`);
    }
    results.baseline[count] = await attempt(`baseline ${count} tokens`, async () => {
      const run = await measure('baseline', 'backToBack', { count, timeBoxMs: BASELINE_TIME_BOX_MS });
      return run.completed ? run : extrapolateBaseline(count, run);
    });
    log(`baseline ${count}: ${fixed(results.baseline[count]?.wallMs, 0)} ms wall${results.baseline[count]?.extrapolated ? ' (extrapolated)' : ''}`);
  }
  for (const [target, byLength] of Object.entries(results)) {
    for (const [count, run] of Object.entries(byLength)) {
      if (run && run.completed && run.renderedChars < 0.8 * run.sourceChars && target !== 'floor')
        notes.push(`${TARGETS[target]} at ${count} tokens rendered only ${run.renderedChars} of ${run.sourceChars} source characters: check the run.`);
    }
  }

  const mark = run => (run?.extrapolated ? '*' : '');
  const exponent = target => {
    const points = LENGTHS.filter(n => n >= 2000 && results[target][n]).map(n => [n, results[target][n].mainThreadMs]);
    return points.length >= 2 ? logLogSlope(points) : NaN;
  };
  const anyExtrapolated = LENGTHS.some(n => results.baseline[n]?.extrapolated);
  const star = anyExtrapolated ? `* extrapolated: the baseline ran for ${BASELINE_TIME_BOX_MS / 1000} s, the rest was costed by sampling one token at 8 later prefix lengths.` : '';

  sections.push({
    title: 'Total main-thread time, streaming a whole answer back to back',
    head: ['tokens', '<sse-chat>', 'naive baseline', 'harness floor', 'target'],
    rows: [
      ...LENGTHS.map(n => [
        n.toLocaleString('en'),
        `${fixed(results.element[n]?.mainThreadMs, 0)} ms`,
        `${fixed(results.baseline[n]?.mainThreadMs, 0)} ms${mark(results.baseline[n])}`,
        `${fixed(results.floor[n]?.mainThreadMs, 0)} ms`,
        '',
      ]),
      [
        'growth exponent (log-log slope, 2,000→32,000)',
        fixed(exponent('element'), 2),
        `${fixed(exponent('baseline'), 2)}${anyExtrapolated ? '*' : ''}`,
        fixed(exponent('floor'), 2),
        '≤ 1.0',
      ],
    ],
    notes: [
      'Main-thread time is the renderer main thread\'s CPU time (CDP Performance.getMetrics TaskDuration, threadTicks) over the run: parsing, script, style, layout, paint — and the harness\'s own feeding loop (see the floor column).',
      'Each token arrives as its own task (a MessageChannel message enqueuing one SSE frame), the next as soon as the previous task ends.',
      `<sse-chat> and the floor: median of ${REPEATS} runs by wall time. Slope by least squares over the lengths from 2,000 up.`,
      star,
    ].filter(Boolean),
  });

  // Completed and extrapolated runs both stand for all n tokens.
  const perToken = (run, n) => (run ? run.wallMs / n : NaN);
  sections.push({
    title: 'Throughput at the end of each length (tokens fed back to back)',
    head: ['tokens', '<sse-chat> ms/token', 'baseline ms/token', '<sse-chat> tokens/s', 'baseline tokens/s', 'floor tokens/s', 'target'],
    rows: LENGTHS.map(n => [
      n.toLocaleString('en'),
      fixed(perToken(results.element[n], n), 4),
      `${fixed(perToken(results.baseline[n], n), 2)}${mark(results.baseline[n])}`,
      fixed(1000 / perToken(results.element[n], n), 0),
      `${fixed(1000 / perToken(results.baseline[n], n), 0)}${mark(results.baseline[n])}`,
      fixed(1000 / perToken(results.floor[n], n), 0),
      n === 32000 ? '≥ 30,000 tokens/s' : '',
    ]),
    notes: [
      'Wall time from the first token handed over to the last text change in the DOM (MutationObserver), divided by the tokens: the average over the whole answer, so the figure at a length includes all the shorter prefixes.',
      'The floor column is the feeding loop alone (a target that drops its tokens): no renderer can be measured faster than it on this machine.',
      star,
    ].filter(Boolean),
  });

  sections.push({
    title: 'Longest frame while streaming back to back',
    head: ['tokens', '<sse-chat> longest LoAF', 'baseline longest LoAF', '<sse-chat> longest rAF gap', 'baseline longest rAF gap', 'target'],
    rows: LENGTHS.map(n => {
      const e = results.element[n];
      const b = results.baseline[n];
      const loaf = run => (!run ? 'n/a' : run.longestLoafMs ? `${fixed(run.longestLoafMs, 0)} ms` : 'none > 50 ms');
      return [
        n.toLocaleString('en'),
        loaf(e),
        b?.extrapolated ? `≥ ${fixed(b.longestLoafMs, 0)} ms*` : loaf(b),
        `${fixed(e?.maxRafGapMs, 0)} ms`,
        b?.extrapolated ? `≥ ${fixed(b.maxRafGapMs, 0)} ms*` : `${fixed(b?.maxRafGapMs, 0)} ms`,
        n === 32000 ? 'no frame > 50 ms' : '',
      ];
    }),
    notes: [
      'LoAF: the Long Animation Frames API (PerformanceObserver "long-animation-frame"), which only reports frames over 50 ms. rAF gap: the longest interval between two requestAnimationFrame callbacks.',
      anyExtrapolated ? '* for a cut-off baseline run: at least the measured cost of one token\'s render at the full length, which runs as a single task.' : '',
    ].filter(Boolean),
  });
}

// ── Paced delivery ───────────────────────────────────────────────────────────────────────────────────────────
async function benchPaced() {
  const rows = [];
  for (const { rate, windowMs } of PACED) {
    for (const target of ['element', 'baseline', 'floor']) {
      const run = await attempt(`${TARGETS[target]} paced ${rate}/s`, () => measure(target, 'paced', { rate, windowMs, total: PACED_TOTAL }));
      log(`${TARGETS[target]} paced ${rate}/s: ${fixed(run?.droppedPercent, 1)}% long frames, p95 ${fixed(run?.tokenToFrameP95Ms, 1)} ms`);
      rows.push([
        target === 'element' ? `${rate.toLocaleString('en')} tok/s` : '',
        TARGETS[target],
        `${fixed(run?.droppedPercent, 1)} % (${run?.longIntervals ?? 'n/a'} of ${run?.frames ?? 'n/a'})`,
        `${fixed(run?.missedFramesPercent, 1)} %`,
        `${fixed(run?.tokenToFrameP50Ms, 1)} / ${fixed(run?.tokenToFrameP95Ms, 1)} ms`,
        `${fixed(run?.dueToFrameP95Ms, 1)} ms`,
        run ? `${run.delivered.toLocaleString('en')} of ${run.scheduled.toLocaleString('en')}` : 'n/a',
        run?.longestLoafMs ? `${fixed(run.longestLoafMs, 0)} ms` : run ? 'none > 50 ms' : 'n/a',
        target === 'element' ? '≤ 1 % dropped; p95 ≤ ~17 ms' : '',
      ]);
    }
  }
  const windows = PACED.map(({ rate, windowMs }) => `${rate.toLocaleString('en')} tok/s for ${windowMs / 1000} s (${Math.ceil((rate * windowMs) / 1000).toLocaleString('en')} tokens)`).join(', ');
  sections.push({
    title: `Paced delivery at the end of a ${PACED_TOTAL.toLocaleString('en')}-token answer`,
    head: ['rate', 'target', 'long frames (> 1.5× frame)', 'frames missed', 'token→next frame p50 / p95', 'due→frame p95', 'tokens delivered', 'longest LoAF', 'target'],
    rows,
    notes: [
      `To keep the bench short, each paced run pre-fills the answer (one network read holding all earlier tokens) and measures only the last window: ${windows}.`,
      'Long frames (the issue\'s "dropped frames"): rAF intervals longer than 1.5× the idle page\'s median frame, measured just before the window, as a share of the intervals in the window. Frames missed: frames the display could have shown that the page never produced (a 50 ms gap at 16.7 ms frames misses two), as a share of the window\'s frames — the fairer figure for a target that makes every frame long. The floor row (a target that ignores its tokens) shows what the machine and the pacing timers cost on their own.',
      'Token→next frame: from handing a token over (enqueuing its SSE frame) to the first animation frame that starts after it. Due→frame: from its scheduled arrival instead, which adds timer lateness (≈4 ms clamping at 1,000 tok/s) and any backlog. A timer hands over every token due when it fires, never past the window, so "tokens delivered" shows how far a slow target got.',
    ],
  });
}

// ── Byte arrival to paint ────────────────────────────────────────────────────────────────────────────────────
async function benchLatency() {
  const rows = [];
  for (const prefill of LATENCY_PREFILLS) {
    const e = await attempt(`<sse-chat> latency @${prefill}`, () => measure('element', 'latency', { prefill, samples: LATENCY_SAMPLES }));
    const b = await attempt(`baseline latency @${prefill}`, () => measure('baseline', 'latency', { prefill, samples: LATENCY_SAMPLES }));
    log(`latency @${prefill}: <sse-chat> p95 ${fixed(e?.toPaintP95Ms, 1)} ms, baseline p95 ${fixed(b?.toPaintP95Ms, 1)} ms`);
    const timeouts = run => (run?.timeouts ? ` (${run.timeouts} never shown)` : '');
    rows.push([
      `${prefill.toLocaleString('en')} tokens`,
      `${fixed(e?.toPaintP50Ms, 1)} / ${fixed(e?.toPaintP95Ms, 1)} ms${timeouts(e)}`,
      `${fixed(b?.toPaintP50Ms, 1)} / ${fixed(b?.toPaintP95Ms, 1)} ms${timeouts(b)}`,
      `${fixed(e?.toDomP50Ms, 1)} / ${fixed(e?.toDomP95Ms, 1)} ms`,
      `${fixed(b?.toDomP50Ms, 1)} / ${fixed(b?.toDomP95Ms, 1)} ms`,
      `p95 ≤ one frame (${fixed(e?.medianFrameMs ?? b?.medianFrameMs, 1)} ms here)`,
    ]);
  }
  sections.push({
    title: 'Byte arrival to paint, one token into a streaming answer (p50 / p95)',
    head: ['answer so far', '<sse-chat> to paint', 'baseline to paint', '<sse-chat> to DOM', 'baseline to DOM', 'target'],
    rows,
    notes: [
      `${LATENCY_SAMPLES} single tokens per cell, each carrying a unique word, handed over at random phases of the frame 15–50 ms apart.`,
      'To DOM: until a MutationObserver sees the word. To paint: until the rendering update of the frame that contains it has finished (a task posted from that frame runs); compositor presentation comes after this and is not observable from the page.',
    ],
  });
}

// ── Demo server under load ───────────────────────────────────────────────────────────────────────────────────
async function benchServer() {
  const output = await attempt('server load', () =>
    new Promise((resolve, reject) => {
      execFile(process.execPath, [`${ROOT}/bench/server-load.mjs`, ...(QUICK ? ['--quick'] : [])], { timeout: 240000, maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
        process.stderr.write(stderr);
        if (error) reject(new Error(stderr.trim().split('\n').pop() || error.message));
        else resolve(JSON.parse(stdout));
      });
    }),
  );
  if (!output) return;
  sections.push({
    title: `Demo server: concurrent streams at ${output.eventsPerSecond} events/s each`,
    head: ['streams', 'event delay p50', 'p99', 'max', 'events measured', 'streams ended early', 'load generator lag p99', 'target'],
    rows: output.steps.map(step => [
      step.streams.toLocaleString('en'),
      `${fixed(step.p50Ms, 1)} ms`,
      `${fixed(step.p99Ms, 1)} ms`,
      `${fixed(step.maxMs, 0)} ms`,
      step.events.toLocaleString('en'),
      String(step.endedEarly),
      `${fixed(step.clientLagP99Ms, 1)} ms`,
      '',
    ]).concat([[`held with p99 ≤ 50 ms: ${output.held.toLocaleString('en')}`, '', '', '', '', '', '', '≥ 3,000 streams, p99 ≤ 50 ms']]),
    notes: output.notes,
  });
}

// ── Run and report ──────────────────────────────────────────────────────────────────────────────────────────
const startedAt = new Date();
const chromiumVersion = browser.version();
try {
  if (runs('size')) await benchSize();
  if (runs('stream')) await benchStream();
  if (runs('paced')) await benchPaced();
  if (runs('latency')) await benchLatency();
} finally {
  await browser.close();
  await server.close();
}
if (runs('server')) await benchServer();

const machine = {
  cpu: readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
  chromium: chromiumVersion,
  node: process.version,
  date: startedAt.toISOString().replace(/\.\d+Z$/, 'Z'),
};
if (pageErrors.length) notes.push(...[...new Set(pageErrors)].slice(0, 10).map(error => `page: ${error}`));

for (const section of sections) {
  console.log(`\n${section.title}`);
  console.log(formatTable(section.head, section.rows));
  for (const note of section.notes) console.log(`  - ${note}`);
}
console.log(`\nMachine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory}; Chromium ${machine.chromium}; Node ${machine.node}; ${machine.date}`);
for (const note of notes) console.log(`! ${note}`);

if (WRITE && !ONLY && !QUICK) {
  const markdown = [
    '# Benchmarks',
    '',
    '`npm run bench` measures `<sse-chat>` (the script-tag bundle, `dist/sse-chat.bundle.js`) in headless Chromium, side',
    'by side with a naive baseline that does what most chat widgets do on every token: `marked.parse` the whole',
    'answer, `DOMPurify.sanitize` it and replace the container\'s `innerHTML`. Both receive the same deterministic',
    'markdown answer (headings, lists, code fences, tables, links; about 4 characters per token; `bench/generate-answer.mjs`).',
    'The element gets it through its `fetch` seam as canonical SSE frames (`event: text-delta`), one frame per chunk.',
    'There are no pass/fail thresholds: the targets from the issue are printed beside the figures.',
    '',
    `**Machine:** ${machine.cpu}, ${machine.cores} cores, ${machine.memory} RAM; Chromium ${machine.chromium} (headless); Node ${machine.node}; run ${machine.date}.`,
    'The machine is shared and has no GPU; figures from a quiet desktop will be better, and the gap between the two',
    'columns matters more than any single number.',
    '',
    ...sections.flatMap(section => [`## ${section.title}`, '', formatMarkdownTable(section.head, section.rows), '', ...section.notes.map(note => `- ${note}`), '']),
    ...(notes.length ? ['## Run notes', '', ...notes.map(note => `- ${note}`), ''] : []),
  ].join('\n');
  writeFileSync(`${ROOT}/docs/benchmarks.md`, markdown);
  log('wrote docs/benchmarks.md');
}
