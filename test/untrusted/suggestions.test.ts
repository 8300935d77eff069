import { expect } from '@open-wc/testing';
import { readSuggestions } from '../../src/untrusted/suggestions.js';

// One rule for suggestions a server sends and suggestions read back from storage: chips, not paragraphs.
describe('untrusted suggestions', () => {
  it('keeps non-blank strings, trimmed, and nothing from a value that is not a list', () => {
    expect(readSuggestions(['  Next? ', '', '   ', 7, null, { text: 'x' }, 'Why?'])).to.deep.equal(['Next?', 'Why?']);
    expect(readSuggestions('Next?')).to.deep.equal([]);
    expect(readSuggestions({ 0: 'Next?', length: 1 })).to.deep.equal([]);
  });

  it('keeps at most five, and none longer than 200 characters', () => {
    expect(readSuggestions(['1', '2', '3', '4', '5', '6', '7'])).to.deep.equal(['1', '2', '3', '4', '5']);
    expect(readSuggestions(['a'.repeat(201), 'b'.repeat(200)])).to.deep.equal(['b'.repeat(200)]);
  });
});
