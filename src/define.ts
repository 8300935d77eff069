import type * as domEvents from './events/dom-events.js';
import { SseChat } from './sse-chat.js';

// The one module with a side effect: importing it registers <sse-chat> (a no-op when the tag is taken).
SseChat.define();

declare global {
  interface HTMLElementTagNameMap {
    'sse-chat': SseChat;
  }
  // Names the event classes' module here so the declarations keep it: an app that only does
  // `import 'sse-chat/define'` then gets the events' typings (GlobalEventHandlersEventMap, in dom-events.ts) too.
  interface HTMLElementEventMap {
    'sse-chat-done': domEvents.SseChatDoneEvent;
  }
}

export { SseChat };
