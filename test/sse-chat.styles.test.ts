import { expect, fixture, html } from '@open-wc/testing';
import '../src/define.js';
import type { SseChat } from '../src/sse-chat.js';
import { createFakeFetch } from './helpers/fake-sse.js';
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

describe('styles: what a scrolled frame costs', () => {
  it('remembers the sizes of answers and groups only, not of their blocks nor of questions', async () => {
    const fake = createFakeFetch();
    const el = await fixture<SseChat>(html`<sse-chat endpoint="/api/chat" dialect="sse-chat" .fetch=${fake.fetch} style="height: 300px"></sse-chat>`);
    for (let turn = 0; turn < 3; turn++) {
      const finished = el.send(`Question ${turn}`);
      const call = await fake.nextCall();
      call.response.send({ delta: `# Answer ${turn}\n\nA paragraph.\n\n- one\n- two\n\n\`\`\`js\nlet x = ${turn};\n\`\`\`\n\nThe end.` }, 'text-delta');
      call.response.send({}, 'done');
      call.response.close();
      await finished;
    }
    const root = el.shadowRoot!;
    // A box with `auto` in contain-intrinsic-block-size has its size checked by Chromium on every frame (a hidden
    // ResizeObserver): blocks and questions over 200 turns were ~1,400 such boxes, a quarter of a scroll's main thread.
    const remembered = [...root.querySelectorAll<HTMLElement>('*')].filter(element => getComputedStyle(element).containIntrinsicBlockSize.startsWith('auto'));
    const kinds = remembered.map(element => element.classList.contains('message') ? `message ${element.dataset.role}` : element.className);
    expect(root.querySelectorAll('.message[data-role="assistant"] .content > .blocks > *').length, 'blocks').to.be.at.least(15);
    expect(kinds).to.deep.equal(['message-list', 'message-group', 'message assistant', 'message assistant', 'message assistant']);
  });
});
