import { expect } from '@open-wc/testing';
import { agUiDialect } from '../../src/dialects/ag-ui.js';
import { createDialectMapper } from '../../src/dialects/index.js';
import { vendorDialects } from '../../src/dialects/vendors.js';
import type { ChatMessage } from '../../src/state/message.js';
import { mapAll, parseSse, replay, sse } from './transcripts/replay.js';
import * as t from './transcripts/ag-ui.js';

describe('dialects/ag-ui', () => {
  it('reads a run from @ag-ui/encoder: text, reasoning, named step and tool call as steps, state as metadata, RUN_FINISHED as done', () => {
    const m = replay(agUiDialect, t.run);
    expect(m.text).to.equal('It is sunny in Paris.');
    expect(m.status).to.equal('done');
    expect(m.steps.map(s => [s.label, s.status, s.detail])).to.deep.equal([
      ['plan', 'done', undefined],
      ['Thinking', 'done', 'The user asks: Weather in Paris? I should check the weather.'],
      ['get_weather', 'done', '{"city":"Paris"}'],
    ]);
    expect(m.metadata).to.deep.equal({
      threadId: 'thread-1',
      runId: 'run-1',
      state: { city: null },
      stateDelta: [{ op: 'replace', path: '/city', value: 'Paris' }],
    });
  });

  it('fails on RUN_ERROR with its message and code, keeping the text and steps so far', () => {
    const m = replay(agUiDialect, t.runError);
    expect(m.text).to.equal('Checking');
    expect(m.status).to.equal('error');
    expect(m.error).to.deep.include({ message: 'The weather tool timed out.', code: 'TOOL_TIMEOUT', retryable: true });
    expect(m.steps.map(s => [s.label, s.status])).to.deep.equal([
      ['plan', 'done'],
      ['Thinking', 'done'],
      ['get_weather', 'error'],
    ]);
  });

  it('separates two assistant messages, skips user echoes, reads 0.x THINKING_* events and tool-call chunks', () => {
    const events = mapAll(
      agUiDialect,
      sse(
        { data: { type: 'TEXT_MESSAGE_START', messageId: 'u', role: 'user' } },
        { data: { type: 'TEXT_MESSAGE_CONTENT', messageId: 'u', delta: 'echo' } },
        { data: { type: 'TEXT_MESSAGE_CHUNK', messageId: 'a', delta: 'One.' } },
        { data: { type: 'THINKING_START' } },
        { data: { type: 'THINKING_TEXT_MESSAGE_CONTENT', delta: 'hmm' } },
        { data: { type: 'THINKING_END' } },
        { data: { type: 'TOOL_CALL_CHUNK', toolCallId: 'c', toolCallName: 'search', delta: '{}' } },
        { data: { type: 'TEXT_MESSAGE_CONTENT', messageId: 'b', delta: 'Two.' } },
        { data: { type: 'RUN_FINISHED', threadId: 't', runId: 'r', outcome: { type: 'interrupt', interrupts: [] } } },
        { data: { type: 'TEXT_MESSAGE_CONTENT', messageId: 'b', delta: 'after the end' } },
      ),
    );
    expect(events).to.deep.equal([
      { type: 'text-delta', delta: 'One.' },
      { type: 'step', id: 'thinking-1', label: 'Thinking', status: 'active' },
      { type: 'step', id: 'thinking-1', detail: 'hmm' },
      { type: 'step', id: 'thinking-1', status: 'done' },
      { type: 'step', id: 'tool-c', label: 'search', status: 'active' },
      { type: 'step', id: 'tool-c', detail: '{}' },
      { type: 'text-delta', delta: '\n\nTwo.' },
      { type: 'done', reason: 'interrupt' },
    ]);
  });

  it('takes the answer from MESSAGES_SNAPSHOT only when no text streamed', () => {
    const snapshot = { type: 'MESSAGES_SNAPSHOT', messages: [{ id: 'u', role: 'user', content: 'Q' }, { id: 'a', role: 'assistant', content: 'Whole answer.' }] };
    const quiet = replay(agUiDialect, sse({ data: { type: 'RUN_STARTED', threadId: 't', runId: 'r' } }, { data: snapshot }, { data: { type: 'RUN_FINISHED', threadId: 't', runId: 'r' } }));
    expect([quiet.text, quiet.status]).to.deep.equal(['Whole answer.', 'done']);
    const streamed = mapAll(agUiDialect, sse({ data: { type: 'TEXT_MESSAGE_CHUNK', messageId: 'a', delta: 'Streamed.' } }, { data: snapshot }));
    expect(streamed.filter(e => e.type === 'text' || e.type === 'text-delta')).to.deep.equal([{ type: 'text-delta', delta: 'Streamed.' }]);
  });

  it('reports a payload that is not JSON, ignores RAW and keeps CUSTOM as metadata without prototype keys', () => {
    expect(mapAll(agUiDialect, 'data: {oops\n\n')[0]).to.deep.include({ type: 'error' });
    expect(mapAll(agUiDialect, sse({ data: { type: 'RAW', event: {} } }))).to.deep.equal([]);
    expect(mapAll(agUiDialect, sse({ data: { type: 'CUSTOM', name: '__proto__', value: 1 } }))).to.deep.equal([{ type: 'metadata', metadata: {} }]);
    expect(mapAll(agUiDialect, sse({ data: { type: 'CUSTOM', name: 'progress', value: 0.5 } }))).to.deep.equal([{ type: 'metadata', metadata: { progress: 0.5 } }]);
  });

  it('builds a RunAgentInput: thread and run ids, messages with ids and roles, empty tools, context and state', () => {
    const history = [
      { id: 'u1', role: 'user', text: 'Hi', status: 'done' },
      { id: 'a2', role: 'assistant', text: 'Hello!', status: 'done' },
    ] as unknown as ChatMessage[];
    const body = agUiDialect.buildBody!({ text: 'Weather?', history, sessionId: 's1' }) as Record<string, unknown> & { messages: { id: string }[] };
    expect(body.threadId).to.equal('s1');
    expect(body.runId).to.be.a('string').and.not.equal('');
    expect(body.messages.map(({ id, ...rest }) => rest)).to.deep.equal([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'Weather?' },
    ]);
    expect(body.messages.slice(0, 2).map(m => m.id)).to.deep.equal(['u1', 'a2']);
    expect(new Set(body.messages.map(m => m.id)).size).to.equal(3);
    expect(body).to.deep.include({ tools: [], context: [], state: {}, forwardedProps: {} });
    expect((agUiDialect.buildBody!({ text: 'x', history: [], sessionId: 's1' }) as { runId: string }).runId).not.to.equal(body.runId);
  });

  it('is claimed by no other vendor dialect, and claims no house or vendor payload', () => {
    const headers = new Headers({ 'content-type': 'text/event-stream' });
    expect(vendorDialects.filter(d => d.detect?.(parseSse(t.run)[0]!, headers)).map(d => d.name)).to.deep.equal(['ag-ui']);
    for (const data of ['{"type":"token","content":"x"}', '{"type":"text-delta","id":"0","delta":"x"}', '{"type":"message_start"}', '{"type":"ping"}']) {
      expect(agUiDialect.detect!({ event: 'message', data, id: '' }, headers), data).to.equal(false);
    }
  });

  it('is detected by auto from its event types', () => {
    const mapper = createDialectMapper('auto', new Headers({ 'content-type': 'text/event-stream' }));
    mapper.map(parseSse(t.run)[0]!);
    expect(mapper.detected).to.equal('ag-ui');
  });
});
