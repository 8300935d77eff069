/**
 * The transport layer: bytes → SSE messages (`createSseParser`), and one request read as a classified,
 * abortable, optionally resumable event stream (`streamSse`).
 */
export type { SseMessage } from './sse-message.js';
export {
  createSseParser,
  DEFAULT_MAX_EVENT_SIZE,
  SseEventTooLargeError,
  type SseParser,
  type SseParserOptions,
} from './sse-parser.js';
export {
  streamSse,
  DEFAULT_IDLE_TIMEOUT,
  DEFAULT_MAX_RESUMES,
  DEFAULT_TURN_TIMEOUT,
  type StreamHandlers,
  type StreamRequest,
  type StreamSummary,
} from './transport.js';
export { TransportError, isRetryableCode, type TransportErrorInit } from './transport-error.js';
export {
  httpErrorFrom,
  isRetryableStatus,
  messageFromErrorBody,
  messageFromJson,
  parseRetryAfter,
  statusLine,
} from './http-error.js';
