import { render, type TemplateResult } from 'lit';
import { defaultStrings } from '../../src/strings.js';
import type { ChatHandlers, ViewContext } from '../../src/view/context.js';

/**
 * A view context for rendering one template on its own, as the element would: default strings, an `en` locale, and a
 * host whose every handler records its name, so a test can click what a template rendered and see what it calls.
 */
export function viewContext(overrides: Partial<Omit<ViewContext, 'host'>> = {}) {
  const calls: string[] = [];
  const host = new Proxy({} as ChatHandlers, { get: (_, name) => () => void calls.push(String(name)) });
  const view: ViewContext = { strings: defaultStrings, locale: 'en', host, ...overrides };
  return { view, calls };
}

/** `template` rendered with lit's `render` into a fresh, attached container (removed with the page). */
export function rendered(template: unknown): HTMLDivElement {
  const container = document.createElement('div');
  document.body.append(container);
  render(template as TemplateResult, container);
  return container;
}

/** Text with runs of whitespace (template indentation) folded to one space. */
export const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
