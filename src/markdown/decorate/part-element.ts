/**
 * A new element for a decoration added to rendered markdown, with its class and its `part` (the class name
 * unless another is given), so pages can style it from outside like every other structural node.
 */
export function partElement<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, part = className): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  element.className = className;
  element.setAttribute('part', part);
  return element;
}
