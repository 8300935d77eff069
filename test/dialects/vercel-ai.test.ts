import { expect } from '@open-wc/testing';
import { vercelAiDialect } from '../../src/dialects/vercel-ai.js';
import { createAssistantMessage, createUserMessage } from '../../src/state/message.js';
import { mapAll, replay } from './transcripts/replay.js';
import * as t from './transcripts/vercel-ai.js';

describe('dialects/vercel-ai', () => {
  it('streams the text parts and completes on finish', () => {
    const m = replay(vercelAiDialect, t.basic);
    expect(m.text).to.equal('Hello, world.');
    expect(m.status).to.equal('done');
    // start-step / finish-step only delimit model calls: no "Step 1" row.
    expect(m.steps).to.deep.equal([]);
  });

  it('maps reasoning and tool parts to steps, sources to sources, data and metadata parts to metadata', () => {
    const m = replay(vercelAiDialect, t.toolsAndSources);
    expect(m.text).to.equal('It is 18°C in Berlin.');
    expect(m.status).to.equal('done');
    expect(m.steps.map(s => [s.id, s.label, s.status, s.detail])).to.deep.equal([
      ['reasoning-r-0', 'Thinking', 'done', 'The user wants the weather.'],
      ['tool-call_1', 'getWeather', 'done', '{"city":"Berlin"}'],
    ]);
    expect(m.sources).to.deep.equal([
      { title: 'Berlin weather', url: 'https://weather.example/berlin' },
      { title: 'Climate report', metadata: { mediaType: 'application/pdf', filename: 'climate.pdf', sourceId: 'src-2' } },
    ]);
    expect(m.metadata).to.deep.equal({
      model: 'gpt-5',
      'data-weather': { city: 'Berlin', status: 'loaded' },
      totalTokens: 42,
      finishReason: 'stop',
    });
  });

  it('marks a failed tool call as an errored step with its error text', () => {
    const m = replay(vercelAiDialect, t.toolError);
    expect(m.steps.map(s => [s.label, s.status, s.detail])).to.deep.equal([['search', 'error', 'Search is down']]);
    expect(m.text).to.equal('Sorry.');
    expect(m.status).to.equal('done');
  });

  it('fails on an error part with its errorText', () => {
    const m = replay(vercelAiDialect, t.errorPart);
    expect(m.text).to.equal('Partial');
    expect(m.error).to.deep.include({ message: 'An error occurred.', retryable: true });
  });

  it('fails retryably on abort, keeping what was streamed', () => {
    const m = replay(vercelAiDialect, t.aborted);
    expect(m.text).to.equal('Par');
    expect(m.error).to.deep.include({ code: 'aborted', retryable: true });
  });

  it('emits no done when the stream ends before finish', () => {
    expect(replay(vercelAiDialect, t.cutOff).error?.code).to.equal('cut-off');
  });

  it('takes [DONE] as completion too, and adds a notice for a length finish', () => {
    expect(mapAll(vercelAiDialect, 'data: [DONE]\n\n')).to.deep.equal([{ type: 'done' }]);
    const m = replay(vercelAiDialect, 'data: {"type":"text-delta","id":"t","delta":"Cut"}\n\ndata: {"type":"finish","finishReason":"length"}\n\n');
    expect(m.status).to.equal('done');
    expect(m.notices.map(n => n.kind)).to.deep.equal(['finish-length']);
  });

  it('fails visibly on a payload that is not JSON', () => {
    expect(replay(vercelAiDialect, 'data: {"type":\n\n').error?.code).to.equal('invalid-event');
  });

  it('builds a useChat-style body with parts, the session as chat id and a submit trigger', () => {
    const user = createUserMessage('Hi', 0);
    const assistant = { ...createAssistantMessage(1), text: 'Hello.' };
    const body = vercelAiDialect.buildBody!({ text: 'Weather?', history: [user, assistant], sessionId: 'chat-7' });
    expect(body).to.deep.equal({
      id: 'chat-7',
      messages: [
        { id: user.id, role: 'user', parts: [{ type: 'text', text: 'Hi' }] },
        { id: assistant.id, role: 'assistant', parts: [{ type: 'text', text: 'Hello.' }] },
        { id: 'chat-7-user-2', role: 'user', parts: [{ type: 'text', text: 'Weather?' }] },
      ],
      trigger: 'submit-message',
    });
  });
});
