import type { ChatEvent } from '../dialects/chat-event.js';
import type { ChatError, ChatMessage, Feedback } from '../state/message.js';
import type { SseMessage } from '../transport/sse-message.js';

/**
 * The events `<sse-chat>` dispatches, one small class each. All of them bubble and are `composed`, so a page can
 * listen on the element, on an ancestor or on `document`, even when the chat sits inside another component's
 * shadow root. Only `sse-chat-send` is cancelable: it is the one that announces an intent. Every turn that
 * starts ends with exactly one of `sse-chat-done`, `sse-chat-stop` or `sse-chat-error`.
 */

const options = { bubbles: true, composed: true } as const;

/** `detail` of {@link SseChatSendEvent}. */
export interface SseChatSendDetail {
  /** What is about to be sent. */
  readonly text: string;
  /** Whether this is `retry()` sending the last message again rather than a new message. */
  readonly retry: boolean;
  /** Set when the reader edited an earlier question (`edit()`): the id of the message it replaces, with all after it. */
  readonly editOf?: string;
  /** The files sent with it (`attachments`), when there are any. */
  readonly files?: readonly File[];
}

/** `sse-chat-send`: the user is about to send a message. Cancel it (`preventDefault()`) and nothing is sent. */
export class SseChatSendEvent extends CustomEvent<SseChatSendDetail> {
  static readonly eventName = 'sse-chat-send';
  constructor(detail: SseChatSendDetail) {
    super(SseChatSendEvent.eventName, { ...options, cancelable: true, detail });
  }
}

/** `detail` of {@link SseChatStartEvent}. */
export interface SseChatStartDetail {
  /** The answer, as it is when the response opened. */
  readonly message: ChatMessage;
  /** The dialect the answer is read as: the `dialect` attribute, or the detected one once known. */
  readonly dialect: string;
  /** The HTTP status of the response. */
  readonly status: number;
}

/** `sse-chat-start`: the server answered and its event stream is open. */
export class SseChatStartEvent extends CustomEvent<SseChatStartDetail> {
  static readonly eventName = 'sse-chat-start';
  constructor(detail: SseChatStartDetail) {
    super(SseChatStartEvent.eventName, { ...options, detail });
  }
}

/** `detail` of {@link SseChatStreamEvent}. */
export interface SseChatStreamDetail {
  /** The answer after this SSE message was applied. */
  readonly message: ChatMessage;
  /** The SSE message as received. */
  readonly raw: SseMessage;
  /** The chat events the dialect read from it (possibly none, e.g. for a heartbeat). */
  readonly events: readonly ChatEvent[];
}

/** `sse-chat-event`: one SSE message arrived and was applied, for logging and custom side effects. */
export class SseChatStreamEvent extends CustomEvent<SseChatStreamDetail> {
  static readonly eventName = 'sse-chat-event';
  constructor(detail: SseChatStreamDetail) {
    super(SseChatStreamEvent.eventName, { ...options, detail });
  }
}

/** `detail` of {@link SseChatDoneEvent} and {@link SseChatStopEvent}. */
export interface SseChatMessageDetail {
  /** The answer as it ended. */
  readonly message: ChatMessage;
}

/** `sse-chat-done`: the answer is complete. */
export class SseChatDoneEvent extends CustomEvent<SseChatMessageDetail> {
  static readonly eventName = 'sse-chat-done';
  constructor(detail: SseChatMessageDetail) {
    super(SseChatDoneEvent.eventName, { ...options, detail });
  }
}

/** `sse-chat-stop`: the answer was stopped (Stop, Escape, a new send, `clear()`, or the element was removed). */
export class SseChatStopEvent extends CustomEvent<SseChatMessageDetail> {
  static readonly eventName = 'sse-chat-stop';
  constructor(detail: SseChatMessageDetail) {
    super(SseChatStopEvent.eventName, { ...options, detail });
  }
}

/** `detail` of {@link SseChatErrorEvent}. */
export interface SseChatErrorDetail {
  /** The failed answer; whatever arrived before the failure is kept. */
  readonly message: ChatMessage;
  /** What went wrong: a code, the (untrusted) message, HTTP status and `retryAfter` where known. */
  readonly error: ChatError;
}

/** `sse-chat-error`: the turn failed (HTTP error, network, stall, server error event, cut off…). */
export class SseChatErrorEvent extends CustomEvent<SseChatErrorDetail> {
  static readonly eventName = 'sse-chat-error';
  constructor(detail: SseChatErrorDetail) {
    super(SseChatErrorEvent.eventName, { ...options, detail });
  }
}

/** `detail` of {@link SseChatToggleEvent}. */
export interface SseChatToggleDetail {
  /** Whether the launcher's panel is now open. */
  readonly open: boolean;
}

/**
 * `sse-chat-toggle`: the launcher's panel opened or closed (by the launcher, the close button, Escape, or the
 * `open` property). Not cancelable: it reports a change. Not fired for the state the element starts in.
 */
export class SseChatToggleEvent extends CustomEvent<SseChatToggleDetail> {
  static readonly eventName = 'sse-chat-toggle';
  constructor(detail: SseChatToggleDetail) {
    super(SseChatToggleEvent.eventName, { ...options, detail });
  }
}

/** `detail` of {@link SseChatFeedbackEvent}. */
export interface SseChatFeedbackDetail {
  /** The answer's id (as in `messages`). */
  readonly messageId: string;
  /** `up`, `down`, or undefined when the reader withdrew their feedback. */
  readonly value: Feedback | undefined;
  /** The answer's markdown source, so the page can post it along. */
  readonly text: string;
}

/**
 * `sse-chat-feedback`: the reader gave, changed or withdrew a thumbs up or down on an answer (`feedback`
 * attribute). Bubbles and is composed like every `sse-chat-*` event; not cancelable: it reports a change already
 * shown (and stored in `message.feedback`).
 */
export class SseChatFeedbackEvent extends CustomEvent<SseChatFeedbackDetail> {
  static readonly eventName = 'sse-chat-feedback';
  constructor(detail: SseChatFeedbackDetail) {
    super(SseChatFeedbackEvent.eventName, { ...options, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sse-chat-send': SseChatSendEvent;
    'sse-chat-start': SseChatStartEvent;
    'sse-chat-event': SseChatStreamEvent;
    'sse-chat-done': SseChatDoneEvent;
    'sse-chat-stop': SseChatStopEvent;
    'sse-chat-error': SseChatErrorEvent;
    'sse-chat-toggle': SseChatToggleEvent;
    'sse-chat-feedback': SseChatFeedbackEvent;
  }
}
