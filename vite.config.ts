import { readdirSync, readFileSync } from 'node:fs';
import { RolldownMagicString } from 'rolldown';
import { parseAst } from 'rolldown/parseAst';
import { minify as terser } from 'terser';
import { defineConfig, type Plugin } from 'vite';
import { deferMarked, defaultDomPurifyUnsetOptions, dropDomPurifyBabelHelpers, dropDomPurifyUnusedMethods, emptyDomPurifyDefaultLists, emptyDomPurifyNamespaceLists, pinDomPurifyOptions, dropDomPurifyUnsetOptionReads, markDomPurifyPureConstants, requireDomPurifyTrustedTypesPolicy, sanitizeDomPurifyStringsOnly, shortenDomPurifyErrors, shortenLitCssErrors, shortenLitDirectiveErrors, trimMarked, type Edit } from './scripts/bundle-edits.ts';
import { cssLiteralEdits, privatePropertyEdits, privatePropertyNames } from './scripts/minify-css.ts';
import { htmlLiteralEdits } from './scripts/minify-html.ts';

/**
 * Bundle mode only: minifies the CSS in our css`…` literals (the JS minifier keeps template text verbatim, so the
 * styles' indentation and comments would ship). A magic string, so the source map follows the edit.
 */
function minifyCssLiterals(): Plugin {
  return {
    name: 'sse-chat:minify-css-literals',
    enforce: 'pre',
    transform: {
      filter: { id: /\/src\/.*\.ts$/, code: 'css`' },
      handler(code) {
        const edits = cssLiteralEdits(code);
        if (!edits.length) return null;
        const edited = new RolldownMagicString(code);
        for (const { start, end, text } of edits) edited.overwrite(start, end, text);
        return { code: edited };
      },
    },
  };
}

/**
 * Bundle mode only: squeezes the indentation out of our html`…` / svg`…` templates (scripts/minify-html.ts): a line
 * break and the indentation after it become one space, which renders the same. A magic string, so the source map
 * follows the edit.
 */
