import type { SseMessage } from './sse-message.js';

/**
 * A streaming parser for `text/event-stream`, written to the WHATWG HTML "server-sent events" parsing rules so
 * that every message is exactly what a conforming `EventSource` would dispatch.
 *
 * Why our own and not `eventsource-parser` (a dependency of our dev dependencies): that library reports the `id` of each block instead of
 * the *last event ID* in force, forgets an id set by a block without data (so a resume would ask for the wrong
 * place), and strips a BOM only when it sees the three raw bytes as characters. Those rules live inside its
 * closure; no wrapper can recover an id it never reports. The conformant parser is about as small.
 */

/** Default for {@link SseParserOptions.maxEventSize}: 4 MiB of characters (a 1 MB single event passes). */
export const DEFAULT_MAX_EVENT_SIZE = 4 * 1024 * 1024;

/** Options for {@link createSseParser}. */
export interface SseParserOptions {
  /** Called once per dispatched message, synchronously from `feed`. */
  onMessage(message: SseMessage): void;
  /** Called with a valid `retry:` value (milliseconds; only all-ASCII-digit values are accepted). */
  onRetry?(milliseconds: number): void;
  /** Called for each comment line (`: text`), with one leading space removed. Heartbeats arrive here. */
  onComment?(text: string): void;
  /**
   * Called for a named block without data (`event: end`): the spec dispatches nothing for it, and `onMessage` is
   * not called, but chat servers use it as their end signal. The message has `kind: 'signal'` and empty data.
   */
  onSignal?(message: SseMessage): void;
  /** Called for each line that is no field the spec knows (neither comment, `data`, `event`, `id` nor `retry`). */
  onOtherLine?(line: string): void;
  /**
   * Largest number of characters one event's data may buffer (a single line may exceed it only by a few
   * characters, room for its field name). Beyond it `feed` throws {@link SseEventTooLargeError} instead of
   * growing memory without bound. Default {@link DEFAULT_MAX_EVENT_SIZE}.
   */
  maxEventSize?: number;
}

/** A parser for one event stream (and its resumed connections). */
export interface SseParser {
  /**
   * Parses the next piece of the stream. Bytes are decoded as UTF-8 here (a character split across chunks
   * decodes correctly, invalid bytes become U+FFFD). Feed one kind per connection: bytes or strings.
   * @throws SseEventTooLargeError when an event or line exceeds `maxEventSize`; the parser is then spent.
   */
  feed(chunk: Uint8Array | string): void;
  /** The stream closed: a final block without its terminating blank line is discarded, as the spec requires. */
  end(): void;
  /**
   * Starts parsing a new connection of the same event source (a resume): the unfinished line and block of the
   * dropped connection are discarded, the decoder and BOM handling start afresh, the last event ID is kept.
   */
  restart(): void;
  /** The event source's last event ID: the value to send as `Last-Event-ID` when resuming (`''` when none). */
  readonly lastEventId: string;
}

/** Thrown by {@link SseParser.feed} when one event's buffered data (or one line) exceeds the size limit. */
export class SseEventTooLargeError extends Error {
  /** The limit that was exceeded, in characters. */
  readonly limit: number;

  constructor(limit: number) {
    super(`An event in the stream exceeded ${limit} characters.`);
    this.name = 'SseEventTooLargeError';
    this.limit = limit;
  }
}

const LF = 0x0a;
const SPACE = 0x20;
const COLON = 0x3a;
const BOM = 0xfeff;
/** The longest field name we act on (`event`, `retry`) plus its colon: a line with no colon this early is ignorable. */
const FIELD_NAME_SCAN = 6;
const DIGITS_ONLY = /^[0-9]+$/;
/** Room a line needs beyond its value (`data: `, `event: `), so a value of exactly `maxEventSize` still fits. */
const LINE_OVERHEAD = 16;

/**
 * Creates a conformant SSE parser.
 *
 * @example
 * const parser = createSseParser({ onMessage: m => console.log(m.event, m.data, m.id) });
 * for await (const chunk of response.body) parser.feed(chunk);
 * parser.end();
 */
