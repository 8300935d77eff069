export { SseChat } from './sse-chat.js';
export type * from './chat-events.js';
export * from './state/message.js';
export type { SseMessage } from './transport/sse-message.js';
export { DialectName } from './dialects/dialect.js';
export type { Dialect, DialectMapper, MapEventFunction, RequestContext } from './dialects/dialect.js';
export { ChatStatus } from './status.js';
export {
  SseChatSendEvent,
  SseChatStartEvent,
  SseChatStreamEvent,
  SseChatDoneEvent,
  SseChatStopEvent,
  SseChatErrorEvent,
  SseChatToggleEvent,
} from './events.js';
export type {
  SseChatSendDetail,
  SseChatStartDetail,
  SseChatStreamDetail,
  SseChatMessageDetail,
  SseChatErrorDetail,
  SseChatToggleDetail,
} from './events.js';
export { defaultStrings, type SseChatStrings } from './strings.js';
export type { HeadersOption } from './controllers/request.js';
