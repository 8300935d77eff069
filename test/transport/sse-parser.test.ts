import { expect } from '@open-wc/testing';
import fc, { runs } from '../helpers/fast-check.js';
import { createSseParser, SseEventTooLargeError, type SseParserOptions } from '../../src/transport/sse-parser.js';
import type { SseMessage } from '../../src/transport/sse-message.js';

interface Outcome {
  messages: SseMessage[];
  retries: number[];
  comments: string[];
  lastEventId: string;
}

const encoder = new TextEncoder();
const bytesOf = (stream: string | Uint8Array) => (typeof stream === 'string' ? encoder.encode(stream) : stream);

/** Feeds `chunks` through one parser, ends it, and reports everything it observed. */
function parse(chunks: Iterable<string | Uint8Array>, options: Partial<SseParserOptions> = {}): Outcome {
  const outcome: Outcome = { messages: [], retries: [], comments: [], lastEventId: '' };
  const parser = createSseParser({
    onMessage: message => outcome.messages.push(message),
    onRetry: ms => outcome.retries.push(ms),
    onComment: text => outcome.comments.push(text),
    ...options,
  });
  for (const chunk of chunks) parser.feed(chunk);
  parser.end();
  outcome.lastEventId = parser.lastEventId;
  return outcome;
}

function* oneByteAtATime(bytes: Uint8Array) {
  for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1);
}

function* splitAt(bytes: Uint8Array, points: number[]) {
  let previous = 0;
  for (const point of [...new Set(points)].sort((a, b) => a - b)) {
    yield bytes.subarray(previous, point);
    previous = point;
  }
  yield bytes.subarray(previous);
}

const msg = (data: string, id = '', event = 'message'): SseMessage => ({ event, data, id });

interface Case {
  name: string;
  stream: string | Uint8Array;
  messages: SseMessage[];
  retries?: number[];
  lastEventId?: string;
}

const longComment = 'x'.repeat(2048);

/**
 * The spec's examples (WHATWG HTML §9.2.5–9.2.6) and the web-platform-tests `eventsource/format-*` streams.
 * WPT's `message.py` appends a blank line unless `newline=none`; the streams below are the bytes the server sends.
 */
