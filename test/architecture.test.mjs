// Imports point down the pipeline: transport → dialects → state → the element. Between state and the element, the
// controllers (above persistence and the element's DOM events) and the view (above markdown, a leaf library) sit side
// by side: neither imports the other. cli/, highlight/ and math/ stand beside the chain; untrusted/ (readers of values nobody vouches for) sits
// under it, for the layers that read such values. LAYERS below is the exact table. This test reads every
// `src/**/*.ts` import (static, `import type`, re-exports, dynamic) and fails on any import a layer may not make,
// naming the file and the import. It also checks that tests mirror src/ (see NOT_MIRRORED).
// Run it alone: `node --test test/architecture.test.mjs`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, dirname, relative, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The layers, lowest first. A layer is a folder (`src/x/`) or a single file; the longest matching prefix wins.
 * `mayImport` lists the other layers its files may import (a layer may always import itself). Every source file
 * must belong to a layer, so a new folder has to be placed here deliberately.
 */
export const LAYERS = [
  // Reading values nobody vouches for (server JSON, stored records) without throwing or reading a prototype's
  // properties. Imports nothing: the transport (error bodies), the dialects and the persistence layer read through it.
  { name: 'untrusted', paths: ['src/untrusted/'], mayImport: [] },
  // Bytes → SSE messages; also the request's HTTP side (headers, body encoding), the error codes, and the server's
  // words in an HTTP error's JSON body (read through untrusted/).
  { name: 'transport', paths: ['src/transport/'], mayImport: ['untrusted'] },
  // SSE messages → normalized chat events (the vocabulary lives here too), and each backend's request body.
  { name: 'dialects', paths: ['src/dialects/'], mayImport: ['untrusted', 'transport'] },
  // The reducer over chat events (a streaming answer's lists grow in place, its text's growth logged), one turn read
  // from its stream (the element's and the checker's), history selection, the attachment limits, session ids.
  { name: 'state', paths: ['src/state/'], mayImport: ['transport', 'dialects'] },
  // Keeping a conversation (its stored form) and the launcher's state across reloads, in Web Storage that never throws.
  { name: 'persistence', paths: ['src/persistence/'], mayImport: ['untrusted', 'state'] },
  // A leaf library of the view: streaming markdown → sanitized DOM, and the decorators of that DOM (citations,
  // code blocks, and the highlighter contract they need). Depends on lit, marked and dompurify only.
  { name: 'markdown', paths: ['src/markdown/'], mayImport: [] },
  // The element's DOM events (`sse-chat-send`…): one class each with its typed detail, the public contract of what it
  // dispatches. The controllers that run a turn or the launcher dispatch them, and so does the element.
  { name: 'events', paths: ['src/events/'], mayImport: ['transport', 'dialects', 'state'] },
  // The element's reactive controllers (a turn, scroll, copy, launcher, persistence, attachments). Not markdown: the
  // frame scheduler is theirs, and the markdown they render is the view's business.
  {
    name: 'controllers',
    paths: ['src/controllers/'],
    mayImport: ['transport', 'dialects', 'state', 'persistence', 'events'],
  },
  // Lit templates, the UI strings they show (`strings.ts`) and the page language they follow (`locale.ts`).
  { name: 'view', paths: ['src/view/'], mayImport: ['transport', 'dialects', 'state', 'markdown'] },
  // The element and its entry points. It never imports `highlight/` or `math/`: they stay out of the script-tag bundle.
  {
    name: 'element',
    paths: ['src/sse-chat.ts', 'src/sse-chat.styles.ts', 'src/index.ts', 'src/define.ts'],
    mayImport: ['transport', 'dialects', 'state', 'persistence', 'markdown', 'events', 'controllers', 'view'],
  },
  // Beside the chain: the opt-in highlighter (its own entry point) implements the markdown decorators' contract.
  { name: 'highlight', paths: ['src/highlight/'], mayImport: ['markdown'] },
  // Beside the chain: the opt-in maths (its own entry points, KaTeX inside) is a markdown plugin; its entries hand it
  // to the element class (`SseChat.use`), which never imports it back.
  { name: 'math', paths: ['src/math/'], mayImport: ['markdown', 'element'] },
  // Beside the chain: `sse-chat check` reads a stream the way the element does, without a DOM.
  { name: 'cli', paths: ['src/cli/'], mayImport: ['transport', 'dialects', 'state'] },
];

