import { expect } from '@open-wc/testing';
import { StreamingMarkdown } from '../../src/markdown/streaming-markdown.js';

/**
 * One example per kind of half-written syntax: what a streaming frame shows for it (the general property, that no
 * frame shows anything the finished answer does not, is in streaming-markdown/no-flash.test.ts).
 */

/** The container after one streaming frame of `partial`. */
function frame(partial: string): HTMLElement {
  const container = document.createElement('div');
  new StreamingMarkdown(container).render(partial, { streaming: true });
  return container;
}

// Assertions compare markup and text, never elements: chai's inspection of an element it fails on can walk the whole
// document and take the browser down.

/** The text a reader sees in that frame, whitespace collapsed. */
const seen = (partial: string) => frame(partial).textContent!.replace(/\s+/g, ' ').trim();

describe('markdown/repair: what a streaming frame shows of half-written syntax', () => {
  describe('characters the next one decides', () => {
    for (const [partial, shown] of [
      ['Fish &am', 'Fish'],
      ['Fish &#3', 'Fish'],
      ['escaped \\', 'escaped'],
      ['a hard break\\\n', 'a hard break'],
      ['two \\\\', 'two \\'],
      ['look !', 'look'],
      ['Hi 🙂'.slice(0, -1), 'Hi'],
    ] as const) {
      it(`${JSON.stringify(partial)} shows ${JSON.stringify(shown)}`, () => expect(seen(partial)).to.equal(shown));
    }
  });

  describe('links and images', () => {
    for (const [partial, shown] of [
      ['See [the docs', 'See'],
      ['### Stopping [1]', 'Stopping'],
      ['### Stopping [1]\n\nThe', 'Stopping [1] The'],
      ['See [the docs][re', 'See'],
      ['See [Foo](https://en.wikipedia.org/wiki/Foo_(bar)', 'See Foo'],
      ['An image ![a diag', 'An image'],
      ['[ref]:', ''],
      ['[ref]: https://example.com "The ti', ''],
    ] as const) {
      it(`${JSON.stringify(partial)} shows ${JSON.stringify(shown)}`, () => expect(seen(partial)).to.equal(shown));
    }

    it('a definition whose title is being typed still links the text that uses it', () => {
      // A list is held back while a block follows it, so the use and the definition are both in the streaming tail.
      const container = frame('- See [the docs].\n\n[the docs]: https://example.com "Do');
      expect(container.querySelector('a')?.getAttribute('href')).to.equal('https://example.com');
      expect(container.textContent!.trim()).to.equal('See the docs.');
    });
  });

  describe('emphasis', () => {
    for (const [partial, shown] of [
      ['Some **', 'Some'],
      ['Some *', 'Some'],
      ['**bold *both***', 'bold both'],
    ] as const) {
      it(`${JSON.stringify(partial)} shows ${JSON.stringify(shown)}`, () => expect(seen(partial)).to.equal(shown));
    }

    it('a closer that ends two openers closes both', () => {
      expect(frame('**bold *both*** ').querySelector('strong > em')?.textContent).to.equal('both');
    });

    it('each list item is its own context: an unclosed ** in one is not closed at the end of the next', () => {
      const items = frame('- **item one\n- item two').querySelectorAll('li');
      expect([...items].map(item => item.textContent)).to.deep.equal(['**item one', 'item two']);
    });

    it('leaves ~ before a number (about) and * between digits (times) unstyled', () => {
      expect(frame('It takes about ~5').querySelector('del')?.outerHTML ?? null).to.equal(null);
      expect(frame('Then 2*3').querySelector('em')?.outerHTML ?? null).to.equal(null);
      expect(frame('这是**重要').querySelector('strong')?.textContent).to.equal('重要');
    });
  });

  describe('code', () => {
    it('closes a double-backtick span whose content ends with a backtick or starts with a space', () => {
      expect(frame('``code with a ` ').querySelector('code')?.textContent).to.equal('code with a ` ');
      expect(frame('`` a`').querySelector('code')?.textContent).to.equal('a');
    });

    it('closes a code span that continues on the next line', () => {
      const container = frame('Install it (`apt-get install -y\n');
      expect(container.querySelector('code')?.textContent).to.equal('apt-get install -y');
      expect(container.textContent).not.to.contain('`');
    });

    it('closes a code span in a table cell that holds an escaped pipe', () => {
      const container = frame('| a | b |\n|---|---|\n| x | `a \\| b');
      expect(container.querySelector('td code')?.textContent).to.equal('a | b');
    });

    it('holds back a fence’s opening line until it ends, so its language never shows letter by letter', () => {
      expect(frame('Text\n\n```ja').querySelector('pre')?.outerHTML ?? null).to.equal(null);
      expect(frame('Text\n\n```js\n').querySelector('pre code')?.className).to.equal('language-js');
    });

    it('holds back a closing fence being typed, however long the opening one', () => {
      expect(frame('````md\n```js\nx\n```\n``').querySelector('code')?.textContent).to.equal('```js\nx\n```\n');
      expect(frame('````md\nx\n```').querySelector('code')?.textContent).to.equal('x\n');
    });

    it('leaves a fence in a quote literal, with or without a space after `>`', () => {
      for (const quote of ['> ', '>']) expect(frame(`${quote}\`\`\`js\n> a *b`).querySelector('code')?.textContent, quote).to.equal('a *b\n');
    });
  });

  describe('lines that are only a block marker', () => {
    for (const partial of ['Intro\n\n1', 'Intro\n\n1.', 'Intro\n\n--', 'Intro\n\n***', 'Intro\n\n- -', 'Intro\n\n- [x]', 'Intro\n\n- [ ] ', 'Intro\n\n>', 'Intro\n\n#', '- a\n   - 3.']) {
      it(`${JSON.stringify(partial)} shows only what comes before it`, () => {
        const container = frame(partial);
        expect(container.querySelectorAll('li, blockquote, hr, h1').length, container.innerHTML).to.equal(partial.startsWith('- a') ? 1 : 0);
        expect(seen(partial)).to.equal(partial.startsWith('- a') ? 'a' : 'Intro');
      });
    }
  });

  describe('tables', () => {
    const header = 'Intro\n\n| Name | Type |';
    for (const partial of [header, `${header}\n`, `${header}\n|`, `${header}\n|---|--`, `${header}\n|---|---|`]) {
      it(`holds back the header row until its delimiter row is complete: ${JSON.stringify(partial.slice(7))}`, () => {
        expect(seen(partial)).to.equal('Intro');
      });
    }

    it('shows the table once the delimiter row ends, and a new row once it has content', () => {
      expect(frame(`${header}\n|---|---|\n`).querySelectorAll('th').length).to.equal(2);
      expect(frame(`${header}\n|---|---|\n|`).querySelector('tbody')?.outerHTML ?? null).to.equal(null);
      expect(frame(`${header}\n|---|---|\n| x`).querySelector('td')?.textContent).to.equal('x');
    });
  });
});
