import type { ChatEvent } from '../dialects/chat-event.js';
import { resolveSourceUrls, type DetectingMapper } from '../dialects/index.js';
import type { SseMessage } from '../transport/sse-message.js';
import { applyChatEvent, endOfStream, failMessage, limitAnswer, toChatError, type ChatMessage } from './message.js';

/**
 * One turn's answer as its response is read: each SSE message mapped by the dialect and applied to the answer, then
 * the answer ended as the response ended. The element's turn controller and `sse-chat check` both read a stream
 * through these, so the checker reports what the element shows.
 */

/** The element's default `maxAnswerChars`: past this many characters an answer ends with `answer-too-large`. */
export const DEFAULT_MAX_ANSWER_CHARS = 2_000_000;

/** What a turn is read with. */
export interface TurnOptions {
  /** The URL the request went to: relative source links are resolved against it. */
  endpoint: string;
  /** The longest answer, in characters (0: no limit). */
  maxAnswerChars: number;
}

/** An answer after some events, and those events. */
export interface TurnUpdate {
  answer: ChatMessage;
  events: ChatEvent[];
}

/**
 * Maps one SSE message with `mapper` and applies its events to `answer`, which also takes the dialect's name once
 * detected. Dialects turn bad input into error events, and the custom mapper catches a page's `mapEvent`; should a
 * dialect still throw on some hostile field, that one message is skipped and counted (metadata
 * `unreadableEvents`), never the whole answer.
 */
export function receiveMessage(answer: ChatMessage, message: SseMessage, mapper: DetectingMapper, options: TurnOptions, now: number): TurnUpdate {
  let events: ChatEvent[];
  try {
    events = resolveSourceUrls(mapper.map(message), options.endpoint);
  } catch {
    const count = answer.metadata.unreadableEvents;
    events = [{ type: 'metadata', metadata: { unreadableEvents: (typeof count === 'number' ? count : 0) + 1 } }];
  }
  const next = applyEvents(answer, events, options, now);
  const { detected } = mapper;
  return { answer: detected && next.dialect !== detected ? { ...next, dialect: detected } : next, events };
}

/**
 * Applies what the dialect still held back for detection when the response ended (a stream shorter than its
 * detection window), read with the fallback dialect; after a clean close (`closed`), the dialect's own end too.
 */
export function flushHeld(answer: ChatMessage, mapper: DetectingMapper | undefined, closed: boolean, options: TurnOptions, now: number): TurnUpdate {
  const events = resolveSourceUrls(mapper?.flush(closed) ?? [], options.endpoint);
  return { answer: applyEvents(answer, events, options, now), events };
}

/**
 * The answer once its response ended: closed cleanly, or with `failure` (what the transport threw). An answer already
 * settled stays as it is. A clean close without the dialect's completion signal is a cut-off (or no answer).
 */
export function endTurn(answer: ChatMessage, now: number, failure?: { error: unknown }): ChatMessage {
  return failure ? failMessage(answer, toChatError(failure.error), now) : endOfStream(answer, now);
}

function applyEvents(answer: ChatMessage, events: readonly ChatEvent[], options: TurnOptions, now: number): ChatMessage {
  let next = answer;
  for (const event of events) next = applyChatEvent(next, event, now);
  return limitAnswer(next, options.maxAnswerChars, now);
}
