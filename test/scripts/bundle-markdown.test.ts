import { expect, fixture } from '@open-wc/testing';
import { unsafeStatic, html as staticHtml } from 'lit/static-html.js';
import { SseChat } from '../../src/sse-chat.js';
import type { MarkdownPlugin } from '../../src/markdown/plugins.js';
import { loadBuiltBundle } from '../helpers/built-bundle.js';
import { createFakeFetch, until } from '../helpers/fake-sse.js';
import { COMMONMARK_EXAMPLES } from '../markdown/commonmark-examples.js';

/**
 * The script-tag bundle's terser pass renames marked's internals (MARKED_INTERNALS in vite.config.ts: its rules,
 * its lexer's queue and link state). This streams markdown through the bundle's element (built by `npm run build`)
 * and through the source's, and expects the same DOM: the CommonMark block examples, the inline syntax those rules
 * read, and a page's plugin that reaches marked through its extension API by name.
 */

/** Inline syntax and GFM, where the renamed rules do the work (punctuation, delimiters, autolinks, pipes, entities). */
const INLINE_EXAMPLES: readonly string[] = [
  '*em* _em_ **strong** __strong__ ***both*** *a **b** c* _x_y_ a*"b"*c foo*bar* **foo*bar** *(*foo*)*',
  '~~struck~~ ~one~ a~~b~~c ~~*mixed*~~ `code *not em*` ``a ` b`` \\*escaped\\* \\_ \\~',
  'Links: [text](https://example.com/a_(b)_c "title") [paren](</my url>) [ref][Ref] [Ref] [collapsed][] ![img](https://example.com/i.png)\n\n[ref]: https://example.com/ref "Ref title"\n[collapsed]: https://example.com/c',
  'Autolinks: <https://example.com/x> <foo@example.com> www.example.com/path_(x). https://example.com/a?b=c&d=e, foo@bar.example.com. (https://example.com/in-parens)',
  'Entities: &amp; &copy; &#35; &#x22; &#0; &nosuchentity; a&b <span>tag</span> <!-- comment --> <div>\nblock\n</div>',
  '| Left | Centre | Right | Default |\n|:-----|:------:|------:|---------|\n| a \\| b | `c | d` | **e** | f |\n| g |\n\n- [ ] todo\n- [x] done\n  - [ ] nested\n\n1. one\n2. two\n\n   loose\n3) three',
  'Line one  \nline two\\\nline three\n\n> quote\n> - item\n>\n> ```js\n> code\n> ```\n\nSetext\n===\n\n    indented code\n\n```\nunclosed fence',
  'Inline ==marked **text**== then ==more== and a lone == sign.',
];

/** An inline extension a page might add: `==text==` as emphasis, through the lexer's and parser's API by name. */
function markPlugin(): MarkdownPlugin {
  return {
    extension: {
      extensions: [
        {
          name: 'mark',
          level: 'inline',
          start: (src: string) => src.indexOf('=='),
          tokenizer(src: string) {
            const match = /^==([^=]+)==/.exec(src);
            return match ? { type: 'mark', raw: match[0], tokens: this.lexer.inlineTokens(match[1]!) } : undefined;
          },
          renderer(token) {
            return `<em>${this.parser.parseInline(token.tokens!)}</em>`;
          },
        },
      ],
    },
    decorate: () => {},
  };
}

/** Characters per streamed piece. */
const PIECE = 7;

/** Streams each text as an answer of its own in a `tag` element; returns each answer's rendered content. */
async function renderAll(tag: string, texts: readonly string[]): Promise<string[]> {
  const fake = createFakeFetch();
  const el = await fixture<SseChat>(staticHtml`<${unsafeStatic(tag)} endpoint="/api/chat" dialect="sse-chat" allow-images .fetch=${fake.fetch}></${unsafeStatic(tag)}>`);
  const rendered: string[] = [];
  for (const text of texts) {
    void el.send('Question');
    const call = await fake.nextCall();
    // In pieces, so the streaming paths (open blocks, repair of the tail) run too.
    for (let at = 0; at < text.length; at += PIECE) call.response.send({ delta: text.slice(at, at + PIECE) }, 'text-delta');
    call.response.send({}, 'done');
    call.response.close();
    await until(() => el.status === 'idle', 10_000, 'the answer');
    await el.updateComplete;
    const contents = el.shadowRoot!.querySelectorAll('[data-role="assistant"] [part~="content"]');
    rendered.push(contents[contents.length - 1]!.innerHTML);
  }
  return rendered;
}

describe('the bundle renders markdown as the source does', function () {
  this.timeout(120_000);

  before(async function () {
    this.timeout(240_000);
    await loadBuiltBundle();
    SseChat.define('source-sse-chat');
    SseChat.use(markPlugin());
    (customElements.get('sse-chat') as typeof SseChat).use(markPlugin());
  });

  it('renders the CommonMark block examples, inline syntax and a plugin the same', async () => {
    const texts = [...COMMONMARK_EXAMPLES, ...INLINE_EXAMPLES];
    const [bundle, source] = await Promise.all([renderAll('sse-chat', texts), renderAll('source-sse-chat', texts)]);
    expect(source.at(-1), 'the plugin ran').to.include('<em>marked <strong>text</strong></em>');
    for (const [index, text] of texts.entries()) expect(bundle[index], JSON.stringify(text)).to.equal(source[index]);
  });
});
