import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { SseChat } from '../../src/sse-chat.js';
import { part, parts } from '../helpers/chat-fixture.js';
import { createFakeFetch, until, type FakeFetch, type FakeCall } from '../helpers/fake-sse.js';
import { streamWatched } from '../helpers/long-tasks.js';

/**
 * Hostile cases of the kinds issue 12 lists, beyond its examples: other bad environments, sizes and counts of other
 * fields, untrusted values in other places, and odd responses. The rule for each: the answer is shown truthfully,
 * what arrived is kept, nothing runs, and the element can send again.
 */
/**
 * A guard against a runaway (a quadratic render of a 20,000-row table takes minutes), not a speed limit: a page on a
 * heavily loaded 2-core machine took 6.9 s for one task here. The 200 ms rule is measured in `npm run bench`.
 */
const BOUND_MS = 20_000;
const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const event = (type: string, data: unknown) => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;

async function chat(options: { dialect?: string; fake?: FakeFetch } = {}) {
  const fake = options.fake ?? createFakeFetch();
  const wrapper = await fixture<HTMLElement>(
    html`<div style="width: 640px; height: 600px"><sse-chat dialect=${options.dialect ?? 'sse-chat'} endpoint="/kinds" .fetch=${fake.fetch}></sse-chat></div>`,
  );
  const el = wrapper.querySelector('sse-chat') as SseChat;
  await el.updateComplete;
  return { el, fake, wrapper };
}

/** Streams `body` in one piece, waits for the turn, and checks that no task took longer than BOUND_MS. */
async function streamChecked(call: FakeCall, finished: Promise<unknown>, body: string, label: string) {
  const watch = await streamWatched(call, finished, body);
  await aTimeout(200);
  await watch.expectNoTaskOver(BOUND_MS, label);
}

/** The element answers a second, ordinary turn. */
async function expectUsable(el: SseChat, fake: FakeFetch) {
  const finished = el.send('Again');
  const call = await fake.nextCall();
  call.response.send({ delta: 'Second answer' }, 'text-delta');
  call.response.send({}, 'done');
  call.response.close();
  await finished;
  const last = el.messages[el.messages.length - 1];
  expect(last.status, 'the next turn').to.equal('done');
  expect(last.text).to.equal('Second answer');
  await until(() => text(part(el, 'content')) === 'Second answer', 10_000, 'the second answer rendered');
}

/** A global the hostile payloads try to set. */
declare global {
  interface Window {
    pwned?: number;
  }
}

