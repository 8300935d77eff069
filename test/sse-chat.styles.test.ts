import { expect } from '@open-wc/testing';
import { controlStyles, messageStyles, shellStyles } from '../src/sse-chat.styles.js';

/** The element's three sheets as one, in their cascade order. */
const styles = { cssText: [shellStyles, messageStyles, controlStyles].map(sheet => sheet.cssText).join('\n') };

/** Every selector of the element's styles, as Chromium reads them (nested rules included). */
function selectors(cssText: string): string[] {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(cssText);
  const found: string[] = [];
  const walk = (rules: CSSRuleList) => {
    for (const rule of rules) {
      if (rule instanceof CSSStyleRule) found.push(rule.selectorText);
      if ('cssRules' in rule) walk((rule as CSSGroupingRule).cssRules);
    }
  };
  walk(sheet.cssRules);
  return found;
}

/** The arguments of each `:has(…)` in `selector` (one level of parentheses inside is enough for these styles). */
const hasArguments = (selector: string) =>
  [...selector.matchAll(/:has\(((?:[^()]|\([^()]*\))*)\)/g)].flatMap(match => match[1]!.split(/,(?![^(]*\))/).map(argument => argument.trim()));

describe('styles: what a streaming frame costs', () => {
  it("never matches a message's :has() against its whole answer: each argument looks at its children only", () => {
    // Each change inside a message re-matches a :has() on it; a descendant argument walked every element of the
    // answer, every frame (2.5 ms a frame at 128k tokens, 0.6 at 4k), the answer's length showing in each frame.
    const onMessages = selectors(styles.cssText).filter(selector => /\.message[^ ]*:has\(/.test(selector));
    expect(onMessages.length).to.be.greaterThan(0);
    for (const selector of onMessages) {
      for (const argument of hasArguments(selector)) expect(argument, selector).to.match(/^[>+~]/);
    }
  });
});
