import { aTimeout, expect } from '@open-wc/testing';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { PersistenceController, SAVE_DELAY_MS, type PersistenceSettings } from '../../src/controllers/persistence-controller.js';
import { DEFAULT_KEPT_MESSAGES, fromStoredConversation, toStoredConversation } from '../../src/persistence/conversation.js';
import { readJson, storageKey, writeJson } from '../../src/persistence/storage.js';
import { applyChatEvent, createAssistantMessage, createUserMessage, MessageStatus, type ChatMessage } from '../../src/state/message.js';

const now = 1_700_000_000_000;
const answer = (text: string, status: ChatMessage['status'] = MessageStatus.Done): ChatMessage => ({
  ...applyChatEvent(createAssistantMessage(now), { type: 'text-delta', delta: text }, now),
  status,
});
/** `count` exchanges: question i, answer i. */
const exchanges = (count: number): ChatMessage[] =>
  Array.from({ length: count }, (_, i) => [createUserMessage(`q${i}`, now), answer(`a${i}`)]).flat();
/** Round-trips through JSON, as storage does. */
const stored = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('stored conversations', () => {
  it('keeps the last messages, starting at a question', () => {
    const record = toStoredConversation(exchanges(30), 'session-1');
    expect(record.sessionId).to.equal('session-1');
    expect(record.messages).to.have.length(DEFAULT_KEPT_MESSAGES);
    expect(record.messages[0].text).to.equal('q5');
    // An odd limit would cut an exchange in half: the orphaned answer is dropped.
    expect(toStoredConversation(exchanges(3), 's', 3).messages.map(m => m.text)).to.deep.equal(['q2', 'a2']);
    expect(toStoredConversation(exchanges(3), 's', 0).messages).to.deep.equal([]);
  });

  it('reads back what it wrote, each message with a fresh id', () => {
    const messages = exchanges(2);
    const restored = fromStoredConversation(stored(toStoredConversation(messages, 's')), now)!;
    expect(restored.sessionId).to.equal('s');
    expect(restored.messages.map(m => [m.role, m.text, m.status])).to.deep.equal(messages.map(m => [m.role, m.text, m.status]));
    expect(restored.messages.map(m => m.id)).not.to.include.members(messages.map(m => m.id));
    expect(new Set(restored.messages.map(m => m.id)).size).to.equal(4);
  });

  it('brings a half-streamed answer back as stopped, with its partial text and its step timers stopped', () => {
    let streaming = applyChatEvent(createAssistantMessage(now), { type: 'step', id: 'search', label: 'Searching' }, now);
    streaming = applyChatEvent(streaming, { type: 'text-delta', delta: 'Half an ans' }, now);
    expect(streaming.status).to.equal(MessageStatus.Streaming);
    const restored = fromStoredConversation(stored(toStoredConversation([createUserMessage('q', now), streaming], 's')), now + 5)!;
    const [, last] = restored.messages;
    expect(last.status).to.equal(MessageStatus.Stopped);
    expect(last.text).to.equal('Half an ans');
    expect(last.steps[0].endedAt, 'its step timer stopped').to.equal(now + 5);
    expect(last.endedAt).to.equal(now + 5);
  });

  it('ignores records it cannot trust: missing, another version, malformed; skips malformed messages', () => {
    expect(fromStoredConversation(undefined, now)).to.equal(undefined);
    expect(fromStoredConversation('text', now)).to.equal(undefined);
    expect(fromStoredConversation({ version: 2, sessionId: 's', messages: [] }, now)).to.equal(undefined);
    expect(fromStoredConversation({ version: 1, messages: [] }, now)).to.equal(undefined);
    const record = stored(toStoredConversation(exchanges(1), 's'));
    record.messages.push({ role: 'system', text: 'x', status: 'done' }, { role: 'user', text: 3, status: 'done' }, null, {
      role: 'assistant',
      text: 'no arrays',
      status: 'done',
    });
    const restored = fromStoredConversation(record, now)!;
    expect(restored.messages.map(m => m.text)).to.deep.equal(['q0', 'a0', 'no arrays']);
    expect(restored.messages[2]).to.deep.include({ steps: [], sources: [], notices: [], error: null, metadata: {} });
  });
});

describe('safe storage', () => {
  /** A Storage whose writes always fail, as a full quota makes them. */
  const fullStorage = () =>
    ({
      getItem: () => '{not json',
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
    }) as unknown as Storage;

  it('reports failed writes and unreadable entries instead of throwing', () => {
    expect(writeJson(fullStorage(), 'k', { a: 1 })).to.equal(false);
    expect(readJson(fullStorage(), 'k')).to.equal(undefined);
    expect(writeJson(undefined, 'k', 1)).to.equal(false);
  });

  it('keys by the endpoint resolved against the page, and by a page-given scope', () => {
    expect(storageKey('conversation', '/api/chat')).to.equal(`sse-chat:conversation:${location.origin}/api/chat`);
    expect(storageKey('conversation', '/api/chat', 'abc')).to.equal(`sse-chat:conversation:${location.origin}/api/chat#abc`);
    expect(storageKey('open', 'https://example.com/chat')).to.equal('sse-chat:open:https://example.com/chat');
  });
});

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
