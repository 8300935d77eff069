import { expect } from '@open-wc/testing';
import { linkCitations } from '../../../src/markdown/decorate/citations.js';
import { renderMarkdown } from '../../../src/markdown/render.js';

/**
 * Renders markdown as the element does, links citations for `count` sources, and returns the HTML. `cards` maps
 * the server's numbers to cards (by default `[n]` is card n).
 */
function linked(markdown: string, count: number, cards?: number[]): string {
  const fragment = renderMarkdown(markdown);
  const card = (n: number) => (cards ? cards[n - 1] : n >= 1 && n <= count ? n : undefined);
  linkCitations(fragment, { count, card, href: n => `#source-m-${n}`, label: n => `Source ${n}` });
  const div = document.createElement('div');
  div.append(fragment);
  // The blocks without their group (see block-groups.ts).
  return div.firstElementChild!.innerHTML.trim();
}

const link = (n: number) =>
  `<sup class="citation-ref"><a class="citation" part="citation" href="#source-m-${n}" aria-label="Source ${n}" data-source="${n}">${n}</a></sup>`;

describe('linkCitations', () => {
  it('turns [n] into a superscript link to source n, for each existing source', () => {
    expect(linked('SSE is one-way [1][2], mostly [2].', 2)).to.equal(`<p>SSE is one-way ${link(1)}${link(2)}, mostly ${link(2)}.</p>`);
  });

  it('drops markers without a source (never a raw [3]), and leaves markers in code and links literal', () => {
    expect(linked('Seen [3] and [0].', 2)).to.equal('<p>Seen and.</p>');
    expect(linked('Claim [1] and [3].', 2)).to.equal(`<p>Claim ${link(1)} and.</p>`);
    expect(linked('`a[1]` and\n\n```\nb[1]\n```', 1)).to.equal('<p><code>a[1]</code> and</p>\n<pre><code>b[1]\n</code></pre>');
    expect(linked('[see [1]](https://example.com/)', 1)).to.include('>see [1]</a>');
  });

  it('does nothing at all without sources', () => {
    expect(linked('Claim [1].', 0)).to.equal('<p>Claim [1].</p>');
  });

  it('links markers inside headings (whose name leaves the citation out), lists and emphasis', () => {
    expect(linked('### Title [1]\n\n- item *[1]*', 1)).to.equal(
      `<h3 aria-label="Title">Title ${link(1)}</h3>\n<ul>\n<li>item <em>${link(1)}</em></li>\n</ul>`,
    );
  });

  it("follows the server's numbering: repeated sources share a card, and every marker it used resolves", () => {
    // The server listed 4 sources, the 4th a repeat of the 2nd: 3 cards.
    expect(linked('From [1], [2], [3] and [4].', 3, [1, 2, 3, 2])).to.equal(`<p>From ${link(1)}, ${link(2)}, ${link(3)} and ${link(2)}.</p>`);
  });
});
