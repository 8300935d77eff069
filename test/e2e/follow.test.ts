// Following a conversation of several long answers from the real demo server, the way a reader asks them.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { SseChat } from '../../src/sse-chat.js';
import { startDemoServer, type DemoServer } from './demo-server.js';

const part = (el: SseChat, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const atBottom = (scroller: HTMLElement) => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= 2;
/** After the next frame is painted (its ResizeObserver callbacks, which follow the growth, have run). */
const frame = () => new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve)));

describe('e2e: following follow-up answers', () => {
  let server: DemoServer;
  before(async () => {
    server = await startDemoServer({ tokenDelayMs: 1 });
  });
  after(async () => {
    await server.stop();
  });

  it('every answer of a conversation streams into view and ends at the bottom, with no "Jump to latest"', async function () {
    this.timeout(60000);
    const el = await fixture<SseChat>(html`<sse-chat style="height: 420px" endpoint=${`${server.url}/api/chat`}></sse-chat>`);
    const scroller = part(el, 'messages')!;
    const questions = ['How do I embed it in a page?', 'Which stream formats are supported?', 'What happens when I press Stop?', 'How do I theme it with CSS?'];
    for (const question of questions) {
      const finished = el.send(question);
      await finished;
      // As it ends (actions appear, steps are done) the list never jumps back up.
      for (let i = 0; i < 5; i++) {
        await frame();
        expect(atBottom(scroller), `"${question}" stays at the bottom as it ends (frame ${i + 1})`).to.equal(true);
      }
      expect(atBottom(scroller), `"${question}" ends at the bottom`).to.equal(true);
      expect(part(el, 'jump-button'), `no "Jump to latest" after "${question}"`).to.equal(null);
    }
  });
});
