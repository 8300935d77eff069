import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { buildRequestBody, createDialectMapper, type DetectingMapper } from '../dialects/index.js';
import { fileInfo, readFile } from '../dialects/attachments.js';
import type { DialectName, MapEventFunction, RequestContext } from '../dialects/dialect.js';
import {
  SseChatDoneEvent,
  SseChatErrorEvent,
  SseChatSendEvent,
  SseChatStartEvent,
  SseChatStopEvent,
  SseChatStreamEvent,
} from '../events/dom-events.js';
import { createAssistantMessage, createUserMessage, MessageStatus, stopMessage, withFeedback, type Feedback, type ChatMessage } from '../state/message.js';
import { endTurn, flushHeld, receiveMessage, type TurnUpdate } from '../state/turn.js';
import { FrameScheduler } from './frame-scheduler.js';
import { ChatStatus } from '../state/status.js';
import { streamSse } from '../transport/transport.js';
// The turn times the page's own work (`headers()`, `buildBody()`) with the transport's clock rules.
import { turnTimeoutError, validTimer } from '../transport/call-control.js';
import { TransportError } from '../transport/transport-error.js';
import { ErrorCode } from '../transport/error-code.js';
import type { SseMessage } from '../transport/sse-message.js';
import { selectHistory } from '../state/history.js';
import { encodeBody, resolveHeaders, type HeadersOption } from '../transport/request.js';

/** What one request is made from; read from the element each time a turn starts. */
export interface ChatTurnSettings {
  endpoint: string;
  dialect: DialectName;
  model?: string;
  sessionId: string;
  credentials: RequestCredentials;
  /** Earlier turns sent along. */
  history: number;
  /** At most this many bytes of earlier turns' text sent along. */
  historyBytes: number;
  idleTimeout: number;
  /** Milliseconds to wait for the response headers; a request queued by the browser is waiting, not stalled. */
  responseTimeout: number;
  turnTimeout: number;
  /** The longest answer, in characters; past it the answer ends with `answer-too-large`. 0: no limit. */
  maxAnswerChars: number;
  headers?: HeadersOption;
  buildBody?: (context: RequestContext) => unknown;
  mapEvent?: MapEventFunction;
  fetch?: typeof globalThis.fetch;
}

/** What `send()` tells its caller at once: whether the send went ahead, and when its turn ends. */
export interface SendResult {
  /** False when a listener canceled `sse-chat-send` or the text was blank. */
  readonly accepted: boolean;
  /** Resolves when the turn ends (done, stopped or failed); never rejects. */
  readonly finished: Promise<void>;
}

/** How long a finished answer's response is still read for side events that trail `done` (ms). */
export const TRAILING_READ_MS = 5000;

/** One request and its answer. Its AbortSignal is its run id: once aborted, nothing it receives applies. */
interface Turn {
  readonly abort: AbortController;
  readonly messageId: string;
  readonly finish: () => void;
  trailingTimer?: ReturnType<typeof setTimeout>;
}

const stopReason = () => new DOMException('The answer was stopped.', 'AbortError');

/**
 * The chat turn: user text → request → transport → dialect → reducer → messages, with abort and stale-safety.
 * It owns the conversation and the status and dispatches the `sse-chat-*` events on the host. Host updates
 * caused by tokens are batched to one per animation frame; status changes update at once.
 */
export class ChatTurnController implements ReactiveController {
  /** What the chat is doing; the host reflects it to its `status` attribute. */
  status: ChatStatus = ChatStatus.Idle;

  #list: ChatMessage[] = [];
  /** The files of each user message sent in this page's life (for Retry and Edit); never stored, never in state, so none once restored. */
  readonly #files = new WeakMap<ChatMessage, readonly File[]>();
  #snapshot: readonly ChatMessage[] | undefined;
  /** The turn whose answer is streaming. */
  #active: Turn | null = null;
  /** A finished turn whose response is still read briefly, for notices that trail `done`. */
  #trailing: Turn | null = null;
  /** Token-rate changes render at most once per animation frame (a timer stands in when a background tab gets none). */
  readonly #renderSoon = new FrameScheduler(() => this.#host.requestUpdate());
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #settings: () => ChatTurnSettings;

