import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { SseChat } from '../../src/sse-chat.js';
import { chatFixture, part, parts, recordEvents, shadow } from '../helpers/chat-fixture.js';
import { nextFrame, until, type FakeCall } from '../helpers/fake-sse.js';
import type { ChatEvent } from '../../src/dialects/chat-event.js';

/** What a reader sees: messages, steps, sources, notices, the composer, slots, themes, keyboard and a11y. */
describe('<sse-chat> view', () => {
  async function streaming() {
    const { el, fake } = await chatFixture();
    const finished = el.send('What is SSE?');
    const call = await fake.nextCall();
    return { el, fake, call, finished };
  }

  const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

  it('is defined by define.ts and registers once per tag with SseChat.define', () => {
    expect(customElements.get('sse-chat')).to.equal(SseChat);
    expect(SseChat.define()).to.equal(SseChat);
    const registry = new CustomElementRegistry();
    SseChat.define('my-chat', registry);
    expect(registry.get('my-chat')).to.equal(SseChat);
  });

  it('has sensible defaults and reflects theme', async () => {
    const { el } = await chatFixture();
    expect(el.dialect).to.equal('sse-chat');
    const plain = await fixture<SseChat>(html`<sse-chat></sse-chat>`);
    expect(plain).to.include({ dialect: 'auto', credentials: 'same-origin', history: 10, idleTimeout: 60000, turnTimeout: 600000, allowImages: false, theme: 'auto' });
    expect(plain.getAttribute('theme')).to.equal('auto');
    plain.theme = 'dark';
    await plain.updateComplete;
    expect(plain.getAttribute('theme')).to.equal('dark');
    expect(getComputedStyle(plain).colorScheme).to.equal('dark');
  });

  it('shows the empty slot until the first message, and the header and footer slots', async () => {
    const { el, fake } = await chatFixture();
    expect(shadow(el).querySelector('slot[name="empty"]')).to.exist;
    expect(shadow(el).querySelector('slot[name="header"]')).to.exist;
    expect(shadow(el).querySelector('slot[name="footer"]')).to.exist;
    void el.send('Hi');
    await el.updateComplete;
    expect(shadow(el).querySelector('slot[name="empty"]')).to.equal(null);
    (await fake.nextCall()).response.close();
  });

  it('renders the user text as plain text in a bubble, never as HTML', async () => {
    const { el, call } = await streaming();
    el.stop();
    void el.send('<b>bold</b> **md**');
    await el.updateComplete;
    const bubbles = parts(el, 'bubble');
    expect(text(bubbles[1])).to.equal('<b>bold</b> **md**');
    expect(bubbles[1].querySelector('b')).to.equal(null);
    expect(parts(el, 'message-user')[0].dataset.role).to.equal('user');
    call.response.close();
    el.stop();
  });

  it('streams answer text into the content part with a cursor while streaming, none after', async () => {
    const { el, call, finished } = await streaming();
    call.response.send({ delta: 'Server-Sent ' }, 'text-delta');
    call.response.send({ delta: 'Events' }, 'text-delta');
    await until(() => text(part(el, 'content')) === 'Server-Sent Events', 10_000, 'streamed text');
    const message = part(el, 'message-assistant')!;
    expect(message.dataset.status).to.equal('streaming');
    expect(shadow(el).querySelector('[part="messages"]')!.getAttribute('aria-busy')).to.equal('true');
    await until(() => part(el, 'cursor') !== null, 10_000, 'cursor');
    expect(getComputedStyle(part(el, 'cursor')!).display).not.to.equal('none');
    call.response.send({}, 'done');
    await finished;
    await el.updateComplete;
    expect(message.dataset.status).to.equal('done');
    expect(shadow(el).querySelector('[part="messages"]')!.getAttribute('aria-busy')).to.equal('false');
    await until(() => part(el, 'cursor') === null || getComputedStyle(part(el, 'cursor')!).display === 'none', 10_000, 'no cursor');
    call.response.close();
  });

  it('renders steps with status, label as text, progress as percent or count, and elapsed time', async () => {
    const { el, call } = await streaming();
    call.response.send({ id: 'search', label: '<i>Searching</i> listings', progress: { value: 42, max: 100 } }, 'step');
    call.response.send({ id: 'rank', label: 'Ranking', status: 'active', progress: { value: 3, max: 5 } }, 'step');
    await until(() => parts(el, 'step').length === 2, 10_000, 'two steps');
    const [search, rank] = parts(el, 'step');
    expect(search.dataset.status).to.equal('active');
    expect(text(search.querySelector('[part="step-label"]'))).to.equal('<i>Searching</i> listings');
    expect(search.querySelector('i')).to.equal(null);
    expect(text(search.querySelector('[part="step-progress-text"]'))).to.equal('42%');
    const bar = search.querySelector('[part="step-progress"]')!;
    expect(bar.getAttribute('role')).to.equal('progressbar');
    expect(bar.getAttribute('aria-valuenow')).to.equal('42');
    expect(text(rank.querySelector('[part="step-progress-text"]'))).to.equal('3 of 5');
    call.response.send({ id: 'search', status: 'done' }, 'step');
    await until(() => parts(el, 'step')[0].dataset.status === 'done', 10_000, 'step done');
    expect(text(parts(el, 'step')[0].querySelector('[part="step-time"]'))).to.match(/^\d+(\.\d)?\s?s$/);
    el.stop();
  });

  it('renders notices as text and numbered source cards, linking only http(s) URLs', async () => {
    const { el, call } = await streaming();
    call.response.send(
      {
        sources: [
          { title: 'MDN: Using SSE', url: 'https://developer.mozilla.org/docs/Web/API/Server-sent_events', snippet: 'Developing a web app that uses server-sent events', score: 0.8765 },
          { title: 'Evil', url: 'javascript:alert(1)', snippet: '<script>alert(1)</script>' },
        ],
      },
      'sources',
    );
    call.response.send({ message: '<b>Saved</b> to your notes' }, 'notice');
    await until(() => parts(el, 'source').length === 2 && part(el, 'notice') !== null, 10_000, 'sources and notice');
    const [good, evil] = parts(el, 'source');
    const link = good.querySelector<HTMLAnchorElement>('a[part="source-link"]')!;
    expect(link.href).to.equal('https://developer.mozilla.org/docs/Web/API/Server-sent_events');
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.equal('noopener noreferrer');
    expect(text(link)).to.equal('MDN: Using SSE');
    expect(text(good)).to.match(/^1\b/);
    expect(text(good.querySelector('[part="source-snippet"]'))).to.equal('Developing a web app that uses server-sent events');
    expect(text(good.querySelector('[part="source-score"]'))).to.equal('score 0.88');
    expect(evil.querySelector('a')).to.equal(null);
    expect(text(evil.querySelector('[part="source-title"]'))).to.equal('Evil');
    expect(evil.querySelector('script')).to.equal(null);
    expect(text(part(el, 'notice'))).to.equal('<b>Saved</b> to your notes');
    expect(part(el, 'notice')!.querySelector('b')).to.equal(null);
    el.stop();
  });

  it('announces that an answer is complete in a polite live region, not token by token nor the answer itself', async () => {
    const { el, call, finished } = await streaming();
    const region = shadow(el).querySelector('[role="status"]')!;
    expect(region.getAttribute('aria-live')).to.equal('polite');
    expect(shadow(el).querySelector('[part="messages"]')!.getAttribute('aria-live')).to.equal('off');
    call.response.send({ delta: 'Use **EventSource**.' }, 'text-delta');
    await until(() => text(part(el, 'content')).length > 0, 10_000, 'text');
    expect(text(region)).to.equal('');
    call.response.send({}, 'done');
    await finished;
    await el.updateComplete;
    expect(text(region)).to.equal('Answer complete.');
    call.response.close();
  });

  it('names a source with neither title nor a link it would open by its number, through strings and the page language', async () => {
    const { el, fake } = await chatFixture();
    const sources = [{ title: '', url: 'javascript:alert(1)' }, { url: 'data:text/html,<b>x</b>' }];
    el.mapEvent = message => (message.event === 'sources' ? ({ type: 'sources', sources } as ChatEvent) : { type: 'done' });
    el.strings = { untitledSource: 'Quelle {number}' };
    el.setAttribute('lang', 'ar-EG');
    const finished = el.send('Which sources?');
    const call = await fake.nextCall();
    call.response.send({}, 'sources');
    call.response.send({}, 'done');
    call.response.close();
    await finished;
    await el.updateComplete;
    expect(parts(el, 'source-title').map(node => text(node))).to.deep.equal(['Quelle ١', 'Quelle ٢']);
  });

  it('announces the running step, sparingly: a step that follows at once waits its turn', async () => {
    const { el, call, finished } = await streaming();
    const region = shadow(el).querySelector('[role="status"]')!;
    call.response.send({ id: 'a', label: 'Searching the docs' }, 'step');
    await until(() => text(region) === 'Searching the docs', 2000, 'first step announced');
    call.response.send({ id: 'a', status: 'done' }, 'step');
    call.response.send({ id: 'b', label: 'Ranking passages' }, 'step');
    await until(() => parts(el, 'step').length === 2, 2000, 'second step shown');
    expect(text(region), 'not yet: too soon after the first').to.equal('Searching the docs');
    // The clock ticks once a second while an answer streams; the gap is two seconds.
    await until(() => text(region) === 'Ranking passages', 8000, 'second step announced after the gap');
    call.response.send({ delta: 'Found it [1].' }, 'text-delta');
    call.response.send({}, 'done');
    await finished;
    await el.updateComplete;
    expect(text(region)).to.equal('Answer complete.');
    call.response.close();
  });

  it('uses page strings for UI text', async () => {
    const { el, fake } = await chatFixture();
    el.strings = { send: 'Senden', errorNoAnswer: 'Keine Antwort.' };
    await el.updateComplete;
    expect(text(part(el, 'send-button'))).to.equal('Senden');
    const finished = el.send('Hallo');
    (await fake.nextCall()).response.close();
    await finished;
    await el.updateComplete;
    expect(text(part(el, 'error'))).to.include('Keine Antwort.');
  });

  it('swaps Send for Stop while streaming and keeps focus in the input across send and stop', async () => {
    const { el, fake } = await chatFixture();
    const input = part<HTMLTextAreaElement>(el, 'input')!;
    expect(part(el, 'send-button')!.hasAttribute('disabled')).to.equal(true);
    input.focus();
    await sendKeys({ type: 'Hello' });
    await el.updateComplete;
    expect(part(el, 'send-button')!.hasAttribute('disabled')).to.equal(false);
    part(el, 'send-button')!.click();
    const call = await fake.nextCall();
    await el.updateComplete;
    expect(input.value).to.equal('');
    expect(shadow(el).activeElement).to.equal(input);
    expect(part(el, 'send-button')).to.equal(null);
    part(el, 'stop-button')!.click();
    await el.updateComplete;
    expect(call.signal.aborted).to.equal(true);
    expect(part(el, 'stop-button')).to.equal(null);
    expect(part(el, 'send-button')).to.exist;
    expect(shadow(el).activeElement).to.equal(input);
  });

  it('Enter sends, Shift+Enter adds a line, Escape stops', async () => {
    const { el, fake } = await chatFixture();
    const recorder = recordEvents();
    const input = part<HTMLTextAreaElement>(el, 'input')!;
    input.focus();
    await sendKeys({ type: 'line one' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ type: 'line two' });
    expect(fake.calls).to.have.length(0);
    expect(input.value).to.equal('line one\nline two');
    await sendKeys({ press: 'Enter' });
    const call: FakeCall = await fake.nextCall();
    expect(JSON.parse(call.body).message).to.equal('line one\nline two');
    await sendKeys({ press: 'Escape' });
    expect(call.signal.aborted).to.equal(true);
    expect(recorder.names()).to.include('sse-chat-stop');
    expect(shadow(el).activeElement).to.equal(input);
    recorder.dispose();
  });

  it('Enter while an answer streams neither sends nor stops: the text stays, Stop is explicit and described', async () => {
    const { el, fake } = await chatFixture();
    const input = part<HTMLTextAreaElement>(el, 'input')!;
    input.focus();
    await sendKeys({ type: 'first' });
    await sendKeys({ press: 'Enter' });
    const call: FakeCall = await fake.nextCall();
    call.response.send({ delta: 'streaming…' }, 'text-delta');
    await until(() => el.status === 'streaming', 2000, 'streaming');
    await sendKeys({ type: 'second' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(fake.calls, 'nothing new sent').to.have.length(1);
    expect(call.signal.aborted, 'the answer goes on').to.equal(false);
    expect(input.value).to.equal('second');
    // The box says why Enter waits; Stop says its key.
    const hint = shadow(el).getElementById(input.getAttribute('aria-describedby') ?? '');
    expect(hint?.textContent?.trim()).to.equal(el.strings?.busyHint ?? 'Stop the answer to send a new message');
    expect(part(el, 'stop-button')!.getAttribute('aria-keyshortcuts')).to.equal('Escape');
    part(el, 'stop-button')!.click();
    await el.updateComplete;
    expect(call.signal.aborted).to.equal(true);
    expect(input.value, 'the draft survives Stop').to.equal('second');
    expect(input.hasAttribute('aria-describedby')).to.equal(false);
    await sendKeys({ press: 'Enter' });
    const second = await fake.nextCall();
    expect(JSON.parse(second.body).message).to.equal('second');
    el.stop();
  });

  it('keeps the draft when sse-chat-send is canceled', async () => {
    const { el, fake } = await chatFixture();
    el.addEventListener('sse-chat-send', event => event.preventDefault(), { once: true });
    part<HTMLTextAreaElement>(el, 'input')!.focus();
    await sendKeys({ type: 'draft' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(part<HTMLTextAreaElement>(el, 'input')!.value).to.equal('draft');
    expect(fake.calls).to.have.length(0);
  });

  it('re-renders only the streaming message while an answer streams, and leaves earlier DOM alone', async () => {
    const { el, fake } = await chatFixture();
    const first = el.send('one');
    const call = await fake.nextCall();
    call.response.send({ delta: 'first answer' }, 'text-delta');
    call.response.send({}, 'done');
    await first;
    await until(() => text(part(el, 'content')) === 'first answer', 10_000, 'first answer rendered');
    await nextFrame(); // let the markdown view settle its last frame
    // Count which messages get rendered: the cost per token must not grow with the conversation.
    const rendered: string[] = [];
    const chat = el as unknown as { renderMessage: (view: unknown, message: { text: string }, ...rest: unknown[]) => unknown };
    const renderMessage = chat.renderMessage;
    chat.renderMessage = function (view, message, ...rest) {
      rendered.push(message.text);
      return renderMessage.call(this, view, message, ...rest);
    };
    // The first answer's one-time measurement in idle time (MessageSizeController) touches it: done before.
    await until(() => parts(el, 'message-assistant')[0]!.style.containIntrinsicBlockSize !== '', 3000, 'first answer sized');
    void el.send('two');
    const second = await fake.nextCall();
    await el.updateComplete; // the send itself may touch the previous answer once (it is no longer the last)
    rendered.length = 0;
    const changes: MutationRecord[] = [];
    const watcher = new MutationObserver(records => changes.push(...records));
    watcher.observe(parts(el, 'message-assistant')[0], { subtree: true, childList: true, characterData: true, attributes: true });
    for (const word of ['a ', 'b ', 'c ', 'd']) {
      second.response.send({ delta: word }, 'text-delta');
      await new Promise(resolve => setTimeout(resolve, 20));
    }
    await until(() => text(parts(el, 'content')[1]) === 'a b c d', 10_000, 'second answer');
    watcher.disconnect();
    expect(changes.map(record => (record.target as Element).outerHTML ?? record.target.textContent)).to.deep.equal([]);
    expect(rendered.at(-1)).to.equal('a b c d');
    expect(rendered.filter(t => t === 'one' || t === 'first answer')).to.deep.equal([]);
    el.stop();
  });

  it('is accessible when empty, streaming and done', async () => {
    const { el, call, finished } = await streaming();
    const empty = await fixture<SseChat>(html`<sse-chat></sse-chat>`);
    await expect(empty).to.be.accessible();
    call.response.send({ id: 's', label: 'Searching', progress: { value: 10, max: 100 } }, 'step');
    call.response.send({ delta: 'Partial answer' }, 'text-delta');
    await until(() => text(part(el, 'content')) === 'Partial answer', 10_000, 'streaming text');
    await expect(el).to.be.accessible();
    call.response.send({ sources: [{ title: 'Doc', url: 'https://example.com/', snippet: 'text', score: 0.5 }] }, 'sources');
    call.response.send({}, 'done');
    await finished;
    await el.updateComplete;
    await expect(el).to.be.accessible();
    call.response.close();
  });

  it('is accessible when failed, with the error and its Retry button', async () => {
    const { el, fake } = await chatFixture({ respond: () => ({ status: 500, headers: { 'content-type': 'text/plain' }, text: 'Internal error' }) });
    await el.send('Hi');
    await fake.nextCall();
    await el.updateComplete;
    expect(part(el, 'error')).to.exist;
    expect(part(el, 'retry-button')).to.exist;
    await expect(el).to.be.accessible();
  });
});

