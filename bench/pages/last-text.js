// How the hostile-sizes page tells that an answer's last text is shown: the last word of the answer's text, and the
// last text in its content. Plain functions over DOM-shaped nodes, so the bench's tests run them in Node.

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

/**
 * The last run of letters and digits in a text ('' if none): what an answer ends with whatever markup wraps it. One
 * pass from the end (a regex anchored at the end tried every start: quadratic on a 50,000-letter word).
 */
export function lastWordOf(text = '') {
  const isWordChar = i => /[A-Za-z0-9]/.test(text[i]);
  let end = text.length;
  while (end > 0 && !isWordChar(end - 1)) end--;
  let start = end;
  while (start > 0 && isWordChar(start - 1)) start--;
  return text.slice(start, end);
}

/**
 * The last text node with more than white space under `node`, looked for among its last `budget.nodes` nodes only
 * (so that a frame's check costs next to nothing even when the answer ends in thousands of empty elements); null if
 * none.
 */
export function lastTextOf(node, budget = { nodes: 64 }) {
  for (let child = node?.lastChild; child && budget.nodes-- > 0; child = child.previousSibling) {
    if (child.nodeType === TEXT_NODE && child.data.trim()) return child.data;
    const inner = child.nodeType === ELEMENT_NODE ? lastTextOf(child, budget) : null;
    if (inner) return inner;
  }
  return null;
}
