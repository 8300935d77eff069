import { expect } from '@open-wc/testing';
import fc, { runs } from '../helpers/fast-check.js';
import { plainTextView } from '../../src/markdown/plain-text.js';

/** The pieces' texts after appending `text` cut at `cuts`. */
function pieces(text: string, cuts: number[] = []): string[] {
  const div = document.createElement('div');
  const show = plainTextView(div);
  for (const cut of [...cuts, text.length]) show(text.slice(0, cut));
  return [...div.children].map(piece => {
    expect(piece.outerHTML.startsWith('<p class="plain-text">')).to.equal(true);
    return piece.textContent!;
  });
}

describe('markdown/plain-text', () => {
  it('splits text into pieces of about 4 KB, after a space or newline where there is one', () => {
    const text = 'lorem ipsum dolor '.repeat(2_000);
    const shown = pieces(text);
    expect(shown.join('')).to.equal(text);
    for (const piece of shown.slice(0, -1)) {
      expect(piece.length).to.be.within(4096, 4096 + 18);
      expect(piece.endsWith(' ')).to.equal(true);
    }
  });

  it('cuts a word without spaces at 8 KB, never inside a surrogate pair', () => {
    expect(pieces('x'.repeat(20_000)).map(piece => piece.length)).to.deep.equal([8192, 8192, 3616]);
    const emoji = 'x' + '😀'.repeat(5_000); // the pair would straddle 8192
    const shown = pieces(emoji);
    expect(shown.join('')).to.equal(emoji);
    expect(shown[0].length).to.equal(8193);
  });

  it('makes the same pieces however the text arrives', () => {
    const char = fc.constantFrom('a', 'b', ' ', '\n', '😀', '\t', 'é');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 200 }), fc.integer({ min: 1, max: 200 }), fc.array(fc.nat(), { maxLength: 30 }), (chars, repeat, cuts) => {
        const text = chars.join('').repeat(repeat);
        const sorted = cuts.map(cut => cut % (text.length + 1)).sort((a, b) => a - b);
        expect(pieces(text, sorted)).to.deep.equal(pieces(text));
      }),
      { numRuns: runs(60) },
    );
  });
});