const cases: Case[] = [
  { name: 'spec: stock example', stream: 'data: YHOO\ndata: +2\ndata: 10\n\n', messages: [msg('YHOO\n+2\n10')] },
  {
    name: 'spec: four blocks (comment, id, id reset, unterminated last block)',
    stream: ': test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n',
    messages: [msg('first event', '1'), msg('second event', '')],
    lastEventId: '',
  },
  {
    name: 'spec: "data\\n\\ndata\\ndata\\n\\ndata:" fires two events',
    stream: 'data\n\ndata\ndata\n\ndata:',
    messages: [msg(''), msg('\n')],
  },
  { name: 'spec: "test" twice, one leading space removed', stream: 'data:test\n\ndata: test\n\n', messages: [msg('test'), msg('test')] },
  { name: 'wpt format-bom', stream: '\uFEFFdata:1\n\n\uFEFFdata:2\n\ndata:3\n\n', messages: [msg('1'), msg('3')] },
  { name: 'wpt format-bom-2', stream: '\uFEFF\uFEFFdata:1\n\ndata:2\n\ndata:3\n\n', messages: [msg('2'), msg('3')] },
  {
    name: 'wpt format-comments',
    stream: `data:1\r:\0\n:\r\ndata:2\n:${longComment}\rdata:3\n:data:fail\r:${longComment}\ndata:4\n\n`,
    messages: [msg('1\n2\n3\n4')],
  },
  {
    name: 'wpt format-data-before-final-empty-line',
    stream: 'retry:1000\ndata:test1\n\nid:test\ndata:test2',
    messages: [msg('test1')],
    retries: [1000],
    lastEventId: '',
  },
  { name: 'wpt format-field-data', stream: 'data:\n\ndata\ndata\n\ndata:test\n\n', messages: [msg(''), msg('\n'), msg('test')] },
  {
    name: 'wpt format-field-event',
    stream: 'event:test\ndata:x\n\ndata:x\n\n',
    messages: [msg('x', '', 'test'), msg('x')],
  },
  { name: 'wpt format-field-event-empty', stream: 'event: \ndata:data\n\n', messages: [msg('data')] },
  {
    name: 'wpt format-field-id',
    stream: 'id: …\nretry: 200\ndata: hello\n\n',
    messages: [msg('hello', '…')],
    retries: [200],
    lastEventId: '…',
  },
  {
    name: 'wpt format-field-id-3: persists',
    stream: 'id: 1\ndata: 1\n\ndata:2\n\n',
    messages: [msg('1', '1'), msg('2', '1')],
    lastEventId: '1',
  },
  {
    name: 'wpt format-field-id-3: changes and persists',
    stream: 'id: 1\ndata: 1\n\nid: 2\ndata:2\n\ndata:3\n\n',
    messages: [msg('1', '1'), msg('2', '2'), msg('3', '2')],
    lastEventId: '2',
  },
  {
    name: 'wpt format-field-id-3: resets',
    stream: 'id: 1\ndata: 1\n\nid:\ndata:2\n\ndata:3\n\n',
    messages: [msg('1', '1'), msg('2', ''), msg('3', '')],
    lastEventId: '',
  },
  {
    name: 'wpt format-field-id-null: an id containing NUL is ignored',
    stream: 'id: \0\0\nretry: 200\ndata: hello\n\nid: 1\n\nid: a\0b\ndata: x\n\n',
    messages: [msg('hello', ''), msg('x', '1')],
    retries: [200],
    lastEventId: '1',
  },
  {
    name: 'wpt format-field-parsing',
    stream: 'data:\0\ndata:  2\rData:1\ndata\0:2\ndata:1\r\0data:4\nda-ta:3\rdata_5\ndata:3\rdata:\r\n data:32\ndata:4\n\n',
    messages: [msg('\0\n 2\n1\n3\n\n4')],
  },
  { name: 'wpt format-field-retry', stream: 'retry:02000\ndata:x\n\n', messages: [msg('x')], retries: [2000] },
  { name: 'wpt format-field-retry-bogus', stream: 'retry:2000\nretry:1000x\ndata:x\n\n', messages: [msg('x')], retries: [2000] },
  { name: 'wpt format-field-retry-empty', stream: 'retry\ndata:test\n\n', messages: [msg('test')], retries: [] },
  {
    name: 'wpt format-field-unknown',
    stream: 'data:test\n data\ndata\nfoobar:xxx\njustsometext\n:thisisacommentyay\ndata:test\n\n',
    messages: [msg('test\n\ntest')],
  },
  { name: 'wpt format-leading-space', stream: 'data:\ttest\rdata: \ndata:test\n\n', messages: [msg('\ttest\n\ntest')] },
  { name: 'wpt format-newlines', stream: 'data:test\r\ndata\ndata:test\r\n\r', messages: [msg('test\n\ntest')] },
  { name: 'wpt format-null-character', stream: 'data:\0\n\n', messages: [msg('\0')] },
  {
    name: 'wpt format-utf-8 (always UTF-8)',
    stream: new Uint8Array([...encoder.encode('data:ok'), 0xe2, 0x80, 0xa6, 0x0a, 0x0a]),
    messages: [msg('ok…')],
  },
  {
    name: 'wpt event-data (message2.py)',
    stream: 'data:msg\ndata:msg\n\n:\nfalsefield:msg\n\nfalsefield:msg\nData:data\n\ndata\n\ndata:end\n\n',
    messages: [msg('msg\nmsg'), msg(''), msg('end')],
  },
  {
    name: 'invalid UTF-8 becomes U+FFFD',
    stream: new Uint8Array([...encoder.encode('data:a'), 0xff, 0x62, 0xe2, 0x82, 0x0a, 0x0a]),
    messages: [msg('a\uFFFDb\uFFFD')],
  },
  {
    name: 'an id set by a block without data applies to later messages',
    stream: 'id: 7\n\n: heartbeat\n\ndata: x\n\nevent: ping\nid: 8\n\ndata: y\n\n',
    messages: [msg('x', '7'), msg('y', '8')],
    lastEventId: '8',
  },
  {
    name: 'comment-only and field-only blocks dispatch nothing; event type does not leak',
    stream: ':a\n:b\n\nevent: x\nretry: 5\n\ndata: z\n\n',
    messages: [msg('z')],
    retries: [5],
  },
  {
    name: 'CR, LF and CRLF mixed; lone CR before LF-less text',
    stream: 'data: a\rdata: b\r\ndata: c\n\r\ndata: d\r\r',
    messages: [msg('a\nb\nc'), msg('d')],
  },
  {
    name: 'a colon inside the value is kept; only the first space is removed',
    stream: 'data:  {"a": "b:c"}\nevent:  spaced\n\n',
    messages: [msg(' {"a": "b:c"}', '', ' spaced')],
  },
  {
    name: 'a CRLF pair is one line end (no phantom blank line)',
    stream: 'data: a\r\ndata: b\r\n\r\n',
    messages: [msg('a\nb')],
  },
];

