import type { ChatEvent } from '../dialects/chat-event.js';
import type { ChatMessage } from './message.js';

/**
 * How an answer's text was built, delta by delta: a string built by `+` is one V8 copies whole on its first read
 * (any slice, search or index), so a view that read `message.text` every frame paid the whole answer per frame. The
 * log lets it read only what was added (see {@link textGrowth}). The chunks grow in place, like the lists (see
 * {@link ChatMessage.revision}); a message's text is the first `count` of them.
 */
interface TextLog {
  /** The same for the logs of one growing text (a compacted log keeps it). */
  readonly source: object;
  readonly chunks: string[];
  /** The text's length after each chunk. */
  readonly ends: number[];
  /** Compacted: no longer appended to. */
  retired?: boolean;
}
/**
 * Chunks a log holds at most: then it starts again with the text so far as its first chunk. A view reads that whole
 * once, which flattens it: the text's rope never grows deeper than this (the first read of a rope of 128,000 deltas,
 * at the end of the stream, took ms), and the log never holds more deltas than this.
 */
const LOG_CHUNKS = 4096;
/**
 * A message's place in its text log, as a hidden property: a spread copy leaves it behind (see logText), JSON and
 * deep equality do not see it, and unlike a WeakMap entry per event it costs the garbage collector nothing.
 */
const TEXT_LOG = Symbol('textLog');
type Logged = ChatMessage & { [TEXT_LOG]?: { log: TextLog; count: number } };
const logOf = (message: ChatMessage) => (message as Logged)[TEXT_LOG];
const setLog = (message: ChatMessage, value: { log: TextLog; count: number }) => Object.defineProperty(message, TEXT_LOG, { value });

/** What a view needs to follow a growing text cheaply; the shape StreamingMarkdown's `render` takes. */
export interface TextGrowth {
  /** The same object for every text of the log: the longer one extends the shorter. */
  readonly source: object;
  readonly length: number;
  /** The text from `start` on, read from the chunks after `start` only. */
  since(start: number): string;
}

/** How `message.text` grew (undefined when unknown: then read the text itself). */
export function textGrowth(message: ChatMessage): TextGrowth | undefined {
  const entry = logOf(message);
  if (!entry) return undefined;
  const { log, count } = entry;
  return {
    source: log.source,
    length: log.ends[count - 1]!,
    since(start) {
      let first = count - 1;
      while (first > 0 && log.ends[first - 1]! > start) first--;
      const chunk = log.chunks[first]!;
      let text = chunk.slice(Math.max(0, start - (log.ends[first]! - chunk.length)));
      for (let i = first + 1; i < count; i++) text += log.chunks[i]!;
      return text;
    },
  };
}

/** Records in `next`'s text log what `event` did to `message`'s text (appended a delta, or left it). */
export function logText(message: ChatMessage, next: ChatMessage, event: ChatEvent): void {
  if (next === message) return;
  const entry = logOf(message);
  if (event.type === 'text-delta' && next.text !== message.text) {
    // Appended in place only by the latest message of a log; any other starts a log of its own.
    let log = entry && !entry.log.retired && entry.count === entry.log.chunks.length ? entry.log : undefined;
    if (!log || log.chunks.length >= LOG_CHUNKS) {
      if (log) log.retired = true;
      log = { source: log?.source ?? {}, chunks: [message.text], ends: [message.text.length] };
    }
    log.chunks.push(event.delta);
    log.ends.push(next.text.length);
    setLog(next, { log, count: log.chunks.length });
  } else if (entry && next.text === message.text) setLog(next, entry);
}