describe('<sse-chat> hostile kinds', function () {
  this.timeout(60_000);
  afterEach(() => {
    expect(window.pwned, 'nothing executed').to.equal(undefined);
  });

  describe('languages', () => {
    for (const lang of ['', 'und', 'x-klingon', 'i-klingon', 'en-US-u-nu-thai', 'a'.repeat(5000), 'en-' + 'abcdefgh-'.repeat(200) + 'x', 'ar-EG', '\u0000', 'de-DE-1996-1996']) {
      it(`renders steps, progress, scores with lang=${JSON.stringify(lang.slice(0, 20))} on the element`, async () => {
        const fake = createFakeFetch();
        const el = await fixture<SseChat>(html`<sse-chat lang=${lang} dialect="sse-chat" endpoint="/kinds" .fetch=${fake.fetch}></sse-chat>`);
        const finished = el.send('Hi');
        const call = await fake.nextCall();
        call.response.send({ id: 's', label: 'Search', progress: { value: 3, max: 5 }, status: 'done' }, 'step');
        call.response.send({ id: 't', label: 'Pct', progress: 42 }, 'step');
        call.response.send({ delta: 'The answer' }, 'text-delta');
        call.response.send({ sources: [{ title: 'Doc', url: 'https://example.com/', score: 0.5 }] }, 'sources');
        call.response.send({}, 'done');
        call.response.close();
        await finished;
        await until(() => text(part(el, 'content')) === 'The answer', 10_000, 'the answer rendered');
        expect(el.status).to.equal('idle');
        expect(parts(el, 'source-score').length).to.equal(1);
        await expectUsable(el, fake);
      });
    }

    it('survives lang and dir changes mid-stream', async () => {
      const { el, fake } = await chat();
      const finished = el.send('Hi');
      const call = await fake.nextCall();
      call.response.send({ id: 's', label: 'Search', progress: { value: 1, max: 3 } }, 'step');
      call.response.send({ delta: 'One ' }, 'text-delta');
      await until(() => el.messages[1]?.text === 'One ', 10_000, 'first part');
      for (const lang of ['zh_CN', '', 'x-klingon', 'fa-IR']) {
        el.setAttribute('lang', lang);
        document.documentElement.setAttribute('dir', 'rtl');
        await aTimeout(20);
      }
      document.documentElement.removeAttribute('dir');
      call.response.send({ delta: 'two' }, 'text-delta');
      call.response.send({}, 'done');
      call.response.close();
      await finished;
      await until(() => text(part(el, 'content')) === 'One two', 10_000, 'the answer rendered');
      await expectUsable(el, fake);
    });
  });

  describe('storage', () => {
    let endpoint = '';
    beforeEach(() => {
      endpoint = `/hostile-kinds/${Math.random().toString(36).slice(2)}`;
    });
    afterEach(() => {
      for (const area of [localStorage, sessionStorage]) for (const key of Object.keys(area)) if (key.includes('/hostile-kinds/')) area.removeItem(key);
    });
    const keyFor = (path: string) => `sse-chat:conversation:${new URL(path, document.baseURI).href}`;

    async function loadRaw(area: 'local' | 'session', raw: string) {
      (area === 'local' ? localStorage : sessionStorage).setItem(keyFor(endpoint), raw);
      const fake = createFakeFetch();
      const el = await fixture<SseChat>(html`<sse-chat persist=${area} dialect="sse-chat" endpoint=${endpoint} .fetch=${fake.fetch}></sse-chat>`);
      await el.updateComplete;
      return { el, fake };
    }

    const junk: [string, unknown][] = [
      ['an array', []],
      ['a number', 5],
      ['version 99', { version: 99, sessionId: 's', messages: [{ role: 'user', text: 'q', status: 'done', createdAt: 1 }] }],
      ['version as string', { version: '1', sessionId: 's', messages: [] }],
      ['sessionId object', { version: 1, sessionId: { a: 1 }, messages: [] }],
      ['messages object', { version: 1, sessionId: 's', messages: { 0: 1, length: 1 } }],
      ['nested nulls', { version: 1, sessionId: 's', messages: [null, { role: null, text: null }, { role: 'assistant', text: 'ok', status: 'done', createdAt: 1, citations: [null], suggestions: [null, 5], feedback: { x: 1 }, metadata: [1], attachments: [null] }] }],
      ['unknown role', { version: 1, sessionId: 's', messages: [{ role: 'system', text: 'sys', status: 'done', createdAt: 1 }, { role: 'assistant', text: 'a', status: 'streaming', createdAt: 1 }] }],
      ['prototype keys', JSON.parse('{"version":1,"sessionId":"s","__proto__":{"polluted":1},"messages":[{"role":"assistant","text":"p","status":"done","createdAt":1,"__proto__":{"polluted":1},"metadata":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}}]}')],
      ['huge id and text', { version: 1, sessionId: 's'.repeat(100_000), messages: [{ id: 'i'.repeat(100_000), role: 'assistant', text: 'x'.repeat(300_000), status: 'done', createdAt: 1 }] }],
      ['lone surrogates', { version: 1, sessionId: '\ud800', messages: [{ id: '\udc00', role: 'assistant', text: 'a\ud800b', status: 'done', createdAt: 1, sources: [{ title: '\ud800', url: 'https://e.com/\ud800' }] }] }],
      ['NaN-ish numbers', { version: 1, sessionId: 's', messages: [{ role: 'assistant', text: 'n', status: 'done', createdAt: 1e308, endedAt: -1e308, steps: [{ id: 'a', label: 'L', status: 'done', startedAt: -1e308, endedAt: 1e308, progress: { value: 1e308, max: -1 } }], sources: [{ title: 'T', score: 1e308 }] }] }],
    ];
    for (const area of ['local', 'session'] as const) {
      for (const [name, value] of junk) {
        it(`persist="${area}" renders and answers with stored ${name}`, async () => {
          const { el, fake } = await loadRaw(area, JSON.stringify(value));
          expect(part(el, 'input'), name).to.not.equal(null);
          expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
          for (const message of el.messages) {
            expect(typeof message.text).to.equal('string');
            expect(Array.isArray(message.steps) && Array.isArray(message.sources) && Array.isArray(message.notices)).to.equal(true);
          }
          await expectUsable(el, fake);
        });
      }
    }
    it('renders with a stored entry that is not JSON', async () => {
      const { el, fake } = await loadRaw('local', '{"version":1,"messages":[');
      expect(part(el, 'input')).to.not.equal(null);
      await expectUsable(el, fake);
    });

    for (const method of ['getItem', 'setItem', 'removeItem', 'key'] as const) {
      for (const name of ['SecurityError', 'QuotaExceededError']) {
        it(`answers and clears when Storage.${method} throws ${name}`, async () => {
          const original = Storage.prototype[method];
          (Storage.prototype as unknown as Record<string, unknown>)[method] = () => {
            throw new DOMException('no', name);
          };
          try {
            const fake = createFakeFetch();
            const el = await fixture<SseChat>(html`<sse-chat persist="local" dialect="sse-chat" endpoint=${endpoint} .fetch=${fake.fetch}></sse-chat>`);
            await expectUsable(el, fake);
            el.clear();
            await el.updateComplete;
            expect(el.messages.length).to.equal(0);
            await expectUsable(el, fake);
            el.remove();
          } finally {
            (Storage.prototype as unknown as Record<string, unknown>)[method] = original;
          }
        });
      }
    }
  });

  describe('moving and lifecycle', () => {
    async function streaming() {
      const { el, fake, wrapper } = await chat();
      const finished = el.send('Hi');
      const call = await fake.nextCall();
      call.response.send({ delta: 'Part one. ' }, 'text-delta');
      await until(() => el.messages[1]?.text === 'Part one. ', 10_000, 'first part');
      return { el, fake, wrapper, finished, call };
    }
    async function finish(el: SseChat, fake: FakeFetch, call: FakeCall, finished: Promise<void>) {
      call.response.send({ delta: 'Part two.' }, 'text-delta');
      call.response.send({}, 'done');
      call.response.close();
      await finished;
      await until(() => text(part(el, 'content')).includes('Part'), 10_000, 'rendered');
      await expectUsable(el, fake);
    }

    it('keeps streaming when moved into a shadow root in the same task', async () => {
      const { el, fake, wrapper, finished, call } = await streaming();
      const host = document.createElement('div');
      wrapper.append(host);
      const root = host.attachShadow({ mode: 'open' });
      root.append(el);
      await aTimeout(50);
      expect(call.signal.aborted).to.equal(false);
      await finish(el, fake, call, finished);
    });

    it('stops cleanly when detached for a while, and answers again when re-attached', async () => {
      const { el, fake, wrapper, finished } = await streaming();
      el.remove();
      await finished;
      expect(el.messages[1].status).to.equal('stopped');
      expect(el.messages[1].text).to.equal('Part one. ');
      await aTimeout(100);
      wrapper.append(el);
      await el.updateComplete;
      await expectUsable(el, fake);
    });

    it('removed while connecting ends the turn as stopped and sends again once back', async () => {
      const { el, fake, wrapper } = await chat();
      const finished = el.send('Hi');
      const call = await fake.nextCall();
      expect(el.status).to.equal('connecting');
      el.remove();
      await finished;
      expect(call.signal.aborted).to.equal(true);
      expect(el.messages[1].status).to.equal('stopped');
      wrapper.append(el);
      await expectUsable(el, fake);
    });

    it('send() twice: the first answer is stopped (kept), the second answers', async () => {
      const { el, fake, finished, call } = await streaming();
      const second = el.send('Other');
      await finished;
      const call2 = await fake.nextCall();
      expect(call.signal.aborted).to.equal(true);
      call2.response.send({ delta: 'Second' }, 'text-delta');
      call2.response.send({}, 'done');
      call2.response.close();
      await second;
      const answers = el.messages.filter(m => m.role === 'assistant');
      expect(answers.map(m => m.text)).to.deep.equal(['Part one. ', 'Second']);
      expect(answers.map(m => m.status)).to.deep.equal(['stopped', 'done']);
      await expectUsable(el, fake);
    });

    it('clear() mid-stream empties the list and later events do not resurrect it', async () => {
      const { el, fake, finished, call } = await streaming();
      el.clear();
      call.response.send({ delta: 'late' }, 'text-delta');
      call.response.send({}, 'done');
      call.response.close();
      await finished;
      await el.updateComplete;
      expect(el.messages.length).to.equal(0);
      expect(el.status).to.equal('idle');
      await expectUsable(el, fake);
    });

    for (const [name, value] of [['endpoint', '/elsewhere'], ['dialect', 'openai-chat'], ['persist', 'local'], ['dialect', 'bogus'], ['endpoint', '']] as const) {
      it(`changing ${name} to ${JSON.stringify(value)} mid-stream keeps the answer going`, async () => {
        const { el, fake, finished, call } = await streaming();
        el.setAttribute(name, value);
        await aTimeout(30);
        call.response.send({ delta: 'Part two.' }, 'text-delta');
        call.response.send({}, 'done');
        call.response.close();
        await finished;
        expect(el.messages[1].text).to.equal('Part one. Part two.');
        expect(el.messages[1].status).to.equal('done');
        el.setAttribute('dialect', 'sse-chat');
        el.setAttribute('endpoint', '/kinds');
        el.removeAttribute('persist');
        await expectUsable(el, fake);
      });
    }
  });
});

