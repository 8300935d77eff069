// The bare element in host pages shaped like users' pages: a flex sidebar, grid cells, a page stylesheet that sets
// its display, right-to-left, a phone. Whatever the page does, the chat stays inside its box: wide code and tables
// scroll in their own block, the list scrolls, the composer stays in view.
import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../src/define.js';
import type { SseChat } from '../../src/sse-chat.js';
import { createFakeFetch } from '../helpers/fake-sse.js';
import { nextFrame, until } from '../helpers/fake-sse.js';

const WIDE = [
  'A wide code line and a wide table:',
  '',
  '```js',
  `const line = '${'x'.repeat(400)}';`,
  '```',
  '',
  `| ${Array.from({ length: 14 }, (_, i) => `column ${i}`).join(' | ')} |`,
  `|${' --- |'.repeat(14)}`,
  `| ${Array.from({ length: 14 }, () => 'a cell with words').join(' | ')} |`,
  '',
  ...Array.from({ length: 30 }, (_, i) => `Line ${i} of a long answer that makes the list scroll.\n`),
].join('\n');

/** Streams one long answer with wide content into the chat inside `host`, and waits until it is shown. */
async function answerWide(host: HTMLElement): Promise<SseChat> {
  const el = host.querySelector('sse-chat')!;
  const fake = createFakeFetch();
  el.fetch = fake.fetch;
  const finished = el.send('Show me something wide');
  const call = await fake.nextCall();
  call.response.send({ delta: WIDE }, 'text-delta');
  call.response.send({}, 'done');
  call.response.close();
  await finished;
  await until(() => (el.shadowRoot!.querySelector('[part~="content"] table') ? true : false), 10_000, 'the table');
  await nextFrame();
  await nextFrame();
  return el;
}

const part = (el: SseChat, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`)!;

/** Checks what any host page must get: the chat inside its container, no page scroll, wide blocks scrolling inside. */
async function expectContained(el: SseChat, container: HTMLElement) {
  // Blocks out of view skip layout (content-visibility): bring the code block into view to measure it.
  const pre = part(el, 'content').querySelector('pre')!;
  pre.scrollIntoView({ block: 'nearest' });
  // On a busy machine the block may be laid out a few frames later; a block that never overflows still fails below.
  await until(() => pre.scrollWidth > pre.clientWidth, 10_000, 'the code block laid out').catch(() => {});
  const box = el.getBoundingClientRect();
  const outer = container.getBoundingClientRect();
  expect(box.width, 'the chat never grows past its container').to.be.at.most(outer.width + 0.5);
  expect(box.left).to.be.at.least(outer.left - 0.5);
  expect(document.documentElement.scrollWidth, 'no sideways page scroll').to.be.at.most(window.innerWidth);
  expect(pre.scrollWidth, 'the code line scrolls in its block').to.be.greaterThan(pre.clientWidth);
  expect(pre.getBoundingClientRect().right).to.be.at.most(box.right + 0.5);
  // The list scrolls and the composer is inside the chat's box, on screen.
  const list = part(el, 'messages');
  expect(list.scrollHeight, 'the list scrolls').to.be.greaterThan(list.clientHeight);
  const composer = part(el, 'composer').getBoundingClientRect();
  expect(composer.bottom, 'the composer inside the chat').to.be.at.most(box.bottom + 0.5);
  expect(composer.right).to.be.at.most(box.right + 0.5);
  expect(composer.height).to.be.greaterThan(20);
}

describe('<sse-chat> in host pages', () => {
  let style: HTMLStyleElement | undefined;
  afterEach(async () => {
    style?.remove();
    style = undefined;
    await setViewport({ width: 800, height: 600 });
  });
  const pageStyle = (css: string) => {
    style = document.createElement('style');
    style.textContent = css;
    document.head.append(style);
  };

  it('as the flex: 1 child of a 380 px sidebar', async () => {
    const page = await fixture<HTMLElement>(html`<aside style="display: flex; flex-direction: column; width: 380px; height: 480px">
      <h2 style="margin: 0">Help</h2>
      <sse-chat style="flex: 1" endpoint="/api/chat" dialect="sse-chat"></sse-chat>
    </aside>`);
    const el = await answerWide(page);
    await expectContained(el, page);
  });

  it('as the flex: 1 child of a row (a sidebar beside the page)', async () => {
    const page = await fixture<HTMLElement>(html`<div style="display: flex; width: 380px; height: 480px">
      <sse-chat style="flex: 1" endpoint="/api/chat" dialect="sse-chat"></sse-chat>
    </div>`);
    const el = await answerWide(page);
    await expectContained(el, page);
  });

  it('in a grid cell (1fr beside a fixed column)', async () => {
    const page = await fixture<HTMLElement>(html`<div style="display: grid; grid-template-columns: 1fr 200px; width: 600px; height: 480px">
      <sse-chat endpoint="/api/chat" dialect="sse-chat"></sse-chat>
      <div>Page content</div>
    </div>`);
    const el = await answerWide(page);
    await expectContained(el, page);
    expect(el.getBoundingClientRect().width).to.be.at.most(400.5);
  });

  for (const display of ['block', 'inline', 'flex', 'grid', 'inline-block']) {
    it(`with sse-chat { display: ${display} } in the page stylesheet`, async () => {
      pageStyle(`sse-chat { display: ${display}; }`);
      const page = await fixture<HTMLElement>(html`<div style="width: 380px; height: 420px">
        <sse-chat style="height: 100%" endpoint="/api/chat" dialect="sse-chat"></sse-chat>
      </div>`);
      const el = await answerWide(page);
      await expectContained(el, page);
      expect(el.getBoundingClientRect().height, 'the chat keeps its height').to.be.within(400, 420.5);
    });
  }

  it('right to left, in a flex sidebar', async () => {
    const page = await fixture<HTMLElement>(html`<div dir="rtl" lang="ar" style="display: flex; width: 380px; height: 480px">
      <sse-chat style="flex: 1" endpoint="/api/chat" dialect="sse-chat"></sse-chat>
    </div>`);
    const el = await answerWide(page);
    await expectContained(el, page);
  });

  it('on a 375 px phone, filling the page', async () => {
    await setViewport({ width: 375, height: 667 });
    const page = await fixture<HTMLElement>(html`<div style="height: 600px">
      <sse-chat endpoint="/api/chat" dialect="sse-chat"></sse-chat>
    </div>`);
    const el = await answerWide(page);
    await expectContained(el, page);
    expect(el.getBoundingClientRect().width).to.be.at.most(375);
  });
});
