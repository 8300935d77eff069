// The page both long-answer tools (profile-long.mjs, trace-long.mjs) measure: the bench harness with one
// <sse-chat>, its answer prepared (or pre-filled up to the last `tail` tokens) and a CDP session to record with.
import { chromium } from 'playwright-core';
import { chromeArgs, chromePath } from '../scripts/chrome-path.mjs';
import { startStaticServer } from './static-server.mjs';

/**
 * Opens the harness page served from `root`, ready to stream a `count`-token answer (with `tail`, all but the last
 * `tail` tokens already streamed), `css` added to the page first. `close()` ends the browser and the server.
 * @param {{ root: string, count: number, tail: number, css?: string }} options
 */
export async function openLongAnswerPage({ root, count, tail, css }) {
  const server = await startStaticServer(root);
  const browser = await chromium.launch({ executablePath: chromePath(), headless: true, args: chromeArgs });
  const close = async () => {
    await browser.close();
    await server.close();
  };
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const cdp = await page.context().newCDPSession(page);
    await page.goto(`${server.url}/bench/pages/element.html`);
    await page.waitForFunction(() => 'bench' in window);
    // An experiment's page style (e.g. `sse-chat::part(cursor) { animation: none }`), before the answer exists.
    if (css) await page.addStyleTag({ content: css });
    if (tail) await page.evaluate(([c, t]) => window.bench.position({ count: c, at: c - t }), [count, tail]);
    else await page.evaluate(c => window.bench.prepare({ count: c }), count);
    return { page, cdp, close };
  } catch (error) {
    await close();
    throw error;
  }
}
