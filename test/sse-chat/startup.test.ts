import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import { SAVE_DELAY_MS } from '../../src/controllers/persistence-controller.js';
import { highlight } from '../../src/highlight/index.js';
import type { SseChat } from '../../src/sse-chat.js';
import { chatFixture, exchange, part, shadow } from '../helpers/chat-fixture.js';
import { createFakeFetch } from '../helpers/fake-sse.js';

/** Waits for the next animation frame: its callbacks run before that frame's style, layout and paint. */
const nextFrameStart = () => new Promise(resolve => requestAnimationFrame(resolve));

/**
 * Start-up does only what the empty chat shows: the messages' style sheet is parsed when the first message renders
 * (sse-chat.styles.ts). Deferred must not mean late: the first message, sent or restored, is styled in the first
 * frame that shows it, and the cascade is the one a chat with messages always had.
 */
describe('<sse-chat> start-up: the messages’ styles join with the first message', () => {
  /** Which of the three sheets the shadow root has, in order, told apart by a rule only each holds. */
  const sheetNames = (el: SseChat) =>
    shadow(el).adoptedStyleSheets.map(sheet => {
      const text = [...sheet.cssRules].map(rule => rule.cssText).join('\n');
      if (text.includes('@keyframes blink')) return 'messages';
      if (text.includes('.composer')) return 'controls';
      if (text.includes('.message-list')) return 'shell';
      return 'other';
    });

  /** Styles only the messages' sheet gives a question: flex box, and the bubble's rounded background. */
  function expectStyledQuestion(el: SseChat) {
    const message = part(el, 'message-user');
    const bubble = part(el, 'bubble');
    expect(message, 'the question is rendered').to.exist;
    expect(getComputedStyle(message!).display).to.equal('flex');
    expect(getComputedStyle(bubble!).borderTopLeftRadius).to.not.equal('0px');
    expect(getComputedStyle(bubble!).backgroundColor).to.not.equal('rgba(0, 0, 0, 0)');
  }

  it('an empty chat has the shell and controls only; the first question is styled in its first frame', async () => {
    const { el } = await chatFixture();
    expect(sheetNames(el)).to.deep.equal(['shell', 'controls']);
    void el.send('Hello');
    // The first frame after the send: the question is in the DOM and its sheet already applies.
    await nextFrameStart();
    expectStyledQuestion(el);
    expect(sheetNames(el)).to.deep.equal(['shell', 'messages', 'controls']);
    el.stop();
  });

  it('a restored conversation is styled in the first frame that shows it', async () => {
    const endpoint = `/startup-restore/${Math.random().toString(36).slice(2)}`;
    try {
      const fake = createFakeFetch();
      const first = await fixture<SseChat>(html`<sse-chat endpoint=${endpoint} dialect="sse-chat" persist="local" .fetch=${fake.fetch}></sse-chat>`);
      (await exchange(first, fake, 'Kept question', 'Kept answer')).response.close();
      await aTimeout(SAVE_DELAY_MS + 50);
      first.remove();

      // As a page's markup would: attributes before it is connected, then the first frame.
      const reloaded = document.createElement('sse-chat') as SseChat;
      reloaded.setAttribute('endpoint', endpoint);
      reloaded.setAttribute('persist', 'local');
      document.body.append(reloaded);
      await nextFrameStart();
      expect(reloaded.messages).to.have.length(2);
      expectStyledQuestion(reloaded);
      expect(sheetNames(reloaded)).to.deep.equal(['shell', 'messages', 'controls']);
      reloaded.remove();
    } finally {
      for (const key of Object.keys(localStorage)) if (key.includes(endpoint)) localStorage.removeItem(key);
    }
  });

  it("keeps a highlighter's sheet last, whether it came before or after the first message", async () => {
    const { el, fake } = await chatFixture();
    el.highlighter = highlight;
    await el.updateComplete;
    expect(sheetNames(el)).to.deep.equal(['shell', 'controls', 'other']);
    await exchange(el, fake, 'Question', 'Answer');
    expect(sheetNames(el)).to.deep.equal(['shell', 'messages', 'controls', 'other']);
    el.highlighter = undefined;
    await el.updateComplete;
    expect(sheetNames(el)).to.deep.equal(['shell', 'messages', 'controls']);
  });
});

/** Start-up builds nothing the empty inline chat does not use. */
describe('<sse-chat> start-up: nothing for layouts and features not in use', () => {
  it('an inline chat asks no media query of the screen (only an open launcher panel does)', async () => {
    const queries: string[] = [];
    const matchMedia = window.matchMedia;
    window.matchMedia = query => {
      queries.push(query);
      return matchMedia.call(window, query);
    };
    try {
      const { el } = await chatFixture();
      el.layout = 'launcher';
      await el.updateComplete;
      expect(queries, 'inline, then a closed launcher').to.deep.equal([]);
      el.open = true;
      await el.updateComplete;
      expect(queries).to.deep.equal(['(max-width: 32rem)']);
    } finally {
      window.matchMedia = matchMedia;
    }
  });
});

