import { expect } from '@open-wc/testing';
import { highlight } from '../../src/highlight/index.js';
import { chatFixture, part, parts, recordEvents, shadow } from '../helpers/chat-fixture.js';
import { nextFrame, until, type FakeCall } from '../helpers/fake-sse.js';
import type { SseChat } from '../../src/sse-chat.js';

/** What a reader can do with answers: copy, regenerate, clear; code blocks, steps, citations. */
describe('<sse-chat> answer actions, code blocks, steps and citations', () => {
  const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const politeCopyRegion = (el: SseChat) => shadow(el).querySelectorAll('[role="status"]')[1]!;

  /** navigator.clipboard.writeText, recorded. */
  let written: string[];
  beforeEach(() => {
    written = [];
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (value: string) => void written.push(value) },
    });
  });
  afterEach(() => {
    delete (navigator as { clipboard?: unknown }).clipboard;
  });

  /** A chat that answered `answer` (markdown) to "Question", with `sources`. */
  async function answered(answer: string, sources: unknown[] = []) {
    const { el, fake } = await chatFixture();
    const finished = el.send('Question');
    const call = await fake.nextCall();
    if (sources.length) call.response.send({ sources }, 'sources');
    call.response.send({ delta: answer }, 'text-delta');
    call.response.send({}, 'done');
    await finished;
    await el.updateComplete;
    await nextFrame();
    return { el, fake, call };
  }

  it('copies an answer\'s markdown source, says "Copied" for a moment and announces it politely', async () => {
    const { el } = await answered('**Bold** and `code`');
    const button = part<HTMLButtonElement>(el, 'copy-button')!;
    expect(button.closest('[part~="actions"]')!.getAttribute('role')).to.equal('group');
    expect(text(button)).to.equal('Copy');
    button.click();
    await until(() => text(part(el, 'copy-button')) === 'Copied', 10_000, 'Copied');
    expect(written).to.deep.equal(['**Bold** and `code`']);
    expect(part(el, 'copy-button')!.hasAttribute('data-copied')).to.equal(true);
    expect(politeCopyRegion(el).getAttribute('aria-live')).to.equal('polite');
    expect(text(politeCopyRegion(el))).to.equal('Copied');
    await until(() => text(part(el, 'copy-button')) === 'Copy', 10_000, 'back to Copy');
    expect(text(politeCopyRegion(el))).to.equal('');
  });

  it('announces a refused copy and keeps the button as it was', async () => {
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: () => Promise.reject(new Error('denied')) } });
    const { el } = await answered('Answer');
    part<HTMLButtonElement>(el, 'copy-button')!.click();
    await until(() => text(politeCopyRegion(el)) === 'Could not copy.', 10_000, 'failure announced');
    expect(text(part(el, 'copy-button'))).to.equal('Copy');
  });

  it('offers Regenerate on the last finished answer only, replacing it through retry()', async () => {
    const { el, fake, call } = await answered('First');
    const second = el.send('Again');
    const secondCall: FakeCall = await fake.nextCall();
    await el.updateComplete;
    expect(parts(el, 'regenerate-button')).to.have.length(0); // the last answer streams
    secondCall.response.send({ delta: 'Second' }, 'text-delta');
    secondCall.response.send({}, 'done');
    await second;
    await el.updateComplete;
    const answers = parts(el, 'message-assistant');
    expect(answers[0].querySelector('[part~="regenerate-button"]') === null, 'none on the first').to.equal(true);
    expect(answers[0].querySelector('[part~="copy-button"]') !== null, 'copy on the first').to.equal(true);
    const recorder = recordEvents();
    part<HTMLButtonElement>(el, 'regenerate-button')!.click();
    const third = await fake.nextCall();
    expect(JSON.parse(third.body).message).to.equal('Again');
    expect(recorder.events[0].type).to.equal('sse-chat-send');
    expect(recorder.events[0].detail).to.include({ text: 'Again', retry: true });
    recorder.dispose();
    await el.updateComplete;
    expect(el.messages.map(message => message.text)).to.deep.equal(['Question', 'First', 'Again', '']);
    third.response.send({}, 'done');
    call.response.close();
  });

  it('shows Clear conversation under the conversation while idle, and it empties the chat at once', async () => {
    const { el, fake } = await chatFixture();
    expect(part(el, 'clear-button') === null, 'none while empty').to.equal(true);
    const finished = el.send('Hi');
    const call = await fake.nextCall();
    await el.updateComplete;
    expect(part(el, 'clear-button') === null, 'none while streaming').to.equal(true);
    call.response.send({ delta: 'Hello' }, 'text-delta');
    call.response.send({}, 'done');
    await finished;
    await el.updateComplete;
    expect(text(part(el, 'clear-button'))).to.equal('Clear conversation');
    part<HTMLButtonElement>(el, 'clear-button')!.click();
    await el.updateComplete;
    expect(el.messages).to.have.length(0);
    expect(shadow(el).querySelector('slot[name="empty"]') !== null, 'empty slot back').to.equal(true);
    expect(shadow(el).activeElement === part(el, 'input'), 'focus in the input').to.equal(true);
  });

  it('gives each finished code block a language label and a Copy button, once, that copies its code', async () => {
    const { el, fake } = await chatFixture();
    const finished = el.send('Code please');
    const call = await fake.nextCall();
    call.response.send({ delta: 'Here:\n\n```ts\nconst a = 1;\n' }, 'text-delta');
    await until(() => part(el, 'code-language') !== null, 10_000, 'streaming code block');
    expect(text(part(el, 'code-language'))).to.equal('ts');
    expect(part(el, 'code-copy-button') === null, 'no Copy while the block streams').to.equal(true);
    call.response.send({ delta: '```\n\nAfter the code' }, 'text-delta');
    await until(() => part(el, 'code-copy-button') !== null, 10_000, 'Copy on the finished block');
    const button = part<HTMLButtonElement>(el, 'code-copy-button')!;
    expect(button.previousElementSibling!.textContent).to.equal('ts');
    call.response.send({ delta: ' and more text' }, 'text-delta');
    call.response.send({}, 'done');
    await finished;
    await until(() => text(part(el, 'content')).endsWith('more text'), 10_000, 'answer done');
    expect(parts(el, 'code-copy-button')).to.have.length(1);
    expect(part(el, 'code-copy-button') === button, 'the same button: the block was not re-rendered').to.equal(true);
    button.click();
    await until(() => button.textContent === 'Copied', 10_000, 'Copied on the code button');
    expect(written).to.deep.equal(['const a = 1;']);
    expect(text(politeCopyRegion(el))).to.equal('Copied');
    await until(() => button.textContent === 'Copy code', 10_000, 'back to Copy code');
    expect(button.hasAttribute('data-copied')).to.equal(false);
  });

  it('highlights finished code only with a highlighter, as spans, never HTML', async () => {
    const plain = await answered('```js\nreturn "<b>x</b>";\n```');
    expect(part(plain.el, 'content')!.querySelector('pre span') === null, 'plain by default').to.equal(true);
    const { el, fake } = await chatFixture();
    el.highlighter = highlight;
    const finished = el.send('Code');
    const call = await fake.nextCall();
    call.response.send({ delta: '```js\nreturn "<b>x</b>";\n```' }, 'text-delta');
    call.response.send({}, 'done');
    await finished;
    await until(() => part(el, 'content')!.querySelector('.tok-keyword') !== null, 10_000, 'highlighted');
    const code = part(el, 'content')!.querySelector('pre code')!;
    expect(code.querySelector('.tok-keyword')!.textContent).to.equal('return');
    expect(code.querySelector('.tok-string')!.textContent).to.equal('"<b>x</b>"');
    expect(code.querySelector('b') === null, 'no markup from the code').to.equal(true);
    expect(code.textContent).to.equal('return "<b>x</b>";\n');
    // Its colours come with it: adopted while it is the highlighter, gone when it is not.
    const keyword = code.querySelector('.tok-keyword')!;
    el.theme = 'light';
    await el.updateComplete;
    expect(getComputedStyle(keyword).color).to.equal('rgb(166, 38, 164)');
    el.highlighter = undefined;
    await el.updateComplete;
    expect(getComputedStyle(keyword).color).to.equal(getComputedStyle(code).color);
  });

  it('opens markdown links in a new tab without the opener, and lets tables scroll sideways', async () => {
    const { el } = await answered('[MDN](https://developer.mozilla.org/)\n\n| a | b |\n| - | - |\n| 1 | 2 |');
    const link = part(el, 'content')!.querySelector('a')!;
    expect(link.getAttribute('target')).to.equal('_blank');
    expect(link.getAttribute('rel')).to.equal('noopener noreferrer');
    const table = part(el, 'content')!.querySelector('table')!;
    expect(getComputedStyle(table).overflowX).to.equal('auto');
    expect(getComputedStyle(table).display).to.equal('block');
    expect(table.getAttribute('tabindex')).to.equal('0');
  });

  it('shows steps open while they are all there is, summarized as "N steps · time", and collapses them when text starts', async () => {
    const { el, fake } = await chatFixture();
    const finished = el.send('Search');
    const call = await fake.nextCall();
    call.response.send({ id: 'a', label: 'Searching' }, 'step');
    call.response.send({ id: 'b', label: 'Ranking' }, 'step');
    await until(() => parts(el, 'step').length === 2, 10_000, 'two steps');
    const panel = part<HTMLDetailsElement>(el, 'steps-panel')!;
    expect(panel.nodeName).to.equal('DETAILS');
    expect(panel.open).to.equal(true);
    expect(text(part(el, 'steps-summary'))).to.match(/^2 steps · \d+(\.\d)?s$/);
    call.response.send({ id: 'a', status: 'done' }, 'step');
    call.response.send({ id: 'b', status: 'done' }, 'step');
    call.response.send({ delta: 'Found it.' }, 'text-delta');
    await until(() => !panel.open, 10_000, 'collapsed when text starts');
    // The reader opens it again: more text must not close it.
    part<HTMLElement>(el, 'steps-summary')!.click();
    await until(() => panel.open, 10_000, 'opened by the reader');
    call.response.send({ delta: ' More.' }, 'text-delta');
    call.response.send({}, 'done');
    await finished;
    await el.updateComplete;
    await nextFrame();
    expect(panel.open).to.equal(true);
    expect(text(part(el, 'steps-summary'))).to.match(/^2 steps · \d+(\.\d)?s$/);
  });

  it('leaves steps as the reader set them while they ran: closed stays closed, reopened stays open', async () => {
    const { el, fake } = await chatFixture();
    const finished = el.send('Search');
    const call = await fake.nextCall();
    call.response.send({ id: 'a', label: 'Searching' }, 'step');
    await until(() => part(el, 'steps-panel') !== null, 10_000, 'steps');
    const panel = part<HTMLDetailsElement>(el, 'steps-panel')!;
    expect(text(part(el, 'steps-summary'))).to.match(/^1 step · /);
    part<HTMLElement>(el, 'steps-summary')!.click();
    await until(() => !panel.open, 10_000, 'closed by the reader');
    call.response.send({ id: 'b', label: 'Ranking' }, 'step');
    await until(() => parts(el, 'step').length === 2, 10_000, 'second step');
    await nextFrame();
    expect(panel.open, 'still closed').to.equal(false);
    // Opened again by the reader: the answer's text must not close it.
    part<HTMLElement>(el, 'steps-summary')!.click();
    await until(() => panel.open, 10_000, 'reopened by the reader');
    await nextFrame();
    call.response.send({ delta: 'Text' }, 'text-delta');
    await until(() => text(part(el, 'content')) === 'Text', 10_000, 'text');
    await nextFrame();
    expect(panel.open, 'still open').to.equal(true);
    call.response.send({}, 'done');
    await finished;
  });

  it('links [n] in the answer to source card n, drops a marker without a source, and never links inside code', async () => {
    const { el } = await answered('SSE is one-way [1], see [2] and [3].\n\n`array[1]`', [
      { title: 'MDN', url: 'https://developer.mozilla.org/' },
      { title: 'Spec' },
    ]);
    const message = el.messages[1];
    const citations = parts(el, 'citation');
    expect(citations.map(link => link.textContent)).to.deep.equal(['1', '2']);
    expect(citations[0].getAttribute('href')).to.equal(`#source-${message.id}-1`);
    expect(citations[0].getAttribute('aria-label')).to.equal('Source 1: MDN');
    expect(citations[0].parentElement!.nodeName).to.equal('SUP');
    expect(text(part(el, 'content'))).to.include('see 2 and.');
    expect(part(el, 'content')!.querySelector('code')!.textContent).to.equal('array[1]');
    const cards = parts(el, 'source');
    expect(cards[1].id).to.equal(`source-${message.id}-2`);
    const hash = location.hash;
    citations[1].click();
    expect(location.hash).to.equal(hash);
    expect(shadow(el).activeElement === cards[1], 'focus on the card').to.equal(true);
    expect(cards[1].getAnimations().length, 'highlighted').to.equal(1);
  });

  it('"from 3 passages" shows 3 cards and every marker resolves, repeats sharing their card', async () => {
    const page = { title: 'Stopping a stream', url: 'https://docs.example/stop#stop' };
    const { el } = await answered('From 3 passages: abort [1], the signal [2], the server [3]; again [4].', [
      { ...page, snippet: 'Stop aborts the fetch.' },
      { ...page, snippet: 'The AbortSignal reaches the transport.' },
      { title: 'Server', url: 'https://docs.example/server', snippet: 'The server sees the disconnect.' },
      { ...page, snippet: 'Stop aborts the fetch.' },
    ]);
    expect(parts(el, 'source')).to.have.length(3);
    expect(parts(el, 'citation').map(link => link.textContent)).to.deep.equal(['1', '2', '3', '1']);
    expect(text(part(el, 'content'))).not.to.match(/\[\d+\]/);
  });

  it('links markers that arrived before their sources once the sources come', async () => {
    const { el, fake } = await chatFixture();
    const finished = el.send('Q');
    const call = await fake.nextCall();
    call.response.send({ delta: 'Claim [1].\n\nNext paragraph' }, 'text-delta');
    await until(() => text(part(el, 'content')).includes('Next paragraph'), 10_000, 'text');
    expect(parts(el, 'citation')).to.have.length(0);
    call.response.send({ sources: [{ title: 'Late' }] }, 'sources');
    call.response.send({}, 'done');
    await finished;
    await until(() => parts(el, 'citation').length === 1, 10_000, 'citation linked');
    expect(text(part(el, 'content'))).to.equal('Claim 1. Next paragraph');
  });

  it('lets the browser skip rendering finished messages out of view, never the streaming one', async () => {
    const { el, fake } = await answered('Done');
    expect(getComputedStyle(part(el, 'message-assistant')!).contentVisibility).to.equal('auto');
    void el.send('More');
    const call = await fake.nextCall();
    await el.updateComplete;
    expect(getComputedStyle(parts(el, 'message-assistant')[1]).contentVisibility).to.equal('visible');
    el.stop();
    call.response.close();
  });

  it('is accessible with actions, code Copy buttons, collapsed steps and citations', async () => {
    const { el, fake } = await chatFixture();
    el.highlighter = highlight;
    const finished = el.send('Everything');
    const call = await fake.nextCall();
    call.response.send({ id: 's', label: 'Searching', status: 'done' }, 'step');
    call.response.send({ sources: [{ title: 'Doc', url: 'https://example.com/' }] }, 'sources');
    call.response.send({ delta: 'As documented [1]:\n\n```python\ndef f():\n    return "x" * 200\n```\n\n| a | b |\n| - | - |\n| 1 | 2 |' }, 'text-delta');
    call.response.send({}, 'done');
    await finished;
    await until(() => part(el, 'code-copy-button') !== null && part(el, 'citation') !== null, 10_000, 'decorated');
    expect(part<HTMLDetailsElement>(el, 'steps-panel')!.open).to.equal(false);
    expect(part(el, 'copy-button')).to.exist;
    expect(part(el, 'clear-button')).to.exist;
    await expect(el).to.be.accessible();
  });
});
