import type { ChatEvent, ChatSource, StepProgress, StepStatus } from '../dialects/chat-event.js';
import { ErrorCode } from '../transport/error-code.js';

/**
 * The conversation model and its pure reducer. Every function here returns a new message and never mutates its
 * input, so the element, the endpoint checker and the tests share one definition of "what the stream meant".
 * Time is passed in (`now`, epoch ms) to keep the functions pure.
 */

export const MessageStatus = {
  Streaming: 'streaming',
  Done: 'done',
  Stopped: 'stopped',
  Error: 'error',
} as const;
export type MessageStatus = (typeof MessageStatus)[keyof typeof MessageStatus];

export type MessageRole = 'user' | 'assistant';

/** The reader's verdict on an answer (`feedback` attribute): thumbs up or down; unset until given or once withdrawn. */
export type Feedback = 'up' | 'down';

/** A file sent with a user message, as the conversation keeps it: what it was, never its bytes. */
export interface Attachment {
  readonly name: string;
  /** Its MIME type (`application/octet-stream` when the browser did not know it). */
  readonly type: string;
  /** Bytes. */
  readonly size: number;
}

export interface ChatStep {
  readonly id: string;
  /** Untrusted server text, rendered as text only. */
  readonly label: string;
  readonly status: StepStatus;
  readonly progress?: StepProgress;
  readonly detail?: string;
  /** When the client first saw the step (epoch ms). */
  readonly startedAt?: number;
  /** When the client saw it finish (epoch ms). */
  readonly endedAt?: number;
}

// The error codes are the transport's (it raises most of them); the state re-exports them for its readers.
export { ErrorCode };

export interface ChatError {
  /** Untrusted, human-readable text (the server's own message where it sent one). */
  readonly message: string;
  /** Why the turn failed: one of {@link ErrorCode}, or a code the server sent. */
  readonly code?: string;
  /** The HTTP status, for `http` errors. */
  readonly status?: number;
  /** Whether sending the same message again makes sense. */
  readonly retryable: boolean;
  /** Seconds the server asked us to wait (`Retry-After`). */
  readonly retryAfter?: number;
}

export interface ChatNotice {
  /** Untrusted server text, rendered as text only. */
  readonly message: string;
  readonly kind?: string;
  readonly at: number;
}

export interface ChatMessage {
  readonly id: string;
  readonly role: MessageRole;
  /** The markdown source received so far (for a user message, what the user typed). */
  readonly text: string;
  readonly status: MessageStatus;
  readonly steps: readonly ChatStep[];
  readonly sources: readonly ChatSource[];
  /**
   * How the server numbered its sources: its `[n]` cites card `citations[n - 1]` (1-based). Sources the server
   * repeated share one card, so the server's numbers and the cards can differ; unset means `[n]` is card n.
   */
  readonly citations?: readonly number[];
  /** Side events such as "summary e-mailed", shown under the answer. */
  readonly notices: readonly ChatNotice[];
  /** Model, usage and anything else the server reported; not rendered by default. */
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly error: ChatError | null;
  readonly model?: string;
  /** The dialect the answer was read as (after detection). */
  readonly dialect?: string;
  readonly createdAt: number;
  readonly endedAt?: number;
  /** Follow-up questions the server suggested (untrusted text); shown as chips under the last answer. */
  readonly suggestions?: readonly string[];
  /** The reader's thumbs up or down on a finished answer; absent when none was given (or it was withdrawn). */
  readonly feedback?: Feedback;
  /** The files sent with a user message (`attachments`): names, types and sizes only. */
  readonly attachments?: readonly Attachment[];
}

