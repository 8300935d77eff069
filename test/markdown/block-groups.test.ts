import { expect } from '@open-wc/testing';
import { BLOCKS_PER_GROUP, groupBlocks } from '../../src/markdown/block-groups.js';

/** A fragment of `count` blocks as marked writes them: each block element followed by a newline. */
function blocks(count: number): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (let i = 0; i < count; i++) {
    const p = document.createElement('p');
    p.textContent = `block ${i}`;
    fragment.append(p, '\n');
  }
  return fragment;
}

const texts = (nodes: Iterable<Node>) => [...nodes].filter(node => node.nodeType === Node.ELEMENT_NODE).map(node => node.textContent);

describe('markdown/block-groups', () => {
  it('leaves an answer shorter than one group as it is', () => {
    const fragment = blocks(BLOCKS_PER_GROUP - 1);
    const first = fragment.firstChild;
    expect(groupBlocks(fragment) === fragment, 'returns the fragment').to.equal(true);
    expect(fragment.childNodes.length).to.equal((BLOCKS_PER_GROUP - 1) * 2);
    expect(fragment.firstChild === first, 'the same first node').to.equal(true);
    expect(fragment.querySelector('.blocks')?.outerHTML ?? null).to.equal(null);
  });

  it('moves each full run of blocks, with their newlines, into a group, in order, and leaves the rest after them', () => {
    const count = BLOCKS_PER_GROUP * 2 + 5;
    const fragment = groupBlocks(blocks(count));
    const groups = [...fragment.children].filter(child => child.className === 'blocks');
    expect(groups.length).to.equal(2);
    expect(fragment.firstChild === groups[0], 'the groups come first').to.equal(true);
    for (const group of groups) {
      expect(group.nodeName).to.equal('DIV');
      expect(group.childNodes.length).to.equal(groupBlocks.nodes);
      expect(group.lastChild!.nodeType, 'a group ends with its last block’s newline').to.equal(Node.TEXT_NODE);
    }
    expect(fragment.childNodes.length, 'two groups, then five blocks and their newlines').to.equal(2 + 5 * 2);
    // Reading order is unchanged: every block, grouped or not, in the order it came.
    const all = [...texts(groups[0].childNodes), ...texts(groups[1].childNodes), ...texts([...fragment.childNodes].slice(2))];
    expect(all).to.deep.equal(Array.from({ length: count }, (_, i) => `block ${i}`));
  });

  it('makes exactly full groups of an answer of a whole number of groups, and nothing after them', () => {
    const fragment = groupBlocks(blocks(BLOCKS_PER_GROUP));
    expect(fragment.childNodes.length).to.equal(1);
    expect((fragment.firstChild as Element).className).to.equal('blocks');
  });
});
