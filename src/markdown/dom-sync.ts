/**
 * Brings live DOM in line with freshly rendered DOM by patching instead of replacing: nodes that match (same
 * type and tag) are kept and only their attributes, text and children are updated, so a selection inside the
 * streaming answer, focus on a link, and the scroll position survive every frame.
 */

/** Nodes the sync leaves where they are in the live DOM (the typing cursor: moving it restarts its blink). */
const keptNodes = new WeakSet<Node>();

/** Marks `node` as one the sync skips in the live DOM: never patched, replaced or removed (see keptNodes). */
export function keepInPlace(node: Node): void {
  keptNodes.add(node);
}

/** Whether the sync skips `node` (see keepInPlace). */
export const isKept = (node: Node | null): boolean => keptNodes.has(node!); // has(null) is false

function syncAttributes(target: Element, source: Element): void {
  const targetAttributes = target.attributes;
  for (let i = targetAttributes.length - 1; i >= 0; i--) {
    const name = targetAttributes[i]!.name;
    if (!source.hasAttribute(name)) target.removeAttribute(name);
  }
  for (const { name, value } of source.attributes) {
    if (target.getAttribute(name) !== value) target.setAttribute(name, value);
  }
}

function canPatch(target: Node, source: Node): boolean {
  return target.nodeType === source.nodeType && target.nodeName === source.nodeName;
}

function patchNode(target: Node, source: Node): void {
  if (target.nodeType === Node.ELEMENT_NODE) {
    syncAttributes(target as Element, source as Element);
    syncChildren(target, source);
  } else {
    const shown = (target as Text).data;
    const data = (source as Text).data;
    // Text that grew (the paragraph being written) is appended to: setting it whole would collapse a selection in
    // it to its start, and makes layout shape the whole text again, where an append reshapes only what was added.
    if (data === shown) return;
    if (data.startsWith(shown)) (target as Text).appendData(data.slice(shown.length));
    else (target as Text).data = data;
  }
}

/**
 * Makes the children of `target` that follow `after` (all children when `after` is null) equal to the
 * children of `source`, keeping every target node that can be patched. Nodes are moved out of `source`.
 * @param target the live parent.
 * @param source freshly rendered content (consumed).
 * @param after the last target child that is not part of the synced range, or null.
 */
export function syncChildren(target: Node, source: Node, after: Node | null = null): void {
  let current = after ? after.nextSibling : target.firstChild;
  let incoming = source.firstChild;
  while (incoming) {
    const nextIncoming: ChildNode | null = incoming.nextSibling;
    // One kept node at most (the cursor): skipped.
    if (isKept(current)) current = current!.nextSibling;
    if (!current) {
      target.appendChild(incoming);
    } else if (canPatch(current, incoming)) {
      patchNode(current, incoming);
      current = current.nextSibling;
    } else {
      target.replaceChild(incoming, current);
      current = incoming.nextSibling;
    }
    incoming = nextIncoming;
  }
  while (current) {
    const next: ChildNode | null = current.nextSibling;
    if (!isKept(current)) target.removeChild(current);
    current = next;
  }
}

/**
 * Patches the nodes of `source` onto the target children that follow `after`, one for one, inserting where
 * a node cannot be patched, and leaves the target children beyond them alone. Used when tail blocks finish:
 * the live nodes that showed them while streaming become the finished nodes instead of being replaced.
 * @returns the live nodes that now hold `source`'s content, in order.
 */
export function syncLeadingChildren(target: Node, source: Node, after: Node | null): ChildNode[] {
  const result: ChildNode[] = [];
  let current = after ? after.nextSibling : target.firstChild;
  let incoming = source.firstChild;
  while (incoming) {
    const nextIncoming: ChildNode | null = incoming.nextSibling;
    if (current && canPatch(current, incoming)) {
      patchNode(current, incoming);
      result.push(current);
      current = current.nextSibling;
    } else {
      target.insertBefore(incoming, current);
      result.push(incoming);
    }
    incoming = nextIncoming;
  }
  return result;
}
