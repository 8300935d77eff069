// The README's screenshots, taken in headless Chromium from a running demo (`npm start`, then
// `node scripts/screenshots.mjs [demo URL]`): light with steps open, dark on a seed backend, the launcher open.
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromeArgs, chromePath } from './chrome-path.mjs';

const demo = process.argv[2] ?? 'http://127.0.0.1:8787/';
const docs = fileURLToPath(new URL('../docs/', import.meta.url));
const b = await chromium.launch({ executablePath: chromePath(), args: chromeArgs });
async function shot(out, scheme, setup) {
  const p = await b.newPage({ viewport: { width: 1000, height: 760 }, colorScheme: scheme, deviceScaleFactor: 1 });
  p.on('pageerror', e => console.log('pageerror', e.message));
  await p.goto(demo);
  await p.waitForFunction(() => customElements.get('sse-chat'));
  await p.waitForTimeout(300);
  await setup(p);
  await p.screenshot({ path: out });
  await p.close();
}
const ask = async (p, q) => {
  await p.evaluate(q => document.querySelector('sse-chat').send(q), q);
  await p.waitForFunction(() => document.querySelector('sse-chat').status === 'idle', null, { timeout: 20000 });
  await p.waitForTimeout(300);
};
await shot(`${docs}screenshot.png`, 'light', async p => {
  await ask(p, 'What happens when I press Stop?');
  await p.evaluate(() => {
    const root = document.querySelector('sse-chat').shadowRoot;
    root.querySelector('details')?.setAttribute('open', '');
    root.querySelector('[part~="messages"]').scrollTop = 0;
  });
  await p.waitForTimeout(200);
});
await shot(`${docs}screenshot-dark.png`, 'dark', async p => {
  await p.selectOption('#route', '/seeds/rag');
  await p.waitForTimeout(200);
  // Stop mid-answer so steps, a partial answer and the cursor-free stopped marker show.
  await ask(p, 'How do I theme it with CSS?');
});
await shot(`${docs}screenshot-launcher.png`, 'light', async p => {
  await p.selectOption('#layout', 'launcher');
  await p.evaluate(() => { document.querySelector('sse-chat').open = true; });
  await p.waitForTimeout(300);
  await ask(p, 'How do I embed it in a page?');
});
await b.close();