let counter = 0;
/** A message id unique within the page. */
export function createMessageId(prefix = 'm'): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter.toString(36)}`;
}

function baseMessage(role: MessageRole, text: string, status: MessageStatus, now: number): ChatMessage {
  return {
    id: createMessageId(role === 'user' ? 'u' : 'a'),
    role,
    text,
    status,
    steps: [],
    sources: [],
    notices: [],
    metadata: {},
    error: null,
    createdAt: now,
  };
}

export function createUserMessage(text: string, now: number, attachments?: readonly Attachment[]): ChatMessage {
  const message = { ...baseMessage('user', text, MessageStatus.Done, now), endedAt: now };
  return attachments?.length ? { ...message, attachments } : message;
}

export function createAssistantMessage(now: number): ChatMessage {
  return baseMessage('assistant', '', MessageStatus.Streaming, now);
}

/** The page a source is from; with its snippet, the passage. */
const pageKey = (source: ChatSource) => `${source.url ?? ''}\u0000${source.title}`;
const sourceKey = (source: ChatSource) => `${pageKey(source)}\u0000${source.snippet ?? ''}`;

/**
 * Adds a `sources` event's sources as cards, one per distinct source, and records the card each of the server's
 * numbers cites. An event that repeats every source received so far before new ones (a cumulative list) only adds
 * its tail, so the server's numbering stays the list's.
 */
function addSources(message: ChatMessage, incoming: readonly ChatSource[]): ChatMessage {
  const { sources } = message;
  const citations = message.citations ?? sources.map((_, index) => index + 1);
  const cumulative =
    citations.length > 0 &&
    incoming.length >= citations.length &&
    citations.every((card, index) => sourceKey(sources[card - 1]!) === sourceKey(incoming[index]!));
  const added = cumulative ? incoming.slice(citations.length) : incoming;
  if (added.length === 0) return message;
  // Card numbers by key, kept with the array (see sourceIndexes): one event costs lookups, not a scan.
  const cards = takeIndex(sourceIndexes, sources, () => indexSources(sources));
  const nextSources = sources.slice();
  const nextCitations = citations.slice();
  for (const source of added) {
    // Two passages of one page are two cards; a mention of a page without a passage (a citation of a search result,
    // say) is the card of that page, as is a passage of a page listed without one.
    const key = sourceKey(source);
    const page = cards.get(pageKey(source));
    let card = cards.get(key) ?? (page !== undefined && !(source.snippet && nextSources[page - 1]!.snippet) ? page : undefined);
    if (card === undefined) {
      card = nextSources.push(source);
      cards.set(key, card);
      if (page === undefined) cards.set(pageKey(source), card);
    }
    nextCitations.push(card);
  }
  sourceIndexes.set(nextSources, cards);
  return { ...message, sources: nextSources, citations: nextCitations };
}

/** Card numbers by passage and by page (the first card of each page); the two kinds of key never collide. */
function indexSources(sources: readonly ChatSource[]): Map<string, number> {
  const cards = new Map<string, number>();
  sources.forEach((source, index) => {
    cards.set(sourceKey(source), index + 1);
    if (!cards.has(pageKey(source))) cards.set(pageKey(source), index + 1);
  });
  return cards;
}

/**
 * Indexes of the lists the reducer appends to, so one event costs O(1) lookups instead of a scan: 10,000
 * one-source events used to rebuild a set of every earlier source each time (quadratic, a 14 s task). An index
 * belongs to one array and moves to the array that replaces it; a reducer called again on an older message (it
 * is pure) finds no index for that array and builds a fresh one.
 */
const sourceIndexes = new WeakMap<readonly ChatSource[], Map<string, number>>();
const stepIndexes = new WeakMap<readonly ChatStep[], Map<string, number>>();

function takeIndex<L extends object, I>(indexes: WeakMap<L, I>, list: L, build: () => I): I {
  const index = indexes.get(list) ?? build();
  indexes.delete(list);
  return index;
}

function upsertStep(steps: readonly ChatStep[], event: Extract<ChatEvent, { type: 'step' }>, now: number) {
  const positions = takeIndex(stepIndexes, steps, () => new Map(steps.map((step, i) => [step.id, i])));
  const index = positions.get(event.id) ?? -1;
  const previous = index === -1 ? undefined : steps[index];
  const status = event.status ?? previous?.status ?? 'active';
  const finished = status !== 'active';
  const step: ChatStep = {
    id: event.id,
    label: event.label ?? previous?.label ?? event.id,
    status,
    progress: event.progress ?? previous?.progress,
    detail: event.detail ?? previous?.detail,
    startedAt: previous?.startedAt ?? now,
    endedAt: finished ? (previous?.endedAt ?? now) : undefined,
  };
  const next = steps.slice();
  if (index === -1) positions.set(step.id, next.push(step) - 1);
  else next[index] = step;
  stepIndexes.set(next, positions);
  return next;
}

/** Ends every step still active: `status` says how (a stopped turn keeps them active but timed). */
function settleSteps(steps: readonly ChatStep[], status: StepStatus | undefined, now: number): readonly ChatStep[] {
  if (!steps.some(step => step.status === 'active' && step.endedAt === undefined)) return steps;
  return steps.map(step =>
    step.status === 'active' && step.endedAt === undefined ? { ...step, status: status ?? step.status, endedAt: now } : step,
  );
}

/**
 * Applies one chat event to an assistant message. Once a turn has ended, only what may legitimately trail the
 * completion signal (notices, metadata, sources — e.g. a seed backend's `email_sent` after `done`) still applies.
 */
export function applyChatEvent(message: ChatMessage, event: ChatEvent, now: number): ChatMessage {
  const streaming = message.status === MessageStatus.Streaming;
  switch (event.type) {
    case 'notice':
      return { ...message, notices: [...message.notices, { message: event.message, kind: event.kind, at: now }] };
    case 'metadata':
      return { ...message, metadata: { ...message.metadata, ...event.metadata } };
    case 'suggestions':
      // Like sources, they may trail `done`, but a failed or stopped answer offers Retry instead.
      return message.status === MessageStatus.Stopped || message.status === MessageStatus.Error
        ? message
        : { ...message, suggestions: event.suggestions };
    case 'sources': {
      if (message.status === MessageStatus.Stopped || message.status === MessageStatus.Error) return message;
      return addSources(message, event.sources);
    }
  }
  if (!streaming) return message;
  switch (event.type) {
    case 'start':
      return event.model ? { ...message, model: event.model } : message;
    case 'step':
      return { ...message, steps: upsertStep(message.steps, event, now) };
    case 'text-delta':
      return event.delta ? { ...message, text: message.text + event.delta } : message;
    case 'text':
      return { ...message, text: event.text };
    case 'error':
      return failMessage(
        message,
        { message: event.message, code: event.code ?? ErrorCode.Server, retryable: event.retryable ?? true },
        now,
      );
    case 'done':
      // An answer that is done yet shows nothing was lost somewhere (often a format misread): say so, never "done".
      if (!hasContent(message)) return endOfStream(message, now);
      return { ...message, status: MessageStatus.Done, steps: settleSteps(message.steps, 'done', now), endedAt: now };
  }
}

/** The answer with the reader's feedback set, or removed when `value` is undefined. */
export function withFeedback(message: ChatMessage, value: Feedback | undefined): ChatMessage {
  const { feedback: _previous, ...rest } = message;
  return value ? { ...rest, feedback: value } : rest;
}

/** The user pressed Stop: the partial answer stays, marked stopped. */
export function stopMessage(message: ChatMessage, now: number): ChatMessage {
  if (message.status !== MessageStatus.Streaming) return message;
  return { ...message, status: MessageStatus.Stopped, steps: settleSteps(message.steps, undefined, now), endedAt: now };
}

/** The turn failed; whatever was streamed stays. */
export function failMessage(message: ChatMessage, error: ChatError, now: number): ChatMessage {
  if (message.status !== MessageStatus.Streaming) return message;
  return { ...message, status: MessageStatus.Error, error, steps: settleSteps(message.steps, 'error', now), endedAt: now };
}

/**
 * Ends an answer whose text grew past `maxChars` (a positive limit; anything else is none): the text up to the
 * limit stays, and the error says why. A runaway server must not fill the page's memory.
 */
export function limitAnswer(message: ChatMessage, maxChars: number, now: number): ChatMessage {
  if (message.status !== MessageStatus.Streaming || !(maxChars > 0) || message.text.length <= maxChars) return message;
  const high = message.text.charCodeAt(maxChars - 1);
  const text = message.text.slice(0, high >= 0xd800 && high <= 0xdbff ? maxChars - 1 : maxChars);
  const error = { message: `Over ${maxChars} characters.`, code: ErrorCode.AnswerTooLarge, retryable: false };
  return failMessage({ ...message, text }, error, now);
}

/** Whether anything at all arrived for this answer. */
export function hasContent(message: ChatMessage): boolean {
  return message.text !== '' || message.steps.length > 0 || message.sources.length > 0 || message.notices.length > 0;
}

/**
 * The stream closed cleanly. Without the dialect's completion signal the answer is not done: it was cut off,
 * or nothing was received at all.
 */
export function endOfStream(message: ChatMessage, now: number): ChatMessage {
  if (message.status !== MessageStatus.Streaming) return message;
  return hasContent(message)
    ? failMessage(message, { message: 'The answer was cut off before it finished.', code: ErrorCode.CutOff, retryable: true }, now)
    : failMessage(message, { message: 'No answer was received.', code: ErrorCode.NoAnswer, retryable: true }, now);
}
