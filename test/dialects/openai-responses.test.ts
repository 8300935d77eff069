import { expect } from '@open-wc/testing';
import { openAiResponsesDialect } from '../../src/dialects/openai-responses.js';
import { createAssistantMessage, createUserMessage } from '../../src/state/message.js';
import { replay } from './transcripts/replay.js';
import * as t from './transcripts/openai-responses.js';

describe('dialects/openai-responses', () => {
  it('streams a cited answer after a web search step, with usage, and completes on response.completed', () => {
    const m = replay(openAiResponsesDialect, t.webSearch);
    expect(m.text).to.equal('The Moon is about 384,400 km away.');
    expect(m.status).to.equal('done');
    expect(m.model).to.equal('gpt-4.1-2025-04-14');
    expect(m.steps.map(s => [s.id, s.label, s.status, s.detail])).to.deep.equal([['ws_67cc', 'Searching the web', 'done', 'moon distance']]);
    // The annotation arrives three times (delta, item done, completed): one source.
    expect(m.sources).to.deep.equal([{ title: 'The Moon - NASA', url: 'https://www.nasa.gov/moon/' }]);
    expect(m.metadata.usage).to.deep.include({ input_tokens: 36, output_tokens: 87 });
  });

  it('shows the reasoning summary as a step labelled by its bold heading, and a function call as a step with its arguments', () => {
    const m = replay(openAiResponsesDialect, t.reasoningAndFunction);
    expect(m.text).to.equal('');
    expect(m.status).to.equal('done');
    expect(m.model).to.equal('o4-mini-2025-04-16');
    expect(m.steps.map(s => [s.label, s.status, s.detail])).to.deep.equal([
      ['Checking the weather', 'done', '**Checking the weather** for Paris.'],
      ['get_weather', 'done', '{"location":"Paris"}'],
    ]);
  });

  it('ends an incomplete response with a notice', () => {
    const m = replay(openAiResponsesDialect, t.incomplete);
    expect(m.text).to.equal('A long story');
    expect(m.status).to.equal('done');
    expect(m.notices.map(n => n.kind)).to.deep.equal(['finish-max_output_tokens']);
  });

  it('fails on response.failed with the response’s own error message', () => {
    const m = replay(openAiResponsesDialect, t.failed);
    expect(m.text).to.equal('Partial');
    expect(m.status).to.equal('error');
    expect(m.error).to.deep.include({ message: 'The model failed to generate a response.', code: 'server_error', retryable: true });
  });

  it('fails on an error event', () => {
    const m = replay(openAiResponsesDialect, t.errorEvent);
    expect(m.status).to.equal('error');
    expect(m.error).to.deep.include({ message: 'Rate limit reached for requests', code: 'rate_limit_exceeded' });
  });

  it('turns file search results and file citations into sources', () => {
    const m = replay(openAiResponsesDialect, t.fileSearch);
    expect(m.steps.map(s => [s.label, s.status, s.detail])).to.deep.equal([['Searching files', 'done', 'deep research']]);
    expect(m.sources.map(s => [s.title, s.score, s.snippet])).to.deep.equal([['deep_research_blog.pdf', 0.93, 'Deep research is…']]);
    expect(m.status).to.equal('done');
  });

  it('emits no done when the stream ends before response.completed', () => {
    const m = replay(openAiResponsesDialect, t.cutOff);
    expect(m.text).to.equal('Half');
    expect(m.error?.code).to.equal('cut-off');
  });

  it('fails visibly on a payload that is not JSON', () => {
    expect(replay(openAiResponsesDialect, 'event: response.created\ndata: {oops\n\n').error?.code).to.equal('invalid-event');
  });

  it('builds a streaming Responses body with the history as input messages', () => {
    const body = openAiResponsesDialect.buildBody!({
      text: 'Why?',
      history: [createUserMessage('Sky colour?', 0), { ...createAssistantMessage(1), text: 'Blue.' }],
      sessionId: 's',
      model: 'gpt-4.1',
    });
    expect(body).to.deep.equal({
      model: 'gpt-4.1',
      input: [
        { role: 'user', content: 'Sky colour?' },
        { role: 'assistant', content: 'Blue.' },
        { role: 'user', content: 'Why?' },
      ],
      stream: true,
    });
  });
});
