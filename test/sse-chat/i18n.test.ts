import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import type { SseChat } from '../../src/sse-chat.js';
import { defaultStrings, formatElapsed, type SseChatStrings } from '../../src/view/strings.js';
import { part, parts, shadow } from '../helpers/chat-fixture.js';
import { createFakeFetch, until, type FakeCall } from '../helpers/fake-sse.js';

const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** A chat inside `container` (a `lang` or `dir` wrapper), fed by a fake fetch. */
async function chatIn(container: ReturnType<typeof html>) {
  const wrapper = await fixture<HTMLElement>(container);
  const el = wrapper.querySelector('sse-chat') ?? wrapper.querySelector('chat-shell')!.shadowRoot!.querySelector('sse-chat')!;
  const fake = createFakeFetch();
  el.fetch = fake.fetch;
  el.dialect = 'sse-chat';
  el.endpoint = '/i18n';
  await el.updateComplete;
  return { wrapper, el: el as SseChat, fake };
}

/** Streams one answer with every kind of part: steps (percent and count), text, sources with a score, a notice. */
async function richAnswer(el: SseChat, call: FakeCall) {
  call.response.send({ id: 'search', label: 'SERVER search', detail: 'SERVER detail', progress: { value: 42, max: 100 } }, 'step');
  call.response.send({ id: 'rank', label: 'SERVER rank', progress: { value: 2.5, max: 1000 } }, 'step');
  call.response.send({ delta: 'SERVER answer' }, 'text-delta');
  call.response.send({ sources: [{ title: 'SERVER source', url: 'https://example.com/', snippet: 'SERVER snippet', score: 0.8765 }] }, 'sources');
  call.response.send({ message: 'SERVER notice' }, 'notice');
  await until(() => part(el, 'notice') !== null && parts(el, 'step').length === 2, 10_000, 'the whole answer');
}

describe('<sse-chat> UI strings', () => {
  const german: Partial<SseChatStrings> = {
    conversationLabel: 'Unterhaltung',
    inputLabel: 'Nachricht',
    inputPlaceholder: 'Frag etwas…',
    send: 'Senden',
    stop: 'Anhalten',
    retry: 'Erneut versuchen',
    launcherLabel: 'Chat öffnen',
    panelLabel: 'Hilfe-Chat',
    closeLabel: 'Chat schließen',
    stopped: 'Angehalten',
  };

  it('applies a translation to button labels, aria-labels and the placeholder', async () => {
    const el = await fixture<SseChat>(html`<sse-chat layout="launcher" open .strings=${german}></sse-chat>`);
    expect(part(el, 'launcher')!.getAttribute('aria-label')).to.equal('Chat öffnen');
    expect(part(el, 'close-button')!.getAttribute('aria-label')).to.equal('Chat schließen');
    expect(part(el, 'panel')!.getAttribute('aria-label')).to.equal('Hilfe-Chat');
    expect(text(shadow(el).querySelector('.panel-title'))).to.equal('Hilfe-Chat');
    expect(part(el, 'messages')!.getAttribute('aria-label')).to.equal('Unterhaltung');
    expect(part<HTMLTextAreaElement>(el, 'input')!.placeholder).to.equal('Frag etwas…');
    expect(text(shadow(el).querySelector('label[for="input"]'))).to.equal('Nachricht');
    expect(text(part(el, 'send-button'))).to.equal('Senden');
    await expect(el).to.be.accessible();
  });

  it('shows no UI text of its own that does not come from strings', async () => {
    // Every string replaced by its key in guillemets: anything else a reader sees is server or user text.
    const marked = Object.fromEntries(Object.keys(defaultStrings).map(key => [key, `«${key}»`])) as unknown as SseChatStrings;
    const fake = createFakeFetch(index => (index === 1 ? { status: 503, headers: { 'retry-after': '30' }, text: 'SERVER busy' } : {}));
    const el = await fixture<SseChat>(html`<sse-chat layout="launcher" open endpoint="/i18n" dialect="sse-chat" .strings=${marked} .fetch=${fake.fetch}></sse-chat>`);
    const seen = new Set<string>();
    const collect = () => {
      const walker = document.createTreeWalker(shadow(el), NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.nodeType === Node.TEXT_NODE) seen.add(node.textContent!.trim());
        else for (const name of ['aria-label', 'title', 'placeholder', 'alt']) seen.add((node as Element).getAttribute(name)?.trim() ?? '');
      }
    };
    collect();
    const first = el.send('USER question');
    const call = await fake.nextCall();
    await richAnswer(el, call);
    collect();
    el.stop();
    await first;
    await el.updateComplete;
    collect();
    await el.send('USER again');
    await el.updateComplete;
    collect();
    expect(part(el, 'error')).to.exist;

    // Allowed: markers, server and user text, and numbers as Intl wrote them (times, percentages, counts).
    const foreign = [...seen].filter(value => value && !/SERVER|USER|example\.com/.test(value) && !/^(«\w+»|[\s\d.,:%]|s\b|min\b|m\b)+$/.test(value));
    expect(foreign).to.deep.equal([]);
    for (const key of ['launcherLabel', 'closeLabel', 'panelLabel', 'send', 'retry', 'stopped', 'conversationLabel', 'inputLabel', 'errorHttp', 'retryAfter']) {
      expect([...seen].some(value => value.includes(`«${key}»`)), key).to.equal(true);
    }
  });
});

