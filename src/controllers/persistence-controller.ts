import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { DEFAULT_KEPT_MESSAGES, fromStoredConversation, toStoredConversation } from '../persistence/conversation.js';
import { readJson, removeKey, storageFor, storageKey, writeJson, type StorageArea } from '../persistence/storage.js';
import type { ChatMessage } from '../state/message.js';

/** How long after a turn ends the conversation is written: turns that end together cost one write. */
export const SAVE_DELAY_MS = 250;

/** Where and under which name the conversation is kept; read from the element whenever it is needed. */
export interface PersistenceSettings {
  /** `local` or `session`; anything else keeps nothing. */
  readonly area: StorageArea | undefined;
  readonly endpoint: string;
  /** A session id the page chose, which separates conversations on one endpoint; undefined when generated. */
  readonly pageSessionId: string | undefined;
  /** The session id to store with the conversation, so a reload continues the same server session. */
  readonly sessionId: string;
}

/** What the controller needs from the chat: its conversation, whether a turn is running, and how to restore. */
export interface PersistenceHooks {
  settings(): PersistenceSettings;
  messages(): readonly ChatMessage[];
  busy(): boolean;
  /** Puts a restored conversation (and the session it belongs to) in place. */
  restore(conversation: { sessionId: string; messages: ChatMessage[] }): void;
}

/**
 * Keeps the conversation in localStorage or sessionStorage, per endpoint (and page-given session id). Writes are
 * debounced and happen only between turns, never per token: after a turn ends, after `clear()`, and at once when
 * the page is hidden or the element removed. Storage that is blocked or full is skipped silently.
 */
export class PersistenceController implements ReactiveController {
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The conversation as storage has it (or as the element started with it), so an unchanged one is not written. */
  #written: readonly ChatMessage[] | undefined;
  /** The conversation a pending write was scheduled for. */
  #scheduled: readonly ChatMessage[] | undefined;
  readonly #hooks: PersistenceHooks;
  /** The most messages kept; older ones are dropped first. */
  readonly #limit: number;

  constructor(host: ReactiveControllerHost, hooks: PersistenceHooks, limit = DEFAULT_KEPT_MESSAGES) {
    this.#hooks = hooks;
    this.#limit = limit;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('pagehide', this.#flush);
  }

  hostDisconnected(): void {
    window.removeEventListener('pagehide', this.#flush);
    this.#flush();
  }

  /** After each render: a conversation that changed while no turn runs is saved soon. A pointer check, per frame. */
  hostUpdated(): void {
    if (this.#hooks.busy() || !this.#target()) return;
    const messages = this.#hooks.messages();
    // The conversation the element starts with (empty, or just restored) is what storage has: nothing to write.
    if (this.#written === undefined) this.#written = messages;
    if (messages === this.#written || messages === this.#scheduled) return;
    this.#scheduled = messages;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(this.#flush, SAVE_DELAY_MS);
  }

  /**
   * Restores the stored conversation when persistence is on and the chat is still empty and idle (a conversation
   * already under way is never replaced). Returns whether anything was restored.
   */
  restore(): boolean {
    const target = this.#target();
    if (!target || this.#hooks.busy() || this.#hooks.messages().length > 0) return false;
    const stored = fromStoredConversation(readJson(target.storage, target.key), Date.now(), this.#limit);
    if (!stored || stored.messages.length === 0) return false;
    this.#hooks.restore(stored);
    this.#written = this.#hooks.messages();
    return true;
  }

  /** Forgets the stored conversation now (call after emptying the chat). */
  clear(): void {
    this.#cancel();
    this.#written = this.#hooks.messages();
    const target = this.#target();
    if (target) removeKey(target.storage, target.key);
  }

  /**
   * Writes the conversation now if it changed since the last write: when the debounce ends, when the page is
   * hidden (a reload or navigation) and when the element is removed. An answer still streaming at that moment is
   * saved as it stands, and restored as stopped.
   */
  readonly #flush = () => {
    this.#cancel();
    const target = this.#target();
    const messages = this.#hooks.messages();
    if (!target || this.#written === undefined || messages === this.#written) return;
    this.#written = messages;
    this.#save(target.storage, target.key);
  };

  #cancel() {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#scheduled = undefined;
  }

  #save(storage: Storage, key: string) {
    const { sessionId } = this.#hooks.settings();
    const messages = this.#written ?? [];
    if (messages.length === 0) return removeKey(storage, key);
    // Over quota: keep a shorter tail rather than nothing, halving until it fits.
    for (let limit = this.#limit; limit > 0; limit = Math.floor(limit / 2)) {
      if (writeJson(storage, key, toStoredConversation(messages, sessionId, limit))) return;
    }
  }

  #target(): { storage: Storage; key: string } | undefined {
    const { area, endpoint, pageSessionId } = this.#hooks.settings();
    if (area !== 'local' && area !== 'session') return undefined;
    const storage = storageFor(area);
    return storage ? { storage, key: storageKey('conversation', endpoint, pageSessionId) } : undefined;
  }
}
