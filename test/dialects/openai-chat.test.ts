import { expect } from '@open-wc/testing';
import { openAiChatDialect } from '../../src/dialects/openai-chat.js';
import { createAssistantMessage, createUserMessage } from '../../src/state/message.js';
import { mapAll, replay } from './transcripts/replay.js';
import * as t from './transcripts/openai-chat.js';

describe('dialects/openai-chat', () => {
  it('streams the answer, records the model and usage, and completes on [DONE]', () => {
    const m = replay(openAiChatDialect, t.basic);
    expect(m.text).to.equal('Hello there!');
    expect(m.status).to.equal('done');
    expect(m.model).to.equal('gpt-4o-2024-08-06');
    expect(m.metadata).to.deep.include({ finishReason: 'stop' });
    expect(m.metadata.usage).to.deep.equal({ prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 });
    expect(m.error).to.equal(null);
  });

  it('shows reasoning as a finished "Thinking" step, never as answer text, and accepts data:[DONE]', () => {
    const m = replay(openAiChatDialect, t.reasoning);
    expect(m.text).to.equal('Hi!');
    expect(m.status).to.equal('done');
    expect(m.steps.map(s => [s.label, s.status, s.detail])).to.deep.equal([['Thinking', 'done', 'The user greets me. Greet back.']]);
  });

  it('completes the Thinking step as soon as the answer starts', () => {
    const events = mapAll(openAiChatDialect, t.reasoning.sse);
    const firstText = events.findIndex(e => e.type === 'text-delta');
    expect(events.slice(0, firstText).at(-1)).to.deep.equal({ type: 'step', id: 'thinking', status: 'done' });
  });

  it('reads Ollama’s `reasoning` field too', () => {
    const m = replay(openAiChatDialect, t.ollamaReasoning);
    expect(m.text).to.equal('Yes.');
    expect(m.steps[0]).to.include({ label: 'Thinking', detail: 'Short question.', status: 'done' });
  });

  it('shows a tool call as a step named after the function, with its arguments as detail', () => {
    const m = replay(openAiChatDialect, t.toolCall);
    expect(m.text).to.equal('');
    expect(m.status).to.equal('done');
    expect(m.steps.map(s => [s.id, s.label, s.status, s.detail])).to.deep.equal([
      ['tool-call_DdmO9pD3xa9XTPNJ32zg2hcA', 'get_weather', 'done', '{"location":"Paris"}'],
    ]);
  });

  it('adds a notice when the length limit cut the answer short', () => {
    const m = replay(openAiChatDialect, t.lengthLimit);
    expect(m.status).to.equal('done');
    expect(m.notices.map(n => n.kind)).to.deep.equal(['finish-length']);
  });

  it('fails the turn on a mid-stream error object, keeping the partial text', () => {
    const m = replay(openAiChatDialect, t.midStreamError);
    expect(m.text).to.equal('Partial');
    expect(m.status).to.equal('error');
    expect(m.error).to.deep.include({ code: 'server_error', retryable: true });
    expect(m.error?.message).to.match(/^The server had an error/);
  });

  it('treats an invalid_request_error as not worth retrying, and an `event: error` as an error', () => {
    const invalid = replay(openAiChatDialect, 'data: {"error":{"message":"Bad model","type":"invalid_request_error","code":"model_not_found"}}\n\n');
    expect(invalid.error).to.deep.include({ message: 'Bad model', code: 'model_not_found', retryable: false });
    const named = replay(openAiChatDialect, 'event: error\ndata: {"message":"overloaded"}\n\n');
    expect(named.status).to.equal('error');
  });

  it('turns url_citation annotations into sources', () => {
    const m = replay(openAiChatDialect, t.annotations);
    expect(m.sources).to.deep.equal([{ title: 'Paris - Wikipedia', url: 'https://en.wikipedia.org/wiki/Paris' }]);
  });

  it('reports gateway search results once, though they repeat on every chunk', () => {
    const line = (content: string) =>
      `data: ${JSON.stringify({ object: 'chat.completion.chunk', model: 'sonar', search_results: [{ title: 'A', url: 'https://a.example/', date: null }], choices: [{ index: 0, delta: { content } }] })}\n\n`;
    const events = mapAll(openAiChatDialect, line('a') + line('b') + 'data: [DONE]\n\n');
    expect(events.filter(e => e.type === 'sources')).to.deep.equal([{ type: 'sources', sources: [{ title: 'A', url: 'https://a.example/' }] }]);
  });

  it('emits no done when the stream ends before [DONE], so the answer reads as cut off', () => {
    const m = replay(openAiChatDialect, t.cutOff);
    expect(m.text).to.equal('Half an ans');
    expect(m.status).to.equal('error');
    expect(m.error?.code).to.equal('cut-off');
  });

  it('fails visibly on a payload that is not JSON instead of throwing', () => {
    const m = replay(openAiChatDialect, t.invalidJson);
    expect(m.status).to.equal('error');
    expect(m.error?.code).to.equal('invalid-event');
  });

  it('ignores anything after [DONE] and blank keep-alive data', () => {
    const events = mapAll(openAiChatDialect, 'data: \n\ndata: [DONE]\n\ndata: {"choices":[{"delta":{"content":"late"}}]}\n\n');
    expect(events).to.deep.equal([{ type: 'done' }]);
  });

  it('builds a streaming Chat Completions body with history and usage', () => {
    const assistant = { ...createAssistantMessage(1), text: 'Hello!', status: 'done' as const };
    const body = openAiChatDialect.buildBody!({
      text: 'And now?',
      history: [createUserMessage('Hi', 0), assistant],
      sessionId: 's1',
      model: 'llama3.2',
    });
    expect(body).to.deep.equal({
      model: 'llama3.2',
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: 'And now?' },
      ],
      stream: true,
      stream_options: { include_usage: true },
    });
  });
});
