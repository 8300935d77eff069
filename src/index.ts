export { SseChat } from './sse-chat.js';
export type * from './chat-events.js';
export * from './state/message.js';
export type { SseMessage } from './transport/sse-message.js';
export { DialectName } from './dialects/dialect.js';
export type { Dialect, DialectMapper, MapEventFunction } from './dialects/dialect.js';
