// Imports point down the pipeline: transport → dialects → state → controllers → view → element. This test reads
// every `src/**/*.ts` import (static, `import type`, re-exports, dynamic) and fails on any import a layer may not
// make, naming the file and the import. Run it alone: `node --test test/architecture.test.mjs`.
import { readdirSync, readFileSync } from 'node:fs';
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
  // Bytes → SSE messages; also the request's HTTP side (headers, body encoding) and the error codes.
  { name: 'transport', paths: ['src/transport/'], mayImport: [] },
  // SSE messages → normalized chat events (the vocabulary lives here too), and each backend's request body.
  { name: 'dialects', paths: ['src/dialects/'], mayImport: ['transport'] },
  // The reducer over chat events (a streaming answer's lists grow in place), history selection, session ids.
  { name: 'state', paths: ['src/state/'], mayImport: ['transport', 'dialects'] },
  // Keeping a conversation (its stored form) and the launcher's state across reloads, in Web Storage that never throws.
  { name: 'persistence', paths: ['src/persistence/'], mayImport: ['transport', 'dialects', 'state'] },
  // A leaf library of the view: streaming markdown → sanitized DOM, and the decorators of that DOM (citations,
  // code blocks, and the highlighter contract they need). Depends on lit, marked and dompurify only.
  { name: 'markdown', paths: ['src/markdown/'], mayImport: [] },
  // The element's reactive controllers (a turn, scroll, copy, launcher, persistence) and its DOM event classes.
  {
    name: 'controllers',
    paths: ['src/controllers/', 'src/dom-events.ts'],
    mayImport: ['transport', 'dialects', 'state', 'persistence', 'markdown'],
  },
  // Lit templates, the UI strings they show and the page language they follow.
  {
    name: 'view',
    paths: ['src/view/', 'src/strings.ts', 'src/locale.ts'],
    mayImport: ['transport', 'dialects', 'state', 'persistence', 'markdown', 'controllers'],
  },
  // The element and its entry points. It never imports `highlight/` or `math/`: they stay out of the script-tag bundle.
  {
    name: 'element',
    paths: ['src/sse-chat.ts', 'src/sse-chat.styles.ts', 'src/index.ts', 'src/define.ts'],
    mayImport: ['transport', 'dialects', 'state', 'persistence', 'markdown', 'controllers', 'view'],
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
