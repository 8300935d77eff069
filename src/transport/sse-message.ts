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
  /**
   * Set only on what a conforming `EventSource` would NOT dispatch but a chat still needs, so dialects and
   * `mapEvent` can read it (it is never sent as `sse-chat-event`): `signal` is a named block without data
   * (`event: end`, `event: done`), `data` is `''`; `text` is a piece of a body that is not SSE framing (plain text);
   * `json` is a JSON object the server wrote without `data:` lines (an error object mid-stream).
   */
  kind?: 'signal' | 'text' | 'json';
}
