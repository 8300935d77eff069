import { expect } from '@open-wc/testing';
import type { SseMessage } from '../../src/transport/sse-message.js';
import { createSseParser, streamSse } from '../../src/transport/index.js';

/** What EventSource does not dispatch but a chat needs: data-less named blocks, plain-text bodies, stray JSON. */

const bodyOf = (...parts: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
      controller.close();
    },
  });

async function read(contentType: string, ...parts: string[]) {
  const messages: SseMessage[] = [];
  const extras: SseMessage[] = [];
  const fetch = (async () => new Response(bodyOf(...parts), { headers: { 'content-type': contentType } })) as typeof globalThis.fetch;
  await streamSse(
    { url: '/chat', signal: new AbortController().signal, fetch },
    { onMessage: m => void messages.push(m), onSignal: m => void extras.push(m) },
  );
  return { messages, extras };
}

describe('transport: what EventSource would not dispatch', () => {
  it('the parser reports a named block without data as a signal, and dispatches nothing for it (WHATWG)', () => {
    const messages: SseMessage[] = [];
    const signals: SseMessage[] = [];
    const parser = createSseParser({ onMessage: m => void messages.push(m), onSignal: m => void signals.push(m) });
    parser.feed('id: 7\nevent: end\n\nevent: done\n\n\n\ndata: x\n\n');
    expect(messages).to.deep.equal([{ event: 'message', data: 'x', id: '7' }]);
    expect(signals).to.deep.equal([
      { event: 'end', data: '', id: '7', kind: 'signal' },
      { event: 'done', data: '', id: '7', kind: 'signal' },
    ]);
  });

  it('reads a text/plain body that is not SSE framing as text pieces, nothing as messages', async () => {
    const { messages, extras } = await read('text/plain; charset=utf-8', 'Hel', 'lo, world.\nSecond line', ' ends.');
    expect(messages).to.deep.equal([]);
    expect(extras.map(m => m.kind)).to.deep.equal(['text', 'text']);
    expect(extras.map(m => m.data).join('')).to.equal('Hello, world.\nSecond line ends.');
  });

  it('reads a short plain-text body decided only at its end', async () => {
    const { extras } = await read('text/plain', 'Hi');
    expect(extras).to.deep.equal([{ event: 'message', data: 'Hi', id: '', kind: 'text' }]);
  });

  it('still reads SSE framing served as text/plain (the seed backends) as SSE', async () => {
    const { messages, extras } = await read('text/plain', 'da', 'ta: {"type":"token","content":"a"}\n\n');
    expect(messages.map(m => m.data)).to.deep.equal(['{"type":"token","content":"a"}']);
    expect(extras).to.deep.equal([]);
  });

  it('never sniffs a text/event-stream body: it is SSE', async () => {
    const { messages, extras } = await read('text/event-stream', 'Hello\n\ndata: x\n\n');
    expect(messages.map(m => m.data)).to.deep.equal(['x']);
    expect(extras).to.deep.equal([]);
  });

  it('reports a JSON error object written without data: lines (Google APIs) as kind json', async () => {
    const { messages, extras } = await read(
      'text/event-stream',
      'data: {"candidates":[]}\n\n',
      '{\n  "error": {\n    "code": 503,\n    "message": "The model is overloaded.",\n    "status": "UNAVAILABLE"\n  }\n}\n',
    );
    expect(messages).to.have.length(1);
    expect(extras).to.have.length(1);
    expect(extras[0].kind).to.equal('json');
    expect(JSON.parse(extras[0].data).error.message).to.equal('The model is overloaded.');
  });
});
