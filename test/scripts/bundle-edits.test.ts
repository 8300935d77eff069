import { expect } from '@open-wc/testing';
import { html, render } from 'lit';
import DOMPurify, { type Config } from 'dompurify';
import { Lexer, Marked } from 'marked';
import { executeServerCommand } from '@web/test-runner-commands';
import {
  applyEdits,
  deferMarked,
  defaultDomPurifyUnsetOptions,
  DOMPURIFY_DEFAULTED_OPTIONS,
  DOMPURIFY_DROPPED_METHODS,
  DOMPURIFY_PINNED_OPTIONS,
  DOMPURIFY_UNSET_OPTIONS,
  DOMPURIFY_UNREAD_OPTIONS,
  dropDomPurifyUnsetOptionReads,
  markDomPurifyPureConstants,
  domPurifyDefaults,
  dropDomPurifyBabelHelpers,
  dropDomPurifyUnusedMethods,
  emptyDomPurifyDefaultLists,
  emptyDomPurifyNamespaceLists,
  MARKED_NO_GFM_ERROR,
  MARKED_PEDANTIC_ERROR,
  pinDomPurifyOptions,
  DOMPURIFY_STRINGS_ONLY_ERROR,
  DOMPURIFY_POLICY_REQUIRED_ERROR,
  requireDomPurifyTrustedTypesPolicy,
  sanitizeDomPurifyStringsOnly,
  shortenDomPurifyErrors,
  shortenLitCssErrors,
  shortenLitDirectiveErrors,
  trimMarked,
  type Edit,
} from '../../scripts/bundle-edits.js';
import { COMMONMARK_EXAMPLES } from '../markdown/commonmark-examples.js';
import { HOSTILE_CORPUS } from '../markdown/hostile-corpus.js';

/**
 * The script-tag files' edits to marked and DOMPurify (scripts/bundle-edits.ts): the edited modules, loaded as the
 * bundle would run them, must do exactly what the originals do for every use the chat makes of them.
 */

