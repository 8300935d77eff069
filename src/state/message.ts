import type { ChatEvent, ChatSource, StepProgress, StepStatus } from '../dialects/chat-event.js';
import type { AttachmentInfo } from '../dialects/dialect.js';
import { ErrorCode, ErrorMessage } from '../transport/error-code.js';
import { logText } from './text-log.js';

/**
 * The conversation model and its reducer. Every function here returns a new message, so the element, the endpoint
 * checker and the tests share one definition of "what the stream meant"; time is passed in (`now`, epoch ms).
 * One exception keeps long streams linear: the lists an answer accumulates (`steps`, `sources`, `citations`,
 * `notices`) grow in place, see {@link ChatMessage.revision}.
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

/**
 * A file sent with a user message, as the conversation keeps it: what it was (name, MIME type —
 * `application/octet-stream` when the browser did not know it — and size in bytes), never its bytes. The same shape
 * a request body's history refers to it by.
 */
export type Attachment = AttachmentInfo;

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
  /** Grows in place while the answer streams: see {@link ChatMessage.revision}. */
  readonly steps: readonly ChatStep[];
  /** Grows in place while the answer streams: see {@link ChatMessage.revision}. */
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
  /**
   * Changes whenever `steps`, `sources`, `citations`, `notices` or `metadata` change. Those grow in place (a step
   * is updated in place): copying them per event made 10,000 one-source events quadratic. So an earlier message of
   * the same answer shares them and sees what came later; compare revisions, not lists, to see a change. The
   * reducer appends only to the lists of the message it made last (the one with their revision); it copies any
   * other list once (one from storage or the page, or one of an earlier message reduced again).
   */
  readonly revision?: number;
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
  const nextSources = growable(message, sources);
  const nextCitations = growable(message, citations);
  // Card numbers by key, kept with the list (see listIndexes): one event costs lookups, not a scan.
  const cards = indexOf(nextSources, indexSources);
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
  return grown(message, { sources: nextSources, citations: nextCitations });
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

/** The revision each list (or metadata) the reducer grows in place was last changed at (see {@link ChatMessage.revision}). */
const listRevisions = new WeakMap<object, number>();
let lastRevision = 0;

/**
 * `list` (one of `message`'s) to change in place when `message` is the one the reducer last made with it, else a
 * copy (made once: the returned message owns it).
 */
function growable<T>(message: ChatMessage, list: readonly T[]): T[] {
  const owned = message.revision !== undefined && listRevisions.get(list) === message.revision;
  return owned ? (list as T[]) : list.slice();
}

/**
 * `message` with `changes` to its lists, under a new revision that owns the changed lists and those `message`
 * owned (a list another message owns stays its: the next change copies it).
 */
function grown(message: ChatMessage, changes: Partial<Pick<ChatMessage, 'steps' | 'sources' | 'citations' | 'notices' | 'metadata'>>): ChatMessage {
  const next = { ...message, ...changes, revision: (lastRevision += 1) };
  for (const list of [next.steps, next.sources, next.citations, next.notices, next.metadata]) {
    if (list && (Object.values(changes).includes(list) || listRevisions.get(list) === message.revision)) listRevisions.set(list, next.revision);
  }
  return next;
}

/**
 * Lookup tables of the lists the reducer grows, so one event costs O(1) lookups instead of a scan: 10,000
 * one-source events used to rebuild a set of every earlier source each time. A table is kept with its list and
 * changed with it; a copied list gets a new one.
 */
const listIndexes = new WeakMap<readonly unknown[], Map<string, number>>();

function indexOf<T>(list: readonly T[], build: (list: readonly T[]) => Map<string, number>): Map<string, number> {
  let index = listIndexes.get(list);
  if (!index) listIndexes.set(list, (index = build(list)));
  return index;
}

function upsertStep(message: ChatMessage, event: Extract<ChatEvent, { type: 'step' }>, now: number): ChatMessage {
  const steps = growable(message, message.steps);
  const positions = indexOf(steps, list => new Map(list.map((step, i) => [step.id, i])));
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
  if (index === -1) positions.set(step.id, steps.push(step) - 1);
  else steps[index] = step;
  return grown(message, { steps });
}

