import { expect } from '@open-wc/testing';
import { chatFixture, part, parts, shadow } from '../helpers/chat-fixture.js';
import type { FakeCall, FakeResponseInit } from '../helpers/fake-sse.js';
import type { SseChat } from '../../src/sse-chat.js';
import { expectInert, expectPrototypesClean, HOSTILE, resetPwned } from './inert.js';

/**
 * Every server string outside the markdown answer — step labels and details, source titles, snippets and URLs,
 * notices, error messages (SSE error events and HTTP error bodies), event names, metadata keys, JSON keys of every
 * dialect — reaches the page as text and nothing else: no markup, no script, no link that is not http(s), no
 * prototype pollution, no lookup of a server word in an object that has a prototype.
 */

const text = (element: Element | null) => element?.textContent ?? null;

/** Keys that, copied from server JSON onto a kept object, would change or shadow what it inherits. */
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];

/** Sends `question`, lets `feed` answer through the fake fetch, and waits for the turn to end. */
async function ask(el: SseChat, fake: { nextCall(): Promise<FakeCall> }, feed: (call: FakeCall) => void, question = 'question') {
  const finished = el.send(question);
  const call = await fake.nextCall();
  feed(call);
  call.response.close();
  await finished;
  await el.updateComplete;
}

describe('server strings stay text', () => {
  afterEach(resetPwned);

  it('shows hostile step labels and details, notices, sources and error messages as the literal text', async () => {
    const { el, fake } = await chatFixture();
    await ask(
      el,
      fake,
      call => {
        call.response.send({ id: HOSTILE.attribute, label: HOSTILE.img, detail: HOSTILE.script, progress: 40 }, 'step');
        call.response.send({ id: 'second', label: HOSTILE.template, detail: HOSTILE.svg, status: 'done' }, 'step');
        call.response.send({ message: HOSTILE.iframe, kind: HOSTILE.attribute }, 'notice');
        call.response.send(
          {
            sources: [
              { title: HOSTILE.link, url: 'https://docs.example/a', snippet: HOSTILE.style, score: 0.5 },
              { title: HOSTILE.svg, snippet: HOSTILE.img },
            ],
          },
          'sources',
        );
        call.response.send({ delta: 'A plain answer.' }, 'text-delta');
        call.response.send({ message: HOSTILE.img, code: 'upstream_failed', retryable: true }, 'error');
      },
      HOSTILE.script,
    );

    expect(text(part(el, 'bubble'))).to.equal(HOSTILE.script);
    const labels = parts(el, 'step-label').map(text);
    expect(labels).to.deep.equal([HOSTILE.img, HOSTILE.template]);
    expect(parts(el, 'step-detail').map(text)).to.deep.equal([HOSTILE.script, HOSTILE.svg]);
    expect(part(el, 'step-progress')!.getAttribute('aria-label')).to.equal(HOSTILE.img);
    expect(text(part(el, 'notice'))).to.equal(HOSTILE.iframe);
    expect(part(el, 'notice')!.dataset.kind).to.equal(HOSTILE.attribute);
    expect(text(part(el, 'source-link'))).to.equal(HOSTILE.link);
    expect(text(part(el, 'source-title'))).to.equal(HOSTILE.svg);
    expect(parts(el, 'source-snippet').map(text)).to.deep.equal([HOSTILE.style, HOSTILE.img]);
    expect(text(part(el, 'error'))).to.include(HOSTILE.img);
    await expectInert(shadow(el));
  });

  it('makes a source a link only for http(s) URLs, opening in a new tab without the opener or referrer', async () => {
    const { el, fake } = await chatFixture();
    // Relative source URLs resolve against the endpoint, the server that sent them (not the embedding page).
    const base = new URL(el.endpoint, document.baseURI).href;
    // [url, the href it may become (undefined: no link at all)]
    const cases: [string, string | undefined][] = [
      [`javascript:window.__pwned='js'`, undefined],
      [`JaVaScRiPt:window.__pwned='JS'`, undefined],
      [` \n javascript:window.__pwned='space'`, undefined],
      [`java\tscript:window.__pwned='tab'`, undefined],
      [`java\nscript:window.__pwned='newline'`, undefined],
      [`\u0001javascript:window.__pwned='control'`, undefined],
      [`javascript://%0Awindow.__pwned='comment'`, undefined],
      [`data:text/html,<script>parent.__pwned='data'</script>`, undefined],
      [`data:image/svg+xml,<svg onload="parent.__pwned='svg'"/>`, undefined],
      [`vbscript:msgbox("pwned")`, undefined],
      [`blob:${location.origin}/0000`, undefined],
      [`file:///etc/passwd`, undefined],
      [`ftp://files.example/x`, undefined],
      [`http://[not a host`, undefined],
      // Entity-encoded schemes are not decoded by anything on the way: they are harmless relative paths.
      [`&#106;avascript:window.__pwned='entity'`, new URL(`&#106;avascript:window.__pwned='entity'`, base).href],
      [`&#x6A;avascript&#x3A;window.__pwned=1`, new URL(`&#x6A;avascript&#x3A;window.__pwned=1`, base).href],
      [`//evil.example/steal`, new URL(`//evil.example/steal`, base).href],
      [`/docs/page`, new URL('/docs/page', base).href],
      [`page.html`, new URL('page.html', base).href],
      [`https://docs.example/?q="><script>window.__pwned='q'</script>`, new URL(`https://docs.example/?q="><script>window.__pwned='q'</script>`).href],
      [`HTTPS://Docs.Example/Case`, 'https://docs.example/Case'],
      [`http://docs.example/plain`, 'http://docs.example/plain'],
    ];
    await ask(el, fake, call => {
      call.response.send({ sources: cases.map(([url], index) => ({ title: `source ${index}`, url })) }, 'sources');
      call.response.send({}, 'done');
    });

    const cards = parts(el, 'source');
    expect(cards).to.have.length(cases.length);
    cases.forEach(([url, href], index) => {
      const card = cards[index];
      const link = card.querySelector('a');
      // Strings only in assertions: a failure message that holds a DOM node is costly to serialize.
      const seen = link ? { href: link.getAttribute('href'), target: link.getAttribute('target'), rel: link.getAttribute('rel') } : 'no link';
      expect(card.textContent, JSON.stringify(url)).to.include(`source ${index}`);
      expect(seen, JSON.stringify(url)).to.deep.equal(href === undefined ? 'no link' : { href, target: '_blank', rel: 'noopener noreferrer' });
    });
    await expectInert(shadow(el));
  });

  it('shows the server message of an HTTP JSON error body as text, whatever its shape', async () => {
    const bodies: [string, string][] = [
      [JSON.stringify({ error: { message: HOSTILE.img, type: 'invalid_request_error' } }), HOSTILE.img],
      [`{"__proto__":{"polluted":"http"},"error":{"__proto__":{"polluted":1},"message":${JSON.stringify(HOSTILE.svg)}}}`, HOSTILE.svg],
      [JSON.stringify({ detail: [{ msg: HOSTILE.script }, { msg: HOSTILE.iframe }] }), `${HOSTILE.script}; ${HOSTILE.iframe}`],
      [JSON.stringify([{ error: { message: HOSTILE.link } }]), HOSTILE.link],
      [JSON.stringify({ message: HOSTILE.template, constructor: { prototype: { polluted: 1 } } }), HOSTILE.template],
    ];
    const responses: FakeResponseInit[] = bodies.map(([body]) => ({ status: 500, headers: { 'content-type': 'application/json' }, text: body }));
    const { el, fake } = await chatFixture({ respond: index => responses[index] });
    for (const [, shown] of bodies) {
      const finished = el.send('question');
      await fake.nextCall();
      await finished;
      await el.updateComplete;
      expect(text(part(el, 'error')), shown).to.include(shown);
      await expectInert(shadow(el));
    }
  });

  it('shows a plain-text error body as text and never an HTML error page', async () => {
    const page = `<html><body><img src=x onerror="window.__pwned='page'" data-pwn><h1>Bad gateway</h1></body></html>`;
    const responses: FakeResponseInit[] = [
      { status: 502, headers: { 'content-type': 'text/plain' }, text: `Upstream said ${HOSTILE.img}` },
      { status: 502, headers: { 'content-type': 'text/html' }, text: page },
    ];
    const { el, fake } = await chatFixture({ respond: index => responses[index] });
    for (const shown of [`Upstream said ${HOSTILE.img}`, undefined]) {
      const finished = el.send('question');
      await fake.nextCall();
      await finished;
      await el.updateComplete;
      const error = text(part(el, 'error'))!;
      if (shown) expect(error).to.include(shown);
      else expect(error).to.not.include('Bad gateway');
      await expectInert(shadow(el));
    }
  });

  it('reads SSE error events whose code is an Object.prototype member as server errors, with their message', async () => {
    for (const code of ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf']) {
      const { el, fake } = await chatFixture();
      await ask(el, fake, call => call.response.send({ message: `failed with ${code}`, code }, 'error'));
      const error = part(el, 'error');
      expect(text(error), code).to.include(`failed with ${code}`);
      expect(text(error), code).to.not.match(/function|\[object|undefined/);
      expect(el.getAttribute('status'), code).to.equal('error');
    }
  });

  it('ignores event names that are Object.prototype members and keeps answering', async () => {
    const names = ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'prototype'];
    const { el, fake } = await chatFixture();
    await ask(el, fake, call => {
      for (const name of names) call.response.send({ delta: HOSTILE.img, message: HOSTILE.img, id: name }, name);
      call.response.send({ delta: 'Still here.' }, 'text-delta');
      call.response.send({}, 'done');
    });
    const answer = el.messages[1];
    expect(answer.status).to.equal('done');
    expect(answer.text).to.equal('Still here.');
    expect(answer.steps).to.deep.equal([]);
    expect(answer.notices).to.deep.equal([]);
    expect(text(part(el, 'content'))!.trim()).to.equal('Still here.');
    await expectInert(shadow(el));
  });

  it('keeps metadata keys such as __proto__ and constructor.prototype out of the message and Object.prototype', async () => {
    const { el, fake } = await chatFixture();
    await ask(el, fake, call => {
      call.response.push(
        'event: metadata\ndata: {"metadata":{"__proto__":{"polluted":"meta"},"constructor":{"prototype":{"polluted":"ctor"}},' +
          '"constructor.prototype":{"polluted":"dotted"},"prototype":{"polluted":1},"model":"m1"}}\n\n',
      );
      call.response.send({ delta: 'ok' }, 'text-delta');
      call.response.send({}, 'done');
    });
    const { metadata } = el.messages[1];
    expect(Object.getPrototypeOf(metadata)).to.equal(Object.prototype);
    expect(Object.keys(metadata).filter(key => PROTOTYPE_KEYS.includes(key))).to.deep.equal([]);
    expect(metadata.model).to.equal('m1');
    expect((metadata as Record<string, unknown>).polluted).to.equal(undefined);
    expectPrototypesClean();
  });
});

