import { expect } from '@open-wc/testing';
import { textDialect } from '../../src/dialects/text.js';
import type { SseMessage } from '../../src/transport/sse-message.js';

const message = (data: string, kind?: SseMessage['kind'], event = 'message'): SseMessage => ({ event, data, id: '', ...(kind ? { kind } : {}) });

describe('dialects/text', () => {
  it('reads every piece of a plain-text body as answer text, as it is', () => {
    const mapper = textDialect.createMapper();
    expect(mapper.map(message('Hello, ', 'text'))).to.deep.equal([{ type: 'text-delta', delta: 'Hello, ' }]);
    expect(mapper.map(message('  world\n\n', 'text'))).to.deep.equal([{ type: 'text-delta', delta: '  world\n\n' }]);
  });

  it('reads each SSE message’s data as text when chosen explicitly, whatever its event name', () => {
    const mapper = textDialect.createMapper();
    expect(mapper.map(message('{"not":"parsed"}', undefined, 'token'))).to.deep.equal([{ type: 'text-delta', delta: '{"not":"parsed"}' }]);
  });

  it('maps nothing for empty data or a data-less named block (event: done)', () => {
    const mapper = textDialect.createMapper();
    expect(mapper.map(message(''))).to.deep.equal([]);
    expect(mapper.map(message('', 'signal', 'done'))).to.deep.equal([]);
  });

  it('ends the answer as done when the body closes cleanly', () => {
    expect(textDialect.createMapper().end!()).to.deep.equal([{ type: 'done' }]);
  });

  it('is detected only from the transport’s plain-text pieces, never from SSE framing', () => {
    const headers = new Headers({ 'content-type': 'text/plain' });
    expect(textDialect.detect!(message('Hi', 'text'), headers)).to.equal(true);
    expect(textDialect.detect!(message('Hi'), headers)).to.equal(false);
    expect(textDialect.detect!(message('{"error":"x"}', 'json'), headers)).to.equal(false);
  });
});
