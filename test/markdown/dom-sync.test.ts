import { expect } from '@open-wc/testing';
import { syncChildren, syncLeadingChildren } from '../../src/markdown/dom-sync.js';

/** A detached container holding `html`, for building live and freshly rendered trees. */
function tree(html: string): HTMLDivElement {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div;
}

describe('markdown/dom-sync', () => {
  it('syncChildren patches matching nodes in place: same nodes, new text and attributes', () => {
    const live = tree('<p class="a">Hello</p><ul><li>one</li></ul>');
    const [paragraph, list] = [...live.children];
    const text = paragraph.firstChild!;
    syncChildren(live, tree('<p class="b" id="x">Hello world</p><ul><li>one</li><li>two</li></ul>'));
    expect(live.innerHTML).to.equal('<p class="b" id="x">Hello world</p><ul><li>one</li><li>two</li></ul>');
    expect(live.children[0]).to.equal(paragraph);
    expect(live.children[1]).to.equal(list);
    expect(paragraph.firstChild).to.equal(text);
  });

  it('syncChildren removes attributes and children the fresh render no longer has', () => {
    const live = tree('<p title="t" class="c">a</p><p>b</p><p>c</p>');
    syncChildren(live, tree('<p class="c">a</p>'));
    expect(live.innerHTML).to.equal('<p class="c">a</p>');
  });

  it('syncChildren replaces a node whose tag changed (a paragraph that became a heading)', () => {
    const live = tree('<p># Title</p>');
    const paragraph = live.firstChild;
    syncChildren(live, tree('<h1>Title</h1>'));
    expect(live.innerHTML).to.equal('<h1>Title</h1>');
    expect(live.firstChild).not.to.equal(paragraph);
  });

  it('syncChildren leaves the children up to `after` alone', () => {
    const live = tree('<p>done</p><p>tail</p>');
    const done = live.firstChild!;
    syncChildren(live, tree('<p>tail grows</p><p>new</p>'), done);
    expect(live.innerHTML).to.equal('<p>done</p><p>tail grows</p><p>new</p>');
    expect(live.firstChild).to.equal(done);
  });

  it('a selection in text that did not change survives a sync of the whole answer', () => {
    const live = tree('<p>The answer so far</p><p>stre</p>');
    document.body.append(live);
    try {
      const text = live.querySelector('p')!.firstChild!;
      const selection = getSelection()!;
      selection.setBaseAndExtent(text, 4, text, 10);
      syncChildren(live, tree('<p>The answer so far</p><p>streaming on</p>'));
      expect(selection.anchorNode).to.equal(text);
      expect(selection.toString()).to.equal('answer');
    } finally {
      live.remove();
    }
  });

  it('text that grew is appended to in place: a selection in the text being written survives, other text is replaced', () => {
    const live = tree('<p>The answer so fa</p>');
    document.body.append(live);
    const selection = getSelection()!;
    try {
      const text = live.firstChild!.firstChild!;
      selection.setBaseAndExtent(text, 4, text, 10);
      syncChildren(live, tree('<p>The answer so far, and more</p>'));
      expect(live.firstChild!.firstChild).to.equal(text);
      expect(selection.anchorNode).to.equal(text);
      expect(selection.toString()).to.equal('answer');
      syncChildren(live, tree('<p>The end</p>'));
      expect(live.innerHTML).to.equal('<p>The end</p>');
      expect(live.firstChild!.firstChild).to.equal(text);
    } finally {
      selection.removeAllRanges();
      live.remove();
    }
  });

  it('syncLeadingChildren patches one node per fresh node, keeps what follows, and returns the live nodes', () => {
    const live = tree('<p>head</p><p>strea</p><pre>x</pre><p>later</p>');
    const [head, streaming] = [...live.childNodes];
    const nodes = syncLeadingChildren(live, tree('<p>streamed</p><ul><li>list</li></ul>'), head);
    expect(nodes[0]).to.equal(streaming);
    expect(nodes.map(node => (node as Element).outerHTML)).to.deep.equal(['<p>streamed</p>', '<ul><li>list</li></ul>']);
    expect(live.innerHTML).to.equal('<p>head</p><p>streamed</p><ul><li>list</li></ul><pre>x</pre><p>later</p>');
  });
});
