import { expect } from '@open-wc/testing';
import { StreamingMarkdown } from '../../../src/markdown/streaming-markdown.js';

// Alone in its file: the warm-up happens once per page, on the page's first streaming render.
describe('StreamingMarkdown warm-up', () => {
  it("renders a sample once, in a later task, while the page's first answer is still empty", async () => {
    // DOMPurify parses each render's HTML with a DOMParser: counting its calls sees the sample go through.
    const parse = DOMParser.prototype.parseFromString;
    let parses = 0;
    DOMParser.prototype.parseFromString = function (...args: Parameters<typeof parse>) {
      parses++;
      return parse.apply(this, args);
    };
    try {
      const container = document.createElement('div');
      const view = new StreamingMarkdown(container);
      view.render('', { streaming: true });
      const rendered = parses;
      await new Promise(resolve => setTimeout(resolve, 10));
      expect(parses, 'the sample, after the render').to.be.greaterThan(rendered);
      expect(container.textContent, 'nothing of it shows').to.equal('');

      new StreamingMarkdown(document.createElement('div')).render('', { streaming: true });
      const again = parses;
      await new Promise(resolve => setTimeout(resolve, 10));
      expect(parses, 'once per page').to.equal(again);
    } finally {
      DOMParser.prototype.parseFromString = parse;
    }
  });
});