describe('<sse-chat> hostile kinds: sizes and counts', function () {
  this.timeout(120_000);
  afterEach(() => {
    expect(window.pwned, 'nothing executed').to.equal(undefined);
  });

  async function answerWith(body: string, label: string, dialect?: string) {
    const { el, fake } = await chat({ dialect });
    const finished = el.send('Question');
    const call = await fake.nextCall();
    await streamChecked(call, finished, body, label);
    return { el, fake };
  }

  const markdownCases: [string, () => string][] = [
    ['blockquote nested 10,000 deep', () => `${'>'.repeat(10_000)} deep`],
    ['100,000 emphasis markers', () => '*a '.repeat(100_000)],
    ['100,000 underscores', () => '_'.repeat(100_000)],
    ['100,000 alternating *_', () => '*_'.repeat(50_000) + 'x'],
    ['100 KB fence language', () => '```' + 'a'.repeat(100_000) + '\ncode\n```\n'],
    ['entity bomb', () => '&amp;'.repeat(50_000) + '&#x1F600;'.repeat(20_000)],
    ['100 KB link URL', () => `[link](https://example.com/${'a'.repeat(100_000)}) end`],
    ['100 KB autolink', () => `https://example.com/${'a'.repeat(100_000)} end`],
    ['10,000 citations [999999999]', () => 'Cited [999999999]. '.repeat(10_000)],
    ['deep brackets', () => '['.repeat(50_000) + ']'.repeat(50_000)],
    ['deep parentheses link', () => '[a](' + '('.repeat(50_000) + ')'.repeat(50_000) + ')'],
    ['html tags 50,000', () => '<b>'.repeat(50_000)],
    ['table 2,000 columns', () => '|' + 'c|'.repeat(2000) + '\n|' + '-|'.repeat(2000) + '\n' + ('|' + 'x|'.repeat(2000) + '\n').repeat(20)],
    ['table 20,000 rows', () => '|a|b|\n|-|-|\n' + '|x|y|\n'.repeat(20_000)],
    ['nested emphasis ***', () => '***'.repeat(30_000) + 'x' + '***'.repeat(30_000)],
    ['nested images', () => '!['.repeat(20_000) + 'x' + '](u)'.repeat(20_000)],
  ];
  for (const [label, build] of markdownCases) {
    it(`stays responsive with ${label} (one shot)`, async () => {
      const markdown = build();
      const { el, fake } = await answerWith(event('text-delta', { delta: markdown }) + event('done', {}), label);
      expect(el.messages[1].status).to.equal('done');
      expect(el.messages[1].text.length).to.equal(markdown.length);
      await expectUsable(el, fake);
    });
  }

  it('stays responsive with 10,000 notices', async () => {
    let body = event('text-delta', { delta: 'Answer' });
    for (let i = 0; i < 10_000; i++) body += event('notice', { message: `Notice ${i}` });
    body += event('done', {});
    const { el, fake } = await answerWith(body, '10,000 notices');
    expect(el.messages[1].notices.length).to.equal(10_000);
    expect(parts(el, 'notice').length).to.be.at.most(101);
    await expectUsable(el, fake);
  });

  it('stays responsive with 10,000 suggestions and a 100 KB suggestion', async () => {
    const suggestions = Array.from({ length: 10_000 }, (_, i) => `Suggestion ${i}`);
    suggestions.unshift('s'.repeat(100_000));
    const body = event('text-delta', { delta: 'Answer' }) + event('suggestions', { suggestions }) + event('done', {});
    const { el, fake } = await answerWith(body, '10,000 suggestions');
    expect(parts(el, 'suggestion').length).to.be.within(1, 20);
    for (const chip of parts(el, 'suggestion')) expect(text(chip).length).to.be.below(1000);
    await expectUsable(el, fake);
  });

  it('stays responsive with 10,000 suggestions events', async () => {
    let body = event('text-delta', { delta: 'Answer' });
    for (let i = 0; i < 10_000; i++) body += event('suggestions', { suggestions: [`S ${i}`] });
    body += event('done', {});
    const { el, fake } = await answerWith(body, '10,000 suggestions events');
    expect(parts(el, 'suggestion').length).to.be.within(1, 20);
    await expectUsable(el, fake);
  });

  it('stays responsive with 10,000 metadata events with many keys', async () => {
    let body = event('text-delta', { delta: 'Answer' });
    for (let i = 0; i < 5000; i++) body += event('metadata', { metadata: { [`k${i}`]: i, usage: { tokens: i } } });
    body += event('done', {});
    const { el, fake } = await answerWith(body, '5,000 metadata events');
    expect(el.messages[1].status).to.equal('done');
    await expectUsable(el, fake);
  });

  it('stays responsive with 10,000 updates of one step with a 500-byte detail', async () => {
    let body = event('text-delta', { delta: 'Answer' });
    const detail = 'd'.repeat(500);
    for (let i = 0; i < 10_000; i++) body += event('step', { id: 'one', label: `L${i}`, detail, progress: { value: i, max: 10_000 } });
    body += event('done', {});
    const { el, fake } = await answerWith(body, '10,000 step updates');
    expect(el.messages[1].steps.length).to.equal(1);
    await expectUsable(el, fake);
  });

  for (const [name, progress] of [
    ['NaN strings', { value: 'NaN', max: 'Infinity' }],
    ['1e308', { value: 1e308, max: 1e308 }],
    ['negative', { value: -5, max: -1 }],
    ['huge over tiny', { value: 1e308, max: 1e-308 }],
    ['tiny', { value: 5e-324, max: 5e-324 }],
    ['bare 1e308', 1e308],
    ['bare -1e308', -1e308],
    ['string number', '42'],
  ] as const) {
    it(`renders a step with progress ${name}`, async () => {
      const body =
        event('step', { id: 's', label: 'Step', progress, status: 'active' }) +
        event('sources', { sources: [{ title: 'Doc', score: typeof progress === 'number' ? progress : 1e308 }] }) +
        event('text-delta', { delta: 'Answer' }) +
        event('done', {});
      const { el, fake } = await answerWith(body, `progress ${name}`);
      expect(el.messages[1].status).to.equal('done');
      await until(() => text(part(el, 'content')) === 'Answer', 10_000, 'rendered');
      const bar = part(el, 'step-progress');
      if (bar) expect(text(part(el, 'step-progress-text'))).to.not.match(/NaN|Infinity|∞/);
      await expectUsable(el, fake);
    });
  }
});

