import { expect } from '@open-wc/testing';
import { buildDefaultBody, buildRequestBody, createDialectMapper, getDialect } from '../../src/dialects/index.js';
import type { RequestContext } from '../../src/dialects/dialect.js';

const context: RequestContext = {
  text: 'What is SSE?',
  sessionId: 's-1',
  history: [
    { id: 'u1', role: 'user', text: 'Hi' },
    { id: 'a1', role: 'assistant', text: 'Hello!' },
  ],
};

describe('dialects/index', () => {
  it('finds a dialect by name, and none for auto or an unknown name', () => {
    for (const name of ['text', 'sse-chat', 'json', 'openai-chat', 'anthropic']) expect(getDialect(name)?.name, name).to.equal(name);
    expect(getDialect('auto')).to.equal(undefined);
    expect(getDialect('toString')).to.equal(undefined);
  });

  it('maps with the page’s mapEvent first, then a named dialect, else detects', () => {
    const headers = new Headers();
    expect(createDialectMapper('openai-chat', headers, () => null).detected).to.equal('custom');
    expect(createDialectMapper('anthropic', headers).detected).to.equal('anthropic');
    expect(createDialectMapper('auto', headers).detected, 'not known before the first messages').to.equal(undefined);
  });

  it('builds the house body by default: message, session id, history as role and content', () => {
    expect(buildDefaultBody(context)).to.deep.equal({
      message: 'What is SSE?',
      session_id: 's-1',
      history: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
      ],
    });
    expect(buildRequestBody('auto', context)).to.deep.equal(buildDefaultBody(context));
    expect(buildRequestBody('sse-chat', context)).to.deep.equal(buildDefaultBody(context));
  });

  it('builds a vendor dialect’s own body', () => {
    const body = buildRequestBody('openai-chat', { ...context, model: 'gpt-4o' }) as { model: string; stream: boolean; messages: unknown[] };
    expect([body.model, body.stream, body.messages.length]).to.deep.equal(['gpt-4o', true, 3]);
  });
});
