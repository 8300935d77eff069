import { expect } from '@open-wc/testing';
import { renderMarkdown } from '../../src/markdown/render.js';

const html = (markdown: string, allowImages = false) => {
  const div = document.createElement('div');
  div.append(renderMarkdown(markdown, { allowImages }));
  return div;
};

describe('markdown/render', () => {
  it('renders CommonMark + GFM blocks', () => {
    const div = html('# Title\n\n- a\n- [x] done\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\n```js\nconst x = 1;\n```\n\n~~old~~ **new** _it_');
    expect(div.querySelector('h1')!.textContent).to.equal('Title');
    expect(div.querySelectorAll('li')).to.have.length(2);
    const box = div.querySelector('input')!;
    expect(box.type).to.equal('checkbox');
    expect(box.checked).to.equal(true);
    expect(box.disabled).to.equal(true);
    expect(div.querySelector('td')!.textContent).to.equal('1');
    expect(div.querySelectorAll('th')[1]!.getAttribute('align')).to.equal('center');
    expect(div.querySelector('code.language-js')!.textContent).to.equal('const x = 1;\n');
    expect(div.querySelector('del')!.textContent).to.equal('old');
  });

  it('returns a fragment of the current document', () => {
    const fragment = renderMarkdown('hi');
    expect(fragment).to.be.instanceOf(DocumentFragment);
    // An answer's blocks come in groups (see block-groups.ts), one for a short answer.
    expect(fragment.firstElementChild!.outerHTML).to.equal('<div class="blocks"><p>hi</p>\n</div>');
  });

  it('opens links in a new tab without the opener', () => {
    const a = html('[site](https://example.com)').querySelector('a')!;
    expect(a.getAttribute('href')).to.equal('https://example.com');
    expect(a.getAttribute('target')).to.equal('_blank');
    expect(a.getAttribute('rel')).to.equal('noopener noreferrer');
  });

  it('shows images as links unless images are allowed', () => {
    const off = html('![a cat](https://example.com/cat.png)');
    expect(off.querySelector('img')).to.equal(null);
    expect(off.querySelector('a')!.textContent).to.equal('a cat');
    expect(off.querySelector('a')!.getAttribute('href')).to.equal('https://example.com/cat.png');
    const on = html('![a cat](https://example.com/cat.png)', true);
    expect(on.querySelector('img')!.getAttribute('alt')).to.equal('a cat');
    expect(on.querySelector('img')!.getAttribute('src')).to.equal('https://example.com/cat.png');
  });

  it('shows raw HTML as text and keeps only a code block\'s language class', () => {
    const div = html('<p class="cursor">x</p>\n\n```js\ny\n```\n\nan <b onclick="x()">inline</b> tag');
    expect(div.querySelectorAll('p.cursor, b')).to.have.length(0);
    expect(div.textContent).to.contain('<p class="cursor">x</p>').and.contain('<b onclick="x()">inline</b>');
    expect(div.querySelector('code')!.className).to.equal('language-js');
  });

  it('falls back to plain text for pathological nesting', () => {
    const markdown = '>'.repeat(5000) + ' deep';
    const div = html(markdown); // runaway work would run into the test's timeout; speed is npm run bench's
    expect(div.textContent).to.contain('deep');
  });

  it('keeps long rules and moderately nested lists as markdown', () => {
    expect(html('a\n\n' + '-'.repeat(80) + '\n\n' + '*'.repeat(80)).querySelectorAll('hr')).to.have.length(2);
    const nested = Array.from({ length: 10 }, (_, i) => '  '.repeat(i) + '- level').join('\n');
    expect(html(nested).querySelectorAll('ul')).to.have.length(10);
  });
});
