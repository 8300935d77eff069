// End to end: the real element against the real demo server, over real HTTP.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { SseChat } from '../../src/sse-chat.js';
import { startDemoServer, type DemoServer } from './demo-server.js';

const parts = (el: SseChat, name: string) => [...el.shadowRoot!.querySelectorAll(`[part~="${name}"]`)] as HTMLElement[];
const lastAnswer = (el: SseChat) => el.messages[el.messages.length - 1];

describe('e2e: <sse-chat> against the demo server', () => {
  let server: DemoServer;

  before(async () => {
    server = await startDemoServer({ tokenDelayMs: 1 });
  });
  after(async () => {
    await server.stop();
  });

  it('answers a question about the docs with steps, sources and rendered markdown', async () => {
    const el = await fixture<SseChat>(html`<sse-chat endpoint=${`${server.url}/api/chat`}></sse-chat>`);
    const done = oneEvent(el, 'sse-chat-done');
    await el.send('How does the stop button work?');
    const { detail } = await done;
    const answer = lastAnswer(el);

    expect(detail.message.id).to.equal(answer.id);
    expect(answer.status).to.equal('done');
    expect(answer.dialect).to.equal('sse-chat');
    expect(answer.steps.map(step => step.status)).to.satisfy((s: string[]) => s.length >= 3 && s.every(x => x === 'done'));
    expect(answer.sources.length).to.be.greaterThan(0);
    expect(answer.sources[0].url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/docs\//);

    await el.updateComplete;
    expect(parts(el, 'step').length).to.equal(answer.steps.length);
    expect(parts(el, 'source').length).to.equal(answer.sources.length);
    const content = parts(el, 'content').at(-1)!;
    // Rendered, not raw: markdown structure became elements and no markup characters are left over.
    expect(content.querySelectorAll('p, li, h1, h2, h3, h4, pre').length).to.be.greaterThan(0);
    expect(content.textContent).not.to.contain('**');
    expect(parts(el, 'cursor')).to.have.length(0);
    expect(el.getAttribute('status')).to.equal('idle');
  });

  it('Stop aborts the request (the server sees the disconnect) and the next question works at once', async function () {
    const slow = await startDemoServer({ tokenDelayMs: 15 });
    try {
      const el = await fixture<SseChat>(html`<sse-chat endpoint=${`${slow.url}/api/chat`}></sse-chat>`);
      const first = el.send('How do I theme it with CSS?');
      await waitUntil(() => lastAnswer(el)?.text.length > 20, 'answer never started streaming', { timeout: 30_000 });
      expect(el.getAttribute('status')).to.equal('streaming');
      expect(parts(el, 'stop-button')).to.have.length(1);
      expect(parts(el, 'send-button')).to.have.length(0);

      const stopped = oneEvent(el, 'sse-chat-stop');
      el.stop();
      await first;
      const partial = (await stopped).detail.message;
      expect(partial.status).to.equal('stopped');
      expect(partial.text.length).to.be.greaterThan(20);

      const log = await slow.waitForLog(entries => entries.some(e => e.event === 'disconnect'));
      // One POST (a CORS preflight, status 204, aside): the chat request was never re-sent.
      expect(log.filter(e => e.event === 'request' && e.path === '/api/chat' && e.status === 200)).to.have.length(1);

      const done = oneEvent(el, 'sse-chat-done');
      void el.send('Which stream formats are supported?');
      await done;
      expect(el.messages.map(m => `${m.role}:${m.status}`)).to.deep.equal([
        'user:done',
        'assistant:stopped',
        'user:done',
        'assistant:done',
      ]);
      // The stopped answer kept its text: nothing of the second answer leaked into it.
      expect(el.messages[1].text).to.equal(partial.text);
    } finally {
      await slow.stop();
    }
  });

  it('shows the server message of an HTTP error, keeps the conversation; a 400 offers no Retry, retry() still works', async () => {
    const el = await fixture<SseChat>(html`<sse-chat endpoint=${`${server.url}/api/chat`}></sse-chat>`);
    el.buildBody = () => ({ session_id: 'no-message' });
    const failed = oneEvent(el, 'sse-chat-error');
    await el.send('This body has no message field');
    const { detail } = await failed;
    expect(detail.error.code).to.equal('http');
    expect(detail.error.status).to.equal(400);
    await el.updateComplete;
    const error = parts(el, 'error')[0];
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.match(/message/i);
    // The same request cannot succeed: no Retry button (the page may still call retry() after fixing the request).
    expect(parts(el, 'retry-button')).to.have.length(0);

    el.buildBody = undefined;
    const done = oneEvent(el, 'sse-chat-done');
    void el.retry();
    await done;
    expect(lastAnswer(el).status).to.equal('done');
    expect(el.messages.filter(m => m.role === 'user')).to.have.length(1);
  });

  it('reads every seed backend and vendor API route with dialect auto', async () => {
    const routes = (await (await fetch(`${server.url}/api/routes`)).json()) as {
      path: string;
      dialect: string;
      exampleBody?: Record<string, unknown>;
      questionPath?: string[] | string;
    }[];
    const chatRoutes = routes.filter(route => route.path !== '/api/chat');
    expect(chatRoutes.length).to.be.at.least(11);
    for (const route of chatRoutes) {
      const el = await fixture<SseChat>(html`<sse-chat endpoint=${`${server.url}${route.path}${route.path.includes('Generate') ? '?alt=sse' : ''}`}></sse-chat>`);
      // Each route is sent the body its own API expects, with the question in it; the stream is read as it comes.
      const question = 'How do I embed it in a page?';
      const body = JSON.parse(JSON.stringify(route.exampleBody ?? {}).replace(/"(What|How|Which|Tell)[^"]*"/g, JSON.stringify(question)));
      el.buildBody = () => body;
      await el.send(question);
      const answer = lastAnswer(el);
      expect(answer.status, `${route.path}: ${answer.error?.message}`).to.equal('done');
      expect(answer.dialect, route.path).to.equal(route.dialect);
      expect(answer.text.length, route.path).to.be.greaterThan(40);
    }
  });
});
