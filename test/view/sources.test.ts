import { expect } from '@open-wc/testing';
import type { ChatSource } from '../../src/dialects/chat-event.js';
import { defaultStrings } from '../../src/view/strings.js';
import { DisplayLimit } from '../../src/view/display-text.js';
import { safeUrl, sourceId, sourceTitle, sourcesList } from '../../src/view/sources.js';
import { markup, rendered, text, viewContext } from '../helpers/view-context.js';

const { view } = viewContext();

describe('view/sources', () => {
  it('safeUrl links http(s) only, resolving relative URLs, and nothing that does not parse', () => {
    expect(safeUrl('https://example.com/a')?.href).to.equal('https://example.com/a');
    expect(safeUrl('/docs')?.href).to.equal(new URL('/docs', document.baseURI).href);
    for (const url of ['javascript:alert(1)', 'data:text/html,x', 'mailto:a@b.c', 'http://[bad', undefined, '']) {
      expect(safeUrl(url)?.href, String(url)).to.equal(undefined);
    }
  });

  it('sourceTitle is the source’s own title (shortened), else its link’s host, else "Source n"', () => {
    expect(sourceTitle(view, { title: 'Guide' }, 0)).to.equal('Guide');
    expect(sourceTitle(view, { title: 'x'.repeat(500) }, 0)).to.have.length(DisplayLimit.title + 1);
    expect(sourceTitle(view, { title: '', url: 'https://docs.example.com/a' }, 0)).to.equal('docs.example.com');
    expect(sourceTitle(view, { title: '', url: 'javascript:x' }, 2)).to.equal('Source 3');
  });

  it('renders nothing without sources', () => {
    expect(markup(rendered(sourcesList(view, { sources: [], id: 'm1' })).querySelector('ol'))).to.equal(null);
  });

  it('renders numbered cards, each the target of its citations, linking only safe URLs, as text', () => {
    const sources: ChatSource[] = [
      { title: 'Guide <b>bold</b>', url: 'https://example.com/guide', snippet: 'A snippet', score: 0.5 },
      { title: 'Evil', url: 'javascript:alert(1)' },
    ];
    const list = rendered(sourcesList(view, { sources, id: 'm1' })).querySelector('ol[part="sources"]')!;
    expect(list.getAttribute('aria-label')).to.equal(defaultStrings.sourcesLabel);
    const cards = [...list.querySelectorAll('li[part="source"]')];
    expect(cards.map(card => card.id)).to.deep.equal([sourceId('m1', 1), sourceId('m1', 2)]);
    const link = cards[0].querySelector<HTMLAnchorElement>('a[part="source-link"]')!;
    expect(link.href).to.equal('https://example.com/guide');
    expect(link.rel).to.equal('noopener noreferrer');
    expect(link.textContent).to.equal('Guide <b>bold</b>');
    expect(markup(cards[0].querySelector('b')), 'a title is text, never markup').to.equal(null);
    expect(text(cards[0].querySelector('[part="source-snippet"]'))).to.equal('A snippet');
    expect(cards[0].querySelector('[part="source-score"]')).not.to.equal(null);
    expect(markup(cards[1].querySelector('a')), 'no link for a script URL').to.equal(null);
    expect(text(cards[1].querySelector('[part="source-title"]'))).to.equal('Evil');
  });

  it('lists the first cards only and counts the rest', () => {
    const sources = Array.from({ length: DisplayLimit.items + 5 }, (_, i) => ({ title: `S${i}` }));
    const list = rendered(sourcesList(view, { sources, id: 'm1' }));
    expect(list.querySelectorAll('[part="source"]')).to.have.length(DisplayLimit.items);
    expect(text(list.querySelector('[part="more"]'))).to.equal('+ 5 more');
  });
});
