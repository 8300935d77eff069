// End to end: the real element against backends built with the real libraries (the AI SDK with its mock model,
// Hono's streamSSE, a raw Node server written from docs/protocol.md), each on its own port: every page here is
// cross-origin to its backend, as a site's widget often is.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import type { SseChat } from '../../src/sse-chat.js';
import type { DialectName } from '../../src/dialects/dialect.js';

type Kind = 'ai-sdk' | 'hono' | 'raw';
interface Backend {
  url: string;
  log(): Promise<{ route: string; event: string }[]>;
  stop(): Promise<unknown>;
}

async function startBackend(kind: Kind): Promise<Backend> {
  const { id, url } = (await executeServerCommand('real-backend', { action: 'start', kind })) as { id: string; url: string };
  return {
    url,
    log: () => executeServerCommand('real-backend', { action: 'log', id }) as Promise<{ route: string; event: string }[]>,
    stop: () => executeServerCommand('real-backend', { action: 'stop', id }),
  };
}

const parts = (el: SseChat, name: string) => [...el.shadowRoot!.querySelectorAll(`[part~="${name}"]`)] as HTMLElement[];
const lastAnswer = (el: SseChat) => el.messages[el.messages.length - 1];
const chatAt = (endpoint: string, dialect: DialectName) => fixture<SseChat>(html`<sse-chat endpoint=${endpoint} dialect=${dialect}></sse-chat>`);

/** Sends one question and waits until the turn ended, whichever way. */
async function ask(el: SseChat, text = 'Hello?') {
  await el.send(text);
  await el.updateComplete;
  return lastAnswer(el);
}

const shownError = (el: SseChat) => parts(el, 'error').at(-1)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const contentText = (el: SseChat) => parts(el, 'content').at(-1)?.textContent?.trim() ?? '';

