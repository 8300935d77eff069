import { expect, fixture, html } from '@open-wc/testing';
import type { SseChat } from '../../src/sse-chat.js';
import { loadBuiltBundle } from '../helpers/built-bundle.js';
import { createFakeFetch, until } from '../helpers/fake-sse.js';
import { HOSTILE_CORPUS } from '../markdown/hostile-corpus.js';

/**
 * The script-tag bundle's own sanitizer. The build edits DOMPurify inside dist/sse-chat.bundle.js (its default
 * allow-lists ship empty, see vite.config.ts), so the source-level corpus test (test/markdown/streaming-markdown/hostile-corpus.test.ts)
 * does not cover what the bundle ships: this streams the corpus through the bundle's element (built by
 * `npm run build`, which `npm test` runs first) and checks the same allow-list.
 */

declare global {
  interface Window {
    __pwned?: unknown;
  }
}

/** Tags marked emits and the sanitizer keeps, plus what the element adds around them (code-block headers, citations). */
const ALLOWED_TAGS = new Set([
  'P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'UL', 'OL', 'LI', 'BLOCKQUOTE', 'PRE', 'CODE', 'EM', 'STRONG', 'DEL', 'A',
  'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'HR', 'BR', 'INPUT', 'DIV', 'SPAN', 'BUTTON', 'SUP',
]);
/** Attributes only markup from an answer could bring (the element's own decorations use none of them). */
const FORBIDDEN_ATTRIBUTE = /^(?:on|style$|id$|name$|srcdoc$|action$|formaction$|xlink:|xmlns|data-|background$|poster$|form$)/i;

async function streamAnswer(allowImages: boolean, markdown: string) {
  const fake = createFakeFetch();
  const el = await fixture<SseChat>(
    html`<sse-chat endpoint="/api/chat" dialect="sse-chat" ?allow-images=${allowImages} .fetch=${fake.fetch}></sse-chat>`,
  );
  void el.send('Question');
  const call = await fake.nextCall();
  for (let i = 0; i < markdown.length; i += 4000) call.response.send({ delta: markdown.slice(i, i + 4000) }, 'text-delta');
  call.response.send({}, 'done');
  call.response.close();
  await until(() => el.status === 'idle', 20_000, 'the answer');
  await el.updateComplete;
  return el.shadowRoot!.querySelector('[part~="content"]')!;
}

describe('the bundle sanitizes markdown as the source does', function () {
  this.timeout(60_000);

  before(async function () {
    this.timeout(240_000);
    await loadBuiltBundle();
  });

  afterEach(() => {
    const pwned = window.__pwned;
    delete window.__pwned;
    expect(pwned, 'a payload executed').to.equal(undefined);
  });

  for (const allowImages of [false, true]) {
    it(`keeps only allow-listed tags, attributes and URLs (allow-images ${allowImages})`, async () => {
      // The whole corpus but the DoS cases (they test time, not markup) as one answer, one case per block.
      const cases = HOSTILE_CORPUS.filter(c => c.category !== 'dos' && (c.allowImages === true) === allowImages);
      const markdown = cases.map(c => (typeof c.input === 'string' ? c.input : c.input.join(''))).join('\n\n---\n\n');
      const content = await streamAnswer(allowImages, `${markdown}\n\n[a link](https://example.com/ "its title") ![a picture](https://example.com/p.png)`);
      for (const element of content.querySelectorAll('*')) {
        const tag = element.nodeName;
        expect(ALLOWED_TAGS.has(tag) || (tag === 'IMG' && allowImages), `<${tag.toLowerCase()}> is not allowed`).to.equal(true);
        for (const { name, value } of element.attributes) {
          expect(FORBIDDEN_ATTRIBUTE.test(name), `${name} on <${tag.toLowerCase()}>`).to.equal(false);
          if (name === 'href' || name === 'src') expect(tag === 'IMG' ? ['http:', 'https:', 'data:'] : ['http:', 'https:', 'mailto:'], `${name}="${value}"`).to.include(new URL(value, location.href).protocol);
        }
      }
      // Allowed attributes survive: an emptied allow-list would fail closed and strip these.
      const link = content.querySelector('a[href="https://example.com/"]');
      expect(link?.getAttribute('title')).to.equal('its title');
      expect(content.querySelector('img[src="https://example.com/p.png"]') !== null).to.equal(allowImages);
    });
  }
});
