import { SseChat } from './sse-chat.js';

// The one module with a side effect: importing it registers <sse-chat> (a no-op when the tag is taken).
SseChat.define();

declare global {
  interface HTMLElementTagNameMap {
    'sse-chat': SseChat;
  }
}

export { SseChat };
// Brings the events' DOM typings (GlobalEventHandlersEventMap, declared in events.ts) with the tag, so an app that
// only does `import 'sse-chat/define'` gets `event.detail` typed in its listeners.
export type * from './events.js';
