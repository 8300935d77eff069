import type { ChatEvent } from './chat-event.js';
import type { SseMessage } from '../transport/sse-message.js';
import type { Dialect } from './dialect.js';

/**
 * The `text` dialect: a body that is plain text, not SSE framing (the AI SDK's `toTextStreamResponse()`, a FastAPI
 * `StreamingResponse` of strings). Every piece is answer text; the clean close of the body is the end of the
 * answer. Set explicitly on an SSE body, each message's data is text.
 */
export const textDialect: Dialect = {
  name: 'text',
  createMapper: () => ({
    map: (message: SseMessage): ChatEvent[] => (message.kind !== 'signal' && message.data ? [{ type: 'text-delta', delta: message.data }] : []),
    end: () => [{ type: 'done' }],
  }),
  // Only the transport marks text pieces: a body it found not to be SSE framing is unmistakable.
  detect: (message: SseMessage) => message.kind === 'text',
};
