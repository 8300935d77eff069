import { expect } from '@open-wc/testing';
import { renderMarkdown } from '../../../src/markdown/render.js';
import { StreamingMarkdown, type MarkdownDecorator } from '../../../src/markdown/streaming-markdown.js';

/** The `decorate` hook of StreamingMarkdown: trusted DOM added to rendered fragments, finished blocks once. */
describe('StreamingMarkdown decorate hook', () => {
  /** Marks every paragraph with whether it was decorated as finished, and counts finished decorations. */
  function marking() {
    const finishedParagraphs: string[] = [];
    const decorate: MarkdownDecorator = (fragment, finished) => {
      for (const p of fragment.querySelectorAll('p')) {
        p.dataset.finished = String(finished);
        if (finished) finishedParagraphs.push(p.textContent ?? '');
      }
    };
    return { decorate, finishedParagraphs };
  }

  it('decorates the streaming tail as unfinished and each finished block exactly once', () => {
    const container = document.createElement('div');
    const { decorate, finishedParagraphs } = marking();
    const view = new StreamingMarkdown(container, { decorate });
    let text = '';
    for (const chunk of ['One ', 'two.\n\n', 'Three ', 'four.\n\n', 'Five']) {
      text += chunk;
      view.render(text, { streaming: true });
    }
    const flags = () => [...container.querySelectorAll('p')].map(p => `${p.textContent!.trim()}:${p.dataset.finished}`);
    expect(flags()).to.deep.equal(['One two.:true', 'Three four.:true', 'Five:false']);
    const first = container.querySelector('p');
    view.render(text);
    expect(flags()).to.deep.equal(['One two.:true', 'Three four.:true', 'Five:true']);
    expect(finishedParagraphs).to.deep.equal(['One two.', 'Three four.', 'Five']);
    expect(container.querySelector('p') === first, 'finished nodes kept').to.equal(true);
  });

  it('decorates a whole-answer render (raw HTML answers) as finished', () => {
    const container = document.createElement('div');
    const { decorate } = marking();
    const view = new StreamingMarkdown(container, { decorate });
    const text = '<div>\n\nInside\n\n</div>\n\nAfter';
    view.render(text, { streaming: true });
    view.render(text);
    expect(view.stats.fullRenders).to.equal(1);
    expect([...container.querySelectorAll('p')].map(p => p.dataset.finished)).to.deep.equal(['true', 'true']);
    const plain = document.createElement('div');
    plain.append(renderMarkdown(text));
    expect(container.textContent).to.equal(plain.textContent);
  });
});