/** One answer ("safe answer") in each dialect, with `__proto__` / `constructor` keys planted at every level. */
const P = '"__proto__":{"polluted":"proto"},"constructor":{"prototype":{"polluted":"ctor"}}';
const DIALECT_STREAMS: { dialect: string; headers?: Record<string, string>; blocks: string[] }[] = [
  {
    dialect: 'sse-chat',
    blocks: [
      `event: start\ndata: {${P},"model":"m"}`,
      `event: step\ndata: {${P},"id":"s","label":"Searching","progress":{${P},"value":1,"max":2}}`,
      `event: sources\ndata: {${P},"sources":[{${P},"title":"Doc","url":"https://docs.example/","metadata":{${P},"page":1}}]}`,
      `event: notice\ndata: {${P},"message":"Noted"}`,
      `event: text-delta\ndata: {${P},"delta":"safe answer"}`,
      `event: done\ndata: {${P}}`,
    ],
  },
  {
    dialect: 'json',
    blocks: [
      `data: {${P},"type":"status","message":"Searching"}`,
      `data: {${P},"type":"sources","sources":[{${P},"title":"Doc","url":"https://docs.example/"}]}`,
      `data: {${P},"type":"token","content":"safe answer"}`,
      `data: {${P},"type":"metadata","metadata":{${P},"tokens":3}}`,
      `data: {${P},"type":"done"}`,
    ],
  },
  {
    dialect: 'openai-chat',
    blocks: [
      `data: {${P},"object":"chat.completion.chunk","choices":[{${P},"index":0,"delta":{${P},"role":"assistant","content":"safe answer"}}]}`,
      `data: {${P},"object":"chat.completion.chunk","choices":[{${P},"index":0,"delta":{},"finish_reason":"constructor"}],"usage":{${P},"total_tokens":3}}`,
      `data: {${P},"object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"__proto__"}]}`,
      'data: [DONE]',
    ],
  },
  {
    dialect: 'openai-responses',
    blocks: [
      `event: response.created\ndata: {${P},"type":"response.created","response":{${P},"id":"r","model":"m"}}`,
      `event: response.output_item.added\ndata: {${P},"type":"response.output_item.added","item":{${P},"id":"i","type":"constructor"}}`,
      `event: response.constructor.in_progress\ndata: {${P},"type":"response.constructor.in_progress","item_id":"i"}`,
      `event: response.output_text.delta\ndata: {${P},"type":"response.output_text.delta","delta":"safe answer"}`,
      `event: response.incomplete\ndata: {${P},"type":"response.incomplete","response":{${P},"incomplete_details":{${P},"reason":"constructor"}}}`,
    ],
  },
  {
    dialect: 'anthropic',
    blocks: [
      `event: message_start\ndata: {${P},"type":"message_start","message":{${P},"id":"m","model":"c","usage":{${P},"input_tokens":1}}}`,
      `event: content_block_start\ndata: {${P},"type":"content_block_start","index":0,"content_block":{${P},"type":"server_tool_use","id":"t","name":"constructor","input":{}}}`,
      `event: content_block_stop\ndata: {"type":"content_block_stop","index":0}`,
      `event: content_block_start\ndata: {${P},"type":"content_block_start","index":1,"content_block":{${P},"type":"text","text":""}}`,
      `event: content_block_delta\ndata: {${P},"type":"content_block_delta","index":1,"delta":{${P},"type":"text_delta","text":"safe answer"}}`,
      `event: content_block_stop\ndata: {"type":"content_block_stop","index":1}`,
      `event: message_delta\ndata: {${P},"type":"message_delta","delta":{${P},"stop_reason":"__proto__"},"usage":{${P},"output_tokens":2}}`,
      `event: message_stop\ndata: {${P},"type":"message_stop"}`,
    ],
  },
  {
    dialect: 'gemini',
    blocks: [
      `data: {${P},"candidates":[{${P},"content":{${P},"role":"model","parts":[{${P},"text":"safe answer"}]}}]}`,
      `data: {${P},"candidates":[{${P},"content":{"parts":[]},"finishReason":"constructor","groundingMetadata":{${P},"groundingChunks":[{${P},"web":{${P},"uri":"https://docs.example/","title":"Doc"}}]}}],"usageMetadata":{${P},"totalTokenCount":3}}`,
    ],
  },
  {
    dialect: 'vercel-ai',
    headers: { 'x-vercel-ai-ui-message-stream': 'v1' },
    blocks: [
      `data: {${P},"type":"start","messageId":"m","messageMetadata":{${P},"model":"m"}}`,
      `data: {${P},"type":"source-url","sourceId":"s","url":"https://docs.example/","title":"Doc"}`,
      `data: {${P},"type":"text-start","id":"t"}`,
      `data: {${P},"type":"text-delta","id":"t","delta":"safe answer"}`,
      `data: {${P},"type":"text-end","id":"t"}`,
      `data: {${P},"type":"message-metadata","messageMetadata":{${P},"tokens":3}}`,
      `data: {${P},"type":"data-__proto__","data":{${P},"x":1}}`,
      `data: {${P},"type":"finish","finishReason":"constructor","messageMetadata":{${P},"done":true}}`,
      'data: [DONE]',
    ],
  },
  {
    dialect: 'tgi',
    blocks: [
      `data: {${P},"index":1,"token":{${P},"id":1,"text":"safe answer","logprob":-0.1,"special":false},"generated_text":null,"details":null}`,
      `data: {${P},"index":2,"token":{${P},"id":2,"text":"</s>","logprob":0,"special":true},"generated_text":"safe answer","details":{${P},"finish_reason":"constructor","generated_tokens":2}}`,
    ],
  },
];

