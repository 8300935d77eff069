import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { DEFAULT_KEPT_MESSAGES, fromStoredConversation, toStoredConversation } from '../persist/conversation.js';
import { readJson, removeKey, storageFor, storageKey, writeJson, type StorageArea } from '../persist/storage.js';
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
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The conversation snapshot last seen between turns, so an unchanged one is not written again. */
  private seen: readonly ChatMessage[] | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly hooks: PersistenceHooks,
    /** The most messages kept; older ones are dropped first. */
    private readonly limit = DEFAULT_KEPT_MESSAGES,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('pagehide', this.flush);
  }

  hostDisconnected(): void {
    window.removeEventListener('pagehide', this.flush);
    this.flush();
  }

  /** After each render: a conversation that changed while no turn runs is saved soon. A pointer check, per frame. */
  hostUpdated(): void {
    const messages = this.hooks.messages();
    if (messages === this.seen || this.hooks.busy() || !this.target()) return;
    const first = this.seen === undefined;
    this.seen = messages;
    if (first) return; // the conversation as the element started with it: nothing new to write
    clearTimeout(this.timer);
    this.timer = setTimeout(this.flush, SAVE_DELAY_MS);
  }

  /**
   * Restores the stored conversation when persistence is on and the chat is still empty and idle (a conversation
   * already under way is never replaced). Returns whether anything was restored.
   */
  restore(): boolean {
    const target = this.target();
    if (!target || this.hooks.busy() || this.hooks.messages().length > 0) return false;
    const stored = fromStoredConversation(readJson(target.storage, target.key), Date.now(), this.limit);
    if (!stored || stored.messages.length === 0) return false;
    this.hooks.restore(stored);
    this.seen = this.hooks.messages();
    return true;
  }

  /** Forgets the stored conversation now (the chat was cleared). */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const target = this.target();
    if (target) removeKey(target.storage, target.key);
  }

  /** Writes a pending save now (the page is going away, or the element is being removed). */
  private readonly flush = () => {
    const pending = this.timer !== undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    const target = this.target();
    // On pagehide a turn may still be streaming: it is saved as it stands, and restored as stopped.
    if (target && (pending || this.hooks.busy())) this.save(target.storage, target.key);
  };

  private save(storage: Storage, key: string) {
    const { sessionId } = this.hooks.settings();
    const messages = this.hooks.messages();
    if (messages.length === 0) return removeKey(storage, key);
    // Over quota: keep a shorter tail rather than nothing, halving until it fits.
    for (let limit = this.limit; limit > 0; limit = Math.floor(limit / 2)) {
      if (writeJson(storage, key, toStoredConversation(messages, sessionId, limit))) return;
    }
  }

  private target(): { storage: Storage; key: string } | undefined {
    const { area, endpoint, pageSessionId } = this.hooks.settings();
    if (area !== 'local' && area !== 'session') return undefined;
    const storage = storageFor(area);
    return storage ? { storage, key: storageKey('conversation', endpoint, pageSessionId) } : undefined;
  }
}
