// `npm run manifest`: writes custom-elements.json from the element's JSDoc (config: custom-elements-manifest.config.mjs).
// `node scripts/manifest.mjs --check`: fails, writing nothing, when the committed manifest is not what the source says.
//
// Uses the analyzer's programmatic `create()` rather than its CLI: the CLI always imports its third-party-manifest
// finder, which needs the native `rs-module-lexer` (whose install script npm 11 skips), and it rewrites package.json.
// `create()` and the Lit plugin need only TypeScript.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { create, ts } from '@custom-elements-manifest/analyzer';
import { litPlugin } from '@custom-elements-manifest/analyzer/src/features/framework-plugins/lit/lit.js';
import config from '../custom-elements-manifest.config.mjs';

const root = new URL('..', import.meta.url);
/** Where the manifest is committed (and what package.json's `customElements` points at). */
export const MANIFEST_FILE = fileURLToPath(new URL('custom-elements.json', root));

/**
 * Analyzes the configured source files and returns the manifest as the exact text that is committed.
 * @returns {string}
 */
export function generateManifest() {
  const modules = config.globs.map(path => {
    // Plain paths keep the run independent of globbing and its order: the manifest's module order is this list's.
    if (/[*?{[]/.test(path)) throw new Error(`List files explicitly in the manifest config, not globs: ${path}`);
    const source = readFileSync(new URL(path, root), 'utf8');
    return ts.createSourceFile(path, source, ts.ScriptTarget.ES2015, true);
  });
  const plugins = [...(config.litelement ? litPlugin() : []), ...(config.plugins ?? [])];
  const manifest = create({ modules, plugins, context: { dev: false } });
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * Whether the committed manifest equals a fresh one.
 * @returns {{ upToDate: boolean, expected: string }}
 */
export function checkManifest() {
  const expected = generateManifest();
  let committed = '';
  try {
    committed = readFileSync(MANIFEST_FILE, 'utf8');
  } catch {
    // Missing counts as stale.
  }
  return { upToDate: committed === expected, expected };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--check')) {
    const { upToDate } = checkManifest();
    if (!upToDate) {
      console.error('custom-elements.json is out of date with the element\'s JSDoc: run `npm run manifest` and commit it.');
      process.exit(1);
    }
    console.log('custom-elements.json is up to date.');
  } else {
    writeFileSync(MANIFEST_FILE, generateManifest());
    console.log('Wrote custom-elements.json.');
  }
}
