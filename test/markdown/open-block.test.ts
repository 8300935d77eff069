import { expect } from '@open-wc/testing';
import fc, { runs } from '../helpers/fast-check.js';
import { linkCitations } from '../../src/markdown/decorate/citations.js';
import { decorateCodeBlocks, makeTablesScrollable } from '../../src/markdown/decorate/code-blocks.js';
import { renderMarkdown } from '../../src/markdown/render.js';
import { StreamingMarkdown, type MarkdownDecorator, type StreamingMarkdownStats } from '../../src/markdown/streaming-markdown.js';

/**
 * The fast paths for long open tables and lists (src/markdown/open-table.ts, open-list.ts) render only the end of
 * the block each frame. After every render the DOM must be exactly what the whole-tail path shows for that text —
 * a fresh StreamingMarkdown rendering it in one go — and at the end exactly a one-shot render.
 */

function oneShot(markdown: string): string {
  const div = document.createElement('div');
  div.append(renderMarkdown(markdown));
  return div.innerHTML;
}

/** The decorator <sse-chat> uses (citation links, code block headers, focusable tables), for two sources. */
const elementDecorator: MarkdownDecorator = (fragment, finished) => {
  linkCitations(fragment, { count: 2, card: n => (n >= 1 && n <= 2 ? n : undefined), href: n => `#source-${n}`, label: n => `Source ${n}` });
  decorateCodeBlocks(fragment, { finished, copyLabel: 'Copy' });
  makeTablesScrollable(fragment);
};

/** What the whole-tail path shows for `text`: a fresh instance, one render. */
function wholeTail(text: string, decorate?: MarkdownDecorator, streaming = true): string {
  const div = document.createElement('div');
  new StreamingMarkdown(div, { decorate }).render(text, { streaming });
  return div.innerHTML;
}

/** Equality without handing long strings to chai's diff. */
function expectSameHtml(actual: string, expected: string, where: string) {
  if (actual === expected) return;
  let i = 0;
  while (actual[i] === expected[i]) i++;
  const around = (html: string) => JSON.stringify(html.slice(Math.max(0, i - 60), i + 60));
  expect.fail(`${where}: differs at ${i}: ${around(actual)} vs ${around(expected)}`);
}

/**
 * Streams `text` cut at `cuts`, rendering at each cut and checking every frame; returns the stats. The end is
 * checked against a one-shot render (or, with a decorator, a fresh instance rendering the whole text at once).
 */
function streamChecked(text: string, cuts: number[], decorate?: MarkdownDecorator): StreamingMarkdownStats {
  const container = document.createElement('div');
  const view = new StreamingMarkdown(container, { decorate });
  const points = [...new Set(cuts.map(cut => cut % (text.length + 1)))].sort((a, b) => a - b);
  for (const point of points) {
    const prefix = text.slice(0, point);
    view.render(prefix, { streaming: true });
    expectSameHtml(container.innerHTML, wholeTail(prefix, decorate), `streaming ${JSON.stringify(prefix)}`);
  }
  view.render(text);
  expectSameHtml(container.innerHTML, decorate ? wholeTail(text, decorate, false) : oneShot(text), `done ${JSON.stringify(text)}`);
  return view.stats;
}

/** A cut after every character. */
const everyCharacter = (text: string) => Array.from({ length: text.length + 1 }, (_, i) => i);

const word = fc.constantFrom('alpha', 'beta', 'naïve', '日本語', '🙂', '👍🏽', 'x_y', 'a*b', '2*3', 'end.', '(see)', 'v1.2', 'C#', 'AT&T', '<b>', '1.');
const words = (min: number, max: number) => fc.array(word, { minLength: min, maxLength: max }).map(list => list.join(' '));
const inline = fc.oneof(
  { weight: 6, arbitrary: words(1, 3) },
  { weight: 1, arbitrary: words(1, 2).map(w => `**${w}**`) },
  { weight: 1, arbitrary: words(1, 2).map(w => `*${w}*`) },
  { weight: 1, arbitrary: words(1, 2).map(w => `_${w}_`) },
  { weight: 1, arbitrary: words(1, 2).map(w => `~~${w}~~`) },
  { weight: 1, arbitrary: words(1, 2).map(w => `\`${w}\``) },
  { weight: 1, arbitrary: words(1, 2).map(w => `[${w}](https://example.com/${encodeURIComponent(w)})`) },
  { weight: 1, arbitrary: fc.constantFrom('[docs][ref]', '[ref]', '[1]', '<https://example.com/a>', 'https://example.org/b', '\\|', '**open', '`open', '[open', '![img](https://example.com/i.png)') },
);
const line = fc.array(inline, { minLength: 1, maxLength: 4 }).map(parts => parts.join(' '));

// Tables: 1–4 columns, aligned or not, rows with fewer or more cells, with or without outer pipes, and now and
// then a line that ends the table, followed by more text.
const cells = (count: number) => fc.array(line, { minLength: Math.max(1, count - 1), maxLength: count + 1 });
const row = (count: number) =>
  fc.tuple(cells(count), fc.boolean()).map(([list, pipes]) => (pipes ? `| ${list.join(' | ')} |` : list.join(' | ')));
