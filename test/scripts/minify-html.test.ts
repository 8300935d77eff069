import { expect } from '@open-wc/testing';
import { html, render } from 'lit';
import { collapseHtmlWhitespace, templateEdits } from '../../scripts/minify-html.js';

/** A template's strings as a tag function receives them (Lit checks for `raw`). */
function templateStrings(pieces: readonly string[]): TemplateStringsArray {
  return Object.assign([...pieces], { raw: [...pieces] }) as unknown as TemplateStringsArray;
}

/** What Lit renders for `pieces` with `values`: the shown text and the element tree without its whitespace. */
function rendered(pieces: readonly string[], values: readonly unknown[]) {
  const host = document.createElement('div');
  document.body.append(host);
  try {
    render(html(templateStrings(pieces), ...values), host);
    return {
      text: host.innerText,
      tree: host.innerHTML.replace(/<!--[^]*?-->/g, '').replace(/\s+/g, ' '),
      nodes: host.querySelectorAll('*').length,
    };
  } finally {
    host.remove();
  }
}

describe('minify-html (script-tag bundle build)', () => {
  it('makes each whitespace run that breaks a line one space, and keeps every other space', () => {
    expect(collapseHtmlWhitespace('<ul>\n      <li>a</li>\r\n\t  <li>b  c</li>\n</ul>')).to.equal('<ul> <li>a</li> <li>b  c</li> </ul>');
    expect(collapseHtmlWhitespace('\n    ')).to.equal(' ');
    expect(collapseHtmlWhitespace('a\u00a0\n  b')).to.equal('a\u00a0 b');
    expect(collapseHtmlWhitespace('one line, two  spaces')).to.equal('one line, two  spaces');
  });

  it('renders the same page through Lit: same text, same elements, same bindings', () => {
    const pieces = ['\n  <section class="a"\n      title=', '>\n    <span>', '</span>\n    <span>', '</span>\n    ', '\n  </section>\n'];
    const values = ['the title', 'one', 'two', html`<b>three</b>`];
    const before = rendered(pieces, values);
    const after = rendered(pieces.map(collapseHtmlWhitespace), values);
    expect(after).to.deep.equal(before);
    expect(after.text).to.include('one two three');
  });

  it('leaves a template alone when it holds an element whose whitespace is content', () => {
    const code = 'html`<textarea>\n  ${x}\n</textarea>` html`<div>\n  ${x}\n</div>`';
    const piece = (text: string, from = 0) => ({ start: code.indexOf(text, from), end: code.indexOf(text, from) + text.length });
    expect(templateEdits(code, [piece('<textarea>\n  '), piece('\n</textarea>')])).to.deep.equal([]);
    const edits = templateEdits(code, [piece('<div>\n  '), piece('\n</div>')]);
    expect(edits.map(edit => edit.text)).to.deep.equal(['<div> ', ' </div>']);
  });
});
