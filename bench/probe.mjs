// Runs one harness call on one bench page and prints its raw result, for working on the bench itself:
//   node bench/probe.mjs <element|baseline|floor> <backToBack|burst|paced|latency> '<json options>'
// backToBack and burst get their setup call (prepare / position) with the same options first.
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromeArgs, chromePath } from '../scripts/chrome-path.mjs';
import { startStaticServer } from './static-server.mjs';

const SETUP = { backToBack: 'prepare', burst: 'position' };
const [target, call, json = '{}'] = process.argv.slice(2);
const options = JSON.parse(json);
const server = await startStaticServer(fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, ''));
const browser = await chromium.launch({ executablePath: chromePath(), headless: true, args: chromeArgs });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', message => console.log(`console.${message.type()}: ${message.text()}`));
  await page.goto(`${server.url}/bench/pages/${target}.html`);
  await page.waitForFunction(() => 'bench' in window);
  const evaluate = name => page.evaluate(([n, o]) => window.bench[n](o), [name, options]);
  if (SETUP[call]) await evaluate(SETUP[call]);
  console.log(JSON.stringify(await evaluate(call), null, 1));
} finally {
  await browser.close();
  await server.close();
}