/** The layer of a repository-relative path (`src/...`), by the longest matching path, or undefined. */
function layerOf(path) {
  let best;
  let bestLength = -1;
  for (const layer of LAYERS) {
    for (const prefix of layer.paths) {
      const matches = prefix.endsWith('/') ? path.startsWith(prefix) : path === prefix;
      if (matches && prefix.length > bestLength) {
        best = layer;
        bestLength = prefix.length;
      }
    }
  }
  return best;
}

function sourceFiles(dir) {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap(entry => {
    const path = posix.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The relative module specifiers a file imports: `import … from`, `import type`, `export … from`, `import()`. */
export function importsOf(text) {
  // Comments may quote imports (JSDoc examples); drop them first. Line comments only where they start a line, so
  // `'https://…'` inside code survives.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const specifiers = [];
  const patterns = [
    /(?:^|[;\s])(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /(?:^|[;\s])import\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) specifiers.push(match[1]);
  return specifiers.filter(specifier => specifier.startsWith('.'));
}

/** The repository-relative `.ts` path an import of `specifier` from `file` resolves to. */
function resolveImport(file, specifier) {
  return posix.normalize(posix.join(posix.dirname(file), specifier)).replace(/\.js$/, '.ts');
}

/** Every import a layer may not make, as `file → specifier (from-layer → to-layer)`, and every unplaced file. */
export function violations(files, read) {
  const problems = [];
  for (const file of files) {
    const from = layerOf(file);
    if (!from) {
      problems.push(`${file}: belongs to no layer (add it to LAYERS in test/architecture.test.mjs)`);
      continue;
    }
    for (const specifier of importsOf(read(file))) {
      const target = resolveImport(file, specifier);
      const to = layerOf(target);
      if (!to) problems.push(`${file} → ${specifier}: ${target} belongs to no layer`);
      else if (to !== from && !from.mayImport.includes(to.name))
        problems.push(`${file} → ${specifier} (${from.name} may not import ${to.name})`);
    }
  }
  return problems;
}

describe('architecture: imports point down the pipeline', () => {
  it('finds imports of every kind, and no specifier in comments', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../b/b.js';",
      'import {',
      '  c,',
      '  type D,',
      "} from './c.js';",
      "export { e } from './e.js';",
      "export * from './f.js';",
      "import './g.js';",
      "const h = await import('./h.js');",
      "import { lit } from 'lit';",
      "/** `import { x } from './in-a-comment.js'` */",
      "// import { y } from './line-comment.js';",
      "const url = 'https://example.com';",
    ].join('\n');
    assert.deepEqual(importsOf(text).sort(), ['../b/b.js', './a.js', './c.js', './e.js', './f.js', './g.js', './h.js']);
  });

  it('reports an import from a lower layer to a higher one, with the file and the import', () => {
    const sources = {
      'src/transport/transport.ts': "import { ErrorCode } from '../state/message.js';",
      'src/state/message.ts': "import type { ChatEvent } from '../dialects/chat-event.js';",
      'src/dialects/chat-event.ts': '',
    };
    assert.deepEqual(violations(Object.keys(sources), file => sources[file]), [
      'src/transport/transport.ts → ../state/message.js (transport may not import state)',
    ]);
  });

  it('every src file is in a layer and imports only what its layer may', () => {
    const files = sourceFiles('src');
    assert.ok(files.length > 50, `found only ${files.length} source files under ${relative(process.cwd(), ROOT) || '.'}/src`);
    const problems = violations(files, file => readFileSync(join(ROOT, file), 'utf8'));
    assert.equal(problems.length, 0, `imports against the layer table:\n  ${problems.join('\n  ')}`);
  });
});

/**
 * Tests mirror src/: the tests of `src/a/b.ts` are in `test/a/b.test.ts` (or `.test.mjs`), or, for a module with many
 * aspects, in the folder `test/a/b/` (the element's: `test/sse-chat/`). A module with neither is listed here, with
 * why: nothing of its own to run (types, constants, re-exports), or which tests cover it (`by`) and why there.
 */
export const NOT_MIRRORED = {
  // Nothing of their own to run.
  'src/index.ts': 'the package entry point: re-exports',
  'src/transport/sse-message.ts': 'a type',
  'src/transport/error-code.ts': 'constants (the error codes)',
  'src/state/status.ts': 'constants (ChatStatus)',
  'src/dialects/chat-event.ts': 'types and a constant (the chat event vocabulary)',
  'src/dialects/dialect.ts': 'types and a constant (the dialect names)',
  'src/dialects/dialect-strings.ts': "constants (the dialects' default English, checked with the UI strings)",
  'src/view/context.ts': 'types (what a template reads, the handlers it binds)',
  'src/view/icons.ts': 'constants (SVG templates)',
  // Covered where they can be seen.
  'src/define.ts': { by: ['test/sse-chat/element.test.ts'], why: 'registering the element is observed on customElements' },
  // The pieces several dialects share, each checked through the dialects that use it.
  'src/dialects/sources.ts': {
    by: ['test/dialects/canonical.test.ts', 'test/dialects/json.test.ts', 'test/dialects/openai-chat.test.ts', 'test/dialects/anthropic.test.ts'],
    why: 'citation readers: what they read is seen in the sources of the formats that send them',
  },
  'src/dialects/steps.ts': {
    by: ['test/dialects/canonical.test.ts', 'test/dialects/openai-chat.test.ts', 'test/dialects/gemini.test.ts', 'test/dialects/openai-responses.test.ts'],
    why: "step progress and status, the Thinking step and step details: seen in the steps of the formats that stream them",
  },
  'src/dialects/vendor-mapper.ts': {
    by: ['test/dialects/openai-chat.test.ts', 'test/dialects/anthropic.test.ts', 'test/dialects/tgi.test.ts', 'test/dialects/vercel-ai.test.ts'],
    why: "the vendor mappers' base class and event builders: [DONE], keep-alives, bad payloads, errors and finish notices, per vendor",
  },
  'src/dialects/request-body.ts': {
    by: ['test/dialects/openai-chat.test.ts', 'test/dialects/gemini.test.ts', 'test/dialects/tgi.test.ts'],
    why: "two lines of history mapping, checked in the request bodies built from them",
  },
  'src/markdown/open-fence.ts': {
    by: ['test/markdown/streaming-markdown.test.ts'],
    why: 'a fast path of StreamingMarkdown: checked against what a fresh render of the same text shows',
  },
  'src/markdown/open-list.ts': {
    by: ['test/markdown/open-block.test.ts'],
    why: 'a fast path of StreamingMarkdown: checked, with the other open blocks, against a fresh render after every cut',
  },
  'src/markdown/open-table.ts': {
    by: ['test/markdown/open-block.test.ts'],
    why: 'a fast path of StreamingMarkdown: checked, with the other open blocks, against a fresh render after every cut',
  },
  'src/markdown/decorate/part-element.ts': { by: ['test/markdown/decorate/citations.test.ts'], why: 'a five-line helper of the decorators' },
  'src/markdown/plugins.ts': { by: ['test/math/math.test.ts'], why: 'the plugin registry; maths is the plugin that uses it' },
  'src/math/index.ts': { by: ['test/math/math.test.ts'], why: 'the entry point that turns maths on, imported by its tests' },
  'src/math/script.ts': { by: ['test/math/script-tag.test.ts'], why: 'the script-tag entry, tested as built' },
  'src/view/answer-content.ts': {
    by: ['test/sse-chat/element.test.ts', 'test/sse-chat/earlier-turns.test.ts', 'test/e2e/long-answer.test.ts'],
    why: "the decorators of an answer's markdown (citations, code blocks, tables) kept per answer, and the clicks in it: observed on the element",
  },
  ...Object.fromEntries(
    ['agent-advice', 'byte-observer', 'observe', 'report'].map(name => [
      `src/cli/${name}.ts`,
      { by: ['test/cli/check.test.mjs', 'test/cli/agent-check.test.mjs'], why: '`sse-chat check` run end to end, built, against real servers' },
    ]),
  ),
};

/** Whether `test/` holds the mirrored tests of `file` (`src/a/b.ts`): `test/a/b.test.{ts,mjs}` or a `test/a/b/` folder of tests. */
export function hasMirroredTests(file, exists = path => existsSync(join(ROOT, path)), list = path => readdirSync(join(ROOT, path))) {
  const base = `test/${file.slice('src/'.length).replace(/\.ts$/, '')}`;
  if (exists(`${base}.test.ts`) || exists(`${base}.test.mjs`)) return true;
  return exists(base) && list(base).some(name => /\.test\.m?[jt]s$/.test(name));
}

describe('architecture: tests mirror src/', () => {
  it('finds tests beside the path, or in a folder named after the module', () => {
    const tree = new Map([
      ['test/a/b.test.ts', []],
      ['test/c.test.mjs', []],
      ['test/d', ['one.test.ts', 'helpers.ts']],
      ['test/e', ['helpers.ts']],
    ]);
    const exists = path => tree.has(path);
    const list = path => tree.get(path);
    assert.deepEqual(
      ['src/a/b.ts', 'src/c.ts', 'src/d.ts', 'src/e.ts', 'src/a/f.ts'].map(file => hasMirroredTests(file, exists, list)),
      [true, true, true, false, false],
    );
  });

  it('every src module has tests at its mirrored path, or is listed in NOT_MIRRORED with why', () => {
    const missing = sourceFiles('src').filter(file => !hasMirroredTests(file) && !Object.hasOwn(NOT_MIRRORED, file));
    assert.deepEqual(missing, [], `add tests at test/<path>.test.ts, or list the module in NOT_MIRRORED with the reason`);
  });

  it('NOT_MIRRORED lists only modules that exist and have no mirrored tests, and names tests that exist', () => {
    const sources = new Set(sourceFiles('src'));
    const stale = Object.keys(NOT_MIRRORED).filter(file => !sources.has(file) || hasMirroredTests(file));
    assert.deepEqual(stale, [], 'entries of NOT_MIRRORED to remove: the module is gone or has tests at its path now');
    const absent = Object.values(NOT_MIRRORED).flatMap(entry => (typeof entry === 'string' ? [] : entry.by.filter(path => !existsSync(join(ROOT, path)))));
    assert.deepEqual(absent, [], 'test files named in NOT_MIRRORED that do not exist');
  });
});

/** The test paths a config names (quoted `test/…` strings without a glob) that do not exist. */
export function missingTestPaths(configText, exists = path => existsSync(join(ROOT, path))) {
  return [...configText.matchAll(/'(test\/[^'*]*)'/g)].map(match => match[1]).filter(path => !exists(path));
}

/**
 * The test files that more than one entry of the config's POOLS brings onto a pool page (a folder entry takes its own
 * `*.test.ts` files, not those below it, as the config does): such a file runs on two pages.
 */
export function filesInTwoPools(configText, list = path => readdirSync(join(ROOT, path))) {
  const start = configText.indexOf('const POOLS = {');
  if (start === -1) return [];
  const pools = configText.slice(start, configText.indexOf('\n};', start));
  const seen = new Set();
  const twice = [];
  for (const [, entry] of pools.matchAll(/'(test\/[^'*]*)'/g)) {
    const files = entry.endsWith('/') ? list(entry).filter(name => name.endsWith('.test.ts')).map(name => `${entry}${name}`) : [entry];
    for (const file of files) {
      if (seen.has(file)) twice.push(file);
      seen.add(file);
    }
  }
  return twice;
}

// A moved or renamed test file must be renamed in the runner's lists too: a pool page importing a missing file fails
// only at run time, and a SERIAL_FILES entry that matches nothing silently puts its file back among the parallel ones.
// A file moved into a pooled folder must leave the entry that named it, or it runs on two pages.
describe('the browser test runner names files that exist', () => {
  it('finds quoted test paths, not globs', () => {
    const text = "const A = ['test/a.test.ts', 'test/gone.test.ts', 'test/**/*.test.ts'];\n// 'test/in-comment.test.ts' counts too";
    assert.deepEqual(missingTestPaths(text, path => path === 'test/a.test.ts'), ['test/gone.test.ts', 'test/in-comment.test.ts']);
  });

  it('finds a file that a folder entry and a file entry both pool', () => {
    const text = "const POOLS = {\n  a: { files: ['test/view/', 'test/b.test.ts'] },\n  b: { files: ['test/view/x.test.ts'] },\n};\nconst OTHER = ['test/view/x.test.ts'];";
    assert.deepEqual(filesInTwoPools(text, () => ['x.test.ts', 'helper.ts']), ['test/view/x.test.ts']);
  });

  it('no test file is on two pool pages', () => {
    assert.deepEqual(filesInTwoPools(readFileSync(join(ROOT, 'web-test-runner.config.mjs'), 'utf8')), [], 'these run twice: keep each in one POOLS entry');
  });

  it('every test path in web-test-runner.config.mjs exists', () => {
    const missing = missingTestPaths(readFileSync(join(ROOT, 'web-test-runner.config.mjs'), 'utf8'));
    assert.deepEqual(missing, [], 'rename these in web-test-runner.config.mjs (SERIAL_FILES, POOLS, BUILT_LAST)');
  });
});
