import { expect } from '@open-wc/testing';
import { linkCitations } from '../../../src/markdown/decorate/citations.js';
import { renderMarkdown } from '../../../src/markdown/render.js';

/** Renders markdown as the element does, links citations for `count` sources, and returns the HTML. */
function linked(markdown: string, count: number): string {
  const fragment = renderMarkdown(markdown);
  linkCitations(fragment, { count, href: n => `#source-m-${n}`, label: n => `Source ${n}` });
  const div = document.createElement('div');
  div.append(fragment);
  return div.innerHTML.trim();
}

const link = (n: number) =>
  `<sup class="citation-ref"><a class="citation" part="citation" href="#source-m-${n}" aria-label="Source ${n}" data-source="${n}">${n}</a></sup>`;

describe('linkCitations', () => {
  it('turns [n] into a superscript link to source n, for each existing source', () => {
    expect(linked('SSE is one-way [1][2], mostly [2].', 2)).to.equal(`<p>SSE is one-way ${link(1)}${link(2)}, mostly ${link(2)}.</p>`);
  });

  it('leaves markers without a source, in code, and in links literal', () => {
    expect(linked('Seen [3] and [0].', 2)).to.equal('<p>Seen [3] and [0].</p>');
    expect(linked('`a[1]` and\n\n```\nb[1]\n```', 1)).to.equal('<p><code>a[1]</code> and</p>\n<pre><code>b[1]\n</code></pre>');
    expect(linked('[see [1]](https://example.com/)', 1)).to.include('>see [1]</a>');
  });

  it('does nothing at all without sources', () => {
    expect(linked('Claim [1].', 0)).to.equal('<p>Claim [1].</p>');
  });

  it('links markers inside headings, lists and emphasis', () => {
    expect(linked('### Title [1]\n\n- item *[1]*', 1)).to.equal(`<h3>Title ${link(1)}</h3>\n<ul>\n<li>item <em>${link(1)}</em></li>\n</ul>`);
  });
});
