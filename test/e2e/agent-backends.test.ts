// End to end: the real element in Chromium against servers built with the real LangChain and AG-UI libraries
// (test/e2e/real-backends/), with `dialect="auto"` and with the explicit dialect.
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import type { SseChat } from '../../src/sse-chat.js';

interface AgentBackend {
  url: string;
  requests(): Promise<{ path: string; body: Record<string, unknown>; valid?: boolean; issues?: unknown }[]>;
  stop(): Promise<unknown>;
}

async function startBackend(kind: 'langchain' | 'ag-ui'): Promise<AgentBackend> {
  const { id, url } = (await executeServerCommand('agent-backend', { action: 'start', kind })) as { id: string; url: string };
  return {
    url,
    requests: async () => (await executeServerCommand('agent-backend', { action: 'requests', id })) as never,
    stop: () => executeServerCommand('agent-backend', { action: 'stop', id }),
  };
}

/** Sends one question through a fresh element and returns the finished answer and what the server received. */
async function ask(backend: AgentBackend, path: string, dialect: string, question = 'What is the weather in Paris?') {
  const el = await fixture<SseChat>(html`<sse-chat endpoint=${backend.url + path} dialect=${dialect}></sse-chat>`);
  await el.send(question);
  await el.updateComplete;
  const answer = el.messages.at(-1)!;
  const requests = await backend.requests();
  return { el, answer, request: requests.at(-1)! };
}

const labels = (el: SseChat) => [...el.shadowRoot!.querySelectorAll('[part~="step-label"]')].map(node => node.textContent);

describe('e2e: <sse-chat> against real LangChain backends', () => {
  let backend: AgentBackend;
  before(async () => {
    backend = await startBackend('langchain');
  });
  after(async () => {
    await backend.stop();
  });

  for (const dialect of ['auto', 'langchain']) {
    it(`streams LangChain.js streamEvents with dialect="${dialect}": text, model/tool/retriever steps, sources, done`, async () => {
      const { el, answer, request } = await ask(backend, '/js/stream_events', dialect);
      expect(answer.dialect).to.equal('langchain');
      expect(answer.text).to.equal('Paris is sunny today.');
      expect(answer.status).to.equal('done');
      expect(labels(el)).to.deep.equal(['FakeRetriever', 'get_weather', 'FakeStreamingChatModel']);
      expect(answer.sources.map(s => [s.title, s.url])).to.deep.equal([
        ['Paris', 'https://example.com/paris'],
        ['notes/weather.md', undefined],
      ]);
      if (dialect === 'langchain') {
        expect(request.body).to.deep.equal({ input: [{ type: 'human', content: 'What is the weather in Paris?' }], config: {}, kwargs: {} });
      }
    });

    it(`streams LangServe /stream and /stream_events with dialect="${dialect}"`, async () => {
      const stream = await ask(backend, '/langserve/stream', dialect, 'Hi');
      // Under auto the element sends its house body, which has no LangServe `input`: the fake model echoes nothing.
      expect([stream.answer.text, stream.answer.status]).to.deep.equal([dialect === 'auto' ? 'You asked: ' : 'You asked: Hi', 'done']);
      const events = await ask(backend, '/langserve/stream_events', dialect);
      expect([events.answer.text, events.answer.status, events.answer.sources.length]).to.deep.equal(['Paris is sunny today.', 'done', 2]);
    });

    it(`shows LangChain's error event with its message, keeping the steps, with dialect="${dialect}"`, async () => {
      const { el, answer } = await ask(backend, '/js/error', dialect);
      expect(answer.status).to.equal('error');
      expect(answer.error?.message).to.equal('Weather service unavailable');
      expect(answer.steps.map(s => [s.label, s.status])).to.deep.include(['get_weather', 'error']);
      expect(el.shadowRoot!.querySelector('[role="alert"]')?.textContent).to.contain('Weather service unavailable');
    });
  }

  for (const dialect of ['auto', 'langgraph']) {
    it(`streams a LangGraph run with dialect="${dialect}": tokens, the tool call as a step, the final state`, async () => {
      const { answer, request } = await ask(backend, '/langgraph/runs/stream', dialect);
      expect(answer.dialect).to.equal('langgraph');
      expect(answer.text).to.equal('Paris is sunny today.');
      expect(answer.steps.map(s => [s.label, s.status])).to.deep.equal([['get_weather', 'done']]);
      expect(answer.status).to.equal('done');
      if (dialect === 'langgraph') {
        expect(request.body).to.deep.equal({
          assistant_id: 'agent',
          input: { messages: [{ role: 'user', content: 'What is the weather in Paris?' }] },
          stream_mode: ['messages-tuple', 'values'],
        });
      }
    });

    it(`shows a LangGraph run's error with dialect="${dialect}"`, async () => {
      const { answer } = await ask(backend, '/langgraph/error', dialect);
      expect(answer.status).to.equal('error');
      expect(answer.error?.message).to.equal('Weather service unavailable');
    });
  }
});

