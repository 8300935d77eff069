// End to end: a long generated answer (`?long=`, the benchmark's markdown) streamed by the real demo server through
// the real element. What a reader watching it would notice: raw markup flashing while it streams, finished blocks
// being replaced, or an end result that differs from rendering the whole text at once.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import type { SseChat } from '../../src/sse-chat.js';
import { renderMarkdown } from '../../src/markdown/render.js';
import { AnswerDecorators } from '../../src/view/answer-content.js';
import { defaultStrings } from '../../src/view/strings.js';
import { startDemoServer, type DemoServer } from './demo-server.js';

// The generator the demo server and the benchmark share (plain JavaScript, typed here).
const generatorModule = '../../demo/backend/long-answer.mjs';
const { generateAnswer } = (await import(generatorModule)) as { generateAnswer(tokens: number, seed?: number): { text: string } };

const TOKENS = 2000;

/**
 * '' when both are equal, else where they first differ with some context: chai's diff of two 50 kB strings (or its
 * printout of a DOM node) takes the test browser down.
 */
function difference(actual: string, expected: string): string {
  if (actual === expected) return '';
  let at = 0;
  while (actual[at] === expected[at]) at++;
  const around = (html: string) => JSON.stringify(html.slice(Math.max(0, at - 120), at + 120));
  return `differs at ${at} of ${expected.length}:\n  streamed: ${around(actual)}\n  one-shot: ${around(expected)}`;
}

const parts = (el: SseChat, name: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];

describe('e2e: a long answer streamed through <sse-chat>', () => {
  let server: DemoServer;

  before(async () => {
    server = await startDemoServer();
  });
  after(async () => {
    await server.stop();
  });

  it('never shows raw markup while it streams, keeps finished blocks, and ends as a one-shot render', async () => {
    const { text } = generateAnswer(TOKENS, 1);
    // 2,000 tokens/s: about a second of streaming, dozens of frames.
    const el = await fixture<SseChat>(html`<sse-chat endpoint=${`${server.url}/api/chat?long=${TOKENS}&rate=2000`}></sse-chat>`);

    // Every state the DOM settles in (a mutation observer runs after each task that changed it), not only painted ones.
    const seen: string[] = [];
    let states = 0;
    let firstBlock: Element | null = null;
    const observer = new MutationObserver(() => {
      const content = parts(el, 'content').at(-1);
      if (!content) return;
      states++;
      // Once two more blocks follow it, the first block is finished: from then on it must stay the same node. Blocks
      // come in groups (see block-groups.ts).
      const blocks = content.querySelectorAll(':scope > .blocks > *');
      if (!firstBlock && blocks.length > 2) firstBlock = blocks[0]!;
      const shown = content.textContent ?? '';
      for (const raw of ['**', '](']) {
        if (shown.includes(raw) && seen.length < 5) seen.push(`${raw} at ${shown.length} characters: …${shown.slice(shown.indexOf(raw) - 40, shown.indexOf(raw) + 40)}…`);
      }
    });
    observer.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true });

    const done = oneEvent(el, 'sse-chat-done');
    await el.send('Write a long answer');
    await done;
    await el.updateComplete;
    observer.disconnect();

    const answer = el.messages.at(-1)!;
    expect(answer.status).to.equal('done');
    expect(difference(answer.text, text), 'the answer is the generated text').to.equal('');
    // A few states suffice to show it streamed; a loaded machine coalesces more tokens per frame, so fewer are seen.
    expect(states, 'the answer was seen streaming, not only finished').to.be.greaterThan(3);
    expect(seen, 'raw markdown shown while streaming').to.deep.equal([]);

    const content = parts(el, 'content').at(-1)!;
    expect(content.querySelector(':scope > .blocks > *') === firstBlock, 'the first block is the node rendered when it finished').to.equal(true);
    // The whole text rendered at once, with the element's own decorations (code block headers, scrollable tables).
    const decorate = new AnswerDecorators(() => undefined, () => [answer]).for(answer, defaultStrings, undefined);
    const fragment = renderMarkdown(text);
    decorate(fragment, true);
    const oneShot = document.createElement('div');
    oneShot.append(fragment);
    expect(difference(content.innerHTML, oneShot.innerHTML)).to.equal('');
    expect(content.querySelectorAll('h2, h3, ul, ol, pre, table, a').length).to.be.greaterThan(10);
  });
});
