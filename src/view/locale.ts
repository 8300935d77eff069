/**
 * The language of the closest ancestor with a `lang`, looking through shadow roots to their hosts, so a chat inside
 * another component still formats numbers for the page's language.
 */
export function closestLang(element: Element): string | undefined {
  for (let node: Element | null = element; node; ) {
    const lang = node.closest('[lang]');
    if (lang) return lang.getAttribute('lang') || undefined;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return undefined;
}
