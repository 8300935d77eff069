// What one turn of a conversation leaves in the DOM: nodes by kind, inside and outside the answers' markdown,
// and event listeners (CDP), per turn. node bench/node-census.mjs [--turns=20] [--bundle=FILE]
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromeArgs, chromePath } from '../scripts/chrome-path.mjs';
import { startStaticServer } from './static-server.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const turns = Number(process.argv.find(a => a.startsWith('--turns='))?.slice(8) ?? 20);
const bundle = process.argv.find(a => a.startsWith('--bundle='))?.slice(9);
const server = await startStaticServer(ROOT);
const browser = await chromium.launch({ executablePath: chromePath(), headless: true, args: chromeArgs });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
if (bundle) await page.route('**/dist/sse-chat.bundle.js', route => route.fulfill({ path: bundle, contentType: 'text/javascript' }));
const cdp = await page.context().newCDPSession(page);
await page.goto(`${server.url}/bench/pages/conversation/element.html`);
await page.waitForFunction(() => 'conversation' in window);
await page.evaluate(t => window.conversation.build({ turns: t }), turns);
const census = await page.evaluate(() => {
  const root = document.querySelector('sse-chat').shadowRoot;
  const count = (node, into) => {
    const kind = node.nodeType === 1 ? 'element' : node.nodeType === 3 ? (node.data.trim() ? 'text' : 'blank text') : node.nodeType === 8 ? 'comment' : 'other';
    into[kind] = (into[kind] ?? 0) + 1;
    for (const child of node.childNodes) count(child, into);
    return into;
  };
  const messages = [...root.querySelectorAll('.message')];
  const user = {}, answer = {}, content = {};
  for (const m of messages) {
    if (m.dataset.role === 'user') count(m, user);
    else {
      count(m, answer);
      const c = m.querySelector('.content');
      if (c) for (const child of c.childNodes) count(child, content);
    }
  }
  const per = o => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, +(v / (messages.length / 2)).toFixed(1)]));
  return { messages: messages.length, user: per(user), answerAll: per(answer), answerMarkdown: per(content), all: count(root, {}) };
});
if (process.argv.includes('--dump')) console.log(await page.evaluate(() => {
  const root = document.querySelector('sse-chat').shadowRoot;
  const [user, answer] = [...root.querySelectorAll('.message')].slice(-4);
  const show = node => node.nodeType === 3 ? JSON.stringify(node.data.slice(0, 20)) : node.nodeType === 8 ? `<!--${node.data}-->` : `<${node.localName}${[...node.attributes].map(a => ` ${a.name}="${a.value.slice(0, 30)}"`).join('')}>${node.classList.contains('content') ? '…' : [...node.childNodes].map(show).join('')}</${node.localName}>`;
  return show(user) + '\n' + show(answer);
}));
await cdp.send('HeapProfiler.collectGarbage');
console.log(JSON.stringify(census), JSON.stringify(await cdp.send('Memory.getDOMCounters')));
await browser.close();
await server.close?.();
process.exit(0);
