import { expect } from '@open-wc/testing';
import { Lexer } from 'marked';
import fc, { runs } from '../helpers/fast-check.js';
import { renderMarkdown } from '../../src/markdown/render.js';
import { isPathological, ShapeGuard } from '../../src/markdown/shape-guard.js';
import { StreamingMarkdown } from '../../src/markdown/streaming-markdown.js';

/**
 * Issue 12: shapes that made marked take seconds (a flat list of 100,000 items, 20,000 items nested 63 deep,
 * backtick runs inside a link label) are shown as plain text, and no render of them — one-shot or any streaming
 * frame — is a long task. Before the guard each took 3–7 s on a quiet machine. What makes a render long is counted,
 * not timed (a timed bound trips on a busy machine): the text marked is given (only shapes the guard lets through,
 * which marked lexes in linear time, and a bounded amount per render), and the characters a render writes into
 * the page (the browser lays them out in that frame).
 */
/**
 * The most characters one streaming render may give marked: the guard trips past 100,000 characters without a
 * blank line, and a render lexes the open text at most twice (its blocks, then the whole for links).
 */
const MAX_LEXED_PER_RENDER = 210_000;
/** The most text one block of the page may hold after any render: the browser lays a block out all at once. */
const MAX_BLOCK_CHARS = 110_000;

/** An ordinary answer: sections with a heading, inline code, a link and a nested list. */
const ordinaryAnswer = (sections: number) =>
  Array.from({ length: sections }, (_, i) => `## Part ${i}\n\nSome \`code\` and [a link](https://example.com/${i}).\n\n- one\n- two\n  - nested\n- three`).join('\n\n');

const flatList = (items: number) => Array.from({ length: items }, (_, i) => `- item ${i}`).join('\n');
const nestedList = (items: number, depth: number) => Array.from({ length: items }, (_, i) => `${'  '.repeat(i % depth)}- x${i}`).join('\n');
const bracketsAndBackticks = (chars: number) => '[`'.repeat(chars / 2);

function oneShot(markdown: string): string {
  const div = document.createElement('div');
  div.append(renderMarkdown(markdown));
  return div.innerHTML;
}

/** The texts marked's lexer is given (each top-level call; nested ones lex parts of them) while recording. */
let lexerInputs: string[] | null = null;
let lexerDepth = 0;
for (const method of ['lex', 'blockTokens'] as const) {
  const original = Lexer.prototype[method] as (this: Lexer, src: string, ...rest: unknown[]) => unknown;
  (Lexer.prototype as unknown as Record<string, unknown>)[method] = function (this: Lexer, src: string, ...rest: unknown[]) {
    if (lexerDepth === 0) lexerInputs?.push(src);
    lexerDepth++;
    try {
      return original.call(this, src, ...rest);
    } finally {
      lexerDepth--;
    }
  };
}

/** What one render cost, in counts: the texts given to marked, and the most text one block of the page then holds. */
interface RenderWork {
  lexed: string[];
  largestBlock: number;
  /**
   * Logged, never asserted: a clean-clone CI run on a loaded machine saw one render take 8.6 s of wall clock that
   * takes tens of milliseconds alone (the page was starved). The counts above are what bound a render's work.
   */
  ms: number;
}

/** Runs `run` (which renders into `container`) and counts its work. */
function counted(container: ParentNode, run: () => void): RenderWork {
  lexerInputs = [];
  try {
    const started = performance.now();
    run();
    const ms = performance.now() - started;
    return { ms, lexed: lexerInputs, largestBlock: Math.max(0, ...[...container.childNodes].map(block => block.textContent?.length ?? 0)) };
  } finally {
    lexerInputs = null;
  }
}

const lexedChars = (work: RenderWork) => work.lexed.reduce((sum, input) => sum + input.length, 0);

