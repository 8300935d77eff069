import { expect } from '@open-wc/testing';
import { buildDefaultBody, buildRequestBody, createDialectMapper, getDialect, resolveSourceUrls } from '../../src/dialects/index.js';
import type { ChatEvent } from '../../src/dialects/chat-event.js';
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

describe('dialects: source links', () => {
  const sources = (events: ChatEvent[]) => events.flatMap(event => (event.type === 'sources' ? event.sources.map(source => source.url) : []));

  it('resolves a relative link against the endpoint, not the page', () => {
    const events: ChatEvent[] = [{ type: 'sources', sources: [{ title: 'A', url: '/docs/a' }, { title: 'B', url: 'b?x=1' }] }];
    expect(sources(resolveSourceUrls(events, 'https://api.example/v1/chat'))).to.deep.equal(['https://api.example/docs/a', 'https://api.example/v1/b?x=1']);
  });

  it('resolves a relative endpoint against the page first, keeps absolute links and other events as they are', () => {
    const text: ChatEvent = { type: 'text', text: 'hi' };
    const events: ChatEvent[] = [text, { type: 'sources', sources: [{ title: 'A', url: 'https://other.example/a' }, { title: 'B', url: 'b' }] }];
    const resolved = resolveSourceUrls(events, '/api/chat');
    expect(resolved[0]).to.equal(text);
    expect(sources(resolved)).to.deep.equal(['https://other.example/a', new URL('/api/b', document.baseURI).href]);
  });

  it('leaves a link that does not parse for the view to refuse', () => {
    const events: ChatEvent[] = [{ type: 'sources', sources: [{ title: 'A', url: 'http://[bad' }] }];
    expect(sources(resolveSourceUrls(events, 'https://api.example/chat'))).to.deep.equal(['http://[bad']);
  });
});
