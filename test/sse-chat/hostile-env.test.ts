import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import type { SseChat } from '../../src/sse-chat.js';
import { formatElapsed, formatNumber, formatStepCount, defaultStrings, validLocale } from '../../src/view/strings.js';
import { part, parts } from '../helpers/chat-fixture.js';
import { createFakeFetch, until } from '../helpers/fake-sse.js';

/**
 * Hostile environments (issue 12): a page with an invalid `lang`, storage holding junk or refusing access, and
 * frameworks that move the element in the DOM mid-answer. The widget keeps rendering and the answer keeps going.
 */
const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('<sse-chat> in a hostile environment', () => {
  describe('an invalid page language', () => {
    it('formats with a valid locale instead of throwing', () => {
      expect(validLocale('en_US')).to.equal('en-US');
      expect(validLocale('zh_CN')).to.equal('zh-CN');
      expect(validLocale('!!bogus!!')).to.equal('en');
      expect(validLocale(undefined)).to.equal(undefined);
      expect(formatNumber(1234.5, 'not a tag')).to.equal('1,234.5');
      expect(formatElapsed(1500, 'x_y_z_')).to.be.a('string');
      expect(formatStepCount(2, defaultStrings, '??')).to.equal('2 steps');
    });

    for (const lang of ['en_US', 'zh_CN', '__']) {
      it(`renders an answer with steps, progress and scores under lang="${lang}"`, async () => {
        const wrapper = await fixture<HTMLElement>(html`<div lang=${lang}><sse-chat dialect="sse-chat" endpoint="/lang"></sse-chat></div>`);
        const el = wrapper.querySelector('sse-chat') as SseChat;
        const fake = createFakeFetch();
        el.fetch = fake.fetch;
        const finished = el.send('Hi');
        const call = await fake.nextCall();
        call.response.send({ id: 's', label: 'Search', progress: { value: 3, max: 5 } }, 'step');
        call.response.send({ delta: 'The answer' }, 'text-delta');
        call.response.send({ sources: [{ title: 'Doc', url: 'https://example.com/', score: 0.5 }] }, 'sources');
        call.response.send({}, 'done');
        call.response.close();
        await finished;
        await until(() => text(part(el, 'content')) === 'The answer', 10_000, 'the answer rendered');
        expect(el.status).to.equal('idle');
        expect(part(el, 'stop-button')).to.equal(null);
        expect(text(part(el, 'step-progress-text'))).to.equal('3 of 5');
        expect(parts(el, 'source-score').length).to.equal(1);
      });
    }
  });

  describe('persist="local" with junk in storage', () => {
    let endpoint = '';
    beforeEach(() => {
      endpoint = `/hostile-persist/${Math.random().toString(36).slice(2)}`;
    });
    afterEach(() => {
      for (const key of Object.keys(localStorage)) if (key.includes('/hostile-persist/')) localStorage.removeItem(key);
    });
    /** A persisted chat that answers one turn while storage misbehaves; resolves after the turn and its save. */
    async function persistedTurn() {
      const fake = createFakeFetch();
      const el = await fixture<SseChat>(html`<sse-chat persist="local" dialect="sse-chat" endpoint=${endpoint} .fetch=${fake.fetch}></sse-chat>`);
      const finished = el.send('Hi');
      const call = await fake.nextCall();
      call.response.send({ delta: 'Still answered' }, 'text-delta');
      call.response.send({}, 'done');
      call.response.close();
      await finished;
      await aTimeout(300);
      return el;
    }
    const keyFor = (path: string) => `sse-chat:conversation:${new URL(path, document.baseURI).href}`;

    const answer = (fields: Record<string, unknown>) => ({
      role: 'assistant',
      text: 'Kept answer',
      status: 'done',
      createdAt: 1,
      ...fields,
    });

    async function load(messages: unknown[]) {
      localStorage.setItem(keyFor(endpoint), JSON.stringify({ version: 1, sessionId: 'stored-session', messages }));
      const el = await fixture<SseChat>(html`<sse-chat persist="local" dialect="sse-chat" endpoint=${endpoint} .fetch=${createFakeFetch().fetch}></sse-chat>`);
      await el.updateComplete;
      return el;
    }

    it('drops the entries of steps, sources and notices that do not fit, and renders the rest', async () => {
      const el = await load([
        { role: 'user', text: 'Question', status: 'done', createdAt: 1 },
        answer({
          steps: [null, 7, 'x', { id: 'ok', label: 'Kept step', status: 'done', startedAt: 1, endedAt: 2 }, { id: 'bad', label: { no: 1 }, status: 'done' }, { id: 'p', label: 'Progress', status: 'weird', progress: 'half' }],
          sources: [null, { title: 'Kept source', url: 'https://example.com/' }, { url: 42 }, { title: null }, 'str', { title: 'Bad score', score: 'high', snippet: 5 }],
          notices: [null, { message: 'Kept notice' }, { message: 5 }, 'plain'],
          metadata: null,
          error: { message: 5 },
        }),
      ]);
      const [, restored] = el.messages;
      expect(restored.steps.map(step => step.label)).to.deep.equal(['Kept step', 'Progress']);
      expect(restored.sources.map(source => source.title)).to.deep.equal(['Kept source', 'Bad score']);
      expect(restored.sources[1].snippet).to.equal(undefined);
      expect(restored.notices.map(notice => notice.message)).to.deep.equal(['Kept notice']);
      expect(restored.error).to.equal(null);
      await until(() => text(part(el, 'content')) === 'Kept answer', 10_000, 'the restored answer');
      expect(part(el, 'input')).to.not.equal(null);
      expect(text(part(el, 'notice'))).to.equal('Kept notice');
    });

    it('renders the composer whatever the stored record holds', async () => {
      for (const junk of [null, 5, 'text', [null], [{ role: 'assistant', text: 'x', status: 'done', steps: { length: 3 } }], [{ role: 'user', text: 'q', status: 'done', createdAt: 'yesterday', endedAt: {} }]]) {
        const el = await load(junk as unknown[]);
        expect(part(el, 'input'), JSON.stringify(junk)).to.not.equal(null);
        for (const message of el.messages) {
          expect(Array.isArray(message.steps) && Array.isArray(message.sources) && Array.isArray(message.notices)).to.equal(true);
          expect(typeof message.createdAt).to.equal('number');
        }
        el.remove();
      }
    });

    it('keeps a turn going when storage refuses every access', async () => {
      const original = Object.getOwnPropertyDescriptor(window, 'localStorage')!;
      Object.defineProperty(window, 'localStorage', {
        configurable: true,
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
      try {
        const el = await persistedTurn();
        expect(el.messages[1].status).to.equal('done');
        el.remove();
      } finally {
        Object.defineProperty(window, 'localStorage', original);
      }
    });

    it('keeps a turn going when every write is over quota', async () => {
      const setItem = Storage.prototype.setItem;
      Storage.prototype.setItem = () => {
        throw new DOMException('Quota exceeded', 'QuotaExceededError');
      };
      try {
        const el = await persistedTurn();
        el.remove(); // a final write on removal, refused too
        expect(el.messages[1].status).to.equal('done');
      } finally {
        Storage.prototype.setItem = setItem;
      }
    });
  });

  describe('moving the element in the DOM', () => {
    it('keeps streaming when it is removed and re-added in the same task', async () => {
      const wrapper = await fixture<HTMLElement>(html`<div><p>before</p><sse-chat dialect="sse-chat" endpoint="/move"></sse-chat></div>`);
      const el = wrapper.querySelector('sse-chat') as SseChat;
      const fake = createFakeFetch();
      el.fetch = fake.fetch;
      const finished = el.send('Hi');
      const call = await fake.nextCall();
      call.response.send({ delta: 'Part one. ' }, 'text-delta');
      await until(() => el.messages[1]?.text === 'Part one. ', 10_000, 'first part');
      // What a framework does when it reorders children.
      wrapper.insertBefore(el, wrapper.firstChild);
      el.remove();
      wrapper.append(el);
      await aTimeout(50);
      expect(call.signal.aborted).to.equal(false);
      call.response.send({ delta: 'Part two.' }, 'text-delta');
      call.response.send({}, 'done');
      call.response.close();
      await finished;
      expect(el.messages[1].status).to.equal('done');
      expect(el.messages[1].text).to.equal('Part one. Part two.');
    });

    it('still stops the answer when it is really removed', async () => {
      const wrapper = await fixture<HTMLElement>(html`<div><sse-chat dialect="sse-chat" endpoint="/move"></sse-chat></div>`);
      const el = wrapper.querySelector('sse-chat') as SseChat;
      const fake = createFakeFetch();
      el.fetch = fake.fetch;
      const finished = el.send('Hi');
      const call = await fake.nextCall();
      call.response.send({ delta: 'Partial' }, 'text-delta');
      await until(() => el.messages[1]?.text === 'Partial', 10_000, 'partial');
      el.remove();
      await finished;
      expect(call.signal.aborted).to.equal(true);
      expect(el.messages[1].status).to.equal('stopped');
    });
  });
});
