// What the script-tag bundle is made of: minified bytes per source file and per package, read from its source map.
// Each mapping segment's generated text (up to the next segment on the same line) is charged to that segment's
// source; text not covered by any segment is "(unmapped)". Raw minified bytes, before compression.
import { readFileSync } from 'node:fs';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((char, i) => [char, i]));

/**
 * Decodes one source-map segment (base64 VLQ) into its numbers.
 * @param {string} segment
 * @returns {number[]}
 */
export function decodeVlq(segment) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = DIGIT.get(char);
    if (digit === undefined) throw new Error(`bad VLQ character ${char}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}

/**
 * Generated characters per source file.
 * @param {string} code     the generated file
 * @param {{ sources: string[], mappings: string }} map
 * @returns {Map<string, number>}
 */
export function bytesPerSource(code, map) {
  const totals = new Map();
  const add = (name, count) => totals.set(name, (totals.get(name) ?? 0) + count);
  const lines = code.split('\n');
  let source = 0;
  map.mappings.split(';').forEach((line, lineIndex) => {
    // Text before the first segment is unmapped; each segment owns the text up to the next one.
    let owner = { name: '(unmapped)', column: 0 };
    let column = 0;
    for (const segment of line ? line.split(',') : []) {
      const values = decodeVlq(segment);
      column += values[0];
      add(owner.name, column - owner.column);
      if (values.length >= 4) source += values[1];
      owner = { name: values.length >= 4 ? map.sources[source] : '(unmapped)', column };
    }
    add(owner.name, (lines[lineIndex] ?? '').length - owner.column);
  });
  return totals;
}

/**
 * The package a source belongs to: the npm package for node_modules paths, else its top-level src/ folder.
 * @param {string} source
 */
export function packageOf(source) {
  const modules = source.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (modules) return modules[1];
  const own = source.match(/src\/([^/]+)\//);
  if (own) return `src/${own[1]}/`;
  return source.replace(/^(\.\.\/)+/, '');
}

/**
 * Minified bytes of dist/sse-chat.bundle.js per package, largest first.
 * @param {URL} [file]
 * @returns {Array<{ name: string, bytes: number }>}
 */
export function bundleBreakdown(file = new URL('../dist/sse-chat.bundle.js', import.meta.url)) {
  const code = readFileSync(file, 'utf8');
  const map = JSON.parse(readFileSync(new URL(`${file.href}.map`), 'utf8'));
  const byPackage = new Map();
  for (const [source, bytes] of bytesPerSource(code, map)) {
    const name = packageOf(source);
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytes);
  }
  return [...byPackage].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const { name, bytes } of bundleBreakdown()) console.log(`${(bytes / 1000).toFixed(1).padStart(7)} kB  ${name}`);
}
