import { aTimeout, expect } from '@open-wc/testing';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { PersistenceController, SAVE_DELAY_MS, type PersistenceSettings } from '../../src/controllers/persistence-controller.js';
import { toStoredConversation } from '../../src/persistence/conversation.js';
import { readJson, storageKey, writeJson } from '../../src/persistence/storage.js';
import { createUserMessage, MessageStatus, type ChatMessage } from '../../src/state/message.js';
import { answer, exchanges, now } from '../helpers/conversations.js';


describe('PersistenceController', () => {
  /** A bare controller host: the tests play the element's update cycle by calling hostUpdated themselves. */
  function setup(settings: Partial<PersistenceSettings> = {}) {
    const controllers: ReactiveController[] = [];
    const host = {
      addController: (controller: ReactiveController) => controllers.push(controller),
      removeController: () => {},
      requestUpdate: () => {},
      updateComplete: Promise.resolve(true),
    } as ReactiveControllerHost;
    const state = { messages: [] as readonly ChatMessage[], busy: false, restored: undefined as undefined | { sessionId: string; messages: ChatMessage[] } };
    const endpoint = `/persist-test/${Math.random().toString(36).slice(2)}`;
    const full: PersistenceSettings = { area: 'local', endpoint, pageSessionId: undefined, sessionId: 'session-1', ...settings };
    const controller = new PersistenceController(host, {
      settings: () => full,
      messages: () => state.messages,
      busy: () => state.busy,
      restore: conversation => {
        state.restored = conversation;
        state.messages = conversation.messages;
      },
    });
    const key = storageKey('conversation', full.endpoint, full.pageSessionId);
    const area = full.area === 'session' ? sessionStorage : localStorage;
    /** Replaces the conversation and runs one update cycle. */
    const change = (messages: readonly ChatMessage[], busy = false) => {
      state.messages = messages;
      state.busy = busy;
      controller.hostUpdated();
    };
    return { controller, controllers, state, key, area, change };
  }

  afterEach(() => {
    for (const storage of [localStorage, sessionStorage]) {
      for (const key of Object.keys(storage)) if (key.includes('/persist-test/')) storage.removeItem(key);
    }
  });

  it('writes once a turn has ended, debounced, never while one streams', async () => {
    const { controller, key, area, change } = setup();
    controller.hostConnected();
    change([]); // the first render: what the chat starts with is not written
    const conversation = exchanges(1);
    for (let i = 0; i < 20; i++) change([...conversation.slice(0, 1), answer('a'.repeat(i), MessageStatus.Streaming)], true);
    await aTimeout(SAVE_DELAY_MS + 50);
    expect(area.getItem(key)).to.equal(null);
    change(conversation);
    expect(area.getItem(key), 'debounced').to.equal(null);
    await aTimeout(SAVE_DELAY_MS + 50);
    expect(readJson(area, key)).to.deep.include({ version: 1, sessionId: 'session-1' });
    expect((readJson(area, key) as { messages: unknown[] }).messages).to.have.length(2);
    controller.hostDisconnected();
  });

  it('writes a pending save at once when the page is hidden, even mid-stream', () => {
    const { controller, key, area, change, state } = setup();
    controller.hostConnected();
    change([]);
    state.messages = [createUserMessage('q', now), answer('partial', MessageStatus.Streaming)];
    state.busy = true;
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    const written = readJson(area, key) as { messages: ChatMessage[] };
    expect(written.messages.map(m => m.status)).to.deep.equal(['done', 'streaming']);
    controller.hostDisconnected();
  });

  it('restores into an empty chat only, and forgets on clear', () => {
    const first = setup({ area: 'session' });
    writeJson(first.area, first.key, toStoredConversation(exchanges(2), 'stored-session'));
    expect(first.controller.restore()).to.equal(true);
    expect(first.state.restored!.sessionId).to.equal('stored-session');
    expect(first.state.messages).to.have.length(4);
    expect(first.controller.restore(), 'not over a conversation').to.equal(false);
    first.controller.clear();
    expect(first.area.getItem(first.key)).to.equal(null);
  });

  it('does nothing without a storage area', async () => {
    const { controller, key, change } = setup({ area: undefined });
    localStorage.setItem(key, JSON.stringify(toStoredConversation(exchanges(1), 's')));
    expect(controller.restore()).to.equal(false);
    change([]);
    change(exchanges(2));
    await aTimeout(SAVE_DELAY_MS + 50);
    expect((readJson(localStorage, key) as { messages: unknown[] }).messages).to.have.length(2);
  });

  it('keeps a shorter tail when the quota refuses the whole conversation', () => {
    const { controller, key, area, change } = setup();
    const setItem = Storage.prototype.setItem;
    // A quota that fits about ten messages.
    Storage.prototype.setItem = function (this: Storage, name: string, value: string) {
      if (value.length > 3000) throw new DOMException('full', 'QuotaExceededError');
      return setItem.call(this, name, value);
    };
    try {
      controller.hostConnected();
      change([]);
      change(exchanges(40));
      controller.hostDisconnected(); // flushes the pending write
    } finally {
      Storage.prototype.setItem = setItem;
    }
    const written = readJson(area, key) as { messages: ChatMessage[] };
    expect(written.messages.length).to.be.within(2, 12);
    expect(written.messages.at(-1)!.text).to.equal('a39');
  });
});
