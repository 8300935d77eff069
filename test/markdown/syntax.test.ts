import { expect } from '@open-wc/testing';
import * as syntax from '../../src/markdown/syntax.js';
import { BACKTICK_FENCE, BULLET, FENCE_MARKER, LINE_INDENT, LIST_MARKER, ORDINAL, TILDE_FENCE } from '../../src/markdown/syntax.js';

/** Which of `samples` the part matches whole. */
const matched = (part: string, samples: string[]) => samples.filter(sample => new RegExp('^' + part + '$').test(sample));

describe('markdown/syntax', () => {
  it('BULLET is `-`, `+` or `*`', () => {
    expect(matched(BULLET, ['-', '+', '*', '_', '•', '--', '1.', ''])).to.deep.equal(['-', '+', '*']);
  });

  it('ORDINAL is 1 to 9 digits, then `.` or `)`', () => {
    expect(matched(ORDINAL, ['1.', '12)', '123456789.', '0)', '1234567890.', '1', '1:', 'a.', '.', '-1.'])).to.deep.equal([
      '1.',
      '12)',
      '123456789.',
      '0)',
    ]);
  });

  it('LIST_MARKER is either, and nothing else', () => {
    expect(matched(LIST_MARKER, ['-', '+', '*', '1.', '3)', '>', '#', '1', '-1.', '- '])).to.deep.equal(['-', '+', '*', '1.', '3)']);
  });

  it('the fence parts are three or more backticks or tildes, never mixed', () => {
    const samples = ['```', '````', '~~~', '~~~~~', '``', '~~', '``~', '~~~`', '', '---'];
    expect(matched(BACKTICK_FENCE, samples)).to.deep.equal(['```', '````']);
    expect(matched(TILDE_FENCE, samples)).to.deep.equal(['~~~', '~~~~~']);
    expect(matched(FENCE_MARKER, samples)).to.deep.equal(['```', '````', '~~~', '~~~~~']);
  });

  it('LINE_INDENT is spaces, tabs and quote markers, or nothing', () => {
    expect(matched(LINE_INDENT, ['', '  ', '\t', '> > ', ' >\t>', '- ', '\n', ' x'])).to.deep.equal(['', '  ', '\t', '> > ', ' >\t>']);
  });

  it('every part is one unit: a quantifier or text joined after it applies to the whole part', () => {
    for (const [name, part] of Object.entries(syntax)) {
      const sample = { BULLET: '-', ORDINAL: '1.', LIST_MARKER: '-', BACKTICK_FENCE: '```', TILDE_FENCE: '~~~', FENCE_MARKER: '```', LINE_INDENT: '>' }[name];
      expect(sample, name).to.be.a('string');
      // A bare alternation (`a|b`) would let `x` join only its last branch, and `?` apply to that branch alone.
      expect(new RegExp('^' + part + 'x$').test(sample + 'x'), name).to.equal(true);
      expect(new RegExp('^' + part + 'x$').test(sample!), name).to.equal(false);
      expect(new RegExp('^y' + part + '$').test(sample!), name).to.equal(false);
      expect(new RegExp('^(?:' + part + ')?$').test(''), name).to.equal(true);
    }
  });
});
