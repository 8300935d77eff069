/**
 * Groups of finished blocks. A long answer's blocks are the answer element's children: each frame of a stream,
 * the browser restyles, lays out and checks the visibility (`content-visibility: auto`) of every child of an element
 * whose content changed, so a frame of a flat answer costs its number of blocks. Each full run of
 * BLOCKS_PER_GROUP blocks is moved into a `<div class="blocks">` (which the styles make skippable as a whole), so a
 * frame costs the groups and the blocks after the last one. Shorter answers have no group. The same rule for a
 * one-shot render and a streamed one keeps the two the same DOM.
 */

/**
 * Blocks per group: the ungrouped end of an answer stays below this. A group is formed in view (its last block was
 * just written), so the frame that forms it lays out all its blocks, which no longer skip one by one: 64 made that
 * frame 45–55 ms of CPU at 32,000 tokens (30–38 ms by 32). Fewer blocks per group means more groups for every frame
 * to skip: 16 made 30,000 setext headings' longest task twice as long as 64 did; 32 keeps it as it was.
 */
export const BLOCKS_PER_GROUP = 32;

/** marked writes each block as one element and a newline (see StreamingMarkdown): a group's top-level nodes. */
const NODES_PER_GROUP = BLOCKS_PER_GROUP * 2;


/**
 * Groups the top-level nodes of a rendered answer: each full run of {@link groupBlocks.nodes} nodes goes into a group,
 * the rest stays as it is. Returns the fragment.
 */
export function groupBlocks(fragment: DocumentFragment): DocumentFragment {
  const full = Math.floor(fragment.childNodes.length / NODES_PER_GROUP);
  if (full === 0) return fragment;
  const groups: HTMLDivElement[] = [];
  for (let i = 0; i < full; i++) {
    const group = groupBlocks.create();
    for (let j = 0; j < NODES_PER_GROUP; j++) group.append(fragment.firstChild!);
    groups.push(group);
  }
  fragment.prepend(...groups);
  return fragment;
}
/** Top-level nodes of one group. */
groupBlocks.nodes = NODES_PER_GROUP;
/** An empty group. */
groupBlocks.create = (): HTMLDivElement => {
  const group = document.createElement('div');
  // Sanitized markdown keeps no class but a code block's language: the styles can tell a group apart.
  group.className = 'blocks';
  return group;
};
