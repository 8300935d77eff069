#!/usr/bin/env node
// The `sse-chat` command. All logic lives in the built ES module; this file only wires it to the process.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/esm/cli/check.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('sse-chat: the CLI is not built yet (dist/esm/cli/check.js is missing): run npm run build\n');
  process.exit(2);
}

const { main } = await import(entry.href);
// Ctrl-C aborts the request (the server sees the disconnect) and still prints what arrived so far.
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.exitCode = await main({
  argv: process.argv.slice(2),
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
  env: process.env,
  isTTY: Boolean(process.stdout.isTTY),
  signal: controller.signal,
});
