// The demo page (demo/index.html, demo.css, demo.js) on a 375 px phone: no sideways scroll, the composer, Send and
// Retry on screen, the launcher button inside the screen. The page runs in a 375 × 667 iframe with the element
// from source, answering from a fake fetch.
import { expect } from '@open-wc/testing';
import type { SseChat } from '../src/sse-chat.js';
import { createFakeFetch, nextFrame, until } from './helpers/fake-sse.js';

async function demoOnPhone(): Promise<{ frame: HTMLIFrameElement; win: Window; chat: SseChat }> {
  const source = await (await fetch('/demo/index.html')).text();
  const page = source
    .replace('src="/sse-chat.bundle.js"', 'src="/src/define.ts"')
    .replace('href="/demo.css"', 'href="/demo/demo.css"')
    .replace('src="/demo.js"', 'src="/demo/demo.js"')
    // No demo server here: its list of backends is answered in the page (as a 404, which demo.js tolerates).
    .replace('<head>', `<head><script>const f = fetch; fetch = (u, i) => String(u).endsWith('/api/routes') ? Promise.resolve(new Response('', { status: 404 })) : f(u, i);</script>`);
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 375px; height: 667px; border: 0';
  frame.srcdoc = page;
  const loaded = new Promise(resolve => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow!;
  await until(() => !!win.customElements.get('sse-chat'), 10000, 'the element defined in the demo page');
  const chat = win.document.getElementById('chat') as SseChat;
  await chat.updateComplete;
  return { frame, win, chat };
}

const onScreen = (node: Element, win: Window) => {
  const box = node.getBoundingClientRect();
  return box.width > 0 && box.left >= 0 && box.right <= win.innerWidth && box.top >= 0 && box.bottom <= win.innerHeight;
};
const part = (chat: SseChat, name: string) => chat.shadowRoot!.querySelector(`[part~="${name}"]`)!;

describe('the demo page on a 375 px phone', () => {
  let frame: HTMLIFrameElement | undefined;
  afterEach(() => frame?.remove());

  it('fits the screen: no sideways scroll, the composer and Send on screen, then Retry after a failure', async () => {
    const demo = await demoOnPhone();
    frame = demo.frame;
    const { win, chat } = demo;
    expect(win.document.documentElement.scrollWidth, 'no sideways scroll').to.be.at.most(375);
    const fake = createFakeFetch(index => (index === 0 ? {} : { status: 500, text: 'down' }));
    chat.fetch = fake.fetch;
    const input = part(chat, 'input') as HTMLTextAreaElement;
    input.value = 'How do I embed it?';
    input.dispatchEvent(new InputEvent('input'));
    await chat.updateComplete;
    expect(onScreen(part(chat, 'send-button'), win), 'Send on screen').to.equal(true);
    const first = chat.send('How do I embed it?');
    const call = await fake.nextCall();
    call.response.send({ delta: `Embed it:\n\n\`\`\`html\n<sse-chat endpoint="/api/chat" style="height: 100%">${'x'.repeat(120)}</sse-chat>\n\`\`\`\n\n${'Text. '.repeat(200)}` }, 'text-delta');
    call.response.send({}, 'done');
    call.response.close();
    await first;
    await nextFrame();
    expect(win.document.documentElement.scrollWidth, 'no sideways scroll with an answer').to.be.at.most(375);
    expect(onScreen(part(chat, 'composer'), win), 'the composer on screen').to.equal(true);
    await chat.send('Again');
    await fake.nextCall();
    // The list follows the failure to the bottom in a frame or a few (more on a loaded machine); Retry laid out off
    // the screen never gets there.
    const retryOnScreen = () => {
      const retry = chat.shadowRoot!.querySelector('[part~="retry-button"]');
      return retry !== null && onScreen(retry, win);
    };
    await until(retryOnScreen, 10_000, 'Retry on screen');
    expect(onScreen(part(chat, 'retry-button'), win), 'Retry on screen').to.equal(true);
  });

  it('keeps the launcher button inside the screen', async () => {
    const demo = await demoOnPhone();
    frame = demo.frame;
    const { win, chat } = demo;
    const layout = win.document.getElementById('layout') as HTMLSelectElement;
    layout.value = 'launcher';
    layout.dispatchEvent(new Event('change'));
    await chat.updateComplete;
    expect(onScreen(part(chat, 'launcher'), win)).to.equal(true);
    expect(win.document.documentElement.scrollWidth).to.be.at.most(375);
  });
});
