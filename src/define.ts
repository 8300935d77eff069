import { SseChat } from './sse-chat.js';

// The one module with a side effect: importing it registers <sse-chat> (a no-op when the tag is taken).
SseChat.define();

declare global {
  interface HTMLElementTagNameMap {
    'sse-chat': SseChat;
  }
}

export { SseChat };
