import { aTimeout, expect } from '@open-wc/testing';
import { html, render } from 'lit';
import { streamingMarkdown, type StreamingMarkdownDirectiveOptions } from '../../src/markdown/directive.js';
import { until } from '../helpers/fake-sse.js';

/** Renders `text` with the directive on a `<div>` inside `container`, as a template re-rendered each time does. */
const show = (container: HTMLElement, text: string, options?: StreamingMarkdownDirectiveOptions) =>
  render(html`<div class="content" ${streamingMarkdown(text, options)}></div>`, container);

describe('markdown/directive', () => {
  it('renders markdown into the element it is placed on, within the render, sanitized', () => {
    const container = document.createElement('div');
    show(container, '# Title\n\nSome *text* <img src=x onerror=alert(1)>');
    const content = container.querySelector('.content')!;
    expect(content.querySelector('h1')!.textContent).to.equal('Title');
    expect(content.querySelector('em')!.textContent).to.equal('text');
    expect(content.querySelector('img, [onerror]')?.outerHTML ?? null).to.equal(null);
  });

  it('keeps one renderer per element: a finished block stays the same node while the answer grows', () => {
    const container = document.createElement('div');
    show(container, 'First paragraph.\n\nSec', { streaming: true });
    const first = container.querySelector('p')!;
    expect(container.querySelector('.cursor')?.outerHTML ?? null, 'a cursor while streaming').not.to.equal(null);
    show(container, 'First paragraph.\n\nSecond paragraph.', { streaming: true });
    expect(container.querySelector('p') === first, 'the finished paragraph is not rendered again').to.equal(true);
    show(container, 'First paragraph.\n\nSecond paragraph.');
    expect([...container.querySelectorAll('p')].map(p => p.textContent)).to.deep.equal(['First paragraph.', 'Second paragraph.']);
    expect(container.querySelector('.cursor')?.outerHTML ?? null, 'no cursor once done').to.equal(null);
  });

  it('shows a cut-short answer repaired, without the cursor', () => {
    const container = document.createElement('div');
    show(container, 'Half **bo', { streaming: true });
    show(container, 'Half **bo', { cutShort: true });
    const content = container.querySelector('.content')!;
    expect(content.textContent).not.to.contain('**');
    expect(content.querySelector('.cursor')?.outerHTML ?? null).to.equal(null);
  });

  it('asks its host to render it again for the lines one render left out, and schedules nothing itself', async () => {
    const container = document.createElement('div');
    const lines = Array.from({ length: 3000 }, (_, i) => `Line ${i}`).join('\n\n');
    let asked = 0;
    const options = { continueNextFrame: () => asked++ };
    show(container, lines, options);
    const count = () => container.querySelectorAll('p').length;
    const first = count();
    expect(asked, 'one continuation asked for').to.equal(1);
    expect(first).to.be.within(1, 2999);
    await new Promise(resolve => requestAnimationFrame(resolve));
    await aTimeout(150); // past the old background-tab timer
    expect(count(), 'no render of its own in a later frame').to.equal(first);
    show(container, lines, options);
    expect(count(), 'the host\'s render with the same text shows more').to.be.above(first);
    expect(asked).to.equal(2);
  });

  it('shows many lines arriving at once over several renders, ending with all of them', async () => {
    const container = document.createElement('div');
    const lines = Array.from({ length: 3000 }, (_, i) => `Line ${i}`).join('\n\n');
    // The host: renders the directive again in the next frame, as <sse-chat>'s frame scheduler does.
    const options: StreamingMarkdownDirectiveOptions = { continueNextFrame: () => requestAnimationFrame(() => show(container, lines, options)) };
    show(container, lines, options);
    const content = container.querySelector('.content')!;
    const count = () => content.querySelectorAll('p').length;
    expect(count(), 'not all in one task').to.be.below(3000);
    await until(() => count() === 3000, 60_000, 'every line shown');
    expect(content.querySelectorAll('p')[2999].textContent).to.equal('Line 2999');
  });
});
