import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import type { SseChat } from '../../src/sse-chat.js';
import { part, parts } from '../helpers/chat-fixture.js';
import { HEAVY } from '../helpers/fast-check.js';
import { createFakeFetch, until, type FakeCall } from '../helpers/fake-sse.js';
import { streamWatched, watchLongTasks } from '../helpers/long-tasks.js';
import { BLOCKS_PER_GROUP } from '../../src/markdown/block-groups.js';

/**
 * Hostile sizes and counts (issue 12): whatever the server sends, the page stays responsive and what is shown is
 * bounded, while `messages` keeps everything. Long tasks are measured with a `longtask` observer, against a loose
 * bound (CI is a busy 2-core machine); what catches a quadratic regression is counted instead: a list the
 * reducer copies per event, or a text shown as one huge node. The real figures are in `npm run bench`.
 */

/**
 * No task may take longer than this. The target is 200 ms; before the fixes these cases took 1.8–14 s (10,000
 * sources never finished within a minute). On a 2-core machine shared with a dozen browsers the fixed code
 * measured up to ~1.3 s, and 3 s once at load 23, so the bound is 6 s: it catches the multi-second freezes (the
 * burst's is caught by the page running between its slices, asserted below), not the machine's load. The real
 * figures belong in `npm run bench`.
 */
const BOUND_MS = 6000;

const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

const event = (type: string, data: unknown) => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;

async function chat(attrs: { maxAnswerChars?: number } = {}) {
  const fake = createFakeFetch();
  const el = await fixture<SseChat>(html`<div style="width: 640px; height: 600px"><sse-chat dialect="sse-chat" endpoint="/sizes" .fetch=${fake.fetch}></sse-chat></div>`);
  const chatEl = el.querySelector('sse-chat') as SseChat;
  if (attrs.maxAnswerChars !== undefined) chatEl.setAttribute('max-answer-chars', String(attrs.maxAnswerChars));
  await chatEl.updateComplete;
  return { el: chatEl, fake };
}

async function ask(el: SseChat, fake: ReturnType<typeof createFakeFetch>): Promise<{ finished: Promise<void>; call: FakeCall }> {
  const finished = el.send('Question');
  const call = await fake.nextCall();
  return { finished, call };
}

