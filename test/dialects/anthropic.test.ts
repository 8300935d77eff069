import { expect } from '@open-wc/testing';
import { anthropicDialect } from '../../src/dialects/anthropic.js';
import { createAssistantMessage, createUserMessage } from '../../src/state/message.js';
import { mapAll, replay } from './transcripts/replay.js';
import * as t from './transcripts/anthropic.js';

describe('dialects/anthropic', () => {
  it('streams the answer, ignores ping, merges usage and completes on message_stop', () => {
    const m = replay(anthropicDialect, t.basic);
    expect(m.text).to.equal('Hello!');
    expect(m.status).to.equal('done');
    expect(m.model).to.equal('claude-sonnet-4-5-20250929');
    expect(m.metadata).to.deep.equal({ stopReason: 'end_turn', usage: { input_tokens: 25, output_tokens: 15 } });
  });

  it('shows thinking and a tool call as steps, and never puts a signature or input JSON in the text', () => {
    const m = replay(anthropicDialect, t.thinkingAndTool);
    expect(m.text).to.equal('Let me check.');
    expect(m.status).to.equal('done');
    expect(m.steps.map(s => [s.label, s.status, s.detail])).to.deep.equal([
      ['Thinking', 'done', 'I need the weather, so I call the tool.'],
      ['get_weather', 'done', '{"location": "San Francisco, CA"}'],
    ]);
  });

  it('turns web search results and citations into sources, and the search into a finished step', () => {
    const m = replay(anthropicDialect, t.webSearch);
    expect(m.text).to.equal('Here is the current weather: sunny and 75°F.');
    expect(m.steps.map(s => [s.label, s.status, s.detail])).to.deep.equal([['Searching the web', 'done', '{"query": "weather NYC today"}']]);
    expect(m.sources).to.deep.equal([
      { title: 'Weather in New York City', url: 'https://weather.example/nyc' },
      { title: 'NYC Forecast', url: 'https://forecast.example/nyc' },
    ]);
  });

  it('keeps the search step active until its results arrive', () => {
    const events = mapAll(anthropicDialect, t.webSearch.sse);
    const finished = events.filter(e => e.type === 'step' && e.status === 'done');
    const firstSources = events.findIndex(e => e.type === 'sources');
    expect(finished).to.deep.equal([{ type: 'step', id: 'srvtoolu_014hJH82Qum7Td6UV8gDXThB', status: 'done' }]);
    expect(events[firstSources - 1]).to.equal(finished[0]);
  });

  it('turns a document citation into a source with its title and cited text', () => {
    const m = replay(anthropicDialect, t.documentCitations);
    expect(m.sources).to.deep.equal([{ title: 'Nature facts', snippet: 'The grass is green.' }]);
  });

  it('fails retryably on overloaded_error, keeping the partial text', () => {
    const m = replay(anthropicDialect, t.overloaded);
    expect(m.text).to.equal('Partial');
    expect(m.status).to.equal('error');
    expect(m.error).to.deep.include({ message: 'Overloaded', code: 'overloaded_error', retryable: true });
  });

  it('fails without retry on invalid_request_error', () => {
    expect(replay(anthropicDialect, t.invalidRequest).error).to.deep.include({ code: 'invalid_request_error', retryable: false });
  });

  it('adds a notice when max_tokens cut the answer short', () => {
    const m = replay(anthropicDialect, t.maxTokens);
    expect(m.status).to.equal('done');
    expect(m.notices.map(n => n.kind)).to.deep.equal(['finish-max_tokens']);
  });

  it('emits no done when the stream ends before message_stop', () => {
    expect(replay(anthropicDialect, t.cutOff).error?.code).to.equal('cut-off');
  });

  it('fails visibly on a payload that is not JSON', () => {
    expect(replay(anthropicDialect, 'event: message_start\ndata: {"type":\n\n').error?.code).to.equal('invalid-event');
  });

  it('builds a Messages body with max_tokens and the history', () => {
    const body = anthropicDialect.buildBody!({
      text: 'More?',
      history: [createUserMessage('Hi', 0), { ...createAssistantMessage(1), text: 'Hello.' }],
      sessionId: 's',
      model: 'claude-sonnet-4-5',
    });
    expect(body).to.deep.equal({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      stream: true,
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'user', content: 'More?' },
      ],
    });
  });
});
