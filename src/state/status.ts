/**
 * What the chat is doing right now, written like Lit's `TaskStatus`: a const object for code plus a union type.
 * The element reflects it to its `status` attribute so CSS (`:host([status='streaming'])`) and tests can see it.
 */
export const ChatStatus = {
  /** Nothing in flight: ready for the next message. */
  Idle: 'idle',
  /** The request is sent; no response yet. */
  Connecting: 'connecting',
  /** The response is open and the answer is arriving. */
  Streaming: 'streaming',
  /** The last turn failed; the error is shown on its message. */
  Error: 'error',
} as const;

/** One of the {@link ChatStatus} values. */
export type ChatStatus = (typeof ChatStatus)[keyof typeof ChatStatus];
