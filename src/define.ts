import { SseChat } from './sse-chat.js';

SseChat.define();

declare global {
  interface HTMLElementTagNameMap {
    'sse-chat': SseChat;
  }
}

export { SseChat };
