import type { ChatEvent, ChatEventType } from './chat-event.js';
import type { SseMessage } from '../transport/sse-message.js';
import { canonicalEventTypes } from './canonical.js';
import type { Dialect, DialectMapper, MapEventFunction } from './dialect.js';

/**
 * Dialect detection and the mappers `createDialectMapper` hands out. A detecting mapper asks each candidate
 * dialect, in order, whether a message is theirs; messages that arrive before anyone says yes (pings, an untyped
 * preamble) are held and mapped once the dialect is known, so detection never loses a byte of the answer.
 */

/** A mapper that also says which dialect it is reading, and can hand over what it still holds. */
export interface DetectingMapper extends DialectMapper {
  /** The dialect in use: its name, `'custom'` for a page's `mapEvent`, `undefined` while still detecting. */
  readonly detected: string | undefined;
  /**
   * Call once when the stream ends: maps messages still held back for detection (a stream shorter than the
   * detection window) with the fallback dialect. Returns `[]` once a dialect is known.
   */
  flush(): ChatEvent[];
}

/** Undecided messages after which detection gives up and reads the stream with the fallback dialect. */
export const DETECTION_WINDOW = 3;

/** A mapper for a dialect chosen up front. */
export function createFixedMapper(dialect: Dialect): DetectingMapper {
  const inner = dialect.createMapper();
  return { detected: dialect.name, map: message => inner.map(message), flush: () => [] };
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
 * messages no candidate claimed, `fallback` reads the stream.
 */
export function createAutoMapper(candidates: readonly Dialect[], fallback: Dialect, headers: Headers): DetectingMapper {
  let chosen: { name: string; mapper: DialectMapper } | undefined;
  let held: SseMessage[] = [];

  const commit = (dialect: Dialect) => {
    chosen = { name: dialect.name, mapper: dialect.createMapper() };
    const backlog = held;
    held = [];
    return backlog.flatMap(message => chosen!.mapper.map(message));
  };

  return {
    get detected() {
      return chosen?.name;
    },
    map(message: SseMessage): ChatEvent[] {
      if (chosen) return chosen.mapper.map(message);
      held.push(message);
      const dialect = candidates.find(candidate => claims(candidate, message, headers));
      if (dialect) return commit(dialect);
      return held.length >= DETECTION_WINDOW ? commit(fallback) : [];
    },
    flush(): ChatEvent[] {
      return chosen || held.length === 0 ? [] : commit(fallback);
    },
  };
}

const isChatEvent = (value: unknown): value is ChatEvent =>
  typeof value === 'object' && value !== null && canonicalEventTypes.has((value as { type?: unknown }).type as ChatEventType);

/**
 * Wraps a page's `mapEvent`. What it returns is normalized to an array of well-formed events (anything without a
 * known `type` is dropped); an exception it throws becomes an `error` chat event rather than breaking the stream.
 */
export function createCustomMapper(mapEvent: MapEventFunction): DetectingMapper {
  return {
    detected: 'custom',
    map(message: SseMessage): ChatEvent[] {
      let result: ReturnType<MapEventFunction>;
      try {
        result = mapEvent(message);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return [{ type: 'error', message: `mapEvent failed: ${reason}`, code: 'map-event', retryable: false }];
      }
      if (result === null || result === undefined) return [];
      return (Array.isArray(result) ? result : [result]).filter(isChatEvent);
    },
    flush: () => [],
  };
}