describe('e2e: <sse-chat> against a real AG-UI backend', () => {
  let backend: AgentBackend;
  before(async () => {
    backend = await startBackend('ag-ui');
  });
  after(async () => {
    await backend.stop();
  });

  for (const dialect of ['auto', 'ag-ui']) {
    it(`streams an AG-UI run with dialect="${dialect}": text, steps, state kept as metadata, done`, async () => {
      const { el, answer, request } = await ask(backend, '/agent', dialect);
      expect(answer.dialect).to.equal('ag-ui');
      expect(answer.text).to.equal('It is sunny in Paris.');
      expect(answer.status).to.equal('done');
      expect(labels(el)).to.deep.equal(['plan', 'Thinking', 'get_weather']);
      expect(answer.steps.every(s => s.status === 'done')).to.equal(true);
      expect(answer.metadata).to.deep.include({ state: { city: null } });
      if (dialect === 'ag-ui') {
        // The body is a RunAgentInput by @ag-ui/core's own schema.
        expect(request.valid, JSON.stringify(request.issues)).to.equal(true);
        expect(request.body).to.deep.include({ threadId: el.sessionId, tools: [], context: [], state: {}, forwardedProps: {} });
        expect((request.body.messages as { role: string; content: string }[]).map(m => [m.role, m.content])).to.deep.equal([
          ['user', 'What is the weather in Paris?'],
        ]);
      }
    });

    it(`shows RUN_ERROR's message and keeps the partial answer with dialect="${dialect}"`, async () => {
      const { el, answer } = await ask(backend, '/agent/error', dialect);
      expect(answer.status).to.equal('error');
      expect(answer.text).to.equal('Checking');
      expect(answer.error).to.deep.include({ message: 'The weather tool timed out.', code: 'TOOL_TIMEOUT' });
      expect(el.shadowRoot!.querySelector('[role="alert"]')?.textContent).to.contain('The weather tool timed out.');
    });
  }

  it('sends the history as RunAgentInput messages with the ids of the earlier turns', async () => {
    const el = await fixture<SseChat>(html`<sse-chat endpoint=${backend.url + '/agent'} dialect="ag-ui"></sse-chat>`);
    await el.send('First?');
    await el.send('Second?');
    const [, second] = (await backend.requests()).slice(-2);
    expect(second!.valid).to.equal(true);
    const messages = second!.body.messages as { id: string; role: string; content: string }[];
    expect(messages.map(m => [m.role, m.content])).to.deep.equal([
      ['user', 'First?'],
      ['assistant', 'It is sunny in Paris.'],
      ['user', 'Second?'],
    ]);
    expect(messages.slice(0, 2).map(m => m.id)).to.deep.equal(el.messages.slice(0, 2).map(m => m.id));
  });
});
