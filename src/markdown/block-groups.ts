/**
 * Groups of finished blocks. A long answer's blocks are the answer element's children: each frame of a stream,
 * the browser restyles, lays out and checks the visibility (`content-visibility: auto`) of every child of an element
 * whose content changed, so a frame of a flat answer costs its number of blocks. So an answer's blocks come in runs
 * of BLOCKS_PER_GROUP in `<div class="blocks">` (which the styles make skippable as a whole), the last run shorter:
 * a frame costs the groups and the blocks of the last one. A stream builds the groups as it goes (each block is
 * written into the last group and stays there), so no frame moves finished blocks into a group (see
 * StreamingMarkdown). The same rule for a one-shot render and a streamed one keeps the two the same DOM.
 */

/**
 * Blocks per group. Fewer means more groups for every frame to skip: 16 made 30,000 setext headings' longest task
 * twice as long as 64 did; more means a longer last group, which a frame lays out as far as it changed.
 */
export const BLOCKS_PER_GROUP = 32;

/** marked writes each block as one element and a newline (see StreamingMarkdown): a group's top-level nodes. */
const NODES_PER_GROUP = BLOCKS_PER_GROUP * 2;

/**
 * Groups the top-level nodes of a rendered answer: each run of BLOCKS_PER_GROUP blocks (twice as many nodes) goes into a group,
 * the last run shorter. Returns the fragment.
 */
export function groupBlocks(fragment: DocumentFragment): DocumentFragment {
  const groups: HTMLDivElement[] = [];
  while (fragment.firstChild) {
    const group = groupBlocks.create();
    for (let i = 0; i < NODES_PER_GROUP && fragment.firstChild; i++) group.append(fragment.firstChild);
    groups.push(group);
  }
  fragment.append(...groups);
  return fragment;
}
/** An empty group. */
groupBlocks.create = (): HTMLDivElement => {
  const group = document.createElement('div');
  // Sanitized markdown keeps no class but a code block's language: the styles can tell a group apart.
  group.className = 'blocks';
  return group;
};
