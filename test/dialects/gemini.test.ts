import { expect } from '@open-wc/testing';
import { geminiDialect } from '../../src/dialects/gemini.js';
import { createAssistantMessage, createUserMessage } from '../../src/state/message.js';
import { replay } from './transcripts/replay.js';
import * as t from './transcripts/gemini.js';

describe('dialects/gemini', () => {
  it('streams the answer and completes on the chunk with finishReason STOP', () => {
    const m = replay(geminiDialect, t.basic);
    expect(m.text).to.equal('The sky is blue because of Rayleigh scattering.');
    expect(m.status).to.equal('done');
    expect(m.model).to.equal('gemini-2.5-flash');
    expect(m.metadata).to.deep.equal({ finishReason: 'STOP', usage: { promptTokenCount: 8, candidatesTokenCount: 12, totalTokenCount: 20 } });
    expect(m.notices).to.deep.equal([]);
  });

  it('shows thought parts as a Thinking step and grounding chunks as sources', () => {
    const m = replay(geminiDialect, t.thoughtsAndGrounding);
    expect(m.text).to.equal('Spain won Euro 2024.');
    expect(m.status).to.equal('done');
    expect(m.steps.map(s => [s.label, s.status, s.detail])).to.deep.equal([['Thinking', 'done', '**Searching** for the winner']]);
    expect(m.sources).to.deep.equal([
      { title: 'aljazeera.com', url: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/1' },
      { title: 'uefa.com', url: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/2' },
    ]);
  });

  it('shows a function call as a step with its arguments', () => {
    const m = replay(geminiDialect, t.functionCall);
    expect(m.steps.map(s => [s.label, s.status, s.detail])).to.deep.equal([['get_weather', 'done', '{"location":"Boston"}']]);
    expect(m.status).to.equal('done');
  });

  it('completes with a notice when the answer was stopped for safety', () => {
    const m = replay(geminiDialect, t.safety);
    expect(m.text).to.equal('I can tell you that');
    expect(m.status).to.equal('done');
    expect(m.notices.map(n => n.kind)).to.deep.equal(['finish-safety']);
  });

  it('fails without retry when the prompt was blocked', () => {
    const m = replay(geminiDialect, t.blockedPrompt);
    expect(m.status).to.equal('error');
    expect(m.error).to.deep.include({ code: 'blocked', retryable: false });
    expect(m.error?.message).to.equal('The question was blocked.');
    expect(m.metadata.blockReason).to.equal('SAFETY');
  });

  it('fails retryably on an UNAVAILABLE error object, keeping the partial text', () => {
    const m = replay(geminiDialect, t.midStreamError);
    expect(m.text).to.equal('Partial');
    expect(m.error).to.deep.include({ message: 'The model is overloaded. Please try again later.', code: 'UNAVAILABLE', retryable: true });
  });

  it('emits no done when no chunk carried a finishReason', () => {
    expect(replay(geminiDialect, t.cutOff).error?.code).to.equal('cut-off');
  });

  it('fails visibly on a payload that is not JSON', () => {
    expect(replay(geminiDialect, 'data: {"candidates": [\n\n').error?.code).to.equal('invalid-event');
  });

  it('builds contents with user and model roles', () => {
    const body = geminiDialect.buildBody!({
      text: 'And the sea?',
      history: [createUserMessage('Why is the sky blue?', 0), { ...createAssistantMessage(1), text: 'Scattering.' }],
      sessionId: 's',
      model: 'gemini-2.5-flash',
    });
    expect(body).to.deep.equal({
      contents: [
        { role: 'user', parts: [{ text: 'Why is the sky blue?' }] },
        { role: 'model', parts: [{ text: 'Scattering.' }] },
        { role: 'user', parts: [{ text: 'And the sea?' }] },
      ],
    });
  });
});