/** Ends every step still active: `status` says how (a stopped turn keeps them active but timed). */
function settleSteps(message: ChatMessage, status: StepStatus | undefined, now: number): ChatMessage {
  const running = (step: ChatStep) => step.status === 'active' && step.endedAt === undefined;
  if (!message.steps.some(running)) return message;
  return grown(message, {
    steps: message.steps.map(step => (running(step) ? { ...step, status: status ?? step.status, endedAt: now } : step)),
  });
}

/**
 * Applies one chat event to an assistant message. Once a turn has ended, only what may legitimately trail the
 * completion signal (notices, metadata, sources — e.g. a seed backend's `email_sent` after `done`) still applies.
 */
export function applyChatEvent(message: ChatMessage, event: ChatEvent, now: number): ChatMessage {
  const next = reduceChatEvent(message, event, now);
  logText(message, next, event);
  return next;
}

function reduceChatEvent(message: ChatMessage, event: ChatEvent, now: number): ChatMessage {
  const streaming = message.status === MessageStatus.Streaming;
  switch (event.type) {
    case 'notice': {
      const notices = growable(message, message.notices);
      notices.push({ message: event.message, kind: event.kind, at: now });
      return grown(message, { notices });
    }
    case 'metadata': {
      // Grown in place like the lists (5,000 events of one new key each were quadratic), by definition, never by
      // assignment: a `__proto__` key from JSON stays data.
      const owned = message.revision !== undefined && listRevisions.get(message.metadata) === message.revision;
      const metadata: Record<string, unknown> = owned ? (message.metadata as Record<string, unknown>) : { ...message.metadata };
      for (const [key, value] of Object.entries(event.metadata)) {
        Object.defineProperty(metadata, key, { value, enumerable: true, writable: true, configurable: true });
      }
      return grown(message, { metadata });
    }
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
      return upsertStep(message, event, now);
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
      return { ...settleSteps(message, 'done', now), status: MessageStatus.Done, endedAt: now };
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
  return { ...settleSteps(message, undefined, now), status: MessageStatus.Stopped, endedAt: now };
}

/** The turn failed; whatever was streamed stays. */
export function failMessage(message: ChatMessage, error: ChatError, now: number): ChatMessage {
  if (message.status !== MessageStatus.Streaming) return message;
  return { ...settleSteps(message, 'error', now), status: MessageStatus.Error, error, endedAt: now };
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
function hasContent(message: ChatMessage): boolean {
  return message.text !== '' || message.steps.length > 0 || message.sources.length > 0 || message.notices.length > 0;
}

/**
 * The stream closed cleanly. Without the dialect's completion signal the answer is not done: it was cut off,
 * or nothing was received at all.
 */
export function endOfStream(message: ChatMessage, now: number): ChatMessage {
  if (message.status !== MessageStatus.Streaming) return message;
  return hasContent(message)
    ? failMessage(message, { message: ErrorMessage.CutOff, code: ErrorCode.CutOff, retryable: true }, now)
    : failMessage(message, { message: ErrorMessage.NoAnswer, code: ErrorCode.NoAnswer, retryable: true }, now);
}

/**
 * Reads a TransportError as the error shown on the message. Anything else thrown on the way is a `setup` error: the
 * page's own `headers()` or `buildBody()` failed, or the browser refused the request they built (an invalid header
 * or URL). Nothing was sent, and sending the same again fails the same way.
 */
export function toChatError(error: unknown): ChatError {
  const candidate = (error ?? {}) as Partial<ChatError> & { message?: unknown };
  const message = typeof candidate.message === 'string' && candidate.message ? candidate.message : String(error);
  if (typeof candidate.code === 'string') {
    return {
      message,
      code: candidate.code,
      retryable: candidate.retryable ?? true,
      ...(typeof candidate.status === 'number' ? { status: candidate.status } : {}),
      ...(typeof candidate.retryAfter === 'number' ? { retryAfter: candidate.retryAfter } : {}),
    };
  }
  return { message, code: ErrorCode.Setup, retryable: false };
}
