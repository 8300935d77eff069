import { expect } from '@open-wc/testing';
import fc, { runs } from '../../helpers/fast-check.js';
import { math } from '../../../src/math/index.js';
import { renderMarkdown } from '../../../src/markdown/render.js';
import { StreamingMarkdown } from '../../../src/markdown/streaming-markdown.js';

/**
 * The streaming invariant of test/markdown/streaming-invariant.test.ts with the maths plugin in use (it is added for
 * the whole page by the import above): formulas, currency, and TeX's `*`, `_`, `\`, `<` amid markdown stream to the
 * same DOM a one-shot render gives, frame by frame and at the end. Compared as DOM (`isEqualNode`), not as HTML:
 * KaTeX writes the attributes of one MathML tag in different orders for different formulas, and a live formula
 * patched into another keeps its own order, which DOM equality ignores and the reader never sees.
 */

/** Fails, showing both HTMLs, unless the two elements hold equal DOM. */
function expectSameDom(actual: Element, expected: Element, message?: string) {
  if (!actual.isEqualNode(expected)) expect(actual.innerHTML, message).to.equal(expected.innerHTML);
}

function oneShot(markdown: string): HTMLDivElement {
  const div = document.createElement('div');
  const fragment = renderMarkdown(markdown);
  math.decorate(fragment, true);
  div.append(fragment);
  return div;
}

function streamInPieces(text: string, cuts: number[], flushes: boolean[]) {
  const container = document.createElement('div');
  const view = new StreamingMarkdown(container);
  const points = [...new Set(cuts.map(cut => cut % (text.length + 1)))].sort((a, b) => a - b);
  points.forEach((point, i) => {
    if (flushes[i % flushes.length]) view.render(text.slice(0, point), { streaming: true });
  });
  view.render(text);
  return { container, stats: view.stats };
}

const formula = fc.constantFrom(
  '$x^2$', '$a*b*c$', '$x_1 + y_{ij}$', '$e^{i\\pi}+1=0$', '$a<b$', '$\\{a\\}$', '$z^*$', '$(x)_{n}$',
  '\\(\\alpha\\)', '\\(a_1\\)', '$\\frac{1}{$', '$\\href{https://x.example}{x}$',
);
const display = fc.constantFrom('$$\\sum_{i=1}^n i$$', '\\[\\int_0^1 x\\,dx\\]', '$$a*b_c$$', '$$\n\\frac{a}{b}\n$$', '\\[x_1^*\\]');
const word = fc.constantFrom('alpha', 'beta', 'naïve', '$5', '$10', 'costs', 'x_y', 'a*b', 'end.', '5$', '\\$3', '`$x$`', '**bold**', '*it*', '_em_');
const inline = fc.oneof({ weight: 4, arbitrary: word }, { weight: 2, arbitrary: formula }, { weight: 1, arbitrary: display });
const line = fc.array(inline, { minLength: 1, maxLength: 7 }).map(parts => parts.join(' '));
const paragraph = fc.array(line, { minLength: 1, maxLength: 3 }).map(lines => lines.join('\n'));
const list = fc.tuple(fc.array(line, { minLength: 1, maxLength: 3 }), fc.constantFrom('-', '1.')).map(([items, marker]) => items.map(item => `${marker} ${item}`).join('\n'));
const table = fc.array(formula, { minLength: 1, maxLength: 3 }).map(cells => `| a | b |\n|---|---|\n${cells.map(cell => `| ${cell} | x |`).join('\n')}`);
const code = fc.constantFrom('```\n$$x$$ \\(y\\)\n```', '```tex\n\\frac{a}{b} $c$\n```');
const block = fc.oneof({ weight: 5, arbitrary: paragraph }, { weight: 2, arbitrary: list }, { weight: 1, arbitrary: table }, { weight: 1, arbitrary: code }, {
  weight: 1,
  arbitrary: paragraph.map(text => `> ${text.split('\n').join('\n> ')}`),
});
const document_ = fc.array(fc.tuple(block, fc.constantFrom('\n\n', '\n')), { minLength: 1, maxLength: 6 }).map(blocks =>
  blocks.map(([b, separator]) => b + separator).join('').trimEnd(),
);
const cuts = fc.array(fc.nat(), { minLength: 1, maxLength: 40 });
const flushes = fc.array(fc.boolean(), { minLength: 1, maxLength: 8 });

describe('markdown/StreamingMarkdown invariant with maths: streamed in pieces = one-shot render', () => {
  it('holds for generated documents with formulas, incrementally', () => {
    fc.assert(
      fc.property(document_, cuts, flushes, (text, cutList, flushList) => {
        const { container, stats } = streamInPieces(text, cutList, flushList);
        expectSameDom(container, oneShot(text));
        expect(stats.fullRenders, 'incremental structure matched the one-shot structure').to.equal(0);
      }),
      { numRuns: runs(60) },
    );
  });

  it('shows after every render what a fresh render of that text shows', () => {
    const fresh = (text: string) => {
      const div = document.createElement('div');
      new StreamingMarkdown(div).render(text, { streaming: true });
      return div;
    };
    fc.assert(
      fc.property(document_, cuts, (text, cutList) => {
        const container = document.createElement('div');
        const view = new StreamingMarkdown(container);
        for (const point of [...new Set(cutList.map(cut => cut % (text.length + 1)))].sort((a, b) => a - b)) {
          view.render(text.slice(0, point), { streaming: true });
          expectSameDom(container, fresh(text.slice(0, point)), JSON.stringify(text.slice(0, point)));
        }
      }),
      { numRuns: runs(40) },
    );
  });

  it('holds when streamed one character at a time', () => {
    fc.assert(
      fc.property(document_, text => {
        const { container } = streamInPieces(text, Array.from({ length: text.length }, (_, i) => i), [true]);
        expectSameDom(container, oneShot(text));
      }),
      { numRuns: runs(8) },
    );
  });

  it('renders every formula a document holds (the generator does make formulas)', () => {
    const div = document.createElement('div');
    new StreamingMarkdown(div).render('Say $x^2$ and\n\n- \\(a_1\\)\n\n| a |\n|---|\n| $$b$$ |');
    expect(div.querySelectorAll('[part="math"], [part="math-display"]').length).to.equal(3);
  });
});
