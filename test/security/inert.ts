import { aTimeout, expect } from '@open-wc/testing';

/**
 * Shared checks for the security tests: hostile strings that would run script (setting `window.__pwned`) or leave
 * a marked element (`data-pwn`) behind if any part of the element treated server text as HTML, and the assertions
 * that prove they stayed text.
 */

declare global {
  interface Window {
    __pwned?: unknown;
  }
}

/** Server strings that execute or inject markup if they are ever parsed as HTML (or as a URL, or a template). */
export const HOSTILE = {
  img: `<img src=x onerror="window.__pwned='img'" data-pwn>`,
  script: `<script data-pwn>window.__pwned='script'</script>`,
  svg: `<svg data-pwn onload="window.__pwned='svg'"><animate onbegin="window.__pwned='animate'" attributeName=x dur=1s>`,
  iframe: `<iframe data-pwn srcdoc="<script>parent.__pwned='iframe'</script>"></iframe>`,
  link: `<a data-pwn href="javascript:window.__pwned='a'">click</a>`,
  attribute: `" onfocus="window.__pwned='attr'" autofocus data-pwn="`,
  template: '${window.__pwned="tpl"}{{constructor.constructor("window.__pwned=1")()}}',
  style: `<style data-pwn>*{display:none}</style><link data-pwn rel=stylesheet href=//evil.example/x.css>`,
} as const;

/** Elements that server text must never produce inside the chat (our own icons are the only SVG). */
const FORBIDDEN = 'script, iframe, frame, object, embed, style, link, meta, base, template, math, [data-pwn]';

/** Object.prototype as it was before any test ran: pollution shows as a difference. */
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

/** Elements of a root, including those inside nested shadow roots (there are none today; a future one counts). */
function allElements(root: ParentNode): Element[] {
  const found: Element[] = [];
  for (const element of root.querySelectorAll('*')) {
    found.push(element);
    if (element.shadowRoot) found.push(...allElements(element.shadowRoot));
  }
  return found;
}

/**
 * Asserts that nothing a server sent ran or became markup: after a tick (for `onerror`/`onload` to have fired)
 * `window.__pwned` is unset, no forbidden or marked element exists, no element carries an event-handler or
 * `srcdoc` attribute, every link is http(s), and `Object.prototype` is as it was.
 */
export async function expectInert(root: ParentNode, what = 'the chat'): Promise<void> {
  await aTimeout(30);
  expect(window.__pwned, `${what}: a payload ran`).to.equal(undefined);
  expect(
    Array.from(root.querySelectorAll(FORBIDDEN), element => element.outerHTML.slice(0, 120)),
    `${what}: elements from the payload`,
  ).to.deep.equal([]);
  for (const element of allElements(root)) {
    const names = element.getAttributeNames();
    expect(names.filter(name => name.startsWith('on') || name === 'srcdoc' || name === 'formaction'), `${what}: attributes on <${element.localName}>`)
      .to.deep.equal([]);
    if (element.localName === 'svg') expect(element.classList.contains('icon'), `${what}: an <svg> that is not ours`).to.equal(true);
    if (element.localName === 'a' && element.hasAttribute('href')) {
      expect(['http:', 'https:', 'mailto:'], `${what}: link to ${element.getAttribute('href')}`).to.include(
        new URL(element.getAttribute('href')!, document.baseURI).protocol,
      );
    }
  }
  expectPrototypesClean();
}

/** Object.prototype has exactly the properties it had at load, and `{}` inherits nothing planted. */
export function expectPrototypesClean(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort(), 'Object.prototype').to.deep.equal(prototypeKeys);
  const probe: Record<string, unknown> = {};
  expect(probe.polluted, 'a polluted property inherited by {}').to.equal(undefined);
  expect(Object.getPrototypeOf(probe)).to.equal(Object.prototype);
}

/** Forgets a payload that ran, so one failure does not fail every later test. */
export function resetPwned(): void {
  delete window.__pwned;
}
