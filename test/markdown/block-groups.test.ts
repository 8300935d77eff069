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
  it('puts a short answer in one group, and leaves an empty one empty', () => {
    const fragment = blocks(BLOCKS_PER_GROUP - 1);
    expect(groupBlocks(fragment) === fragment, 'returns the fragment').to.equal(true);
    expect(fragment.childNodes.length).to.equal(1);
    expect((fragment.firstChild as Element).className).to.equal('blocks');
    expect(fragment.firstChild!.childNodes.length).to.equal((BLOCKS_PER_GROUP - 1) * 2);
    expect(groupBlocks(document.createDocumentFragment()).childNodes.length).to.equal(0);
  });

  it('moves each run of blocks, with their newlines, into a group, in order, the last run shorter', () => {
    const count = BLOCKS_PER_GROUP * 2 + 5;
    const fragment = groupBlocks(blocks(count));
    const groups = [...fragment.childNodes] as Element[];
    expect(groups.map(group => `${group.nodeName}.${group.className} ${group.childNodes.length}`)).to.deep.equal([
      `DIV.blocks ${2 * BLOCKS_PER_GROUP}`,
      `DIV.blocks ${2 * BLOCKS_PER_GROUP}`,
      'DIV.blocks 10',
    ]);
    for (const group of groups) expect(group.lastChild!.nodeType, 'a group ends with its last block’s newline').to.equal(Node.TEXT_NODE);
    // Reading order is unchanged: every block in the order it came.
    expect(groups.flatMap(group => texts(group.childNodes))).to.deep.equal(Array.from({ length: count }, (_, i) => `block ${i}`));
  });

  it('makes exactly full groups of an answer of a whole number of groups, and nothing after them', () => {
    const fragment = groupBlocks(blocks(BLOCKS_PER_GROUP));
    expect(fragment.childNodes.length).to.equal(1);
    expect((fragment.firstChild as Element).className).to.equal('blocks');
  });
});