function minifyHtmlLiterals(): Plugin {
  return {
    name: 'sse-chat:minify-html-literals',
    enforce: 'pre',
    transform: {
      filter: { id: /\/src\/.*\.ts$/, code: /(?:html|svg)`/ },
      handler(code, id) {
        const edits = htmlLiteralEdits(code, parseAst(code, { lang: 'ts' }, id));
        if (!edits.length) return null;
        const edited = new RolldownMagicString(code);
        for (const { start, end, text } of edits) edited.overwrite(start, end, text);
        return { code: edited };
      },
    },
  };
}

/**
 * Bundle mode only: gives the element's private custom properties (`--_accent`) short names everywhere in src/ (the
 * styles, and the templates and strings that set or read one): ~60 B gzip. Those a file outside the bundle names
 * (src/math/: the maths file reads `--_danger` from the element's styles) keep theirs. A magic string, so the source
 * map follows the edit.
 */
function shortenPrivateCustomProperties(): Plugin {
  const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
  const outside = new Set(readdirSync(new URL('./src/math/', import.meta.url)).flatMap(file => read(`./src/math/${file}`).match(/--_[\w-]+(?![\w-])/g) ?? []));
  const names = privatePropertyNames(read('./src/sse-chat.styles.ts'), outside);
  return {
    name: 'sse-chat:shorten-private-custom-properties',
    enforce: 'pre',
    transform: {
      filter: { id: /\/src\/.*\.ts$/, code: '--_' },
      handler(code) {
        const edits = privatePropertyEdits(code, names);
        if (!edits.length) return null;
        const edited = new RolldownMagicString(code);
        for (const { start, end, text } of edits) edited.overwrite(start, end, text);
        return { code: edited };
      },
    },
  };
}

const DOMPURIFY_MODULE = /\/dompurify\/dist\/purify\.es\.mjs$/;

/** The script-tag files: `--mode bundle` builds the element, `--mode math` the opt-in maths that loads beside it. */
const SCRIPT_FILES: Record<string, { entry: string; fileName: string }> = {
  bundle: { entry: 'src/define.ts', fileName: 'sse-chat.bundle.js' },
  // KaTeX and a DOMPurify of its own inside; it reaches the bundle's element through `customElements`.
  math: { entry: 'src/math/script.ts', fileName: 'sse-chat.math.js' },
};

/**
 * Script-tag files only: DOMPurify's module makes a default instance at load (its allow-lists, a probe of the document:
 * ~4 ms of main thread before the chat can paint, 4× that on a slow phone), which the chat never uses — it makes
 * its own private instances with `DOMPurify(window)` when the first answer renders. Exporting the factory in its
 * place keeps that call working and moves the work to first use. Fails the build if DOMPurify's text changes.
 */
function deferDomPurifyDefault(): Plugin {
  const eager = 'var purify_default = createDOMPurify();';
  return {
    name: 'sse-chat:defer-dompurify-default',
    transform: {
      filter: { id: DOMPURIFY_MODULE },
      handler(code) {
        const at = code.indexOf(eager);
        if (at < 0 || code.indexOf(eager, at + 1) >= 0) throw new Error(`sse-chat: DOMPurify no longer ends with "${eager}": update deferDomPurifyDefault in vite.config.ts`);
        const edited = new RolldownMagicString(code);
        edited.overwrite(at, at + eager.length, 'var purify_default = createDOMPurify;');
        return { code: edited };
      },
    },
  };
}

/**
 * Script-tag files only: applies `edits` (scripts/bundle-edits.ts) to the one dependency file `id` matches. A magic
 * string, so the source map follows the edits.
 */
function editDependency(name: string, id: RegExp, edits: (code: string) => Edit[]): Plugin {
  return {
    name: `sse-chat:${name}`,
    transform: {
      filter: { id },
      handler(code) {
        const edited = new RolldownMagicString(code);
        for (const { start, end, text } of edits(code)) {
          if (start === end) edited.prependRight(start, text);
          else if (text) edited.overwrite(start, end, text);
          else edited.remove(start, end);
        }
        return { code: edited };
      },
    },
  };
}

/**
 * Members of SseChat (src/sse-chat.ts) and its own controllers, and keys of a record private to marked, whose names the bundle's terser pass shortens (~0.25 kB gzip): the minifiers
 * rename variables but keep property names. Only names that nothing reads from outside: its `private` members and
 * its `@internal` event handlers (ChatHandlers, the templates' `host.handle…`); not public or `protected` ones (a subclass may
 * override those), not `handleEvent` (the DOM calls it by name), not one the bundle names in a string anywhere
 * (checked: the build fails), not one the maths file reads. Each name is renamed everywhere in the bundle, so an
 * object key of the same name (`draft:` in the composer's state) follows.
 */
/** The element's event handlers, read from the ChatHandlers interface (src/view/context.ts), so a new one is renamed too. */
const CHAT_HANDLERS = (() => {
  const source = readFileSync(new URL('./src/view/context.ts', import.meta.url), 'utf8');
  const body = source.slice(source.indexOf('export interface ChatHandlers'));
  return [...body.slice(0, body.indexOf('\n}')).matchAll(/^ {2}(handle\w+)\(/gm)].map(match => match[1]);
})();
const PRIVATE_MEMBERS = [
  ...['adoptSheets', 'announcer', 'autoScroll', 'clock', 'copies', 'decorators', 'draft', 'editing', 'messagesStyled'],
  ...['ownSessionId', 'persistence', 'resolvedStrings', 'sendDraft', 'stepsOpen', 'turns', 'attached'],
  // Its controllers' members and the keys of the view's parts objects, read only inside the bundle (not `jumpToLatest`
  // or `copied`: UI strings of the same name would be renamed too).
  ...['allows', 'receive', 'refused', 'thumbnail', 'busy', 'pinned', 'showJump', 'modal', 'announcement', 'isLast', 'attach', 'picker', 'scroller'],
  // The markdown directive's catch-up: asked by the directive, wired by the view to the turn controller.
  ...['continueNextFrame', 'renderNextFrame'],
  // marked's record of where emphasis and strikethrough can close, which its lexer makes and reads in a private cache.
  ...['maskedSrc', 'lastPossibleEmStrongCloserIndex', 'lastPossibleDelCloserIndex'],
  // The frame scheduler's next-frame request, read only inside the bundle.
  ...['requestNextFrame'],
  // The transport's plumbing, which only the element's own turn reaches (the bundle exports nothing but SseChat):
  // streamSse's handlers, the call's halt, body and clocks, the parser's feed, the resume bookkeeping (~0.1 kB gzip).
  ...['onOpen', 'onMessage', 'onSignal', 'onResume', 'onComment', 'onBytes', 'onRetry', 'halt', 'throwIfHalted', 'holdBody', 'cancelBody'],
  ...['startResponseClock', 'startIdleClock', 'pauseIdleClock', 'noteActivity', 'sniffKind', 'feed', 'resumeAfter', 'isReplay'],
  ...['onOtherLine', 'addLine', 'maxEventSize', 'maxResumes'],
  // The dialects' own interface (the element takes a dialect by name, never an object) and the state they keep for
  // themselves: a tool call's step id, the rest of a json-family result.
  ...['createMapper', 'mapPayload', 'stepId', 'leftover'],
  // The state's and controllers' own: the text log's retired pieces, a feedback setter, a restored page's session.
  ...['retired', 'setFeedback', 'pageSessionId'],
  // The streaming markdown's own bookkeeping: the open blocks' tails and hand-over, the shape guard's scan, the
  // repair's result, the turn controller's trailing frame, the answer's render options (~0.15 kB gzip). Not its
  // stats, nor a plugin's members.
  ...['tailOffset', 'repairedTail', 'repaired', 'takeOver', 'lastStart', 'looseBefore', 'firstItem', 'hasRawHtml', 'linksKnown'],
  ...['tripped', 'rebase', 'lineStart', 'indentedRun', 'afterBlank', 'tableCells', 'listWork', 'backticks', 'trailingTimer'],
  ...['linesPerRender', 'growth', 'cutShort'],
  ...CHAT_HANDLERS,
];

/**
 * marked's plumbing, renamed like PRIVATE_MEMBERS (~0.5 kB gzip): the names of its precompiled regular expressions
 * (the `other` rules, and the inline and block rules that only other rules and its own tokenizer read), its lexer's
 * inline queue, loop guard and link-parsing state, and where `use()` gathers extensions' `start` functions. None is
 * part of marked's extension API, which a plugin given to `SseChat.use()` (the maths file, a page's own) reaches by
 * name: renderer and tokenizer method names (`listitem`, `lheading`, `emStrong`…), the lexer's and parser's methods
 * (`inlineTokens`, `parseInline`), its documented state (`inLink`, `inRawBlock`, `top`), token fields and options
 * keep theirs. Read dynamically nowhere: marked looks up only names a page passes (renderer, tokenizer and hook
 * overrides, extension names) and token types, which are strings (a listed name in a string fails the build).
 */
const MARKED_INTERNALS = [
  // Keys of marked's `other` rules.
  ...['anyLine', 'beginningSpace', 'blankLine', 'blockquoteBeginRegex', 'blockquoteMarkerWhitespace', 'blockquoteSetextReplace', 'blockquoteSetextReplace2'],
  ...['blockquoteStart', 'carriageReturn', 'codeRemoveIndent', 'doubleBlankLine', 'endATag', 'endAngleBracket', 'endPreScriptTag', 'endingHash', 'endingNewline'],
  ...['endingSpaceChar', 'endingSpaceTabChar', 'escapeReplace', 'escapeReplaceNoEncode', 'escapeTest', 'escapeTestNoEncode', 'fencesBeginRegex', 'findPipe'],
  ...['headingBeginRegex', 'hrRegex', 'hrefBrackets', 'htmlBeginRegex', 'indentCodeCompensation', 'leadingSpaceTab', 'listInterruptsParagraph', 'listIsTask'],
  ...['listItemRegex', 'listReplaceTask', 'listTaskCheckbox', 'multipleSpaceGlobal', 'nestedBlockMarker', 'nestedContainerMarkers', 'newLineCharGlobal'],
  ...['nextBulletRegex', 'nonSpaceChar', 'notSpaceStart', 'numericCharacterReference', 'numericCharacterReferenceOrAmpersand', 'percentDecode', 'slashPipe'],
  ...['splitPipe', 'startATag', 'startAngleBracket', 'startPreScriptTag', 'startingSpaceChar', 'tabCharGlobal', 'tableAlignCenter', 'tableAlignChars'],
  ...['tableAlignLeft', 'tableAlignRight', 'tableDelimiter', 'tableRowBlankLine', 'unicodeAlphaNumeric'],
  // Inline rules that only marked's own tokenizer reads.
  ...['_backpedal', 'anyPunctuation', 'anyPunctuationOutsideCode', 'blockSkip', 'delLDelim', 'delRDelim', 'emStrongLDelim', 'emStrongRDelimAst', 'emStrongRDelimUnd', 'reflinkSearch'],
  // The lexer's inline queue, loop guard and link state; the extensions' start functions as `use()` gathers them.
  ...['inlineQueue', 'infiniteLoopError', 'linkEmitted', 'linkParenPossible', 'startBlock', 'startInline'],
];

/**
 * The script-tag bundle only: a second minifier pass over the finished file. Terser after oxc's minifier saves ~1 kB
 * gzip that neither reaches alone (oxc alone 75.2 kB, terser alone 75.0 kB, both 74.3 kB). `unsafe_arrows` turns
 * `function` expressions that never use `this` or `arguments` into arrows; nothing in the file calls such a
 * function with `new`. Four passes, not three: 52 B less gzip (75,273 → 75,221) for ~2 CPU-seconds; a fifth gained
 * nothing more. `unsafe_proto` writes `Array.prototype.push` as `[].push` (the same function: DOMPurify still
 * captures it at load) and drops the bare reads the pure-marked DOMPurify constants leave (30 B gzip). Not `unsafe`
 * (inlines `strings.x` reads and turns `String(v)` into `v + ""`) nor `pure_getters` (moves reads of Lit properties
 * past other code). `sequences: false` (statements stay statements, not comma chains) and always double quotes gzip
 * 18 B smaller (11 + 7), with a slightly smaller file too. The source map is composed, so scripts/size.mjs still
 * attributes bytes to sources.
 * Not for the maths file: on KaTeX it saved 0.6 % (87.6 → 87.1 kB gzip -9) for 7 CPU-seconds of every build.
 */
function terserAfterOxc(): Plugin {
  return {
    name: 'sse-chat:terser-after-oxc',
    apply: 'build',
    async generateBundle(_, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const mapAsset = bundle[`${chunk.fileName}.map`];
        const renamed = [...PRIVATE_MEMBERS, ...MARKED_INTERNALS];
        const quoted = renamed.filter(name => new RegExp(`["'\`]${name}["'\`]`).test(chunk.code));
        if (quoted.length) throw new Error(`sse-chat: the bundle names ${quoted.join(', ')} in a string, so renaming the member would break it: take it out of PRIVATE_MEMBERS or MARKED_INTERNALS in vite.config.ts`);
        const result = await terser(chunk.code, {
          module: true,
          ecma: 2020,
          compress: { passes: 4, sequences: false, unsafe_arrows: true, unsafe_methods: true, unsafe_proto: true },
          mangle: { properties: { regex: new RegExp(`^(?:${renamed.join('|')})$`) } },
          format: { comments: false, quote_style: 2 },
          sourceMap: chunk.map ? { content: JSON.stringify(chunk.map), asObject: true } : false,
        });
        chunk.code = result.code!;
        if (mapAsset?.type === 'asset' && result.map) mapAsset.source = JSON.stringify(result.map);
      }
    },
  };
}

/**
 * Three builds from one config:
 * - `vite build` — the npm entry points: ES modules that keep lit, marked, dompurify (and katex) as imports (dist/esm);
 * - `vite build --mode bundle` — the self-contained script-tag bundle, everything inside (dist/sse-chat.bundle.js);
 * - `vite build --mode math` — the script-tag maths file, loaded after the bundle (dist/sse-chat.math.js).
 * Type declarations come from `tsc --emitDeclarationOnly`.
 */
export default defineConfig(({ mode }) => {
  const script = SCRIPT_FILES[mode];
  if (script) {
    return {
      plugins: [
        minifyCssLiterals(),
        minifyHtmlLiterals(),
        ...(mode === 'bundle' ? [shortenPrivateCustomProperties()] : []),
        deferDomPurifyDefault(),
        editDependency('trim-dompurify', DOMPURIFY_MODULE, code => {
          const edits = [
            ...dropDomPurifyBabelHelpers(code),
            ...dropDomPurifyUnusedMethods(code),
            ...emptyDomPurifyDefaultLists(code),
            // The maths file's purifier allows MathML and sanitizes a node: those edits are the bundle's alone.
            ...(mode === 'bundle'
              ? [...emptyDomPurifyNamespaceLists(code), ...pinDomPurifyOptions(code), ...sanitizeDomPurifyStringsOnly(code), ...requireDomPurifyTrustedTypesPolicy(code), ...dropDomPurifyUnsetOptionReads(code), ...defaultDomPurifyUnsetOptions(code), ...shortenDomPurifyErrors(code)]
              : []),
          ];
          return mode === 'bundle' ? [...edits, ...markDomPurifyPureConstants(code, edits)] : edits;
        }),
        editDependency('trim-marked', /\/marked\/lib\/marked\.esm\.js$/, trimMarked),
        editDependency('defer-marked', /\/marked\/lib\/marked\.esm\.js$/, deferMarked),
        ...(mode === 'bundle' ? [
              editDependency('shorten-lit-css-errors', /\/@lit\/reactive-element\/css-tag\.js$/, shortenLitCssErrors),
              editDependency('shorten-lit-live-errors', /\/lit-html\/directives\/live\.js$/, shortenLitDirectiveErrors('live')),
              editDependency('shorten-lit-repeat-errors', /\/lit-html\/directives\/repeat\.js$/, shortenLitDirectiveErrors('repeat')),
              terserAfterOxc(),
            ] : []),
      ],
      build: {
        outDir: 'dist',
        emptyOutDir: false,
        target: 'es2022',
        minify: true,
        // 'hidden': the map is written (scripts/size.mjs reads it) but the bundle names no map, because the
        // package does not ship it (784 kB); the ES modules keep theirs (dist/esm, sources inside).
        sourcemap: 'hidden',
        lib: { entry: script.entry, formats: ['es'], fileName: () => script.fileName },
        // Lib mode keeps whitespace in ES output; the script-tag bundle wants every byte gone. `comments: false`
        // also drops the `/* @__PURE__ */` annotations the minifier leaves: nothing tree-shakes this file again.
        rollupOptions: { output: { codeSplitting: false, minify: true, comments: false } },
      },
    };
  }
  return {
    build: {
      outDir: 'dist/esm',
      emptyOutDir: false,
      target: 'es2022',
      minify: false,
      sourcemap: true,
      lib: { entry: { index: 'src/index.ts', define: 'src/define.ts', 'cli/check': 'src/cli/check.ts', 'highlight/index': 'src/highlight/index.ts', 'math/index': 'src/math/index.ts' }, formats: ['es'] },
      rollupOptions: {
        external: id => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && !/^[A-Za-z]:/.test(id),
        output: { preserveModules: true, preserveModulesRoot: 'src', entryFileNames: '[name].js' },
      },
    },
  };
});