const table = fc.integer({ min: 1, max: 4 }).chain(count =>
  fc
    .tuple(
      fc.array(words(1, 2), { minLength: count, maxLength: count }),
      fc.array(fc.constantFrom('---', ':---', '---:', ':---:'), { minLength: count, maxLength: count }),
      fc.array(row(count), { minLength: 3, maxLength: 14 }),
    )
    .map(([header, aligns, rows]) => `| ${header.join(' | ')} |\n|${aligns.join('|')}|\n${rows.join('\n')}`),
);
const afterTable = fc.constantFrom('', '\n', '\n\nAfter the table.', '\n- a list item', '\n# A heading', '\n```\ncode\n```', '\n---\n', '\n> quote', '\n    indented');
const before = fc.constantFrom('', 'Intro paragraph.\n\n', '[ref]: https://example.com/ref\n\n', '- a list before\n\n', '# Title\n');
const tableDocument = fc.tuple(before, table, afterTable, fc.constantFrom('', '\n\n[ref]: https://example.com/late')).map(parts => parts.join(''));

// Lists: bullets or numbers, items of one or more lines, nested items, task items, code inside items, a blank
// line between items now and then (the list turns loose), continuation and lazy lines, a block after the list.
const marker = fc.constantFrom('-', '*', '+', '1.', '1)');
const item = fc
  .tuple(
    line,
    fc.constantFrom('', '', '', '[ ] ', '[x] '),
    fc.constantFrom('', '', '', 'nested', 'nested', 'continuation', 'lazy', 'code', 'paragraph', 'quote'),
    line,
  )
  .map(([text, task, extra, more]) => {
    switch (extra) {
      case 'nested':
        return `${task}${text}\n   - ${more}\n   - ${text}`;
      case 'continuation':
        return `${task}${text}\n   ${more}`;
      case 'lazy':
        return `${task}${text}\n${more}`;
      case 'code':
        return `${task}${text}\n\n   \`\`\`js\n   const a = 1;\n   \`\`\``;
      case 'paragraph':
        return `${task}${text}\n\n   ${more}`;
      case 'quote':
        return `${task}${text}\n   > ${more}`;
      default:
        return `${task}${text}`;
    }
  });
const list = fc
  .tuple(marker, fc.array(fc.tuple(item, fc.constantFrom('\n', '\n', '\n', '\n', '\n', '\n\n')), { minLength: 3, maxLength: 12 }))
  .map(([bullet, items]) => items.map(([text, gap], i) => `${bullet.replace('1', String(i + 1))} ${text}${i < items.length - 1 ? gap : ''}`).join(''));
const afterList = fc.constantFrom('', '\n', '\n\nAfter the list.', '\n\n  Indented paragraph after a blank line.', '\n* another bullet', '\n# A heading', '\n---\n', '\n\n[ref]: https://example.com/late');
const listDocument = fc.tuple(before, list, afterList).map(parts => parts.join(''));

const cuts = fc.array(fc.nat(), { minLength: 5, maxLength: 60 });
// Modest counts in `npm test` (these properties are among the costliest of the browser suite); test:heavy as deep as before.
const CUT_RUNS = runs(15, { heavy: 500 });
const DECORATED_RUNS = runs(25, { heavy: 400 });
const CHARACTER_RUNS = runs(3, { heavy: 80 });

describe('markdown/StreamingMarkdown: long open tables and lists render only their end', () => {
  it('shows exactly what the whole-tail path shows after every render of a table cut anywhere, and the one-shot render at the end', () => {
    let appends = 0;
    fc.assert(
      fc.property(tableDocument, cuts, (text, cutList) => {
        appends += streamChecked(text, cutList).tableAppends;
      }),
      { numRuns: CUT_RUNS },
    );
    expect(appends, 'frames that took the table fast path').to.be.greaterThan(CUT_RUNS * 2.5);
  });

  it('shows exactly what the whole-tail path shows after every render of a list cut anywhere, and the one-shot render at the end', () => {
    let appends = 0;
    fc.assert(
      fc.property(listDocument, cuts, (text, cutList) => {
        appends += streamChecked(text, cutList).listAppends;
      }),
      { numRuns: CUT_RUNS },
    );
    expect(appends, 'frames that took the list fast path').to.be.greaterThan(CUT_RUNS * 2.5);
  });

  it("holds with <sse-chat>'s decorator (citations, code block headers, focusable tables)", () => {
    let appends = 0;
    fc.assert(
      fc.property(fc.oneof(tableDocument, listDocument), cuts, (text, cutList) => {
        const stats = streamChecked(text, cutList, elementDecorator);
        appends += stats.tableAppends + stats.listAppends;
      }),
      { numRuns: DECORATED_RUNS },
    );
    expect(appends, 'frames that took a fast path').to.be.greaterThan(DECORATED_RUNS * 2);
  });

  it('holds for tables and lists streamed one character at a time', function () {
    // Each character is checked against a fresh render of everything before it: slow on a loaded machine (past two
    // minutes at load 27), so its bound is five.
    this.timeout(300_000);
    let appends = 0;
    fc.assert(
      fc.property(fc.oneof(tableDocument, listDocument), text => {
        const stats = streamChecked(text, everyCharacter(text));
        appends += stats.tableAppends + stats.listAppends;
      }),
      { numRuns: CHARACTER_RUNS },
    );
    expect(appends, 'frames that took a fast path').to.be.greaterThan(CHARACTER_RUNS * 40);
  });
});