describe('<sse-chat> hostile kinds: untrusted values', function () {
  this.timeout(60_000);
  afterEach(() => {
    expect(window.pwned, 'nothing executed').to.equal(undefined);
  });

  const badUrls = [
    'javascript:window.pwned=1',
    'JaVaScRiPt:window.pwned=1',
    ' javascript:window.pwned=1',
    'java\tscript:window.pwned=1',
    '\u0000javascript:window.pwned=1',
    'javascript&colon;window.pwned=1',
    '&#106;avascript:window.pwned=1',
    'data:text/html,<script>parent.pwned=1</script>',
    'vbscript:msgbox(1)',
    'DATA:text/html;base64,PHNjcmlwdD5wYXJlbnQucHduZWQ9MTwvc2NyaXB0Pg==',
  ];

  it('never renders a script URL as a link in sources, links, images or citations', async () => {
    const { el, fake } = await chat();
    el.setAttribute('allow-images', '');
    const finished = el.send('Q');
    const call = await fake.nextCall();
    call.response.send({ sources: badUrls.map((url, i) => ({ title: `S${i}`, url })) }, 'sources');
    const markdown = badUrls.map((url, i) => `[l${i}](${url}) ![i${i}](${url}) <${url}> [c${i}] [${i + 1}]`).join('\n\n') +
      '\n\n<svg><script>window.pwned=1</script></svg><math><mtext><img src=x onerror="window.pwned=1"></mtext></math>' +
      '\n\n<a href="javascript:window.pwned=1" target="_self" rel="opener">x</a><iframe srcdoc="<script>parent.pwned=1</script>"></iframe>' +
      '\n\n<style>*{display:none}</style><div style="position:fixed;inset:0">cover</div>';
    call.response.send({ delta: markdown }, 'text-delta');
    call.response.send({}, 'done');
    call.response.close();
    await finished;
    await aTimeout(300);
    const root = el.shadowRoot!;
    for (const node of root.querySelectorAll('[href], [src], [srcdoc], [xlink\\:href], [action], [formaction]')) {
      const value = node.getAttribute('href') ?? node.getAttribute('src') ?? '';
      // An image's data: URL is displayed, never run; everything else must not carry one.
      const bad = node.localName === 'img' ? /^\s*(javascript|vbscript)/i : /^\s*(javascript|data|vbscript)/i;
      expect(value, node.outerHTML.slice(0, 200)).to.not.match(bad);
    }
    for (const link of root.querySelectorAll('a[href]:not([href^="#"])')) {
      expect(link.getAttribute('target'), link.outerHTML.slice(0, 300)).to.equal('_blank');
      expect(link.getAttribute('rel')).to.contain('noopener');
    }
    expect(root.querySelectorAll('svg script, math, iframe, style:not(:first-child), [style*=fixed]').length).to.equal(0);
    for (const click of root.querySelectorAll<HTMLElement>('a')) click.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true }));
    await aTimeout(100);
    await expectUsable(el, fake);
  });

  it('keeps prototype-pollution keys in events out of every object', async () => {
    const { el, fake } = await chat();
    const finished = el.send('Q');
    const call = await fake.nextCall();
    const poison = '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}';
    call.response.push(`event: start\ndata: ${poison},"model":"m"}\n\n`);
    call.response.push(`event: step\ndata: ${poison},"id":"__proto__","label":"toString"}\n\n`);
    call.response.push(`event: step\ndata: {"id":"constructor","label":"hasOwnProperty","status":"done"}\n\n`);
    call.response.push(`event: sources\ndata: {"sources":[${poison},"title":"__proto__","url":"https://e.com/"}]}\n\n`);
    call.response.push(`event: metadata\ndata: {"metadata":${poison},"ok":1}}\n\n`);
    call.response.push(`event: text-delta\ndata: ${poison},"delta":"Answer"}\n\n`);
    call.response.push(`event: __proto__\ndata: {}\n\n`);
    call.response.push(`event: hasOwnProperty\ndata: {}\n\n`);
    call.response.push(`event: done\ndata: ${poison}}\n\n`);
    call.response.close();
    await finished;
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect(el.messages[1].text).to.equal('Answer');
    expect(el.messages[1].steps.length).to.equal(2);
    await expectUsable(el, fake);
  });

  it('keeps an answer whose every string field holds lone surrogates, controls and bidi overrides', async () => {
    const { el, fake } = await chat();
    const finished = el.send('Q');
    const call = await fake.nextCall();
    const bad = '\ud800\udfff\u0000\u0007\u202e\u2066evil\u0008';
    call.response.send({ model: bad, messageId: bad }, 'start');
    call.response.send({ id: bad, label: bad, detail: bad, status: 'done' }, 'step');
    call.response.send({ sources: [{ title: bad, url: `https://e.com/${bad}`, snippet: bad }] }, 'sources');
    call.response.send({ message: bad, kind: bad }, 'notice');
    call.response.send({ delta: `Answer ${bad}` }, 'text-delta');
    call.response.send({ suggestions: [bad] }, 'suggestions');
    call.response.send({ metadata: { [bad]: bad } }, 'metadata');
    call.response.send({ reason: bad }, 'done');
    call.response.close();
    await finished;
    expect(el.messages[1].status).to.equal('done');
    expect(el.messages[1].text).to.contain('Answer');
    await until(() => text(part(el, 'content')).includes('Answer'), 10_000, 'rendered');
    await expectUsable(el, fake);
  });

  it('does not let a source or step field reach a style', async () => {
    const { el, fake } = await chat();
    const finished = el.send('Q');
    const call = await fake.nextCall();
    const css = 'red;position:fixed;inset:0;background:url(https://evil.example/x)';
    call.response.send({ id: 's', label: css, status: css, progress: { value: css, max: css } }, 'step');
    call.response.send({ sources: [{ title: 'T', url: 'https://e.com/', score: css }] }, 'sources');
    call.response.send({ message: 'n', kind: `error" style="${css}` }, 'notice');
    call.response.send({ delta: 'Answer' }, 'text-delta');
    call.response.send({}, 'done');
    call.response.close();
    await finished;
    await aTimeout(100);
    for (const node of el.shadowRoot!.querySelectorAll('[style]')) expect(node.getAttribute('style')).to.not.contain('evil');
    await expectUsable(el, fake);
  });
});

