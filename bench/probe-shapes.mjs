// Per-frame cost of one long OPEN block while it streams: a table, a list (tight, and with nested items), a
// paragraph, and a code fence (the fast reference). StreamingMarkdown from src/ (bundled here with esbuild, so
// dist/ is not needed) renders in headless Chromium as a Lit host would: render once per RENDER_EVERY tokens.
//
//   node bench/probe-shapes.mjs [--tokens=8000,32000] [--budget=3000] [--shapes=table,list] [--json]
//
// Prints, per shape and length: total script time of the whole stream (cut off after --budget ms, then marked
// with how far it got), the median ms per render at the end (script, then script + forced layout, and how much of
// the script is the tail repair alone), the growth exponent of that per-render cost with length (0: the frame
// costs the same however long the block is; 1: it grows with the block, so the stream as a whole is quadratic), the
// final render (streaming ended) and which fast paths the end renders took. No pass/fail.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { chromeArgs, chromePath } from '../scripts/chrome-path.mjs';
import { fixed, formatTable, logLogSlope } from './report.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const option = (name, fallback) => process.argv.find(arg => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const TOKEN_COUNTS = option('tokens', '8000,32000').split(',').map(Number);
const BUDGET_MS = Number(option('budget', '3000'));
const SHAPES = option('shapes', 'table,list,nested-list,paragraph,code').split(',');
/** Characters per token (a typical tokenizer's average for English and code). */
const CHARS_PER_TOKEN = 4;
/** One render per this many tokens: a frame at ~1,000 tokens/s and 60 frames/s. */
const RENDER_EVERY = 16;
/** Renders timed at the end of the block (after one untimed render of everything before them). */
const END_RENDERS = 24;

