import type { ChatEvent } from './chat-event.js';
import type { SseMessage } from '../transport/sse-message.js';

/** The dialects `<sse-chat>` understands; `auto` detects one from the response. */
export const DialectName = {
  Auto: 'auto',
  Canonical: 'sse-chat',
  Json: 'json',
  OpenAiChat: 'openai-chat',
  OpenAiResponses: 'openai-responses',
  Anthropic: 'anthropic',
  Gemini: 'gemini',
  VercelAi: 'vercel-ai',
  Tgi: 'tgi',
  Text: 'text',
  LangChain: 'langchain',
  LangGraph: 'langgraph',
  AgUi: 'ag-ui',
} as const;
export type DialectName = (typeof DialectName)[keyof typeof DialectName];

/**
 * Maps the SSE messages of one response to chat events. Made fresh for each response, because some formats need
 * state across messages (which content block is "thinking", partial tool calls, …). Must never throw on bad input:
 * a payload it cannot read becomes an `error` chat event or is ignored, as the format's spec says.
 */
export interface DialectMapper {
  map(message: SseMessage): ChatEvent[];
  /** The stream closed cleanly: what that close means in this format (a plain-text body's close is its `done`). */
  end?(): ChatEvent[];
}

/**
 * One earlier turn, as much of it as a request body carries. Declared here, not imported from the state, so
 * dialects stay below the state; the state's `ChatMessage` is one.
 */
export interface HistoryTurn {
  readonly id: string;
  readonly role: 'user' | 'assistant';
  readonly text: string;
  /** Files sent with an earlier question: what they were, never their bytes again. */
  readonly attachments?: readonly AttachmentInfo[];
}

/** A file as history refers to it. */
export interface AttachmentInfo {
  readonly name: string;
  /** MIME type. */
  readonly type: string;
  /** Bytes. */
  readonly size: number;
}

/** A file sent with the new message: its {@link AttachmentInfo} and its bytes, base64 (no `data:` prefix). */
export interface AttachmentData extends AttachmentInfo {
  readonly data: string;
}

/** What a request body is built from. */
export interface RequestContext {
  /** What the user just typed. */
  text: string;
  /** Earlier finished turns, oldest first, already trimmed to the configured history length. */
  history: readonly HistoryTurn[];
  sessionId: string;
  /** The `model` attribute, for APIs that need one. */
  model?: string;
  /** Files attached to the new message (`attachments`), read and base64-encoded; absent without any. */
  files?: readonly AttachmentData[];
}

export interface Dialect {
  readonly name: Exclude<DialectName, 'auto'>;
  createMapper(): DialectMapper;
  /**
   * Whether this dialect is what a response speaks, judged from its headers and one of its first messages.
   * `auto` asks the dialects in a fixed order (most specific first) and commits to the first that says yes.
   */
  detect?(message: SseMessage, headers: Headers): boolean;
  /** The JSON request body this dialect's servers expect (vendor APIs); the house default otherwise. */
  buildBody?(context: RequestContext): unknown;
}

/**
 * A page's own mapping for a format nobody anticipated: return the chat events one SSE message produced. It also
 * sees what `EventSource` would not dispatch, marked by `message.kind` (a data-less `event: end` is a `signal`);
 * an exception thrown for such a message is ignored.
 */
export type MapEventFunction = (message: SseMessage) => ChatEvent[] | ChatEvent | null | undefined;
