import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import { SAVE_DELAY_MS } from '../../src/controllers/persistence-controller.js';
import type { SseChatFeedbackEvent } from '../../src/events/dom-events.js';
import type { SseChat } from '../../src/sse-chat.js';
import { part, parts } from '../helpers/chat-fixture.js';
import { createFakeFetch, type FakeFetch } from '../helpers/fake-sse.js';

/** `feedback`: thumbs up and down under finished answers, an event per change, kept with the conversation. */
describe('<sse-chat> feedback', () => {
  const endpoint = `/feedback/${Math.random().toString(36).slice(2)}`;
  afterEach(() => localStorage.removeItem(Object.keys(localStorage).find(key => key.includes(endpoint)) ?? ''));

  async function page(feedback = true) {
    const fake = createFakeFetch();
    const el = await fixture<SseChat>(html`<sse-chat endpoint=${endpoint} dialect="sse-chat" persist="local" ?feedback=${feedback} .fetch=${fake.fetch}></sse-chat>`);
    return { el, fake };
  }

  async function answer({ el, fake }: { el: SseChat; fake: FakeFetch }, reply: string) {
    const finished = el.send('Question');
    const call = await fake.nextCall();
    call.response.send({ delta: reply }, 'text-delta');
    await el.updateComplete;
    expect(parts(el, 'feedback-button'), 'none while streaming').to.have.length(0);
    call.response.send({}, 'done');
    call.response.close();
    await finished;
    await el.updateComplete;
  }

  const thumb = (el: SseChat, name: 'up' | 'down') =>
    parts(el, 'feedback-button').find(button => button.getAttribute('name') === name) as HTMLButtonElement;

  it('sets, changes and withdraws feedback, with an event each time, and keeps it across a reload', async () => {
    const chat = await page();
    await answer(chat, 'The answer');
    const { el } = chat;
    const events: SseChatFeedbackEvent[] = [];
    document.addEventListener('sse-chat-feedback', event => events.push(event));

    const up = thumb(el, 'up');
    expect(up.getAttribute('aria-label')).to.equal('Good answer');
    expect(thumb(el, 'down').getAttribute('aria-label')).to.equal('Bad answer');
    expect(up.getAttribute('aria-pressed')).to.equal('false');
    await expect(el).to.be.accessible();

    up.click();
    await el.updateComplete;
    const id = el.messages[1].id;
    expect(el.messages[1].feedback).to.equal('up');
    expect(thumb(el, 'up').getAttribute('aria-pressed')).to.equal('true');
    expect(events[0].detail).to.deep.equal({ messageId: id, value: 'up', text: 'The answer' });
    expect(events[0].bubbles && events[0].composed && !events[0].cancelable).to.equal(true);
    await expect(el).to.be.accessible();

    thumb(el, 'down').click();
    await el.updateComplete;
    expect(el.messages[1].feedback).to.equal('down');
    expect(thumb(el, 'up').getAttribute('aria-pressed')).to.equal('false');
    expect(thumb(el, 'down').getAttribute('aria-pressed')).to.equal('true');
    expect(events[1].detail.value).to.equal('down');

    thumb(el, 'down').click(); // again: withdrawn
    await el.updateComplete;
    expect('feedback' in el.messages[1]).to.equal(false);
    expect(events[2].detail).to.deep.equal({ messageId: id, value: undefined, text: 'The answer' });
    expect(parts(el, 'feedback-button').map(button => button.getAttribute('aria-pressed'))).to.deep.equal(['false', 'false']);

    thumb(el, 'up').click();
    await el.updateComplete;
    await aTimeout(SAVE_DELAY_MS + 50);
    el.remove();
    const reloaded = await page();
    expect(reloaded.el.messages[1].feedback).to.equal('up');
    expect(thumb(reloaded.el, 'up').getAttribute('aria-pressed')).to.equal('true');
  });

  it('shows no thumbs without the attribute', async () => {
    const chat = await page(false);
    await answer(chat, 'Plain');
    expect(part(chat.el, 'copy-button')).to.not.equal(null);
    expect(parts(chat.el, 'feedback-button')).to.have.length(0);
  });
});
