import { expect } from '@open-wc/testing';
import { codeOfCopyButton, decorateCodeBlocks, makeTablesScrollable } from '../../../src/markdown/decorate/code-blocks.js';
import { renderMarkdown } from '../../../src/markdown/render.js';
import type { Highlighter } from '../../../src/markdown/decorate/highlighter.js';

function decorated(markdown: string, finished: boolean, highlighter?: Highlighter): HTMLDivElement {
  const fragment = renderMarkdown(markdown);
  decorateCodeBlocks(fragment, { finished, copyLabel: 'Copy code', highlighter });
  makeTablesScrollable(fragment);
  const div = document.createElement('div');
  div.append(fragment);
  return div;
}

describe('decorateCodeBlocks', () => {
  it('puts a header with the language and a Copy button before each finished block', () => {
    const div = decorated('```ts\nlet x = 1;\n```\n\n- ```\n  plain\n  ```', true);
    const headers = div.querySelectorAll('[part="code-header"]');
    expect(headers).to.have.length(2);
    expect(headers[0].nextElementSibling!.nodeName).to.equal('PRE');
    expect(headers[0].querySelector('[part="code-language"]')!.textContent).to.equal('ts');
    expect(headers[1].querySelector('[part="code-language"]') === null, 'no language').to.equal(true);
    const button = headers[0].querySelector<HTMLButtonElement>('button[part="code-copy-button"]')!;
    expect(button.type).to.equal('button');
    expect(button.textContent).to.equal('Copy code');
    expect(codeOfCopyButton(button)).to.equal('let x = 1;');
    expect(div.querySelector('pre')!.getAttribute('tabindex')).to.equal('0');
  });

  it('shows the language but no Copy button while the block may still grow, and does not highlight it', () => {
    let calls = 0;
    const div = decorated('```js\nconst a', false, () => (calls++, [{ text: 'x' }]));
    expect(div.querySelector('[part="code-language"]')!.textContent).to.equal('js');
    // Booleans, not nodes: a failing assertion about a DOM node cannot be serialized back to the runner.
    expect(div.querySelector('button') === null, 'no button').to.equal(true);
    expect(calls).to.equal(0);
  });

  it('highlights finished blocks with the page highlighter, keeping the text', () => {
    const seen: string[] = [];
    const div = decorated('```py\nx = 1\n```', true, (code, language) => {
      seen.push(`${language}:${code}`);
      return [{ text: 'x', type: 'name' }, { text: code.slice(1) }];
    });
    expect(seen).to.deep.equal(['py:x = 1\n']);
    expect(div.querySelector('code')!.innerHTML).to.equal('<span class="tok-name">x</span> = 1\n');
  });

  it('keeps the block plain when the highlighter throws or changes the text', () => {
    expect(decorated('```\na\n```', true, () => { throw new Error('bug'); }).querySelector('code')!.innerHTML).to.equal('a\n');
    expect(decorated('```\na\n```', true, () => [{ text: 'b\n', type: 'x' }]).querySelector('code')!.innerHTML).to.equal('a\n');
  });

  it('makes tables keyboard-scrollable', () => {
    const div = decorated('| a | b |\n| - | - |\n| 1 | 2 |', true);
    expect(div.querySelector('table')!.getAttribute('tabindex')).to.equal('0');
  });
});