export function createSseParser(options: SseParserOptions): SseParser {
  const { onMessage, onRetry, onComment, onSignal, onOtherLine } = options;
  const maxEventSize = options.maxEventSize ?? DEFAULT_MAX_EVENT_SIZE;
  const maxLineLength = maxEventSize + LINE_OVERHEAD;

  let decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  /** The BOM is stripped by us, once per connection, so byte and string input behave alike. */
  let atStreamStart = true;
  /** The previous chunk ended in CR: an LF starting the next one belongs to the same line break. */
  let skipLeadingLf = false;
  /** The unfinished line, in pieces, joined once when its end arrives (never O(n²) concatenation). */
  const lineParts: string[] = [];
  let lineLength = 0;

  const dataLines: string[] = [];
  let dataLength = 0;
  let eventType = '';
  /** The spec's "last event ID buffer": set by `id` fields, persists across blocks. */
  let idBuffer = '';
  /** The spec's "last event ID string": committed from the buffer at every block end. */
  let lastEventId = '';
  let spent = false;

  function tooLarge(): never {
    spent = true;
    lineParts.length = 0;
    dataLines.length = 0;
    throw new SseEventTooLargeError(maxEventSize);
  }

  function dispatch() {
    lastEventId = idBuffer;
    if (dataLines.length === 0) {
      if (eventType !== '' && onSignal) onSignal({ event: eventType, data: '', id: lastEventId, kind: 'signal' });
      eventType = '';
      return;
    }
    const data = dataLines.length === 1 ? dataLines[0] : dataLines.join('\n');
    const event = eventType === '' ? 'message' : eventType;
    dataLines.length = 0;
    dataLength = 0;
    eventType = '';
    onMessage({ event, data, id: lastEventId });
  }

  /** Interprets `text[start, end)`, one line without its terminator. */
  function processLine(text: string, start: number, end: number) {
    if (start === end) {
      dispatch();
      return;
    }
    if (end - start > maxLineLength) tooLarge();
    const first = text.charCodeAt(start);
    if (first === COLON) {
      if (onComment) onComment(text.slice(text.charCodeAt(start + 1) === SPACE ? start + 2 : start + 1, end));
      return;
    }
    // Only field names of at most five characters matter, so the colon search is bounded (cheap on long lines).
    let colon = -1;
    const scanEnd = Math.min(end, start + FIELD_NAME_SCAN);
    for (let i = start + 1; i < scanEnd; i++) {
      if (text.charCodeAt(i) === COLON) {
        colon = i;
        break;
      }
    }
    let nameEnd: number;
    let value: string;
    if (colon === -1) {
      if (end - start >= FIELD_NAME_SCAN) return onOtherLine?.(text.slice(start, end)); // an unknown field name: ignored
      nameEnd = end;
      value = '';
    } else {
      nameEnd = colon;
      const valueStart = colon + 1 < end && text.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1;
      value = valueStart >= end ? '' : text.slice(valueStart, end);
    }
    // Field names compared by character code: this runs once per line of every stream.
    switch (nameEnd - start) {
      case 4:
        if (first === 0x64 && text.charCodeAt(start + 1) === 0x61 && text.charCodeAt(start + 2) === 0x74 && text.charCodeAt(start + 3) === 0x61) {
          // "data"
          dataLength += value.length + 1;
          if (dataLength > maxEventSize) tooLarge();
          dataLines.push(value);
          return;
        }
        break;
      case 5:
        if (text.startsWith('event', start)) eventType = value;
        else if (text.startsWith('retry', start)) {
          if (DIGITS_ONLY.test(value)) onRetry?.(Number(value));
        } else break;
        return;
      case 2:
        // "id"
        if (first === 0x69 && text.charCodeAt(start + 1) === 0x64) {
          if (!value.includes('\0')) idBuffer = value;
          return;
        }
    }
    onOtherLine?.(text.slice(start, end));
  }

  function feedText(text: string) {
    let position = 0;
    const length = text.length;
    if (length === 0) return;
    if (atStreamStart) {
      atStreamStart = false;
      if (text.charCodeAt(0) === BOM) position = 1;
    }
    if (skipLeadingLf) {
      skipLeadingLf = false;
      if (position < length && text.charCodeAt(position) === LF) position += 1;
    }
    // Next CR and LF positions are cached so a chunk with many lines of one kind is scanned once, not per line.
    let nextCr = text.indexOf('\r', position);
    let nextLf = text.indexOf('\n', position);
    while (nextCr !== -1 || nextLf !== -1) {
      const lineEnd = nextCr === -1 ? nextLf : nextLf === -1 ? nextCr : Math.min(nextCr, nextLf);
      if (lineParts.length === 0) {
        processLine(text, position, lineEnd);
      } else {
        // Two pieces (the common case of a line split by one read) concatenate; more are joined once.
        const rest = text.slice(position, lineEnd);
        const line = lineParts.length === 1 ? lineParts[0] + rest : (lineParts.push(rest), lineParts.join(''));
        lineParts.length = 0;
        lineLength = 0;
        processLine(line, 0, line.length);
      }
      if (spent) return;
      position = lineEnd + 1;
      if (lineEnd === nextCr) {
        if (position === length) skipLeadingLf = true;
        else if (text.charCodeAt(position) === LF) position += 1;
      }
      if (nextCr !== -1 && nextCr < position) nextCr = text.indexOf('\r', position);
      if (nextLf !== -1 && nextLf < position) nextLf = text.indexOf('\n', position);
    }
    if (position < length) {
      lineLength += length - position;
      if (lineLength > maxLineLength) tooLarge();
      lineParts.push(position === 0 ? text : text.slice(position));
    }
  }

  function discardUnfinished() {
    lineParts.length = 0;
    lineLength = 0;
    dataLines.length = 0;
    dataLength = 0;
    eventType = '';
    skipLeadingLf = false;
  }

  return {
    feed(chunk) {
      if (spent) throw new SseEventTooLargeError(maxEventSize);
      feedText(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    },
    end() {
      discardUnfinished();
    },
    restart() {
      discardUnfinished();
      // Browsers seed a new connection's id buffer with the last event ID (a fresh '' would lose it on resume).
      idBuffer = lastEventId;
      decoder = new TextDecoder('utf-8', { ignoreBOM: true });
      atStreamStart = true;
    },
    get lastEventId() {
      return lastEventId;
    },
  };
}