describe('<sse-chat> hostile kinds: responses', function () {
  this.timeout(60_000);

  it('a 200 text/html page is an error, not an answer made of HTML', async () => {
    const fake = createFakeFetch(i => (i === 0 ? { headers: { 'content-type': 'text/html' }, text: '<!doctype html><html><body><h1>Login</h1><script>window.pwned=1</script></body></html>' } : {}));
    const { el } = await chat({ fake });
    const finished = el.send('Q');
    await fake.nextCall();
    await finished;
    const answer = el.messages[1];
    expect(answer.status).to.equal('error');
    expect(answer.text).to.not.contain('<script');
    await until(() => part(el, 'error') !== null, 10_000, 'the error shown');
    expect(window.pwned).to.equal(undefined);
    await expectUsable(el, fake);
  });

  it('a 204 is a clear "no answer" error', async () => {
    const fake = createFakeFetch(i => (i === 0 ? { status: 204, text: '' } : {}));
    const { el } = await chat({ fake });
    const finished = el.send('Q');
    await fake.nextCall();
    await finished;
    expect(el.messages[1].status).to.equal('error');
    await until(() => part(el, 'error') !== null, 10_000, 'the error shown');
    await expectUsable(el, fake);
  });

  it('a body that ends mid-UTF-8 keeps the text and does not hang', async () => {
    const fake = createFakeFetch();
    const { el } = await chat({ fake });
    const finished = el.send('Q');
    const call = await fake.nextCall();
    call.response.send({ delta: 'Héllo ' }, 'text-delta');
    const bytes = new TextEncoder().encode('event: text-delta\ndata: {"delta":"€');
    (call.response as unknown as { controller: ReadableStreamDefaultController<Uint8Array> }).controller.enqueue(bytes.slice(0, bytes.length - 1));
    call.response.close();
    await finished;
    expect(el.messages[1].text).to.contain('Héllo');
    expect(el.messages[1].status).to.not.equal('streaming');
    expect(el.status).to.not.equal('streaming');
    await expectUsable(el, fake);
  });

  it('a body that ends mid-JSON keeps the text and says the answer was cut', async () => {
    const fake = createFakeFetch();
    const { el } = await chat({ fake });
    const finished = el.send('Q');
    const call = await fake.nextCall();
    call.response.send({ delta: 'Partial answer' }, 'text-delta');
    call.response.push('event: text-delta\ndata: {"delta": "more');
    call.response.close();
    await finished;
    expect(el.messages[1].text).to.equal('Partial answer');
    expect(el.messages[1].status).to.equal('error');
    await expectUsable(el, fake);
  });

  it('absurd retry: and id: with NUL do not break the turn', async () => {
    const fake = createFakeFetch();
    const { el } = await chat({ fake });
    const finished = el.send('Q');
    const call = await fake.nextCall();
    call.response.push('retry: 99999999999999999999999999\nretry: -1\nretry: NaN\nid: a\u0000b\nevent: text-delta\ndata: {"delta":"One "}\n\n');
    call.response.push(`id: ${'x'.repeat(100_000)}\nevent: text-delta\ndata: {"delta":"two"}\n\n`);
    call.response.send({}, 'done');
    call.response.close();
    await finished;
    expect(el.messages[1].text).to.equal('One two');
    expect(el.messages[1].status).to.equal('done');
    await expectUsable(el, fake);
  });

  it('headers then nothing fails on the idle timeout, keeping nothing fake', async () => {
    const fake = createFakeFetch();
    const { el } = await chat({ fake });
    el.setAttribute('idle-timeout', '300');
    await el.updateComplete;
    const finished = el.send('Q');
    const call = await fake.nextCall();
    call.response.send({ delta: 'Kept' }, 'text-delta');
    await finished;
    expect(el.messages[1].text).to.equal('Kept');
    expect(el.messages[1].status).to.equal('error');
    await expectUsable(el, fake);
  });

  it('no headers at all fails on the response timeout', async () => {
    let calls = 0;
    const never = (async (_input: RequestInfo | URL, init: RequestInit = {}) => {
      calls++;
      return new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    }) as typeof fetch;
    const { el, fake } = await chat();
    el.fetch = never;
    el.setAttribute('response-timeout', '300');
    await el.updateComplete;
    await el.send('Q');
    expect(calls).to.equal(1);
    expect(el.messages[1].status).to.equal('error');
    el.fetch = fake.fetch;
    await expectUsable(el, fake);
  });

  it('a fetch that throws synchronously or rejects with a non-error is a clear error', async () => {
    const { el, fake } = await chat();
    for (const bad of [
      () => {
        throw 'string thrown';
      },
      () => Promise.reject(null),
      () => Promise.reject({ name: 'AbortError' }),
      () => Promise.resolve(null as unknown as Response),
      () => Promise.resolve(new Response(null, { status: 200, headers: { 'content-type': 'text/event-stream' } })),
    ]) {
      el.fetch = bad as unknown as typeof fetch;
      await el.send('Q');
      const last = el.messages[el.messages.length - 1];
      expect(last.status, String(bad)).to.be.oneOf(['error', 'done']);
      expect(el.status).to.not.equal('streaming');
      expect(el.status).to.not.equal('connecting');
    }
    el.fetch = fake.fetch;
    await expectUsable(el, fake);
  });
});
