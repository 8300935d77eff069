// The script-tag bundle's size, gzip and brotli. `--check` fails when gzip exceeds the budget.
import { readFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

export const BUDGET_GZIP_BYTES = 42 * 1000;
const file = new URL('../dist/sse-chat.bundle.js', import.meta.url);

export function bundleSize() {
  const source = readFileSync(file);
  return {
    raw: source.length,
    gzip: gzipSync(source, { level: 9 }).length,
    brotli: brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { raw, gzip, brotli } = bundleSize();
  const kB = n => `${(n / 1000).toFixed(1)} kB`;
  console.log(`dist/sse-chat.bundle.js: ${kB(raw)} raw, ${kB(gzip)} gzip, ${kB(brotli)} brotli (budget ${kB(BUDGET_GZIP_BYTES)} gzip)`);
  if (process.argv.includes('--check') && gzip > BUDGET_GZIP_BYTES) {
    console.error(`Bundle over budget by ${kB(gzip - BUDGET_GZIP_BYTES)} gzip.`);
    process.exit(1);
  }
}
