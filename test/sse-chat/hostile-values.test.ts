import { expect, fixture, html } from '@open-wc/testing';
import type { SseChat } from '../../src/sse-chat.js';
import { part, parts } from '../helpers/chat-fixture.js';
import { createFakeFetch, until } from '../helpers/fake-sse.js';

/** Untrusted values (issue 12): one bad field drops that field, never the answer. */
const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

async function chat(endpoint: string, dialect = 'sse-chat') {
  const fake = createFakeFetch();
  const el = await fixture<SseChat>(html`<sse-chat dialect=${dialect} endpoint=${endpoint} .fetch=${fake.fetch}></sse-chat>`);
  const finished = el.send('Question');
  const call = await fake.nextCall();
  return { el, call, finished };
}

describe('<sse-chat> with untrusted values', () => {
  it('keeps a json-family result whose listed link holds a lone surrogate', async () => {
    const { el, call, finished } = await chat('/values', 'json');
    call.response.send({ type: 'result', data: { summary: 'Two homes.', homes: [{ name: 'Elm', url: 'https://homes.example/\ud800' }, { name: 'Oak', url: 'https://homes.example/oak' }] } });
    call.response.close();
    await finished;
    const answer = el.messages[1];
    expect(answer.status).to.equal('done');
    expect(answer.text).to.contain('Two homes.');
    await until(() => text(part(el, 'content')).includes('Oak'), 10_000, 'the result rendered');
    expect(parts(el, 'content')[0].querySelectorAll('a').length).to.equal(1);
  });

  it('resolves relative source URLs against the endpoint, not the page', async () => {
    const { el, call, finished } = await chat('https://api.example.net/v1/chat');
    call.response.send({ delta: 'See sources.' }, 'text-delta');
    call.response.send({ sources: [{ title: 'Relative', url: 'docs/a.html' }, { title: 'Rooted', url: '/b' }, { title: 'Absolute', url: 'https://other.example/c' }] }, 'sources');
    call.response.send({}, 'done');
    call.response.close();
    await finished;
    expect(el.messages[1].sources.map(source => source.url)).to.deep.equal([
      'https://api.example.net/v1/docs/a.html',
      'https://api.example.net/b',
      'https://other.example/c',
    ]);
    await until(() => parts(el, 'source-link').length === 3, 10_000, 'the source links');
    expect(parts(el, 'source-link').map(link => link.getAttribute('href'))).to.deep.equal([
      'https://api.example.net/v1/docs/a.html',
      'https://api.example.net/b',
      'https://other.example/c',
    ]);
  });

  it('skips a json event with broken JSON instead of showing its raw payload', async () => {
    const { el, call, finished } = await chat('/values', 'json');
    call.response.send({ type: 'token', content: 'Hello' });
    call.response.push('data: {"type": "token", "content": "x\u0000y"}\n\n');
    call.response.push('data: {"type": "token", "cont\n\n');
    call.response.send({ type: 'token', content: ' world' });
    call.response.send({ type: 'done' });
    call.response.close();
    await finished;
    const answer = el.messages[1];
    expect(answer.text).to.equal('Hello world');
    expect(answer.status).to.equal('done');
    expect(answer.metadata.malformedEvents).to.equal(2);
  });
});
