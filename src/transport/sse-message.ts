/**
 * One message as a conforming `EventSource` would dispatch it (WHATWG HTML, "server-sent events").
 */
export interface SseMessage {
  /** The event type; `message` when the block named none. */
  event: string;
  /** The data lines joined with `\n` (the final newline removed). */
  data: string;
  /** The last event ID in force when the message was dispatched (`''` when none was ever set or it was reset). */
  id: string;
}
