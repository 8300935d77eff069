// Runs one harness call on one bench page and prints its raw result, for working on the bench itself:
//   node bench/probe.mjs <element|baseline|floor> <backToBack|paced|latency|sampleTokenCost> '<json options>'
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromeArgs, chromePath } from '../scripts/chrome-path.mjs';
import { startStaticServer } from './static-server.mjs';
const server = await startStaticServer(fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, ''));
const browser = await chromium.launch({ executablePath: chromePath(), headless: true, args: chromeArgs });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
page.on('console', m => console.log('console', m.type(), m.text()));
const [target, call, opts] = process.argv.slice(2);
await page.goto(`${server.url}/bench/pages/${target}.html`);
await page.waitForFunction(() => 'bench' in window);
const r = await page.evaluate(([c, o]) => window.bench[c](o), [call, JSON.parse(opts)]);
delete r.syncMs;
console.log(JSON.stringify(r, null, 1));
await browser.close(); await server.close();
