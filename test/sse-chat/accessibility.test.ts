// axe in the states the reader meets after the first minute: an answer streaming (Enter waits, its hint), a step
// announced, headings with citations, a too-long conversation (413 with Clear), the launcher as a modal dialog.
import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { SseChat } from '../../src/sse-chat.js';
import { chatFixture, part, shadow } from '../helpers/chat-fixture.js';
import { createFakeFetch, nextFrame, until } from '../helpers/fake-sse.js';

describe('<sse-chat> accessibility in later states', () => {
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  it('streaming with a step announced and the busy hint; then headings with citations; the form is named', async () => {
    const { el, fake } = await chatFixture();
    const finished = el.send('How do I stop?');
    const call = await fake.nextCall();
    call.response.send({ id: 's', label: 'Searching the docs' }, 'step');
    call.response.send({ sources: [{ title: 'Stop', url: 'https://docs.example/stop', snippet: 'one' }, { title: 'Stop', url: 'https://docs.example/stop', snippet: 'two' }] }, 'sources');
    await until(() => shadow(el).querySelector('[role="status"]')!.textContent === 'Searching the docs', 2000, 'step announced');
    expect(part(el, 'input')!.getAttribute('aria-describedby')).to.equal('busy-hint');
    expect(part(el, 'composer')!.getAttribute('aria-label')).to.equal('Write a message');
    await expect(el).to.be.accessible();
    call.response.send({ delta: '## Stopping [1]\n\nPress Stop [2], or Escape [3].' }, 'text-delta');
    call.response.send({}, 'done');
    await finished;
    await el.updateComplete;
    await nextFrame();
    const heading = part(el, 'content')!.querySelector('h2')!;
    expect(heading.getAttribute('aria-label')).to.equal('Stopping');
    await expect(el).to.be.accessible();
  });

  it('a conversation too long to send (413 with Clear)', async () => {
    const { el, fake } = await chatFixture({ respond: () => ({ status: 413, text: 'too large' }) });
    await el.send('Hi');
    await fake.nextCall();
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('the launcher as a modal dialog on a phone', async () => {
    await setViewport({ width: 375, height: 667 });
    const el = await fixture<SseChat>(html`<sse-chat layout="launcher" endpoint="/a11y/launcher" .fetch=${createFakeFetch().fetch}></sse-chat>`);
    el.open = true;
    await el.updateComplete;
    expect(part(el, 'panel')!.getAttribute('aria-modal')).to.equal('true');
    await expect(el).to.be.accessible();
    el.open = false;
    await el.updateComplete;
    sessionStorage.clear();
  });
});
