import { expect } from '@open-wc/testing';
import { createCursor, placeCursor, removeCursor } from '../../src/markdown/cursor.js';

/** A container holding `html`, the cursor placed in it, and the markup with the cursor written as `|`. */
function placed(html: string) {
  const container = document.createElement('div');
  container.innerHTML = html;
  const cursor = createCursor();
  placeCursor(container, cursor);
  return { container, cursor, shown: container.innerHTML.replace(cursor.outerHTML, '|') };
}

describe('markdown/cursor', () => {
  it('is an empty, aria-hidden span with the cursor part, never text', () => {
    const cursor = createCursor();
    expect(cursor.outerHTML).to.equal('<span class="cursor" part="cursor" aria-hidden="true"></span>');
  });

  it('goes at the end of the deepest last block, where the next character appears', () => {
    expect(placed('<p>one</p><p>two</p>').shown).to.equal('<p>one</p><p>two|</p>');
    expect(placed('<ul><li>a</li><li>b</li></ul>').shown).to.equal('<ul><li>a</li><li>b|</li></ul>');
    expect(placed('<ol><li><p>loose</p></li></ol>').shown).to.equal('<ol><li><p>loose|</p></li></ol>');
    expect(placed('<blockquote><p>quoted</p></blockquote>').shown).to.equal('<blockquote><p>quoted|</p></blockquote>');
    expect(placed('<table><tbody><tr><td>a</td><td>b</td></tr></tbody></table>').shown).to.equal(
      '<table><tbody><tr><td>a</td><td>b|</td></tr></tbody></table>',
    );
  });

  it('stays in a list item that ends with inline content, not inside its last inline element', () => {
    expect(placed('<ul><li>see <a href="#">link</a></li></ul>').shown).to.equal('<ul><li>see <a href="#">link</a>|</li></ul>');
    expect(placed('<p>text <em>emphasis</em></p>').shown).to.equal('<p>text <em>emphasis</em>|</p>');
  });

  it('goes after the container’s content when there is no block, or the last one cannot hold it', () => {
    expect(placed('').shown).to.equal('|');
    expect(placed('<p>a</p><hr>').shown).to.equal('<p>a</p><hr>|');
  });

  it('goes before the final newline of code, splitting its text, and removing it joins the text again', () => {
    const { container, cursor, shown } = placed('<pre><code>line 1\nline 2\n</code></pre>');
    expect(shown).to.equal('<pre><code>line 1\nline 2|\n</code></pre>');
    const code = container.querySelector('code')!;
    removeCursor(cursor);
    expect(code.innerHTML).to.equal('line 1\nline 2\n');
    expect(code.childNodes.length, 'one text node again').to.equal(1);
  });

  it('removing a cursor that was never placed does nothing', () => {
    expect(() => removeCursor(createCursor())).not.to.throw();
  });
});
