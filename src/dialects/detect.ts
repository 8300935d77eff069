import type { ChatEvent, ChatEventType } from './chat-event.js';
import { ErrorCode } from '../transport/error-code.js';
import { isRetryableStatus, messageFromJson } from '../transport/http-error.js';
import type { SseMessage } from '../transport/sse-message.js';
import { readChatEvent } from './canonical.js';
import type { Dialect, DialectMapper, MapEventFunction } from './dialect.js';
import { own, ownNumber, ownString, parseJsonObject } from '../untrusted/json-values.js';
import { SERVER_ERROR } from './dialect-strings.js';

/**
 * Dialect detection and the mappers `createDialectMapper` hands out. Detection never throws an answer away:
 * - it commits on positive evidence only: messages nobody claims (pings, an untyped preamble) are held and mapped
 *   once the dialect is known; an end or error event proves nothing about the format (every format has one), so
 *   when one arrives undecided the tolerant fallback reads what was held;
 * - a committed dialect that maps nothing from a message the fallback reads as answer text (before the dialect
 *   produced any content of its own) was a wrong guess: the fallback takes over from that message on.
 */

/** A mapper that also says which dialect it is reading, and can hand over what it still holds. */
export interface DetectingMapper extends DialectMapper {
  /** The dialect in use: its name, `'custom'` for a page's `mapEvent`, `undefined` while still detecting. */
  readonly detected: string | undefined;
  /**
   * Call once when the stream ends. `closed` (default true): it closed cleanly (not failed), so the dialect's meaning of a close
   * applies (plain text: done). Maps messages still held back for detection (a stream shorter than the detection
   * window) with the fallback dialect.
   */
  flush(closed?: boolean): ChatEvent[];
}

/** Undecided messages (keep-alives do not count) after which detection gives up and reads with the fallback. */
export const DETECTION_WINDOW = 3;

/** Event types that show an answer: a dialect mapping one of these from the stream is reading it right. */
const CONTENT: ReadonlySet<ChatEventType> = new Set(['text-delta', 'text', 'step', 'sources', 'notice']);
const showsAnswer = (events: readonly ChatEvent[]) => events.some(event => CONTENT.has(event.type));
/** Answer text: the only thing the tolerant fallback reads plainly enough to overrule a dialect (its steps are guesses). */
const hasText = (events: readonly ChatEvent[]) => events.some(event => event.type === 'text-delta' || event.type === 'text');

/**
 * Messages that say nothing about the format: blank data, pings and heartbeats, by event name or JSON `type`
 * (signals never reach this test: they are terminal).
 */
const isKeepAlive = (message: SseMessage) =>
  /^(ping|pong|heartbeat|keep_?alive)$/.test(message.event) ||
  /^\s*$|^\s*\{\s*"type"\s*:\s*"(ping|pong|heartbeat|keep_?alive)"/.test(message.data);

/** An end or error: every format has one, so it is no evidence of which format this is. */
const isTerminal = (message: SseMessage) => message.kind === 'signal' || /^(?:done|end|error)$/.test(message.event);

/**
 * A JSON object written outside SSE framing (`kind: 'json'`): Google's APIs end a failed stream so. Its error is
 * shown whatever the dialect; anything else in it is ignored.
 */
function strayJsonEvents(message: SseMessage): ChatEvent[] {
  const payload = parseJsonObject(message.data);
  const error = own(payload, 'error');
  if (error === undefined) return [];
  const status = ownNumber(error, 'code');
  return [
    {
      type: 'error',
      message: messageFromJson(payload) ?? SERVER_ERROR,
      code: ownString(error, 'status') ?? ErrorCode.Server,
      retryable: status === undefined || isRetryableStatus(status),
    },
  ];
}

/** A mapper for a dialect chosen up front. */
export function createFixedMapper(dialect: Dialect): DetectingMapper {
  const inner = dialect.createMapper();
  return {
    detected: dialect.name,
    map: message => (message.kind === 'json' ? strayJsonEvents(message) : inner.map(message)),
    flush: (closed = true) => (closed ? (inner.end?.() ?? []) : []),
  };
}

function claims(dialect: Dialect, message: SseMessage, headers: Headers): boolean {
  try {
    return dialect.detect?.(message, headers) === true;
  } catch {
    // A detector that throws on odd input has not recognised it; the next candidate gets its turn.
    return false;
  }
}

/**
 * Detects the dialect from `candidates` (most specific first) and maps with it. After {@link DETECTION_WINDOW}
 * messages no candidate claimed, or at an end or error event, `fallback` reads the stream.
 */
export function createAutoMapper(candidates: readonly Dialect[], fallback: Dialect, headers: Headers): DetectingMapper {
  let chosen: { name: string; mapper: DialectMapper } | undefined;
  /** The fallback reading the same messages while the chosen dialect has not shown content yet. */
  let shadow: DialectMapper | undefined;
  let held: SseMessage[] = [];
  let undecided = 0;

  const mapOne = (message: SseMessage): ChatEvent[] => {
    const events = chosen!.mapper.map(message);
    if (!shadow) return events;
    const fallbackEvents = shadow.map(message);
    if (showsAnswer(events)) shadow = undefined; // the dialect reads the answer: confirmed
    else if (hasText(fallbackEvents)) {
      // The chosen dialect misses text the fallback sees: it was a wrong guess.
      chosen = { name: fallback.name, mapper: shadow };
      shadow = undefined;
      return fallbackEvents;
    }
    return events;
  };

  const commit = (dialect: Dialect) => {
    chosen = { name: dialect.name, mapper: dialect.createMapper() };
    if (dialect !== fallback) shadow = fallback.createMapper();
    const backlog = held;
    held = [];
    return backlog.flatMap(mapOne);
  };

  return {
    get detected() {
      return chosen?.name;
    },
    map(message: SseMessage): ChatEvent[] {
      if (message.kind === 'json') return strayJsonEvents(message);
      if (chosen) return mapOne(message);
      held.push(message);
      const dialect = candidates.find(candidate => claims(candidate, message, headers));
      if (dialect) return commit(dialect);
      if (isTerminal(message)) return commit(fallback);
      if (!isKeepAlive(message)) undecided += 1;
      return undecided >= DETECTION_WINDOW ? commit(fallback) : [];
    },
    flush(closed = true): ChatEvent[] {
      const events = chosen || held.length === 0 ? [] : commit(fallback);
      return closed && chosen ? [...events, ...(chosen.mapper.end?.() ?? [])] : events;
    },
  };
}

/**
 * Wraps a page's `mapEvent`. What it returns is normalized to an array of well-formed events, each checked as the
 * canonical wire form is (`readChatEvent`: an unknown `type` or a wrong field is dropped); an exception it throws
 * becomes a `setup` error event (the page's code is wrong) rather than breaking the stream, except for messages
 * `EventSource` would not dispatch (`kind`), which a mapper written before them may not expect.
 */
export function createCustomMapper(mapEvent: MapEventFunction): DetectingMapper {
  return {
    detected: 'custom',
    map(message: SseMessage): ChatEvent[] {
      let result: ReturnType<MapEventFunction>;
      try {
        result = mapEvent(message);
      } catch (error) {
        if (message.kind) return message.kind === 'json' ? strayJsonEvents(message) : [];
        const reason = error instanceof Error ? error.message : String(error);
        return [{ type: 'error', message: `mapEvent failed: ${reason}`, code: ErrorCode.Setup, retryable: false }];
      }
      if (result === null || result === undefined) return [];
      return (Array.isArray(result) ? result : [result]).flatMap(made => readChatEvent(made) ?? []);
    },
    flush: () => [],
  };
}
