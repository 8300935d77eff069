import { expect } from '@open-wc/testing';
import { langChainDialect, langGraphDialect } from '../../src/dialects/langchain.js';
import { createDialectMapper } from '../../src/dialects/index.js';
import { vendorDialects } from '../../src/dialects/vendors.js';
import type { ChatMessage } from '../../src/state/message.js';
import { mapAll, parseSse, replay, sse } from './transcripts/replay.js';
import * as t from './transcripts/langchain.js';

/** What a mapper says about a clean close of the stream (`DialectMapper.end`). */
const closeOf = (mapper: object) => (mapper as { end?: () => unknown }).end?.();
const stepsOf = (m: ChatMessage) => m.steps.map(s => [s.label, s.status]);
const ANSWER = 'Paris is sunny today.';
const SOURCES = [
  { title: 'Paris', url: 'https://example.com/paris', snippet: 'Paris is the capital of France.' },
  // A file path is a title, not a link.
  { title: 'notes/weather.md', snippet: 'Weather notes kept locally.' },
];

/** The dialect `auto` settles on for a transcript. */
function detected(text: string): string | undefined {
  const mapper = createDialectMapper('auto', new Headers({ 'content-type': 'text/event-stream' }));
  for (const message of parseSse(text)) {
    mapper.map(message);
    if (mapper.detected) return mapper.detected;
  }
  return undefined;
}

