import { expect, fixture, html } from '@open-wc/testing';
import type { SseChat } from '../../src/sse-chat.js';
import { createFakeFetch, until } from '../helpers/fake-sse.js';
import { expectMathStreamed } from './math-fixtures.js';

/**
 * The script-tag files as a page loads them: dist/sse-chat.bundle.js, then dist/sse-chat.math.js (built by
 * `npm run build`, which `npm test` runs first). Nothing from src/ is imported here, so the element is the bundle's.
 */

const BUNDLE = '/dist/sse-chat.bundle.js';
const MATH = '/dist/sse-chat.math.js';

async function load(url: string) {
  const response = await fetch(url, { method: 'HEAD' });
  if (!response.ok) throw new Error(`${url} is missing: run \`npm run build\` first`);
  await import(/* @vite-ignore */ url);
}

describe('sse-chat.math.js loaded after sse-chat.bundle.js', () => {
  it('renders an answer shown before it loaded again, with its formulas, then streams new ones token by token', async () => {
    await load(BUNDLE);
    const fake = createFakeFetch();
    const el = await fixture<SseChat>(html`<sse-chat endpoint="/api/chat" dialect="sse-chat" .fetch=${fake.fetch}></sse-chat>`);
    void el.send('First');
    const first = await fake.nextCall();
    first.response.send({ delta: 'Before: $x^2$ and \\(y\\).' }, 'text-delta');
    first.response.send({}, 'done');
    first.response.close();
    await until(() => el.status === 'idle', 10_000, 'first answer');
    await el.updateComplete;
    const content = () => el.shadowRoot!.querySelector('[part~="content"]')!;
    // Without the maths file, `$x^2$` is text.
    expect(content().querySelector('math')).to.equal(null);
    expect(content().textContent).to.include('$x^2$');

    await load(MATH);
    await until(() => content().querySelectorAll('math').length === 2, 10_000, 'the shown answer rendered with maths');
    expect(content().textContent).not.to.include('$x^2$');

    void el.send('Second');
    const second = await fake.nextCall();
    await expectMathStreamed(el, second);
    await expect(el).to.be.accessible();
  });
});
