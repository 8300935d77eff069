import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import { ifDefined } from 'lit/directives/if-defined.js';
import { SAVE_DELAY_MS } from '../../src/controllers/persistence-controller.js';
import type { SseChat } from '../../src/sse-chat.js';
import { chatFixture, part, parts } from '../helpers/chat-fixture.js';
import { createFakeFetch, until, type FakeFetch } from '../helpers/fake-sse.js';

/** `persist`: the conversation survives a reload (a second element on the same endpoint plays the reloaded page). */
describe('<sse-chat> persistence', () => {
  const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
  let endpoint = '';
  beforeEach(() => {
    // Each test its own endpoint, hence its own storage keys.
    endpoint = `/persist/${Math.random().toString(36).slice(2)}`;
  });
  afterEach(() => {
    for (const storage of [localStorage, sessionStorage]) {
      for (const key of Object.keys(storage)) if (key.includes('/persist/')) storage.removeItem(key);
    }
  });

  /** A chat on this test's endpoint; `attrs` are set before it first renders, as on a real page. */
  async function page(attrs: { persist?: string; history?: number; sessionId?: string } = {}) {
    const fake = createFakeFetch();
    const el = await fixture<SseChat>(html`<sse-chat
      endpoint=${endpoint}
      dialect="sse-chat"
      persist=${attrs.persist ?? 'local'}
      history=${attrs.history ?? 10}
      session-id=${ifDefined(attrs.sessionId)}
      .fetch=${fake.fetch}
    ></sse-chat>`);
    return { el, fake };
  }

  /** One full exchange: asks `question`, answers `reply`, waits for the debounced write. */
  async function exchange({ el, fake }: { el: SseChat; fake: FakeFetch }, question: string, reply: string) {
    const finished = el.send(question);
    const call = await fake.nextCall();
    call.response.send({ delta: reply }, 'text-delta');
    call.response.send({}, 'done');
    call.response.close();
    await finished;
    await el.updateComplete;
    return call;
  }

  const storedKeys = (storage: Storage) => Object.keys(storage).filter(key => key.includes(endpoint));

  it('restores the conversation and its session on reload, and sends it as history', async () => {
    const first = await page({ history: 1 });
    await exchange(first, 'First question', 'First answer');
    await exchange(first, 'Second question', 'Second answer');
    await aTimeout(SAVE_DELAY_MS + 50);
    const { sessionId } = first.el;
    first.el.remove();

    const reloaded = await page({ history: 1 });
    expect(reloaded.el.sessionId).to.equal(sessionId);
    expect(reloaded.el.messages.map(m => [m.role, m.text, m.status])).to.deep.equal([
      ['user', 'First question', 'done'],
      ['assistant', 'First answer', 'done'],
      ['user', 'Second question', 'done'],
      ['assistant', 'Second answer', 'done'],
    ]);
    expect(parts(reloaded.el, 'bubble').map(text)).to.deep.equal(['First question', 'Second question']);
    await until(() => text(part(reloaded.el, 'content')) === 'Second answer', 10_000, 'restored answer rendered');

    // `history="1"`: only the last restored exchange goes along, with the same server session.
    const call = await exchange(reloaded, 'Third question', 'Third answer');
    const body = JSON.parse(call.body);
    expect(body.session_id).to.equal(sessionId);
    expect(body.history).to.deep.equal([
      { role: 'user', content: 'Second question' },
      { role: 'assistant', content: 'Second answer' },
    ]);
  });

  it('brings an answer cut short by leaving the page back as stopped, never as complete', async () => {
    const { el, fake } = await page();
    void el.send('Tell me everything');
    const call = await fake.nextCall();
    call.response.send({ delta: 'The first half' }, 'text-delta');
    await until(() => el.messages[1]?.text === 'The first half', 10_000, 'partial answer');
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    el.remove();

    const reloaded = await page();
    const [question, answer] = reloaded.el.messages;
    expect(question.text).to.equal('Tell me everything');
    expect(answer).to.deep.include({ status: 'stopped', text: 'The first half' });
    expect(reloaded.el.status).to.equal('idle');
    await reloaded.el.updateComplete;
    expect(part(reloaded.el, 'stopped')).to.exist;
    expect(part(reloaded.el, 'retry-button'), 'the reader can ask again').to.exist;
  });

  it('writes between turns, not per token', async () => {
    const { el, fake } = await page();
    const setItem = Storage.prototype.setItem;
    const writes: string[] = [];
    Storage.prototype.setItem = function (this: Storage, key: string, value: string) {
      if (key.includes(endpoint)) writes.push(key);
      return setItem.call(this, key, value);
    };
    try {
      const finished = el.send('Count to fifty');
      const call = await fake.nextCall();
      for (let i = 1; i <= 50; i++) call.response.send({ delta: `${i} ` }, 'text-delta');
      await until(() => el.messages[1]?.text.endsWith('50 '), 10_000, 'fifty tokens');
      await aTimeout(SAVE_DELAY_MS + 50);
      expect(writes, 'nothing while streaming').to.deep.equal([]);
      call.response.send({}, 'done');
      await finished;
      await aTimeout(SAVE_DELAY_MS + 50);
      expect(writes).to.have.length(1);
    } finally {
      Storage.prototype.setItem = setItem;
    }
  });

  it('clear() forgets the stored conversation and starts a new session', async () => {
    const first = await page({ persist: 'session' });
    await exchange(first, 'Hello', 'Hi');
    await aTimeout(SAVE_DELAY_MS + 50);
    expect(storedKeys(sessionStorage)).to.have.length(1);
    expect(storedKeys(localStorage)).to.deep.equal([]);
    const { sessionId } = first.el;
    first.el.clear();
    expect(storedKeys(sessionStorage)).to.deep.equal([]);
    expect(first.el.sessionId).not.to.equal(sessionId);
    await aTimeout(SAVE_DELAY_MS + 50);
    first.el.remove();
    const reloaded = await page({ persist: 'session' });
    expect(reloaded.el.messages).to.deep.equal([]);
  });

  it('keeps a page-given session id, and keeps conversations of different sessions apart', async () => {
    const alice = await page({ sessionId: 'alice' });
    await exchange(alice, 'I am Alice', 'Hello Alice');
    alice.el.clear();
    expect(alice.el.sessionId, 'clear keeps a page-given id').to.equal('alice');
    await exchange(alice, 'Still Alice', 'Yes');
    await aTimeout(SAVE_DELAY_MS + 50);
    alice.el.remove();
    const bob = await page({ sessionId: 'bob' });
    expect(bob.el.messages).to.deep.equal([]);
    const aliceAgain = await page({ sessionId: 'alice' });
    expect(aliceAgain.el.sessionId).to.equal('alice');
    expect(aliceAgain.el.messages.map(m => m.text)).to.deep.equal(['Still Alice', 'Yes']);
  });

  it('keeps nothing without persist, and carries on silently when storage is full', async () => {
    const plain = await chatFixture();
    await exchange(plain, 'Hello', 'Hi');
    plain.el.remove();
    // Only this chat's endpoint: test pages running beside this one share the origin's storage.
    expect(Object.keys(localStorage).filter(key => key.startsWith('sse-chat:conversation') && key.endsWith('/api/chat'))).to.deep.equal([]);

    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    try {
      const full = await page();
      await exchange(full, 'Hello', 'Hi');
      await aTimeout(SAVE_DELAY_MS + 50);
      expect(full.el.status).to.equal('idle');
      await exchange(full, 'Again', 'Fine');
      expect(full.el.messages).to.have.length(4);
    } finally {
      Storage.prototype.setItem = setItem;
    }
  });

  it('keeps only the last fifty messages', async () => {
    const { el, fake } = await page();
    for (let i = 0; i < 26; i++) await exchange({ el, fake }, `q${i}`, `a${i}`);
    await aTimeout(SAVE_DELAY_MS + 50);
    el.remove();
    const reloaded = await page();
    expect(reloaded.el.messages).to.have.length(50);
    expect(reloaded.el.messages[0].text).to.equal('q1');
  });
});
