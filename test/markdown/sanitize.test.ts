import { expect } from '@open-wc/testing';
import DOMPurify from 'dompurify';
import { sanitizeToFragment } from '../../src/markdown/sanitize.js';

/** The sanitized markup of `html`, as the DOM holds it. */
function clean(html: string, allowImages = false): string {
  const div = document.createElement('div');
  div.append(sanitizeToFragment(html, allowImages));
  return div.innerHTML;
}

describe('markdown/sanitize', () => {
  it('returns a DocumentFragment, never a string', () => {
    const fragment = sanitizeToFragment('<p>hello</p>');
    expect(fragment.nodeType).to.equal(Node.DOCUMENT_FRAGMENT_NODE);
    expect(fragment.firstElementChild?.outerHTML).to.equal('<p>hello</p>');
  });

  it('keeps the tags marked writes and drops every other one, keeping its text', () => {
    expect(clean('<h2>Title</h2><p><em>a</em> <strong>b</strong> <del>c</del> <code>d</code></p>')).to.equal(
      '<h2>Title</h2><p><em>a</em> <strong>b</strong> <del>c</del> <code>d</code></p>',
    );
    expect(clean('<p>x<script>alert(1)</script><iframe src="https://e.com"></iframe><style>p{}</style></p>')).to.equal('<p>x</p>');
    expect(clean('<div><span>kept text</span></div>')).to.equal('kept text');
  });

  it('keeps only the attributes each tag may carry', () => {
    expect(clean('<p id="x" style="color:red" onclick="evil()" data-a="1" aria-label="l">p</p>')).to.equal('<p>p</p>');
    expect(clean('<ol start="3" type="a"><li>three</li></ol>')).to.equal('<ol start="3"><li>three</li></ol>');
    expect(clean('<table><thead><tr><th align="right" title="t">h</th></tr></thead></table>')).to.equal(
      '<table><thead><tr><th align="right">h</th></tr></thead></table>',
    );
  });

  it('keeps a code block’s language class and no other class', () => {
    expect(clean('<pre><code class="language-c++">x</code></pre>')).to.equal('<pre><code class="language-c++">x</code></pre>');
    expect(clean('<pre><code class="hljs evil">x</code></pre>')).to.equal('<pre><code>x</code></pre>');
    expect(clean('<p class="language-js">x</p>')).to.equal('<p>x</p>');
  });

  it('opens links in a new tab without the opener, and drops script URLs', () => {
    expect(clean('<a href="https://example.com/" title="t">x</a>')).to.equal(
      '<a href="https://example.com/" title="t" target="_blank" rel="noopener noreferrer">x</a>',
    );
    expect(clean('<a href="/relative">r</a>')).to.contain('href="/relative"');
    expect(clean('<a href="mailto:a@b.c">m</a>')).to.contain('href="mailto:a@b.c"');
    for (const href of ['javascript:alert(1)', 'java\tscript:alert(1)', '&#x0A;javascript:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:x']) {
      expect(clean(`<a href="${href}">x</a>`), href).not.to.contain('href');
    }
  });

  it('keeps task-list checkboxes only, and makes them read-only', () => {
    expect(clean('<ul><li><input type="checkbox" checked> done</li></ul>')).to.equal(
      '<ul><li><input type="checkbox" checked="" disabled=""> done</li></ul>',
    );
    expect(clean('<p><input type="text" value="x"><input type="submit"></p>')).to.equal('<p></p>');
  });

  it('removes images unless they are allowed; allowed ones load lazily without a referrer', () => {
    const image = '<p><img src="https://example.com/i.png" alt="an image" onerror="evil()" width="9000"></p>';
    expect(clean(image)).to.equal('<p></p>');
    expect(clean(image, true)).to.equal('<p><img src="https://example.com/i.png" alt="an image" loading="lazy" referrerpolicy="no-referrer"></p>');
    expect(clean('<p><img src="javascript:alert(1)"></p>', true)).not.to.contain('src');
  });

  it('parses everything as body content: a leading style or meta is not hoisted into a head', () => {
    expect(clean('<style>*{display:none}</style><p>shown</p>')).to.equal('<p>shown</p>');
    expect(clean('<meta http-equiv="refresh" content="0;url=https://e.com"><p>shown</p>')).to.equal('<p>shown</p>');
  });

  it('never lets a leading frameset through: it throws, and callers fall back to plain text', () => {
    // The parser lets a frameset replace the body even after FORCE_BODY's leading element, so there is no body.
    let html = '';
    try {
      html = clean('<frameset onload="evil()"><frame src="javascript:alert(1)"></frameset><p>after</p>');
    } catch (error) {
      expect((error as Error).message).to.equal('markdown HTML could not be sanitized');
    }
    expect(html).not.to.match(/frame|onload|javascript/);
  });

  it('is not weakened by hooks or config a page adds to the global DOMPurify', () => {
    const allowAll = (_node: Element, data: { keepAttr: boolean }) => {
      data.keepAttr = true;
    };
    DOMPurify.setConfig({ ALLOWED_TAGS: ['script', 'p'], ALLOWED_ATTR: ['onclick'] });
    DOMPurify.addHook('uponSanitizeAttribute', allowAll as never);
    try {
      expect(clean('<p onclick="evil()">x<script>alert(1)</script></p>')).to.equal('<p>x</p>');
    } finally {
      DOMPurify.removeHook('uponSanitizeAttribute');
      DOMPurify.clearConfig();
    }
  });
});