describe('transport/sse-parser', () => {
  describe('conformance: each stream fed whole and one byte at a time', () => {
    for (const c of cases) {
      it(c.name, () => {
        const bytes = bytesOf(c.stream);
        for (const [how, chunks] of [
          ['whole', [bytes]],
          ['byte by byte', oneByteAtATime(bytes)],
        ] as const) {
          const outcome = parse(chunks);
          expect(outcome.messages, how).to.deep.equal(c.messages);
          if (c.retries) expect(outcome.retries, how).to.deep.equal(c.retries);
          if (c.lastEventId !== undefined) expect(outcome.lastEventId, how).to.equal(c.lastEventId);
        }
        if (typeof c.stream === 'string') {
          const asText = parse([...c.stream]); // string input, one UTF-16 unit at a time
          expect(asText.messages, 'string input').to.deep.equal(c.messages);
        }
      });
    }
  });

  it('gives the same result for any split points (fast-check)', () => {
    const stream = new Uint8Array(
      [...cases].flatMap(c => {
        const bytes = bytesOf(c.stream);
        // Only terminated streams can be concatenated without changing their meaning.
        return c.name.includes('final-empty-line') || c.name.includes('four blocks') || c.name.includes('fires two')
          ? []
          : [...bytes, 0x0a, 0x0a];
      }),
    );
    const expected = parse([stream]);
    expect(expected.messages.length).to.be.greaterThan(30);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: stream.length }), { maxLength: 40 }), points => {
        const outcome = parse(splitAt(stream, points));
        expect(outcome).to.deep.equal(expected);
      }),
      { numRuns: runs(200) },
    );
  });

  it('decodes a multi-byte character split across reads', () => {
    const bytes = encoder.encode('data: 😀é…\n\n');
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(parse([bytes.subarray(0, cut), bytes.subarray(cut)]).messages).to.deep.equal([msg('😀é…')]);
    }
  });

  it('strips a BOM split across reads, once', () => {
    const bytes = encoder.encode('\uFEFFdata: a\n\n');
    expect(parse([bytes.subarray(0, 1), bytes.subarray(1, 2), bytes.subarray(2)]).messages).to.deep.equal([msg('a')]);
    expect(parse(['\uFEFF', '\uFEFFdata: a\n\ndata: b\n\n']).messages).to.deep.equal([msg('b')]);
  });

  it('reports comments with one leading space removed', () => {
    expect(parse([': ping\n:  two\n:\n\n']).comments).to.deep.equal(['ping', ' two', '']);
  });

  it('keeps the last event ID of a dispatched block only (an unterminated id does not count)', () => {
    const outcome = parse(['id: 1\ndata: a\n\nid: 2\n', 'data: b\n']);
    expect(outcome.messages).to.deep.equal([msg('a', '1')]);
    expect(outcome.lastEventId).to.equal('1');
  });

  describe('restart (a resumed connection)', () => {
    it('discards the dropped partial block, keeps the last event ID and strips a new BOM', () => {
      const messages: SseMessage[] = [];
      const parser = createSseParser({ onMessage: m => messages.push(m) });
      parser.feed('id: 1\ndata: Hel\n\nid: 2\ndata: lo, wor');
      parser.restart();
      parser.feed(encoder.encode('\uFEFFdata: lo, world\n\ndata: !\nid: 3\n\n'));
      parser.end();
      expect(messages).to.deep.equal([msg('Hel', '1'), msg('lo, world', '1'), msg('!', '3')]);
      expect(parser.lastEventId).to.equal('3');
    });

    it('forgets a pending CR so the new connection`s first LF is a blank line', () => {
      const messages: SseMessage[] = [];
      const parser = createSseParser({ onMessage: m => messages.push(m) });
      parser.feed('data: a\r');
      parser.restart();
      parser.feed('data: b\n\n');
      expect(messages).to.deep.equal([msg('b')]);
    });
  });

  describe('size limit', () => {
    it('throws SseEventTooLargeError when one event`s data exceeds maxEventSize', () => {
      const parser = createSseParser({ onMessage: () => {}, maxEventSize: 10 });
      parser.feed('data: 12345\n');
      expect(() => parser.feed('data: 67890\n')).to.throw(SseEventTooLargeError);
      expect(() => parser.feed('data: x\n\n'), 'spent after the error').to.throw(SseEventTooLargeError);
    });

    it('throws when one unterminated line grows beyond the limit (plus room for a field name) across reads', () => {
      const parser = createSseParser({ onMessage: () => {}, maxEventSize: 10 });
      parser.feed(`: ${'x'.repeat(20)}`);
      parser.feed('x'.repeat(4)); // 26 characters: room for the field name is allowed
      expect(() => parser.feed('x')).to.throw(SseEventTooLargeError);
    });

    it('counts per event: many events under the limit pass', () => {
      const messages = parse(Array.from({ length: 50 }, () => 'data: 12345678\n\n'), { maxEventSize: 10 }).messages;
      expect(messages).to.have.length(50);
    });

    it('passes a 1 MB single event with the default limit, fed in 64 KiB reads', () => {
      const big = 'y'.repeat(1_000_000);
      const bytes = encoder.encode(`data: ${big}\n\n`);
      const chunks = Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) =>
        bytes.subarray(i * 65536, (i + 1) * 65536),
      );
      const { messages } = parse(chunks);
      expect(messages).to.have.length(1);
      expect(messages[0].data.length).to.equal(1_000_000);
    });
  });
});

describe('transport/sse-parser: what EventSource would not dispatch', () => {
  it('reports a named block without data as a signal, and dispatches nothing for it (WHATWG)', () => {
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
});