/** Streams `text` in `chunks` renders (the first ones small, as a stream starts), the last one final: each render's work. */
function streamCounted(text: string, chunks: number): { html: string; renders: RenderWork[] } {
  const div = document.createElement('div');
  const view = new StreamingMarkdown(div);
  const cuts = [64, 256, 1024, 4096, ...Array.from({ length: chunks }, (_, i) => Math.round(((i + 1) * text.length) / chunks))];
  const renders = [...cuts.filter(cut => cut < text.length), text.length].map(cut =>
    counted(div, () => view.render(text.slice(0, cut), { streaming: cut < text.length })),
  );
  return { html: div.innerHTML, renders };
}

describe('markdown/shape-guard', () => {
  const hostile: [name: string, text: () => string][] = [
    ['a flat list of 100,000 items', () => flatList(100_000)],
    ['20,000 items nested 63 deep', () => nestedList(20_000, 63)],
    ['backtick runs inside a link label (100 KB)', () => bracketsAndBackticks(100_000)],
    ['20,000 emphasis openers in one paragraph', () => '*a'.repeat(20_000)],
    // Too long for the browser to lay out in one frame (seconds for 2 MB), whatever marked makes of them.
    ['a 2 MB paragraph', () => 'lorem ipsum dolor sit amet '.repeat(74_000)],
    ['one word of 2 MB', () => 'x'.repeat(2_000_000)],
    ['a 2 MB line in a code fence', () => '```\n' + 'let x = 1; '.repeat(180_000) + '\n```\n'],
    ['a 2 MB table cell', () => '| a | b |\n| --- | --- |\n| ' + 'cell text '.repeat(200_000) + ' | b |\n'],
    ['a table of 20,000 rows', () => '|a|b|\n|-|-|\n' + '|x|y|\n'.repeat(20_000)],
    ['a table of 2,000 columns', () => `|${'c|'.repeat(2000)}\n|${'-|'.repeat(2000)}\n${`|${'x|'.repeat(2000)}\n`.repeat(20)}`],
  ];
  for (const [name, make] of hostile) {
    it(`shows ${name} as plain text; no render gives marked a shape it is slow on, or the page a block too big to lay out at once`, () => {
      const text = make();
      const oneShotFragment = document.createDocumentFragment();
      const oneShotWork = counted(oneShotFragment, () => oneShotFragment.append(renderMarkdown(text)));
      const streamed = streamCounted(text, 40);
      const lexedMost = Math.max(...streamed.renders.map(lexedChars));
      const largestBlock = Math.max(...streamed.renders.map(work => work.largestBlock));
      const longestMs = Math.max(oneShotWork.ms, ...streamed.renders.map(work => work.ms));
      console.log(`${name}: ${streamed.renders.length} streaming renders; in one, at most ${lexedMost} characters lexed; the largest block ${largestBlock} characters; the longest render ${longestMs.toFixed(0)} ms`);
      const fragment = oneShotFragment;
      // As-is, in pieces of bounded size (see plainTextView).
      const pieces = [...fragment.childNodes] as HTMLElement[];
      expect(pieces.every(piece => piece.nodeName === 'P' && piece.className === 'plain-text' && piece.textContent!.length <= 8193)).to.equal(true);
      expect(pieces.length).to.be.at.least(Math.floor(text.length / 8193));
      expect(fragment.textContent === text, 'the text as-is').to.equal(true);
      // One-shot, marked never sees it. Streaming, it sees only prefixes the guard lets through, a bounded amount per render.
      expect(oneShotWork.lexed, 'text given to marked by a one-shot render').to.have.length(0);
      streamed.renders.forEach((work, i) => {
        expect(work.lexed.every(input => !isPathological(input)), `render ${i} gave marked a shape the guard forbids`).to.equal(true);
      });
      expect(lexedMost, 'characters given to marked in one streaming render').to.be.at.most(MAX_LEXED_PER_RENDER);
      expect(largestBlock, 'characters in one block after a render').to.be.at.most(MAX_BLOCK_CHARS);
      expect(oneShotWork.largestBlock, 'characters in one block, one-shot').to.be.at.most(8193);
      expect(streamed.html === oneShot(text), 'streamed equals one-shot').to.equal(true);
    });
  }

  it('leaves ordinary long answers alone: many lists, a 1,500-item list of links, a paragraph of 200 links, a long table', () => {
    const sections = ordinaryAnswer(300);
    const links = Array.from({ length: 200 }, (_, i) => `[\`f${i}\`](https://example.com/${i})`).join(' ');
    const linkList = Array.from({ length: 1500 }, (_, i) => `- [\`snake_case_${i}\`](https://example.com/a_b_${i}) **x**`).join('\n');
    const table = '| a | b |\n|---|---|\n' + Array.from({ length: 3000 }, (_, i) => `| [\`x_${i}\`](y) | *z* |`).join('\n');
    // Long blocks up to the size limit: a 95 KB paragraph, a 95 KB line of code.
    const longParagraph = 'word '.repeat(19_000);
    const longCodeLine = '```\n' + 'x'.repeat(95_000) + '\n```';
    for (const text of [sections, linkList, links, table, '```\n' + flatList(8_000) + '\n```', longParagraph, longCodeLine]) {
      expect(isPathological(text)).to.equal(false);
    }
    const div = document.createElement('div');
    div.append(renderMarkdown(sections));
    expect(div.querySelectorAll('ul')).to.have.length(600);
  });

  it('marks more than 100,000 characters without a blank line (in code, blank lines do not count)', () => {
    const over = 'word '.repeat(20_001);
    const code = (lines: number) => '```\n' + Array.from({ length: lines }, (_, i) => (i % 10 ? `let x${i} = ${i};` : '')).join('\n') + '\n```';
    for (const text of [over, `- ${over}`, `| a |\n| - |\n| ${over} |`, '```\n' + over.replaceAll(' ', '_') + '\n```', `Intro\n\n${'w\n'.repeat(50_001)}`, code(8_000)]) {
      expect(isPathological(text), text.slice(0, 20)).to.equal(true);
    }
    // Blank lines end a run: many paragraphs of ordinary length are ordinary, as is code up to the limit.
    expect(isPathological(('word '.repeat(2_000) + '\n\n').repeat(40))).to.equal(false);
    expect(isPathological(code(6_000))).to.equal(false);
    // Once the last line is too long, it stays so (and is not read again).
    const guard = new ShapeGuard();
    expect(guard.tripped('x'.repeat(100_001))).to.equal(true);
    expect(guard.tripped('x'.repeat(100_001) + '\n')).to.equal(true);
  });

  it('marks an indented code block of more than 100,000 characters, blank lines between its lines included', () => {
    const indented = (lines: number) => 'Intro\n\n' + Array.from({ length: lines }, (_, i) => `    code line ${i}\n`).join('\n');
    expect(isPathological(indented(6_000)), '6,000 lines').to.equal(true);
    // Up to the limit it is ordinary; a paragraph between two indented blocks starts the count again.
    expect(isPathological(indented(4_000)), '4,000 lines').to.equal(false);
    expect(isPathological(indented(4_000) + '\nA paragraph.\n\n' + indented(4_000)), 'two blocks').to.equal(false);
  });

  it('decides a growing text line by line exactly as a scan of the whole text does', () => {
    const line = fc.constantFrom('- a', '  - b', '1. c', '', 'text [x](y) `z`', '```', '~~~', '[`[`[`', '*a_b<', '| [x] |', '> - q', '    - deep');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 12 }), (lines, cuts) => {
        // Small limits are reached by repetition: 60 lines times 40 is past every limit for some inputs.
        const text = Array.from({ length: 40 }, () => lines.join('\n')).join('\n');
        const guard = new ShapeGuard();
        for (const cut of [...new Set(cuts.map(cut => cut % (text.length + 1)))].sort((a, b) => a - b)) {
          expect(guard.tripped(text.slice(0, cut)), `at ${cut}`).to.equal(isPathological(text.slice(0, cut)));
        }
        expect(guard.tripped(text)).to.equal(isPathological(text));
      }),
      { numRuns: runs(40) },
    );
  });
});
