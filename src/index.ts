export { SseChat } from './sse-chat.js';
export type * from './dialects/chat-event.js';
// The message model's types; the reducer's functions stay internal (not semver-bound API).
export { MessageStatus } from './state/message.js';
export { ErrorCode } from './transport/error-code.js';
export type { Attachment, ChatError, ChatMessage, ChatNotice, ChatStep, Feedback, MessageRole } from './state/message.js';
export type { SseMessage } from './transport/sse-message.js';
export { DialectName } from './dialects/dialect.js';
export type { AttachmentData, Dialect, DialectMapper, HistoryTurn, MapEventFunction, RequestContext } from './dialects/dialect.js';
export { ChatStatus } from './state/status.js';
export {
  SseChatSendEvent,
  SseChatStartEvent,
  SseChatStreamEvent,
  SseChatDoneEvent,
  SseChatStopEvent,
  SseChatErrorEvent,
  SseChatToggleEvent,
  SseChatFeedbackEvent,
} from './events/dom-events.js';
export type {
  SseChatSendDetail,
  SseChatStartDetail,
  SseChatStreamDetail,
  SseChatMessageDetail,
  SseChatErrorDetail,
  SseChatToggleDetail,
  SseChatFeedbackDetail,
} from './events/dom-events.js';
export { defaultStrings, type SseChatStrings } from './view/strings.js';
export type { HeadersOption } from './transport/request.js';
export type { MarkdownExtension, MarkdownPlugin } from './markdown/plugins.js';
