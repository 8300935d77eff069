import { render, type TemplateResult } from 'lit';
import { defaultStrings } from '../../src/view/strings.js';
import type { ChatHandlers, ViewContext } from '../../src/view/context.js';
import { clickInMessages } from '../../src/view/message.js';

/**
 * A view context for rendering one template on its own, as the element would: default strings, an `en` locale, a
 * clock at 0, and a host whose every handler records its name, so a test can click what a template rendered and see
 * what it calls.
 */
export function viewContext(overrides: Partial<Omit<ViewContext, 'host'>> = {}) {
  const calls: string[] = [];
  // Only `handle…` names answer: anything else (`then`, `toJSON`) must not look like a method to whoever inspects it.
  const record = (name: string) => () => void calls.push(name);
  const host = new Proxy({} as ChatHandlers, { get: (_, name) => (typeof name === 'string' && name.startsWith('handle') ? record(name) : undefined) });
  const view: ViewContext = { strings: defaultStrings, locale: 'en', now: 0, host, ...overrides };
  return { view, calls };
}

/**
 * `template` rendered with lit's `render` into a fresh container, detached: the page stays as it was. Given a view,
 * clicks in it go to the view's host through `clickInMessages`, as they do from the element's message list.
 */
export function rendered(template: unknown, view?: ViewContext): HTMLDivElement {
  const container = document.createElement('div');
  if (view) container.addEventListener('click', event => clickInMessages(event, view.host));
  render(template as TemplateResult, container);
  return container;
}

/** Text with runs of whitespace (template indentation) folded to one space. */
export const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/**
 * A node's markup, or null: assert `expect(markup(node)).to.equal(null)`, not on the node itself, whose failure
 * message would walk the whole DOM through the node's properties.
 */
export const markup = (node: Element | null | undefined) => node?.outerHTML ?? null;