describe('JSON with __proto__ and constructor keys, in every dialect', () => {
  afterEach(resetPwned);

  for (const { dialect, headers, blocks } of DIALECT_STREAMS) {
    it(`${dialect}: answers normally, pollutes nothing and keeps no such key or prototype-named text`, async () => {
      const { el, fake } = await chatFixture({ dialect, respond: () => ({ headers }) });
      await ask(el, fake, call => call.response.push(blocks.map(block => `${block}\n\n`).join('')));
      const answer = el.messages[1];
      expect(answer.error, dialect).to.equal(null);
      expect(answer.status, dialect).to.equal('done');
      expect(answer.text, dialect).to.equal('safe answer');
      expectPrototypesClean();

      const kept = [answer, answer.metadata, ...answer.steps, ...answer.sources, ...answer.notices];
      for (const value of kept) {
        expect(Object.getPrototypeOf(value), dialect).to.equal(Object.prototype);
        expect((value as unknown as Record<string, unknown>).polluted, dialect).to.equal(undefined);
      }
      expect(Object.keys(answer.metadata).filter(key => PROTOTYPE_KEYS.includes(key)), `${dialect} metadata keys`).to.deep.equal([]);
      // A server word looked up in a table with a prototype shows up as a function or "[object Object]".
      const shown = shadow(el).querySelector('[part~="message-assistant"]')!.textContent!;
      expect(shown, dialect).to.not.match(/function |native code|\[object /);
      for (const step of answer.steps) expect(typeof step.label, `${dialect} step label`).to.equal('string');
      for (const notice of answer.notices) expect(typeof notice.message, `${dialect} notice`).to.equal('string');
      await expectInert(shadow(el), dialect);
    });
  }
});
