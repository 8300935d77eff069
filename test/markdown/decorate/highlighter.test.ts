import { expect } from '@open-wc/testing';
import { highlightedContent } from '../../../src/markdown/decorate/highlighter.js';

const html = (node: Node | null) => {
  const div = document.createElement('div');
  if (node) div.append(node);
  return div.innerHTML;
};

describe('highlightedContent', () => {
  it('turns tokens into spans with tok-* classes and text, never markup', () => {
    const node = highlightedContent([{ text: 'let', type: 'keyword' }, { text: ' x = ' }, { text: '"<b>"', type: 'string' }], 'let x = "<b>"');
    expect(html(node)).to.equal('<span class="tok-keyword">let</span> x = <span class="tok-string">"&lt;b&gt;"</span>');
  });

  it('keeps tokens with an unsafe type plain', () => {
    const node = highlightedContent([{ text: 'a', type: 'x" onclick="y' }], 'a');
    expect(html(node)).to.equal('a');
  });

  // Compared as booleans: a failing assertion about a DOM node cannot be serialized back to the runner.
  it('refuses results that would change the code, and accepts a node with the same text', () => {
    expect(highlightedContent([{ text: 'other' }], 'code') === null, 'tokens').to.equal(true);
    expect(highlightedContent(document.createTextNode('other'), 'code') === null, 'node').to.equal(true);
    expect(highlightedContent(null, 'code') === null, 'null').to.equal(true);
    const span = document.createElement('span');
    span.textContent = 'code';
    expect(highlightedContent(span, 'code') === span, 'same text').to.equal(true);
  });
});