describe('dialects/langchain', () => {
  it('reads LangChain.js streamEvents: model text, steps for the retriever, tool and model only, documents as sources, end as done', () => {
    const m = replay(langChainDialect, t.jsStreamEvents);
    expect(m.text).to.equal(ANSWER);
    expect(m.status).to.equal('done');
    // No "RunnableSequence", "ChatPromptTemplate" or "StrOutputParser" rows.
    expect(stepsOf(m)).to.deep.equal([
      ['FakeRetriever', 'done'],
      ['get_weather', 'done'],
      ['FakeStreamingChatModel', 'done'],
    ]);
    expect(m.steps[1]!.detail).to.equal('{"input":"Paris"}');
    expect(m.sources.map(({ title, url, snippet }) => ({ title, url, snippet }))).to.deep.equal(SOURCES.map(s => ({ url: undefined, ...s })));
    expect(m.sources[0]!.metadata).to.deep.equal({ source: 'https://example.com/paris', title: 'Paris' });
  });

  it('marks a failing tool as an errored step (without its stack trace) and fails the turn with the error event\'s message', () => {
    const m = replay(langChainDialect, t.jsToolError);
    expect(stepsOf(m)).to.deep.equal([
      ['FakeRetriever', 'done'],
      ['get_weather', 'error'],
    ]);
    expect(m.steps[1]!.detail).to.equal('Weather service unavailable');
    expect(m.status).to.equal('error');
    expect(m.error).to.deep.include({ message: 'Weather service unavailable', retryable: true });
  });

  it('reads LangServe /stream: message chunks as text, the run id as metadata, end as done', () => {
    const m = replay(langChainDialect, t.langServeStream);
    expect(m.text).to.equal('You asked: What is the weather in Paris?');
    expect(m.status).to.equal('done');
    expect(m.metadata).to.deep.equal({ run_id: '1f0c7a52-5b0e-4c43-9d4a-0c6b1e0f5a11' });
  });

  it('reads LangServe /stream_events in Python\'s serialization (plain chunks, page_content documents)', () => {
    const m = replay(langChainDialect, t.langServeStreamEvents);
    expect(m.text).to.equal(ANSWER);
    expect(m.status).to.equal('done');
    expect(stepsOf(m).map(([label]) => label)).to.deep.equal(['FakeRetriever', 'get_weather', 'FakeStreamingChatModel']);
    expect(m.sources.map(s => s.title)).to.deep.equal(['Paris', 'notes/weather.md']);
  });

  it('keeps what LangServe streamed before its error event and shows the error\'s message', () => {
    const m = replay(langChainDialect, t.langServeError);
    expect(m.text).to.equal('Half an');
    expect(m.error).to.deep.include({ message: 'Internal Server Error', retryable: true });
  });

  it('reads a LangGraph run: token tuples as text, tool calls from the state as steps, the final state\'s answer', () => {
    const m = replay(langGraphDialect, t.langGraphRun);
    expect(m.text).to.equal(ANSWER);
    expect(stepsOf(m)).to.deep.equal([['get_weather', 'done']]);
    expect(m.steps[0]!.detail).to.equal('{"city":"Paris"}');
    expect(m.metadata).to.deep.include({ attempt: 1 });
  });

  it('takes the clean close of a LangGraph run as done (the server writes no end), but not a LangServe stream\'s', () => {
    const run = langGraphDialect.createMapper();
    parseSse(t.langGraphRun).forEach(message => run.map(message));
    expect(closeOf(run)).to.deep.equal([{ type: 'done' }]);
    const serve = langChainDialect.createMapper();
    parseSse(t.langServeStream.replace('event: end\n\n', '')).forEach(message => serve.map(message));
    expect(closeOf(serve)).to.deep.equal([]);
    const failed = langGraphDialect.createMapper();
    parseSse(t.langGraphError).forEach(message => failed.map(message));
    expect(closeOf(failed)).to.deep.equal([]);
  });

  it('fails a LangGraph run on its error event with the message, not the exception\'s class name', () => {
    const m = replay(langGraphDialect, t.langGraphError);
    expect(m.error).to.deep.include({ message: 'Weather service unavailable', code: 'ToolException' });
  });

  it('turns messages/partial (whole message so far) into deltas, and reads updates as node steps', () => {
    const partial = (content: string) => ({ event: 'messages/partial', data: [{ type: 'ai', id: 'a', content }] });
    expect(mapAll(langGraphDialect, sse(partial('Hel'), partial('Hello'), { event: 'messages/partial', data: [{ type: 'human', id: 'h', content: 'q' }] }))).to.deep.equal([
      { type: 'text-delta', delta: 'Hel' },
      { type: 'text-delta', delta: 'lo' },
      // The clean close of a LangGraph run.
      { type: 'done' },
    ]);
    const updates = sse({ event: 'updates', data: { agent: { messages: [{ type: 'ai', content: 'Hi' }] }, __interrupt__: [] } });
    expect(mapAll(langGraphDialect, updates)).to.deep.equal([
      { type: 'step', id: 'node-agent', label: 'agent', status: 'done' },
      { type: 'text', text: 'Hi' },
      { type: 'done' },
    ]);
  });

  it('reads content-block chunks, subgraph event names, data-less end, and never throws on odd payloads', () => {
    const mapper = langChainDialect.createMapper();
    const chunk = { event: 'on_chat_model_stream', run_id: 'r', data: { chunk: { type: 'AIMessageChunk', content: [{ type: 'text', text: 'Hi' }, { type: 'tool_use' }] } } };
    expect(mapper.map({ event: 'data', data: JSON.stringify(chunk), id: '' })).to.deep.equal([{ type: 'text-delta', delta: 'Hi' }]);
    expect(mapper.map({ event: 'messages|sub:1', data: '[{"type":"AIMessageChunk","content":"!"},{}]', id: '' })).to.deep.equal([{ type: 'text-delta', delta: '!' }]);
    for (const data of ['', 'null', '[]', '{"event":7}', '{"__proto__":{"content":"x"}}', '"{"']) {
      for (const event of ['data', 'messages', 'values', 'updates', 'messages/partial', 'metadata']) expect(() => mapper.map({ event, data, id: '' })).not.to.throw();
    }
    expect(mapper.map({ event: 'end', data: '', id: '' })).to.deep.equal([{ type: 'done' }]);
  });

  it('builds LangServe and LangGraph request bodies with the history', () => {
    const history = [
      { id: 'u', role: 'user', text: 'Hi', status: 'done' },
      { id: 'a', role: 'assistant', text: 'Hello!', status: 'done' },
    ] as unknown as ChatMessage[];
    const context = { text: 'Weather?', history, sessionId: 's1' };
    expect(langChainDialect.buildBody!(context)).to.deep.equal({
      input: [
        { type: 'human', content: 'Hi' },
        { type: 'ai', content: 'Hello!' },
        { type: 'human', content: 'Weather?' },
      ],
      config: {},
      kwargs: {},
    });
    expect(langGraphDialect.buildBody!({ ...context, model: 'my-graph' })).to.deep.equal({
      assistant_id: 'my-graph',
      input: { messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello!' }, { role: 'user', content: 'Weather?' }] },
      stream_mode: ['messages-tuple', 'values'],
    });
    expect((langGraphDialect.buildBody!(context) as { assistant_id: string }).assistant_id).to.equal('agent');
  });

  it('is detected by auto from its first events: LangChain for event: data, LangGraph for its stream modes', () => {
    expect(detected(t.jsStreamEvents)).to.equal('langchain');
    expect(detected(t.langServeStream)).to.equal('langchain');
    expect(detected(t.langServeStreamEvents)).to.equal('langchain');
    expect(detected(t.langGraphRun)).to.equal('langgraph');
  });

  it('claims its own first messages and no other vendor\'s, and no other vendor claims them', () => {
    const headers = new Headers({ 'content-type': 'text/event-stream' });
    const claimants = (text: string) => vendorDialects.filter(d => d.detect?.(parseSse(text)[0]!, headers)).map(d => d.name);
    expect(claimants(t.jsStreamEvents)).to.deep.equal(['langchain']);
    expect(claimants(t.langServeStream)).to.deep.equal(['langchain']);
    expect(claimants(t.langGraphRun)).to.deep.equal(['langgraph']);
    expect(claimants(sse({ event: 'metadata', data: { run_id: 'r', attempt: 1, thread_id: 't' } }))).to.deep.equal(['langgraph']);
    // A house stream's metadata that happens to carry a run id stays canonical's.
    expect(claimants(sse({ event: 'metadata', data: { run_id: 'r', model: 'm' } }))).to.deep.equal([]);
  });
});