const { outputFiles } = await build({
  stdin: {
    contents: "export { StreamingMarkdown } from './src/markdown/streaming-markdown.ts'; export { repairMarkdownTail } from './src/markdown/repair.ts';",
    resolveDir: ROOT,
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  target: 'es2022',
  write: false,
  logLevel: 'silent',
});
const library = outputFiles[0].text;

// The page: the bundle, the answer shapes and the measuring loop; everything runs in the browser.
const PAGE = `<!doctype html><meta charset="utf-8"><body style="width: 760px; font: 16px/1.5 system-ui">
<script type="module">
import { StreamingMarkdown, repairMarkdownTail } from '/streaming-markdown.js';

/** Repeats \`unit(i)\` until the text is \`length\` characters long (cut there, as a stream would be). */
const repeat = (head, unit, length) => {
  let text = head;
  for (let i = 1; text.length < length; i++) text += unit(i);
  return text.slice(0, length);
};
const SHAPES = {
  table: n => repeat('| Step | Item | Value | Notes |\\n|---:|:---|---|---|\\n', i => \`| \${i} | item-\${i} | \${(i * 3.7).toFixed(2)} | text with **bold \${i}** and \\\`c\${i}\\\` words |\\n\`, n),
  list: n => repeat('', i => \`- Item \${i}: a tight list item with *some emphasis* and \\\`code \${i}\\\` in it\\n\`, n),
  'nested-list': n => repeat('', i => \`- **Step \${i}**: do the thing\\n  - first detail of step \${i}\\n  - second detail with \\\`x\${i}\\\`\\n\`, n),
  paragraph: n => repeat('', i => \`Sentence \${i} has **bold words**, \\\`code\\\`, and [a link](https://example.com/\${i}) in it. \`, n),
  code: n => repeat('\\\`\\\`\\\`js\\n', i => \`const value\${i} = compute(\${i}) * 2; // step \${i}\\n\`, n),
};

function mount() {
  const container = document.createElement('div');
  document.body.replaceChildren(container);
  return { container, view: new StreamingMarkdown(container) };
}

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

window.probe = ({ shape, chars, step, budgetMs, endRenders }) => {
  const text = SHAPES[shape](chars);
  // The whole stream, one render per step, until the budget runs out.
  let { view } = mount();
  let total = 0;
  let renders = 0;
  let reached = 0;
  for (let end = step; end < text.length + step && total < budgetMs; end += step) {
    reached = Math.min(end, text.length);
    const t0 = performance.now();
    view.render(text.slice(0, reached), { streaming: true });
    total += performance.now() - t0;
    renders++;
  }
  const complete = reached === text.length;
  // The end of the block: everything but the last renders at once (untimed), then those renders one by one.
  let container;
  ({ view, container } = mount());
  const from = text.length - endRenders * step;
  view.render(text.slice(0, from), { streaming: true });
  container.getBoundingClientRect();
  const script = [];
  const withLayout = [];
  for (let end = from + step; end <= text.length; end += step) {
    const t0 = performance.now();
    view.render(text.slice(0, end), { streaming: true });
    const t1 = performance.now();
    container.getBoundingClientRect(); // force style and layout, as the frame that paints it would
    const t2 = performance.now();
    script.push(t1 - t0);
    withLayout.push(t2 - t0);
  }
  // The tail repair alone on the same texts (the tail is the whole block here): the part of a frame that every
  // path pays, fast or not.
  const repair = [];
  for (let end = from + step; end <= text.length; end += step) {
    const t0 = performance.now();
    repairMarkdownTail(text.slice(0, end));
    repair.push(performance.now() - t0);
  }
  const stats = { ...view.stats };
  const t0 = performance.now();
  view.render(text);
  const finalMs = performance.now() - t0;
  return { total, renders, reached, complete, endScript: median(script), endLayout: median(withLayout), endRepair: median(repair), finalMs, stats };
};
</script>`;

const browser = await chromium.launch({ executablePath: chromePath(), headless: true, args: chromeArgs });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on('pageerror', error => errors.push(String(error)));
  await page.route('http://probe.invalid/**', route => {
    const isLibrary = route.request().url().endsWith('/streaming-markdown.js');
    return route.fulfill({ contentType: isLibrary ? 'text/javascript' : 'text/html', body: isLibrary ? library : PAGE });
  });
  await page.goto('http://probe.invalid/');
  await page.waitForFunction(() => 'probe' in window, undefined, { timeout: 10000 });

  const rows = [];
  for (const shape of SHAPES) {
    const ends = [];
    for (const tokens of TOKEN_COUNTS) {
      const chars = tokens * CHARS_PER_TOKEN;
      const result = await page.evaluate(options => window.probe(options), {
        shape,
        chars,
        step: RENDER_EVERY * CHARS_PER_TOKEN,
        budgetMs: BUDGET_MS,
        endRenders: END_RENDERS,
      });
      ends.push([tokens, result.endScript]);
      const total = result.complete ? fixed(result.total, 0) : `>${fixed(result.total, 0)} (${Math.round(result.reached / CHARS_PER_TOKEN)} tok)`;
      const fast = Object.entries(result.stats)
        .filter(([name, count]) => count > 0 && !['frames', 'finishedBlocks'].includes(name))
        .map(([name, count]) => `${name} ${count}`)
        .join(', ');
      rows.push([shape, fixed(tokens, 0), total, fixed(result.endScript, 3), fixed(result.endLayout, 3), fixed(result.endRepair, 3), '', fixed(result.finalMs, 1), fast || '-']);
      process.stderr.write(`[probe] ${shape} ${tokens}: ${JSON.stringify(result)}\n`);
    }
    const slope = ends.length > 1 ? logLogSlope(ends) : NaN;
    rows.at(-1)[6] = fixed(slope, 2);
  }
  const note =
    `One open block streamed ${CHARS_PER_TOKEN} chars/token, render every ${RENDER_EVERY} tokens; end = median of the last ${END_RENDERS} renders; ` +
    `exponent = log-log slope of the end ms/render over length; total cut off after ${BUDGET_MS} ms.`;
  const head = ['shape', 'tokens', 'total ms', 'end ms/render', '+layout', 'of it repair', 'exponent', 'final ms', 'end stats'];
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  // --json: for bench/run.mjs, which puts the table into docs/benchmarks.md.
  if (process.argv.includes('--json')) console.log(JSON.stringify({ note, head, rows }));
  else console.log(`${note}\n\n${formatTable(head, rows)}`);
} finally {
  await browser.close();
}
