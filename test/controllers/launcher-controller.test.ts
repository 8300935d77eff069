import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import type { SseChatToggleEvent } from '../../src/events/dom-events.js';
import type { SseChat } from '../../src/sse-chat.js';
import { part, shadow } from '../helpers/chat-fixture.js';
import { createFakeFetch, until } from '../helpers/fake-sse.js';

/** `layout="launcher"`: a round button in a corner that opens the chat as a non-modal panel. */
describe('<sse-chat> launcher layout', () => {
  let endpoint = '';
  beforeEach(() => {
    endpoint = `/launcher/${Math.random().toString(36).slice(2)}`;
  });
  afterEach(async () => {
    for (const key of Object.keys(sessionStorage)) if (key.includes('/launcher/')) sessionStorage.removeItem(key);
    await emulateMedia({ reducedMotion: 'no-preference' });
    await setViewport({ width: 800, height: 600 });
  });

  async function launcher(extra: { open?: boolean; position?: string } = {}) {
    const fake = createFakeFetch();
    const el = await fixture<SseChat>(html`<sse-chat
      layout="launcher"
      endpoint=${endpoint}
      dialect="sse-chat"
      position=${extra.position ?? 'bottom-right'}
      ?open=${extra.open ?? false}
      .fetch=${fake.fetch}
    ></sse-chat>`);
    return { el, fake, button: part<HTMLButtonElement>(el, 'launcher')!, panel: part(el, 'panel')! };
  }

  const visible = (node: Element) => node.getBoundingClientRect().width > 0 && getComputedStyle(node).display !== 'none';
  const input = (el: SseChat) => part<HTMLTextAreaElement>(el, 'input')!;

  it('still announces a finished answer when the panel was closed while it streamed', async () => {
    const { el, fake, panel } = await launcher({ open: true });
    const finished = el.send('Tell me later');
    const call = await fake.nextCall();
    call.response.send({ delta: 'Done in the background.' }, 'text-delta');
    el.open = false;
    await el.updateComplete;
    expect(panel.hidden).to.equal(true);
    call.response.send({}, 'done');
    await finished;
    await el.updateComplete;
    const region = shadow(el).querySelector('[role="status"]')!;
    expect(panel.contains(region)).to.equal(false);
    expect(region.textContent).to.equal('Answer complete.');
    call.response.close();
  });

  it('is inline by default: no launcher, and the panel is no dialog', async () => {
    const el = await fixture<SseChat>(html`<sse-chat></sse-chat>`);
    expect(el.layout).to.equal('inline');
    expect(part(el, 'launcher')).to.equal(null);
    expect(part(el, 'close-button')).to.equal(null);
    expect(part(el, 'panel')!.hasAttribute('role')).to.equal(false);
    expect(visible(part(el, 'composer')!)).to.equal(true);
  });

  it('starts closed: a named button that controls the hidden panel', async () => {
    const { el, button, panel } = await launcher();
    expect(el.getAttribute('layout')).to.equal('launcher');
    expect(el.open).to.equal(false);
    expect(el.hasAttribute('open')).to.equal(false);
    expect(visible(button)).to.equal(true);
    expect(button.getAttribute('aria-label')).to.equal('Chat');
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect(shadow(el).getElementById(button.getAttribute('aria-controls')!)).to.equal(panel);
    expect(visible(panel)).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('opens on click: reflected, announced, non-modal dialog, focus in the text box', async () => {
    const { el, button, panel } = await launcher();
    const toggled = oneEvent(el, 'sse-chat-toggle') as Promise<SseChatToggleEvent>;
    button.click();
    const event = await toggled;
    expect(event.detail).to.deep.equal({ open: true });
    expect(event.bubbles && event.composed).to.equal(true);
    expect(el.open).to.equal(true);
    expect(el.hasAttribute('open')).to.equal(true);
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    expect(visible(panel)).to.equal(true);
    expect(panel.getAttribute('role')).to.equal('dialog');
    expect(panel.hasAttribute('aria-modal')).to.equal(false);
    expect(panel.getAttribute('aria-label')).to.equal('Chat');
    expect(shadow(el).activeElement).to.equal(input(el));
    await expect(el).to.be.accessible();
  });

  it('closes with the close button and gives focus back to the launcher', async () => {
    const { el, button, panel } = await launcher();
    button.click();
    await el.updateComplete;
    const toggled = oneEvent(el, 'sse-chat-toggle') as Promise<SseChatToggleEvent>;
    const close = part<HTMLButtonElement>(el, 'close-button')!;
    expect(close.getAttribute('aria-label')).to.equal('Close chat');
    close.click();
    expect((await toggled).detail).to.deep.equal({ open: false });
    expect(el.hasAttribute('open')).to.equal(false);
    expect(visible(panel)).to.equal(false);
    expect(shadow(el).activeElement).to.equal(button);
  });

  it('Escape stops a streaming answer first, and closes the panel only after', async () => {
    const { el, fake, button } = await launcher();
    button.click();
    await el.updateComplete;
    input(el).focus();
    await sendKeys({ type: 'Hello' });
    await sendKeys({ press: 'Enter' });
    const call = await fake.nextCall();
    await until(() => el.status === 'streaming' || el.status === 'connecting', 10_000, 'a streaming answer');
    await sendKeys({ press: 'Escape' });
    expect(call.signal.aborted, 'stopped').to.equal(true);
    await el.updateComplete;
    expect(el.open, 'still open').to.equal(true);
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(el.open).to.equal(false);
    expect(shadow(el).activeElement).to.equal(button);
  });

  it('remembers open or closed for the tab, per endpoint, without moving focus or firing at load', async () => {
    const first = await launcher();
    first.button.click();
    await first.el.updateComplete;
    first.el.remove();
    const other = await fixture<SseChat>(html`<sse-chat layout="launcher" endpoint="/launcher/another"></sse-chat>`);
    expect(other.open, 'another endpoint has its own state').to.equal(false);

    let toggles = 0;
    const count = () => toggles++;
    document.addEventListener('sse-chat-toggle', count);
    const outside = document.createElement('button');
    document.body.append(outside);
    outside.focus();
    try {
      const reloaded = await launcher();
      expect(reloaded.el.open).to.equal(true);
      expect(visible(reloaded.panel)).to.equal(true);
      expect(document.activeElement, 'the page keeps its focus').to.equal(outside);
      expect(toggles).to.equal(0);
      // Closed last time wins over the page's `open` attribute.
      reloaded.el.open = false;
      await reloaded.el.updateComplete;
      reloaded.el.remove();
      const again = await launcher({ open: true });
      expect(again.el.open).to.equal(false);
      expect(document.activeElement, 'closing moves no focus it did not have').to.equal(outside);
    } finally {
      document.removeEventListener('sse-chat-toggle', count);
      outside.remove();
    }
  });

  it('sits in the bottom-right corner by default, bottom-left on request', async () => {
    const right = await launcher();
    const box = right.button.getBoundingClientRect();
    expect(innerWidth - box.right).to.be.within(8, 40);
    expect(innerHeight - box.bottom).to.be.within(8, 40);
    right.el.remove();
    const left = await launcher({ position: 'bottom-left', open: true });
    expect(left.button.getBoundingClientRect().left).to.be.within(8, 40);
    expect(left.panel.getBoundingClientRect().left).to.be.within(8, 40);
  });

  it('fills the viewport on a narrow screen', async () => {
    await setViewport({ width: 360, height: 640 });
    const { panel } = await launcher({ open: true });
    panel.getAnimations().forEach(animation => animation.finish()); // the opening slide
    const box = panel.getBoundingClientRect();
    expect([box.left, box.top, box.width, box.height]).to.deep.equal([0, 0, 360, 640]);
  });

  it('is a modal dialog while it fills a phone screen: page inert, focus kept inside, Escape closes, focus returns', async () => {
    await setViewport({ width: 375, height: 667 });
    const page = await fixture<HTMLElement>(html`<div>
      <button id="behind">A page button</button>
      <sse-chat layout="launcher" endpoint=${endpoint} dialect="sse-chat"></sse-chat>
      <a href="#x" id="link-behind">A page link</a>
    </div>`);
    const el = page.querySelector('sse-chat')!;
    const button = part<HTMLButtonElement>(el, 'launcher')!;
    const panel = part(el, 'panel')!;
    button.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(panel.getAttribute('aria-modal')).to.equal('true');
    expect(page.querySelector<HTMLButtonElement>('#behind')!.inert, 'the page behind is inert').to.equal(true);
    expect(page.querySelector<HTMLAnchorElement>('#link-behind')!.inert).to.equal(true);
    // Tab goes round the panel's controls and never reaches the page (nor the launcher hidden under the panel).
    for (let i = 0; i < 8; i++) {
      await sendKeys({ press: 'Tab' });
      const inside = document.activeElement === el && panel.contains(shadow(el).activeElement);
      expect(inside || document.activeElement === document.body, `Tab ${i + 1} stays in the panel`).to.equal(true);
    }
    shadow(el).querySelector<HTMLElement>('[part~="close-button"]')!.focus();
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(el.open).to.equal(false);
    expect(shadow(el).activeElement).to.equal(button);
    expect(page.querySelector<HTMLButtonElement>('#behind')!.inert, 'the page is live again').to.equal(false);
    // On a wide screen the panel floats beside the page and stays non-modal.
    await setViewport({ width: 1000, height: 700 });
    el.open = true;
    await el.updateComplete;
    expect(panel.hasAttribute('aria-modal')).to.equal(false);
    expect(page.querySelector<HTMLButtonElement>('#behind')!.inert).to.equal(false);
    el.open = false;
    await el.updateComplete;
  });

  it('opens with a short transition, and without one for readers who ask for reduced motion', async () => {
    const { panel, button } = await launcher({ open: true });
    expect(parseFloat(getComputedStyle(panel).transitionDuration)).to.be.greaterThan(0);
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(getComputedStyle(panel).transitionDuration.split(', ').every(value => value === '0s')).to.equal(true);
    expect(getComputedStyle(button).transitionDuration.split(', ').every(value => value === '0s')).to.equal(true);
  });
});