  constructor(host: ReactiveControllerHost & HTMLElement, settings: () => ChatTurnSettings) {
    this.#host = host;
    this.#settings = settings;
    host.addController(this);
  }

  /** The conversation, oldest first. A frozen snapshot, copied only when read after a change. */
  get messages(): readonly ChatMessage[] {
    return (this.#snapshot ??= Object.freeze(this.#list.slice()));
  }

  /** Renders again in the next frame (by the same scheduler as the tokens), never in this task: a view catching up. */
  renderNextFrame(): void {
    this.#renderSoon.requestNextFrame();
  }

  /** Whether a request is in flight for the current answer. */
  get busy(): boolean {
    return this.#active !== null;
  }

  hostConnected(): void {
    window.addEventListener('pagehide', this.#handlePageHide);
  }

  hostDisconnected(): void {
    window.removeEventListener('pagehide', this.#handlePageHide);
    // A removed chat must not keep a request open, nor report errors from it later. But a move — removed and
    // re-added in the same task, as frameworks do when they reorder children — is not a removal: decide after it.
    setTimeout(() => {
      if (this.#host.isConnected) return;
      this.stop();
      this.#endTrailing();
      this.#renderSoon.cancel();
    });
  }

  /**
   * Adds the user's message (its text, its `files`) and streams the answer; a send while streaming stops the current
   * answer first. Files alone, without text, are a message too.
   */
  send(text: string, files: readonly File[] = []): SendResult {
    const trimmed = text.trim();
    if ((!trimmed && !files.length) || !this.#announceSend(trimmed, false, files)) return { accepted: false, finished: Promise.resolve() };
    this.#interrupt();
    return { accepted: true, finished: this.#ask(this.#list, trimmed, files) };
  }

  /**
   * Replaces the user message `id` by `text` and asks again: every message after it goes (the conversation forks
   * there), like ChatGPT's edit. A streaming answer is stopped first, as by `send`.
   */
  edit(id: string, text: string): SendResult {
    const index = lastIndexWhere(this.#list, message => message.id === id && message.role === 'user');
    const trimmed = text.trim();
    // The edited question keeps its files.
    const files = this.#files.get(this.#list[index]) ?? [];
    if (index === -1 || (!trimmed && !files.length) || !this.#announceSend(trimmed, false, files, id)) {
      return { accepted: false, finished: Promise.resolve() };
    }
    this.#interrupt();
    return { accepted: true, finished: this.#ask(this.#list.slice(0, index), trimmed, files) };
  }

  /** Adds the question after `earlier` and streams its answer, with the history chosen from `earlier`. */
  #ask(earlier: ChatMessage[], text: string, files: readonly File[]): Promise<void> {
    const history = this.#historyOf(earlier);
    const question = createUserMessage(text, Date.now(), files.map(fileInfo));
    this.#files.set(question, files);
    this.#setMessages([...earlier, question]);
    return this.#startTurn(text, history, files);
  }


  /** Sends the last user message again, replacing the answer that followed it (failed, stopped or done). */
  retry(): Promise<void> {
    const index = lastIndexWhere(this.#list, message => message.role === 'user');
    if (index === -1) return Promise.resolve();
    const { text } = this.#list[index];
    const files = this.#files.get(this.#list[index]) ?? [];
    if (!this.#announceSend(text, true, files)) return Promise.resolve();
    this.#interrupt();
    this.#setMessages(this.#list.slice(0, index + 1));
    return this.#startTurn(text, this.#historyOf(this.#list.slice(0, index)), files);
  }

  /** What of `earlier` goes with the next question, within the history settings. */
  #historyOf(earlier: readonly ChatMessage[]): ChatMessage[] {
    return selectHistory(earlier, this.#settings().history, this.#settings().historyBytes);
  }

  /** Sets (or, with undefined, withdraws) the reader's feedback on a finished answer; returns the new message. */
  setFeedback(id: string, value: Feedback | undefined): ChatMessage | undefined {
    const message = this.#update(id, current => (current.status === MessageStatus.Done ? withFeedback(current, value) : current));
    this.#host.requestUpdate();
    return message;
  }

  /** Stops the streaming answer: aborts its request at once and keeps what arrived, marked stopped. */
  stop(): void {
    const turn = this.#active;
    if (!turn) return;
    this.#active = null;
    turn.abort.abort(stopReason());
    const message = this.#update(turn.messageId, current => stopMessage(current, Date.now()));
    this.#setStatus(ChatStatus.Idle);
    if (message) this.#host.dispatchEvent(new SseChatStopEvent({ message }));
    turn.finish();
  }

  /**
   * Puts an earlier conversation in place (restored from storage), unless an answer is streaming. The messages
   * must be settled (none `streaming`): nothing will ever finish them.
   */
  restore(messages: readonly ChatMessage[]): void {
    if (this.#active) return;
    this.#endTrailing();
    this.#setMessages(messages.slice());
    this.#setStatus(ChatStatus.Idle);
  }

  /** Stops any answer and empties the conversation. */
  clear(): void {
    this.#interrupt();
    this.#setMessages([]);
    this.#setStatus(ChatStatus.Idle);
  }

  readonly #handlePageHide = () => {
    this.stop();
    this.#endTrailing();
  };

  #announceSend(text: string, retry: boolean, files: readonly File[], editOf?: string): boolean {
    return this.#host.dispatchEvent(new SseChatSendEvent({ text, retry, ...(editOf && { editOf }), ...(files.length && { files }) }));
  }

  /** Ends whatever the previous turn still does, so none of it can touch the next answer. */
  #interrupt() {
    this.stop();
    this.#endTrailing();
  }

  #startTurn(text: string, history: readonly ChatMessage[], files: readonly File[] = []): Promise<void> {
    const answer = createAssistantMessage(Date.now());
    this.#setMessages([...this.#list, answer]);
    this.#setStatus(ChatStatus.Connecting);
    return new Promise<void>(finish => {
      const turn: Turn = { abort: new AbortController(), messageId: answer.id, finish };
      this.#active = turn;
      void this.#run(turn, text, history, files);
    });
  }

  async #run(turn: Turn, text: string, history: readonly ChatMessage[], files: readonly File[]) {
    const settings = this.#settings();
    const { signal } = turn.abort;
    let mapper: DetectingMapper | undefined;
    // The turn budget covers the whole turn, from here: a page's headers() or buildBody() that never settles too.
    const { turnTimeout } = settings;
    const started = performance.now();
    let turnTimer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      if (validTimer(turnTimeout)) turnTimer = setTimeout(() => reject(turnTimeoutError(turnTimeout)), turnTimeout);
    });
    expired.catch(() => {});
    const withinTurn = <T>(value: T | Promise<T>) => Promise.race([value, expired]);
    // Messages and signals (data-less named events, plain-text bodies, stray JSON errors) are mapped alike; only
    // messages are reported as `sse-chat-event` (what `EventSource` would dispatch): #receive tells them by `kind`.
    const receive = (raw: SseMessage) => {
      if (!signal.aborted && mapper) this.#receive(turn, raw, mapper, settings);
    };
    try {
      if (!settings.endpoint) throw new TransportError(ErrorCode.Setup, 'No endpoint is set.');
      const headers = await withinTurn(resolveHeaders(settings.headers));
      if (signal.aborted) return;
      const attached = files.length ? await withinTurn(Promise.all(files.map(readFile))) : undefined;
      if (signal.aborted) return;
      const context: RequestContext = { text, history, sessionId: settings.sessionId, model: settings.model || undefined, ...(attached && { files: attached }) };
      const body = await withinTurn(settings.buildBody ? settings.buildBody(context) : buildRequestBody(settings.dialect, context));
      if (signal.aborted) return;
      clearTimeout(turnTimer); // the transport times the rest of the turn, from its start
      await streamSse(
        {
          url: settings.endpoint,
          method: 'POST',
          headers,
          body: encodeBody(body),
          credentials: settings.credentials,
          signal,
          fetch: settings.fetch,
          idleTimeout: settings.idleTimeout,
          responseTimeout: settings.responseTimeout,
          turnTimeout,
          turnStart: started,
        },
        {
          onOpen: response => {
            if (signal.aborted) return;
            mapper = createDialectMapper(settings.dialect, response.headers, settings.mapEvent);
            this.#opened(turn, response, mapper.detected ?? settings.dialect);
          },
          onMessage: receive,
          onSignal: receive,
        },
      );
      if (signal.aborted) return;
      // A clean close: the end of a trailing read, or an answer that never said it was done.
      this.#flush(turn, mapper, settings, true);
      this.#settle(turn, current => endTurn(current, Date.now()));
    } catch (error) {
      if (signal.aborted) return; // stopped, superseded or removed: that path already settled the message
      this.#flush(turn, mapper, settings, false);
      this.#settle(turn, current => endTurn(current, Date.now(), { error }));
    } finally {
      clearTimeout(turnTimer);
    }
    // The response is over, so a finished answer has nothing left to trail.
    if (turn === this.#trailing) this.#endTrailing();
  }

  /**
   * Applies what the dialect still held back for detection (a stream shorter than its detection window).
   * Those events have no SSE message of their own, so no `sse-chat-event` is dispatched for them.
   */
  #flush(turn: Turn, mapper: DetectingMapper | undefined, settings: ChatTurnSettings, closed: boolean) {
    this.#update(turn.messageId, current => flushHeld(current, mapper, closed, settings, Date.now()).answer);
  }

  #opened(turn: Turn, response: Response, dialect: string) {
    const message = this.#update(turn.messageId, current => ({ ...current, dialect }));
    this.#setStatus(ChatStatus.Streaming);
    if (message) this.#host.dispatchEvent(new SseChatStartEvent({ message, dialect, status: response.status }));
  }

  /** The per-message hot path: map, reduce, tell the page, and schedule (not perform) a render. */
  #receive(turn: Turn, raw: SseMessage, mapper: DetectingMapper, settings: ChatTurnSettings) {
    let received: TurnUpdate | undefined;
    const message = this.#update(turn.messageId, current => (received = receiveMessage(current, raw, mapper, settings, Date.now())).answer);
    if (!message) return;
    if (!raw.kind) this.#host.dispatchEvent(new SseChatStreamEvent({ message, raw: { event: raw.event, data: raw.data, id: raw.id }, events: received!.events }));
    if (turn.abort.signal.aborted) return; // a listener stopped or replaced the turn
    if (turn === this.#active && message.status !== MessageStatus.Streaming) this.#settle(turn, current => current);
    else this.#renderSoon.request();
  }

  /** Ends the active turn with `change` applied to its answer, and reports how it ended. */
  #settle(turn: Turn, change: (message: ChatMessage) => ChatMessage) {
    if (turn !== this.#active) return;
    this.#active = null;
    const message = this.#update(turn.messageId, change);
    if (message?.status === MessageStatus.Done) {
      this.#setStatus(ChatStatus.Idle);
      this.#host.dispatchEvent(new SseChatDoneEvent({ message }));
      this.#startTrailing(turn);
    } else {
      turn.abort.abort(stopReason());
      this.#setStatus(message?.error ? ChatStatus.Error : ChatStatus.Idle);
      if (message?.error) this.#host.dispatchEvent(new SseChatErrorEvent({ message, error: message.error }));
    }
    turn.finish();
  }

  /** Keeps reading a finished answer's response until it closes, for at most {@link TRAILING_READ_MS}. */
  #startTrailing(turn: Turn) {
    this.#endTrailing();
    this.#trailing = turn;
    turn.trailingTimer = setTimeout(() => this.#endTrailing(), TRAILING_READ_MS);
  }

  #endTrailing() {
    const turn = this.#trailing;
    if (!turn) return;
    this.#trailing = null;
    clearTimeout(turn.trailingTimer);
    turn.abort.abort(stopReason());
  }

  /** Replaces one message by id (searching from the end, where the live one is) and returns the new value. */
  #update(id: string, change: (message: ChatMessage) => ChatMessage): ChatMessage | undefined {
    const index = lastIndexWhere(this.#list, message => message.id === id);
    if (index === -1) return undefined;
    const next = change(this.#list[index]);
    if (next !== this.#list[index]) {
      this.#list[index] = next;
      this.#snapshot = undefined;
    }
    return next;
  }

  #setMessages(messages: ChatMessage[]) {
    this.#list = messages;
    this.#snapshot = undefined;
    this.#host.requestUpdate();
  }

  #setStatus(status: ChatStatus) {
    this.status = status;
    this.#host.requestUpdate();
  }
}

/** `Array.prototype.findLastIndex`, which the ES2022 target does not declare. */
function lastIndexWhere<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i])) return i;
  return -1;
}