describe('e2e: real-library backends', function () {
  this.timeout(20000);
  const backends: Partial<Record<Kind, Backend>> = {};
  before(async () => {
    for (const kind of ['ai-sdk', 'hono', 'raw'] as const) backends[kind] = await startBackend(kind);
  });
  after(async () => {
    await Promise.all(Object.values(backends).map(backend => backend!.stop()));
  });
  const at = (kind: Kind, route: string) => `${backends[kind]!.url}${route}`;

  describe('AI SDK (`ai` with MockLanguageModelV3, streamText)', () => {
    for (const route of ['/ui', '/ui-pipe']) {
      for (const dialect of ['auto', 'vercel-ai'] as const) {
        it(`${route} (${route === '/ui' ? 'toUIMessageStreamResponse' : 'pipeUIMessageStreamToResponse'}) with dialect="${dialect}": reasoning, source, tool call, text`, async () => {
          const el = await chatAt(at('ai-sdk', route), dialect);
          const answer = await ask(el);
          expect(answer.status).to.equal('done');
          expect(answer.dialect).to.equal('vercel-ai');
          expect(answer.text).to.equal('It is **sunny** in Paris.');
          expect(contentText(el)).to.equal('It is sunny in Paris.');
          expect(answer.steps.map(step => [step.label, step.status])).to.deep.equal([
            ['Thinking', 'done'],
            ['weather', 'done'],
          ]);
          expect(answer.sources.map(source => source.url)).to.deep.equal(['https://example.com/weather']);
          expect(parts(el, 'step')).to.have.length(2);
          expect(parts(el, 'source')).to.have.length(1);
        });
      }
    }

    for (const dialect of ['auto', 'text'] as const) {
      it(`toTextStreamResponse() (plain text) with dialect="${dialect}" is the answer, done`, async () => {
        const el = await chatAt(at('ai-sdk', '/text'), dialect);
        const answer = await ask(el);
        expect(answer).to.include({ status: 'done', dialect: 'text', text: 'It is **sunny** in Paris.' });
        expect(contentText(el)).to.equal('It is sunny in Paris.');
        expect(parts(el, 'error')).to.have.length(0);
      });
    }

    it('a model error shows the stream’s error text, keeps the partial answer and offers Retry', async () => {
      const el = await chatAt(at('ai-sdk', '/ui-error'), 'auto');
      const answer = await ask(el);
      expect(answer.status).to.equal('error');
      expect(answer.text).to.equal('Partial ');
      expect(shownError(el)).to.contain('The mock model failed.');
      expect(parts(el, 'retry-button')).to.have.length(1);
    });

    it('Stop reaches the server', async () => {
      const el = await chatAt(at('ai-sdk', '/ui-slow'), 'auto');
      const turn = el.send('Long answer, please');
      await waitUntil(() => lastAnswer(el)?.text.length > 20, 'never streamed', { timeout: 10000 });
      el.stop();
      await turn;
      expect(lastAnswer(el).status).to.equal('stopped');
      await waitUntil(async () => (await backends['ai-sdk']!.log()).some(e => e.route === '/ui-slow' && e.event === 'client-closed'), 'the server never saw the disconnect', { timeout: 5000 });
    });
  });

  describe('Hono (streamSSE via @hono/node-server)', () => {
    for (const dialect of ['auto', 'sse-chat'] as const) {
      it(`canonical events with dialect="${dialect}": step, text, sources, done`, async () => {
        const el = await chatAt(at('hono', '/chat'), dialect);
        const answer = await ask(el);
        expect(answer).to.include({ status: 'done', dialect: 'sse-chat', text: 'Hono streams *well*.' });
        expect(answer.steps.map(step => step.label)).to.deep.equal(['Searching the docs']);
        expect(answer.sources.map(source => source.title)).to.deep.equal(['Hono docs']);
      });

      it(`its error path (event: error, plain text) shows that text, with dialect="${dialect}"`, async () => {
        const el = await chatAt(at('hono', '/error'), dialect);
        const answer = await ask(el);
        expect(answer.status).to.equal('error');
        expect(answer.text).to.equal('Partial ');
        expect(shownError(el)).to.contain('The upstream model is unavailable.');
      });
    }

    for (const dialect of ['auto', 'json'] as const) {
      it(`\`event: token\` then \`event: done\` keeps the text with dialect="${dialect}"`, async () => {
        const el = await chatAt(at('hono', '/tokens'), dialect);
        expect(await ask(el)).to.include({ status: 'done', text: 'Hello there' });
      });
    }

    it('Stop reaches the server', async () => {
      const el = await chatAt(at('hono', '/slow'), 'auto');
      const turn = el.send('Long answer, please');
      await waitUntil(() => lastAnswer(el)?.text.length > 20, 'never streamed', { timeout: 10000 });
      el.stop();
      await turn;
      await waitUntil(async () => (await backends.hono!.log()).some(e => e.route === '/slow' && e.event === 'client-closed'), 'the server never saw the disconnect', { timeout: 5000 });
    });
  });

  describe('a raw Node server written from docs/protocol.md', () => {
    for (const dialect of ['auto', 'sse-chat'] as const) {
      it(`a data-less \`event: done\` ends the answer as done, with dialect="${dialect}"`, async () => {
        const el = await chatAt(at('raw', '/chat'), dialect);
        const answer = await ask(el);
        expect(answer).to.include({ status: 'done', text: 'Written from the protocol.' });
        expect(parts(el, 'retry-button')).to.have.length(0);
      });
    }

    for (const dialect of ['auto', 'json'] as const) {
      it(`LangServe’s data-less \`event: end\` is done, with dialect="${dialect}"`, async () => {
        const el = await chatAt(at('raw', '/langserve'), dialect);
        expect(await ask(el)).to.include({ status: 'done', text: 'LangServe' });
      });

      it(`a house stream opening with {"type":"ping"} is read, not taken for Anthropic, with dialect="${dialect}"`, async () => {
        const el = await chatAt(at('raw', '/ping'), dialect);
        expect(await ask(el)).to.include({ status: 'done', dialect: 'json', text: 'Pinged answer' });
      });
    }

    it('a raw text/plain body streams as text and a clean close is done', async () => {
      const el = await chatAt(at('raw', '/plain'), 'auto');
      expect(await ask(el)).to.include({ status: 'done', dialect: 'text', text: 'Plain text, streamed.\n' });
    });

    for (const dialect of ['auto', 'gemini'] as const) {
      it(`a bare JSON error object mid-stream (Google style) shows its message, with dialect="${dialect}"`, async () => {
        const el = await chatAt(at('raw', '/gemini-error'), dialect);
        const answer = await ask(el);
        expect(answer.status).to.equal('error');
        expect(answer.text).to.equal('Half an ');
        expect(shownError(el)).to.contain('The model is overloaded. Please try again later.');
        expect(parts(el, 'retry-button'), 'a 503 is worth retrying').to.have.length(1);
      });
    }

    it('`retryable: false` hides Retry', async () => {
      const el = await chatAt(at('raw', '/refused'), 'auto');
      const answer = await ask(el);
      expect(answer.error).to.include({ message: 'This question is not allowed.', retryable: false });
      expect(shownError(el)).to.contain('This question is not allowed.');
      expect(parts(el, 'retry-button')).to.have.length(0);
    });

    it('a FastAPI/pydantic 422 shows the field and the message, without Retry', async () => {
      const el = await chatAt(at('raw', '/invalid'), 'auto');
      const answer = await ask(el);
      expect(answer.error).to.include({ code: 'http', status: 422, retryable: false });
      expect(shownError(el)).to.contain('message: Field required');
      expect(parts(el, 'retry-button')).to.have.length(0);
    });

    it('a cross-origin endpoint without CORS headers says so, and what to set', async () => {
      const el = await chatAt(at('raw', '/no-cors'), 'auto');
      const errored = oneEvent(el, 'sse-chat-error');
      await el.send('Hello?');
      await errored;
      await el.updateComplete;
      expect(lastAnswer(el).error?.code).to.equal('network');
      const shown = shownError(el);
      expect(shown).to.contain('Could not reach the server.');
      expect(shown).to.contain('CORS');
      expect(shown).to.contain('Access-Control-Allow-Origin');
    });
  });
});