describe('<sse-chat> language and direction', () => {
  it('formats numbers, percentages, scores and durations for the closest lang', async () => {
    const { el, fake } = await chatIn(html`<div lang="de"><sse-chat></sse-chat></div>`);
    void el.send('Wie viel?');
    await richAnswer(el, await fake.nextCall());
    const [percent, count] = parts(el, 'step-progress-text').map(text);
    expect(percent).to.equal('42 %'); // a no-break space, as German writes it (text() folds it)
    expect(count).to.equal('2,5 of 1.000');
    expect(text(part(el, 'source-score'))).to.equal('score 0,88');
    expect(formatElapsed(1500, 'de')).to.match(/^1,5\s/); // "1,5 Sek.": German decimal comma and unit
    el.stop();
  });

  it('finds the lang through the shadow roots of the components it sits in', async () => {
    if (!customElements.get('chat-shell')) {
      customElements.define(
        'chat-shell',
        class extends HTMLElement {
          constructor() {
            super();
            this.attachShadow({ mode: 'open' }).innerHTML = '<sse-chat></sse-chat>';
          }
        },
      );
    }
    const { el, fake } = await chatIn(html`<div lang="de"><chat-shell></chat-shell></div>`);
    void el.send('Wie viel?');
    await richAnswer(el, await fake.nextCall());
    expect(text(part(el, 'source-score'))).to.equal('score 0,88');
    el.stop();
  });

  it('lays out right to left: the user bubble on the left, steps ruled on the right, directional icons mirrored', async () => {
    const { el, fake } = await chatIn(html`<div dir="rtl" lang="ar" style="width: 640px; height: 480px"><sse-chat></sse-chat></div>`);
    void el.send('مرحبا');
    await richAnswer(el, await fake.nextCall());
    const list = shadow(el).querySelector('.message-list')!.getBoundingClientRect();
    const bubble = part(el, 'bubble')!.getBoundingClientRect();
    expect(Math.abs(bubble.left - list.left)).to.be.below(1);
    expect(list.right - bubble.right).to.be.above(100);
    const steps = getComputedStyle(part(el, 'steps')!);
    expect([steps.borderRightWidth, steps.borderLeftWidth]).to.deep.equal(['2px', '0px']);
    expect(getComputedStyle(shadow(el).querySelector('.step-progress .bar')!).transformOrigin).to.match(/^\d+(\.\d+)?px /);
    expect(getComputedStyle(shadow(el).querySelector('.step-progress .bar')!).transformOrigin).not.to.match(/^0px /);
    await expect(el).to.be.accessible();
    el.stop();

    el.layout = 'launcher';
    await el.updateComplete;
    expect(getComputedStyle(part(el, 'launcher')!.querySelector('.icon')!).scale).to.equal('-1 1');
  });

  it('keeps the user bubble on the right left to right', async () => {
    const { el, fake } = await chatIn(html`<div dir="ltr" style="width: 640px; height: 480px"><sse-chat layout="launcher"></sse-chat></div>`);
    expect(getComputedStyle(part(el, 'launcher')!.querySelector('.icon')!).scale).to.equal('none');
    el.layout = 'inline';
    await el.updateComplete;
    void el.send('Hello');
    await fake.nextCall();
    await el.updateComplete;
    const list = shadow(el).querySelector('.message-list')!.getBoundingClientRect();
    const bubble = part(el, 'bubble')!.getBoundingClientRect();
    expect(Math.abs(list.right - bubble.right)).to.be.below(1);
    el.stop();
  });
});

describe('<sse-chat> themes', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light' }));

  const background = (el: SseChat) => getComputedStyle(el).backgroundColor;
  const white = 'rgb(255, 255, 255)';
  const dark = 'rgb(23, 24, 28)';

  it('follows the system preference, and theme forces one', async () => {
    const el = await fixture<SseChat>(html`<sse-chat></sse-chat>`);
    await emulateMedia({ colorScheme: 'light' });
    expect(background(el)).to.equal(white);
    await emulateMedia({ colorScheme: 'dark' });
    expect(background(el)).to.equal(dark);
    el.theme = 'light';
    await el.updateComplete;
    expect(background(el)).to.equal(white);
    await emulateMedia({ colorScheme: 'light' });
    el.theme = 'dark';
    await el.updateComplete;
    expect(background(el)).to.equal(dark);
  });

  it('is accessible in the dark theme: an answer, sources, a stopped marker, an error, the launcher', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const fake = createFakeFetch(index => (index === 1 ? { status: 500, text: 'SERVER error' } : {}));
    const el = await fixture<SseChat>(html`<sse-chat endpoint="/i18n" dialect="sse-chat" .fetch=${fake.fetch}></sse-chat>`);
    expect(background(el)).to.equal(dark);
    const first = el.send('Question');
    await richAnswer(el, await fake.nextCall());
    await expect(el).to.be.accessible();
    el.stop();
    await first;
    await el.send('Again');
    await el.updateComplete;
    expect(part(el, 'error')).to.exist;
    await expect(el).to.be.accessible();
    el.layout = 'launcher';
    el.open = true;
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('shows a focus ring in the accent colour on keyboard focus, in both themes', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await emulateMedia({ colorScheme: scheme });
      const wrapper = await fixture<HTMLElement>(html`<div><button>before</button><sse-chat layout="launcher"></sse-chat></div>`);
      const el = wrapper.querySelector('sse-chat')!;
      wrapper.querySelector('button')!.focus();
      await sendKeys({ press: 'Tab' });
      const launcher = part(el, 'launcher')!;
      expect(shadow(el).activeElement, scheme).to.equal(launcher);
      const style = getComputedStyle(launcher);
      expect([style.outlineStyle, style.outlineWidth], scheme).to.deep.equal(['solid', '2px']);
      expect(style.outlineColor, scheme).to.equal(scheme === 'light' ? 'rgb(37, 99, 235)' : 'rgb(122, 162, 255)');
    }
  });
});