async function editedModule(path: string, edits: (code: string) => Edit[]) {
  // The published file: the test server would serve esbuild's rewrite of it.
  const code = await executeServerCommand<string, { path: string }>('dependency-source', { path });
  const url = URL.createObjectURL(new Blob([applyEdits(code, edits(code))], { type: 'text/javascript' }));
  try {
    return await import(/* @vite-ignore */ url);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The pinned options src/markdown/sanitize.ts sets to something other than DOMPurify's default, as it sets them. */
const CONFIGURED_OPTIONS = { TRUSTED_TYPES_POLICY: null, ALLOW_DATA_ATTR: false, ALLOW_ARIA_ATTR: false, ALLOW_SELF_CLOSE_IN_ATTR: false, FORCE_BODY: true, RETURN_DOM_FRAGMENT: true as const };

/** A sanitized fragment as markup, to compare (`null`: DOMPurify's answer when the parser made no body). */
const serialize = (fragment: DocumentFragment | null) =>
  fragment && [...fragment.childNodes].map(node => (node as Element).outerHTML ?? node.textContent).join('');

const SAMPLES = [
  ...COMMONMARK_EXAMPLES,
  ...HOSTILE_CORPUS.filter(c => c.category !== 'dos').map(c => (typeof c.input === 'string' ? c.input : c.input.join(''))),
  '# Title\n\nSome *emphasis*, **strong**, ~~struck~~, `code`, a https://example.com/ link and www.example.com.\n\n' +
    '| a | b |\n|:-|-:|\n| 1 | 2 |\n\n- [x] done\n- [ ] not yet\n\n1. one\n2. two\n\n> quoted\nline two  \nhard break\n\n```js\nlet x = 1;\n```\n',
];

describe('marked, trimmed for the script-tag bundle', () => {
  it('lexes and renders every sample exactly as marked does, with and without `breaks`', async () => {
    const trimmed = await editedModule('marked/lib/marked.esm.js', trimMarked);
    for (const breaks of [false, true]) {
      const options = { gfm: true, breaks, async: false, silent: false };
      const original = new Marked(options);
      const edited = new trimmed.Marked(options) as Marked;
      for (const markdown of SAMPLES) {
        const expected = original.parser(new original.Lexer(original.defaults).lex(markdown), original.defaults);
        const actual = edited.parser(new edited.Lexer(edited.defaults).lex(markdown), edited.defaults);
        if (actual !== expected) expect.fail(`breaks ${breaks}: ${JSON.stringify(markdown.slice(0, 80))} renders ${JSON.stringify(actual)}, not ${JSON.stringify(expected)}`);
      }
    }
  });

  it('ships the rules marked builds as literals: the same expressions, shared the same way, but no pedantic or normal set', async () => {
    const trimmed = await editedModule('marked/lib/marked.esm.js', trimMarked);
    const { block, inline } = Lexer.rules as unknown as Record<string, Record<string, Record<string, RegExp>>>;
    const edited = trimmed.Lexer.rules as typeof Lexer.rules as unknown as Record<string, Record<string, Record<string, RegExp>>>;
    for (const [kind, sets] of Object.entries({ block, inline })) {
      expect(Object.keys(edited[kind]!)).to.deep.equal(Object.keys(sets!).filter(set => set !== 'pedantic' && set !== 'normal'));
      for (const [set, rules] of Object.entries(edited[kind]!)) {
        for (const [name, rule] of Object.entries(rules)) {
          const original = sets![set]![name]!;
          expect(`${rule.source} ${rule.flags ?? ''}`, `${kind}.${set}.${name}`).to.equal(`${original.source} ${original.flags ?? ''}`);
          // The breaks rules share the gfm ones they do not replace, as marked's own do.
          if (set !== 'gfm') expect(rule === edited[kind]!.gfm![name], `${kind}.${set}.${name} shared`).to.equal(original === sets!.gfm![name]);
        }
      }
    }
  });

  it('keeps the classes and drops the default instance; `pedantic` and `gfm: false` fail with a clear error', async () => {
    const trimmed = await editedModule('marked/lib/marked.esm.js', trimMarked);
    expect(Object.keys(trimmed).sort()).to.deep.equal(['Hooks', 'Lexer', 'Marked', 'Parser', 'Renderer', 'TextRenderer', 'Tokenizer', 'defaults', 'getDefaults']);
    const pedantic = new trimmed.Marked({ pedantic: true }) as Marked;
    expect(() => new pedantic.Lexer(pedantic.defaults).lex('text')).to.throw(MARKED_PEDANTIC_ERROR);
    const commonMark = new trimmed.Marked({ gfm: false }) as Marked;
    expect(() => new commonMark.Lexer(commonMark.defaults).lex('text')).to.throw(MARKED_NO_GFM_ERROR);
  });
});

describe("marked's parse-only members, for the script-tag bundle", () => {
  it('accepts plugins overriding the hooks only parse() called, and has no lexInline or parseInline statics', async () => {
    const trimmed = await editedModule('marked/lib/marked.esm.js', trimMarked);
    const edited = new trimmed.Marked() as Marked;
    expect(() => edited.use({ hooks: { provideLexer: () => () => [], provideParser: () => () => '' } })).not.to.throw();
    expect(trimmed.Lexer.lexInline).to.equal(undefined);
    expect(trimmed.Parser.parseInline).to.equal(undefined);
    expect(edited.parser(new edited.Lexer(edited.defaults).lex('*a*'), edited.defaults)).to.equal('<p><em>a</em></p>\n');
  });

  it('runs a plugin\'s hooks as marked does when the plugin asks for `async` (its async wrappers only served parse())', async () => {
    const trimmed = await editedModule('marked/lib/marked.esm.js', trimMarked);
    const plugin = { async: true, hooks: { emStrongMask: (masked: string) => masked.replace('b', 'x') } };
    const original = new Marked({ gfm: true }).use(plugin);
    const edited = (new trimmed.Marked({ gfm: true }) as Marked).use(plugin);
    const html = (marked: Marked) => marked.parser(new marked.Lexer(marked.defaults).lex('*a* **b** _c_'), marked.defaults);
    expect(html(edited)).to.be.a('string').and.to.equal(html(original));
    expect(trimmed.Lexer.lex, 'Lexer.lex, which only Marked#lexer called').to.equal(undefined);
    expect((edited as unknown as Record<string, unknown>).setOptions).to.equal(undefined);
  });
});

describe("Lit's css tag, with short errors for the script-tag bundle", () => {
  it('makes the same styles, and still refuses a value that is not a css result, in one line', async () => {
    // Lit's file has no imports: the dev server hands it over as published (the dependency-source command serves
    // marked and DOMPurify only; the test config is not this file's to change).
    const code = await (await fetch('/node_modules/@lit/reactive-element/css-tag.js')).text();
    const url = URL.createObjectURL(new Blob([applyEdits(code, shortenLitCssErrors(code))], { type: 'text/javascript' }));
    const edited = await import(/* @vite-ignore */ url);
    URL.revokeObjectURL(url);
    const original = await import('@lit/reactive-element/css-tag.js');
    const inner = edited.css`b { color: red; }`;
    expect(edited.css`a { margin: ${1}px; } ${inner}`.cssText).to.equal(original.css`a { margin: ${1}px; } ${original.css`b { color: red; }`}`.cssText);
    expect(() => edited.css`a { color: ${'red'}; }`).to.throw('Not a css result: red');
    expect(() => new edited.CSSResult('a {}', undefined, Symbol())).to.throw('CSSResult is not constructable');
  });
});

describe("Lit's live and repeat directives, with short errors for the script-tag bundle", () => {
  /** The directive's module as the bundle ships it; its imports made absolute URLs (a blob has no base to resolve against). */
  async function editedDirective(name: 'live' | 'repeat') {
    const file = new URL(`/node_modules/lit-html/directives/${name}.js`, location.href);
    const code = await (await fetch(file)).text();
    const edited = applyEdits(code, shortenLitDirectiveErrors(name)(code)).replace(/(from\s*")([^"]+)"/g, (_, from: string, path: string) => `${from}${new URL(path, file).href}"`);
    const url = URL.createObjectURL(new Blob([edited], { type: 'text/javascript' }));
    try {
      return await import(/* @vite-ignore */ url);
    } finally {
      URL.revokeObjectURL(url);
    }
  }

  it('bind as the originals do, and still refuse a misplaced binding, in one line', async () => {
    const { live } = await editedDirective('live');
    const { repeat } = await editedDirective('repeat');
    const host = document.createElement('div');
    render(html`<input .value=${live('typed')}><ul>${repeat(['a', 'b'], (item: string) => item, (item: string) => html`<li>${item}</li>`)}</ul>`, host);
    expect(host.querySelector('input')!.value).to.equal('typed');
    expect([...host.querySelectorAll('li')].map(li => li.textContent)).to.deep.equal(['a', 'b']);
    const misuse = (template: unknown) => () => render(template, document.createElement('div'));
    expect(misuse(html`<p>${live('x')}</p>`)).to.throw('live() in a child or event binding');
    expect(misuse(html`<p title="a ${live('x')}"></p>`)).to.throw('live() beside other text');
    expect(misuse(html`<p title=${repeat([], (item: string) => item)}></p>`)).to.throw('repeat() outside a child binding');
  });
});

describe('marked, deferred for the script-tag bundle', () => {
  const trimmedThenDeferred = (code: string) => {
    const trimmed = applyEdits(code, trimMarked(code));
    // Edits against the trimmed text, as the build's second plugin sees it; offset past the first file's end.
    return [{ start: 0, end: code.length, text: applyEdits(trimmed, deferMarked(trimmed)) }];
  };

  it('builds no regular expression at load, and renders as marked does', async () => {
    // The edits first: trimMarked evaluates marked's rules statement to write it as literals.
    const code = await executeServerCommand<string, { path: string }>('dependency-source', { path: 'marked/lib/marked.esm.js' });
    const url = URL.createObjectURL(new Blob([applyEdits(code, trimmedThenDeferred(code))], { type: 'text/javascript' }));
    const NativeRegExp = globalThis.RegExp;
    let built = 0;
    globalThis.RegExp = new Proxy(NativeRegExp, { construct: (target, args) => (built++, Reflect.construct(target, args)) });
    let deferred;
    try {
      deferred = await import(/* @vite-ignore */ url);
      expect(built, 'regular expressions built while the module loads').to.equal(0);
      expect(Object.keys(deferred)).to.deep.equal(['Marked']);
      new deferred.Marked();
    } finally {
      globalThis.RegExp = NativeRegExp;
      URL.revokeObjectURL(url);
    }
    const options = { gfm: true, breaks: false, async: false, silent: false };
    const original = new Marked(options);
    const edited = new deferred.Marked(options) as Marked;
    expect(edited).to.be.instanceOf(Object);
    for (const markdown of SAMPLES) {
      const expected = original.parser(new original.Lexer(original.defaults).lex(markdown), original.defaults);
      const actual = edited.parser(new edited.Lexer(edited.defaults).lex(markdown), edited.defaults);
      if (actual !== expected) expect.fail(`${JSON.stringify(markdown.slice(0, 80))} renders ${JSON.stringify(actual)}, not ${JSON.stringify(expected)}`);
    }
  });
});

/** The tags src/markdown/sanitize.ts allows (read from its text: the list is private to it), plus `img`. */
async function markdownTags(): Promise<string[]> {
  const source = await (await fetch('/src/markdown/sanitize.ts')).text();
  const list = /MARKDOWN_TAGS = \[([^\]]*)\]/.exec(source)?.[1] ?? '';
  const tags = [...list.matchAll(/['"]([\w-]+)['"]/g)].map(match => match[1]!);
  expect(tags).to.include.members(['p', 'a', 'code', 'table']);
  return [...tags, 'img'];
}

/** A DOMPurify list as published: `const name = freeze([...])`. */
function publishedList(code: string, name: string): string[] {
  const at = code.indexOf(`const ${name} = freeze([`);
  return JSON.parse(code.slice(code.indexOf('[', at), code.indexOf(']);', at) + 1).replace(/,\s*\]$/, ']')) as string[];
}

describe('DOMPurify, without its Babel helpers and with lists emptied for the script-tag files', () => {
  const dirtyExtras =
    '<svg><a href="https://example.com/">svg link</a><title>t</title><style>p{}</style></svg><math><mi>x</mi><a href="https://example.com/">m</a></math>' +
    '<img src=x onerror=alert(1)><p><svg><p>nested</p></svg></p><table><svg><a>in table</a></svg></table>' +
    // Custom elements and `is`: never configured, so never allowed (their checks go from the bundle).
    '<my-card title="t" data-x="1"><p>inside</p></my-card><p is="my-para" class="c">para</p><font-face>ff</font-face><a is="x-a" href="https://example.com/">x</a>';

  it("sanitizes exactly as DOMPurify does with the markdown sanitizer's allow-lists", async () => {
    const code = await executeServerCommand<string, { path: string }>('dependency-source', { path: 'dompurify/dist/purify.es.mjs' });
    const edited = (
      await editedModule('dompurify/dist/purify.es.mjs', source => {
        // As vite.config.ts applies them to the script-tag bundle.
        const edits = [
          ...dropDomPurifyBabelHelpers(source),
          ...dropDomPurifyUnusedMethods(source),
          ...emptyDomPurifyDefaultLists(source),
          ...emptyDomPurifyNamespaceLists(source),
          ...pinDomPurifyOptions(source),
          ...sanitizeDomPurifyStringsOnly(source),
          ...requireDomPurifyTrustedTypesPolicy(source),
          ...dropDomPurifyUnsetOptionReads(source),
          ...defaultDomPurifyUnsetOptions(source),
          ...shortenDomPurifyErrors(source),
        ];
        return [...edits, ...markDomPurifyPureConstants(source, edits)];
      })
    ).default;
    const tags = await markdownTags();
    // Why the namespace lists may go: no allowed tag is an SVG or MathML name, but those DOMPurify also calls HTML.
    const foreign = ['svg$1', 'svgFilters', 'svgDisallowed', 'mathMl$1', 'mathMlDisallowed'].flatMap(name => publishedList(code, name));
    expect(tags.filter(tag => foreign.includes(tag))).to.deep.equal(['a']);
    const config = { ...CONFIGURED_OPTIONS, ALLOWED_TAGS: tags, ALLOWED_ATTR: ['href', 'title', 'class', 'align', 'start', 'type', 'checked', 'disabled', 'src', 'alt'] };
    const original = DOMPurify(window);
    const purifier = edited(window) as typeof original;
    for (const markdown of SAMPLES) {
      const dirty = `${new Marked({ gfm: true }).parse(markdown, { async: false })}${dirtyExtras}`;
      expect(serialize(purifier.sanitize(dirty, config))).to.equal(serialize(original.sanitize(dirty, config)));
    }
    // A policy without its hooks is still refused, in one line.
    const noHooks = { ...config, TRUSTED_TYPES_POLICY: { createHTML: (html: string) => html } as unknown as Config["TRUSTED_TYPES_POLICY"] };
    expect(() => purifier.sanitize('<p>x</p>', noHooks)).to.throw('TRUSTED_TYPES_POLICY lacks createScriptURL');
  });

  it('copies configs (its only use of the helpers) as before: nested objects, arrays, profiles', async () => {
    const code = await executeServerCommand<string, { path: string }>('dependency-source', { path: 'dompurify/dist/purify.es.mjs' });
    expect(code).to.include('AsyncGenerator');
    const edited = await editedModule('dompurify/dist/purify.es.mjs', dropDomPurifyBabelHelpers);
    const purifier = edited.default(window) as ReturnType<typeof DOMPurify>;
    const original = DOMPurify(window);
    const dirty = '<p title="t" data-x="1"><b>bold</b><math><mi>x</mi></math><svg><circle r="1"/></svg><a href="javascript:x">a</a></p>';
    const configs = [{}, { ALLOWED_TAGS: ['p', 'b'], ALLOWED_ATTR: ['title'] }, { USE_PROFILES: { html: true } }, { ADD_ATTR: ['data-x'], FORBID_TAGS: ['b'] }];
    for (const config of configs) expect(purifier.sanitize(dirty, config)).to.equal(original.sanitize(dirty, config));
  });

  it('refuses to drop the helpers when DOMPurify uses one elsewhere', async () => {
    const code = await executeServerCommand<string, { path: string }>('dependency-source', { path: 'dompurify/dist/purify.es.mjs' });
    const elsewhere = code.replace('const entries = Object.entries;', 'const entries = Object.entries; new AsyncGenerator(null);');
    expect(() => dropDomPurifyBabelHelpers(elsewhere)).to.throw(/AsyncGenerator/);
    expect(() => dropDomPurifyBabelHelpers(code.replace('_slicedToArray(_ref2, 2)', '_slicedToArray(_ref2, 3)'))).to.throw(/DOMPurify/);
  });

  it('drops only instance methods our purifiers never call', async () => {
    const edited = (await editedModule('dompurify/dist/purify.es.mjs', dropDomPurifyUnusedMethods)).default;
    const purifier = edited(window) as Record<string, unknown>;
    const kept = Object.keys(DOMPurify(window)).filter(key => !DOMPURIFY_DROPPED_METHODS.includes(key));
    expect(Object.keys(purifier).sort()).to.deep.equal(kept.sort());
    expect(kept).to.include.members(['sanitize', 'setConfig', 'addHook']);
    for (const path of ['/src/markdown/sanitize.ts', '/src/math/math.ts']) {
      const source = await (await fetch(path)).text();
      expect(source).to.match(/\.addHook\(/);
      for (const method of DOMPURIFY_DROPPED_METHODS) expect(source, `${path} calls ${method}`).not.to.include(method);
    }
  });

  it('pins options to the value the markdown purifier gives them (its own, or the default it leaves), and still sanitizes as before', async () => {
    const source = await (await fetch('/src/markdown/sanitize.ts')).text();
    const code = await executeServerCommand<string, { path: string }>('dependency-source', { path: 'dompurify/dist/purify.es.mjs' });
    const defaults = domPurifyDefaults(code);
    for (const [option, pinned] of Object.entries(DOMPURIFY_PINNED_OPTIONS)) {
      if (option === 'RETURN_DOM') continue; // DOMPurify sets it for RETURN_DOM_FRAGMENT
      const values = [...source.matchAll(new RegExp(`${option}\\s*:\\s*([^,\\n]+)`, 'g'))].map(([, value]) => value);
      expect(values, option).to.deep.equal(defaults[option] === pinned && values.length === 0 ? [] : [String(pinned)]);
    }
    for (const option of [...Object.keys(DOMPURIFY_UNSET_OPTIONS), ...DOMPURIFY_UNREAD_OPTIONS, ...DOMPURIFY_DEFAULTED_OPTIONS]) expect(source, option).not.to.include(option);
    const edited = (await editedModule('dompurify/dist/purify.es.mjs', pinDomPurifyOptions)).default;
    const purifier = edited(window) as ReturnType<typeof DOMPurify>;
    const original = DOMPurify(window);
    const config = { ...CONFIGURED_OPTIONS, ALLOWED_TAGS: ['p', 'a', 'b'], ALLOWED_ATTR: ['href', 'id', 'name'] };
    const dirty =
      '<p id="x" name="y" data-x="1" aria-label="l" title="<a/>">{{ t }} <%= e %> ${x}<a href="https://example.com/" aria-hidden="true">a</a><img src=x onerror=alert(1)></p><template><b>t</b></template>';
    expect(serialize(purifier.sanitize(dirty, config))).to.equal(serialize(original.sanitize(dirty, config)));
  });

  it('sanitizes strings as before and refuses anything else with a clear error, when it takes strings only', async () => {
    const source = await (await fetch('/src/markdown/sanitize.ts')).text();
    expect(source.match(/\.sanitize\(\w+\)/g)).to.deep.equal(['.sanitize(html)']);
    const edited = (await editedModule('dompurify/dist/purify.es.mjs', sanitizeDomPurifyStringsOnly)).default;
    const purifier = edited(window) as ReturnType<typeof DOMPurify>;
    const original = DOMPurify(window);
    for (const dirty of ['', 'plain text', '<p onclick="x()">a<script>b</script></p>']) expect(purifier.sanitize(dirty)).to.equal(original.sanitize(dirty));
    expect(() => purifier.sanitize(document.createElement('p'))).to.throw(DOMPURIFY_STRINGS_ONLY_ERROR);
  });

  it('sanitizes as before with a named policy or null, and refuses a config that names none', async () => {
    const source = await (await fetch('/src/markdown/sanitize.ts')).text();
    expect(source).to.match(/\n\s+TRUSTED_TYPES_POLICY: policy,\n/);
    const edited = (await editedModule('dompurify/dist/purify.es.mjs', requireDomPurifyTrustedTypesPolicy)).default;
    const original = DOMPurify(window);
    const dirty = '<p onclick="x()">a<script>b</script></p>';
    const policy = { createHTML: (html: string) => html, createScriptURL: () => '' } as unknown as NonNullable<Config['TRUSTED_TYPES_POLICY']>;
    for (const TRUSTED_TYPES_POLICY of [null, policy]) {
      const purifier = edited(window) as typeof original;
      purifier.setConfig({ TRUSTED_TYPES_POLICY });
      expect(purifier.sanitize(dirty)).to.equal(original.sanitize(dirty));
    }
    expect(() => (edited(window) as typeof original).setConfig({})).to.throw(DOMPURIFY_POLICY_REQUIRED_ERROR);
    const recursive = edited(window) as typeof original;
    const wrapping = { createHTML: (html: string) => recursive.sanitize(html, { TRUSTED_TYPES_POLICY: wrapping }), createScriptURL: () => '' } as unknown as NonNullable<Config['TRUSTED_TYPES_POLICY']>;
    expect(() => recursive.sanitize('<p>x</p>', { TRUSTED_TYPES_POLICY: wrapping })).to.throw(/must not call DOMPurify.sanitize/);
  });

  it('allows less, never more, when a config relies on the default lists', async () => {
    const edited = (await editedModule('dompurify/dist/purify.es.mjs', emptyDomPurifyDefaultLists)).default;
    // No attribute and no HTML-only tag is left; `a` stays because DOMPurify's SVG list (kept here) names it too.
    expect(edited(window).sanitize('<p title="t"><a href="https://example.com/">link</a></p>')).to.equal('<a>link</a>');
  });
});