describe('<sse-chat> under hostile sizes', function () {
  // A bound for a hung test, not a speed limit: at load ~36 the 50,000-event burst took over 60 s.
  this.timeout(300_000);

  it('shortens a huge source title, snippet, step label, notice and error on screen, and keeps them whole in messages', async () => {
    const { el, fake } = await chat();
    const { finished, call } = await ask(el, fake);
    const huge = (word: string) => `${word} `.repeat(20_000); // 100 KB+
    // Built before watching: making the test's payload is not the element's work.
    const body = [
      event('step', { id: 's', label: huge('label'), detail: huge('detail') }),
      event('text-delta', { delta: 'Answer' }),
      event('sources', { sources: [{ title: huge('title'), url: 'https://example.com/', snippet: huge('snippet') }] }),
      event('notice', { message: huge('notice') }),
      event('error', { message: huge('error') }),
    ].join('');
    body.charCodeAt(body.length >> 1);
    await aTimeout(0); // a new task: the one that built the payload is not measured
    const watch = watchLongTasks();
    call.response.push(body);
    call.response.close();
    await finished;
    await until(() => part(el, 'error') !== null && part(el, 'source') !== null, 10_000, 'the answer rendered');
    await watch.expectNoTaskOver(BOUND_MS, '100 KB fields');

    const answer = el.messages[1];
    expect(answer.sources[0].title.length).to.be.greaterThan(100_000);
    expect(answer.steps[0].label.length).to.be.greaterThan(100_000);
    expect(answer.notices[0].message.length).to.be.greaterThan(100_000);
    expect(answer.error!.message.length).to.be.greaterThan(100_000);
    for (const name of ['source-link', 'source-snippet', 'step-label', 'step-detail', 'notice', 'error']) {
      const shown = text(part(el, name));
      expect(shown.length, name).to.be.within(1, 2200);
    }
    expect(text(part(el, 'source-link')).endsWith('…')).to.equal(true);
    expect(part(el, 'source')!.getBoundingClientRect().height).to.be.lessThan(1000);
  });

  it('takes 10,000 one-source events linearly and lists a bounded number of cards', async () => {
    const { el, fake } = await chat();
    const { finished, call } = await ask(el, fake);
    // Linear, counted rather than timed: the list is appended to, never copied per event (which was quadratic).
    const lists = new Set<unknown>();
    el.addEventListener('sse-chat-event', event => lists.add((event as CustomEvent).detail.message.sources));
    let body = event('text-delta', { delta: 'Answer with many sources' });
    for (let i = 0; i < 10_000; i++) body += event('sources', { sources: [{ title: `Source ${i}`, url: `https://example.com/${i}` }] });
    body += event('done', {});
    const watch = await streamWatched(call, finished, body);
    await until(() => part(el, 'more') !== null, 10_000, 'the sources rendered');
    await watch.expectNoTaskOver(BOUND_MS, '10,000 sources events');
    expect(el.messages[1].sources.length).to.equal(10_000);
    expect(lists.size, 'sources lists seen over 10,001 events').to.be.at.most(2);
    expect(parts(el, 'source').length).to.be.at.most(100);
    expect(text(part(el, 'more'))).to.equal('+ 9,900 more');
  });

  it('takes 10,000 steps linearly and lists the latest ones', async () => {
    const { el, fake } = await chat();
    const { finished, call } = await ask(el, fake);
    const lists = new Set<unknown>();
    el.addEventListener('sse-chat-event', event => lists.add((event as CustomEvent).detail.message.steps));
    let body = '';
    for (let i = 0; i < 10_000; i++) body += event('step', { id: `step-${i}`, label: `Step ${i}`, status: 'done' });
    body += event('text-delta', { delta: 'Done.' }) + event('done', {});
    const watch = await streamWatched(call, finished, body);
    await until(() => part(el, 'steps-summary') !== null, 10_000, 'the steps rendered');
    await watch.expectNoTaskOver(BOUND_MS, '10,000 steps');
    expect(el.messages[1].steps.length).to.equal(10_000);
    // The empty list, the one steps are appended to, and the settled one at done: never a copy per event.
    expect(lists.size, 'steps lists seen over 10,002 events').to.be.at.most(3);
    expect(parts(el, 'step').length).to.be.at.most(100);
    expect(text(part(el, 'step-label'))).to.equal('Step 9999');
    expect(text(part(el, 'steps-summary'))).to.contain('10,000 steps');
  });

  for (const [name, markdown] of [
    ['a 2 MB paragraph', 'lorem ipsum dolor sit amet '.repeat(74_000)],
    ['one word of 2 MB', 'x'.repeat(1_999_000)],
  ]) {
    it(`shows ${name} as text in bounded pieces, inside the answer's width`, async () => {
      const { el, fake } = await chat();
      const { finished, call } = await ask(el, fake);
      const watch = await streamWatched(call, finished, event('text-delta', { delta: markdown }) + event('done', {}));
      await watch.expectNoTaskOver(BOUND_MS, name);
      expect(el.messages[1].text.length).to.equal(markdown.length);
      // Counted, not timed: one 2 MB text node took seconds to lay out; pieces of at most 8 KB are laid out in view only.
      const content = part(el, 'content')!;
      const pieces = [...content.children].filter(child => child.classList.contains('plain-text'));
      expect(pieces.length).to.be.at.least(Math.floor(markdown.length / 8193));
      expect(pieces.every(piece => piece.textContent!.length <= 8193)).to.equal(true);
      expect(content.scrollWidth, 'no overflow').to.be.at.most(content.clientWidth);
    });
  }

  it('processes a burst of 50,000 one-character events in slices, letting the page run in between', async () => {
    const { el, fake } = await chat();
    const { finished, call } = await ask(el, fake);
    let applied = 0;
    el.addEventListener('sse-chat-event', () => applied++);
    // A task that runs whenever the page gets a turn, noting how far the burst had got.
    const seenBetween: number[] = [];
    let ticking = true;
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      seenBetween.push(applied);
      if (ticking) channel.port2.postMessage(null);
    };
    channel.port2.postMessage(null);
    // Built before watching: making a 2 MB test payload is not the element's work.
    const burst = `${event('text-delta', { delta: 'x' }).repeat(50_000)}${event('done', {})}`;
    burst.charCodeAt(burst.length >> 1); // flattens the rope now
    await aTimeout(0); // a new task: the one that built the payload is not measured
    const watch = watchLongTasks();
    call.response.push(burst);
    call.response.close();
    await finished;
    ticking = false;
    await watch.expectNoTaskOver(BOUND_MS, '50,000 one-character events');
    channel.port1.close();
    expect(el.messages[1].text.length).to.equal(50_000);
    expect(seenBetween.some(count => count > 0 && count < 50_000), 'the page ran while the burst was applied').to.equal(true);
  });

  it('ends an answer past max-answer-chars with a clear error, keeping the text up to the limit', async () => {
    const { el, fake } = await chat({ maxAnswerChars: 1000 });
    expect(el.maxAnswerChars).to.equal(1000);
    const { finished, call } = await ask(el, fake);
    for (let i = 0; i < 30; i++) call.response.send({ delta: 'y'.repeat(50) }, 'text-delta');
    await finished;
    const answer = el.messages[1];
    expect(answer.status).to.equal('error');
    expect(answer.error!.code).to.equal('answer-too-large');
    expect(answer.error!.retryable).to.equal(false);
    expect(answer.text).to.equal('y'.repeat(1000));
    expect(call.signal.aborted, 'the request is closed').to.equal(true);
    await until(() => part(el, 'error') !== null, 10_000, 'the error shown');
    expect(text(part(el, 'error'))).to.contain('too long');
  });

  // A red-team run of issue 12: many small blocks at once were one task of 0.5–10 s (10,000 headings, 30,000 setext
  // headings or rules). They are a legitimate long document: shown as markdown, a bounded number of lines per frame.
  // What is asserted is a count per render, as strict at 10,000 setext headings (~60 renders) as at 30,000, which
  // `npm run test:heavy` keeps (it alone cost a third of this file's CPU).
  const setext = HEAVY ? 30_000 : 10_000;
  for (const [name, markdown, selector, count, chunks] of [
    ['10,000 headings in one event', Array.from({ length: 10_000 }, (_, i) => `## Heading ${i}\n\n`).join(''), 'h2', 10_000, 1],
    ['10,000 headings in 1,000 events', Array.from({ length: 10_000 }, (_, i) => `## Heading ${i}\n\n`).join(''), 'h2', 10_000, 1000],
    [`${setext.toLocaleString('en')} setext headings in one event`, Array.from({ length: setext }, (_, i) => `Heading ${i}\n---\n\n`).join(''), 'h2', setext, 1],
  ] as const) {
    it(`shows ${name} over frames, a bounded number per frame, ending as markdown`, async () => {
      const { el, fake } = await chat();
      const { finished, call } = await ask(el, fake);
      const size = Math.ceil(markdown.length / chunks);
      let body = '';
      for (let i = 0; i < markdown.length; i += size) body += event('text-delta', { delta: markdown.slice(i, i + size) });
      // Counted, not timed: the blocks each render shows. A render is one task (a frame's, or the scheduler's
      // fallback timer's when frames are late, as on a busy machine), and the observer hears each task's changes once.
      const perRender: number[] = [];
      let shown = 0;
      const shownNow = () => el.shadowRoot!.querySelectorAll(`[part~="content"] ${selector}`).length;
      const observer = new MutationObserver(() => {
        const now = shownNow();
        perRender.push(now - shown);
        shown = now;
      });
      observer.observe(el.shadowRoot!, { childList: true, subtree: true });
      const watch = await streamWatched(call, finished, body + event('done', {}));
      await until(() => shownNow() === count, 60_000, 'every block shown');
      observer.disconnect();
      await watch.expectNoTaskOver(BOUND_MS, name);
      expect(shownNow()).to.equal(count);
      // 512 lines a render: 256 headings (ATX, a blank line each) or 170 setext ones; one task may see two renders.
      expect(Math.max(...perRender), 'blocks shown by one render').to.be.at.most(600);
      expect(el.messages[1].status).to.equal('done');
      const content = part(el, 'content')!;
      expect(content.querySelector('.cursor'), 'no cursor once done').to.equal(null);
      expect(text(content.querySelectorAll(selector)[count - 1]!)).to.equal(`Heading ${count - 1}`);
      expect(content.querySelectorAll(':scope > .blocks').length, 'groups of BLOCKS_PER_GROUP blocks').to.equal(Math.ceil(count / BLOCKS_PER_GROUP));
    });
  }

  it('shows a 100,000-line indented code block (blank lines between its lines) as text in bounded pieces', async () => {
    // The bench's hostile case: 2.3 MB, cut at the answer limit. Rendered as markdown, each render lexed the growing
    // block again whole: over 40 s to show it. Counted: the answer is shown as plain-text pieces.
    const markdown = Array.from({ length: 100_000 }, (_, i) => `    code line ${i}\n\n`).join('');
    const { el, fake } = await chat();
    const { finished, call } = await ask(el, fake);
    const watch = await streamWatched(call, finished, event('text-delta', { delta: markdown }) + event('done', {}));
    await watch.expectNoTaskOver(BOUND_MS, 'a 100,000-line indented code block');
    expect(el.messages[1].error?.code).to.equal('answer-too-large');
    const content = part(el, 'content')!;
    const pieces = [...content.children].filter(child => child.classList.contains('plain-text'));
    expect(pieces.length).to.be.at.least(Math.floor(el.messages[1].text.length / 8193));
    const kept = el.messages[1].text.trimEnd();
    expect(text(content).endsWith(text(Object.assign(document.createElement('p'), { textContent: kept.slice(-40) })))).to.equal(true);
  });

  it('has a default answer limit of 2,000,000 characters', async () => {
    const { el } = await chat();
    expect(el.maxAnswerChars).to.equal(2_000_000);
  });
});
