/**
 * Stable machine-readable reasons a turn failed; the element maps each to a localized string. They live with the
 * transport, the lowest layer that names any of them, so every layer above (the dialects, the state's end of a turn,
 * the element's setup) can name them without importing upward.
 */
export const ErrorCode = {
  /** The server sent an error event. */
  Server: 'server',
  /** An HTTP status other than 2xx. */
  Http: 'http',
  /** The network failed before any response (offline, DNS, CORS): the request was sent, nothing answered. */
  Network: 'network',
  /** The connection dropped mid-stream. */
  ConnectionLost: 'connection-lost',
  /** The stream closed cleanly but without the dialect's completion signal. */
  CutOff: 'cut-off',
  /** The stream ended before anything was received. */
  NoAnswer: 'no-answer',
  /** The response was not an event stream (an HTML login page, a JSON body). */
  UnexpectedResponse: 'unexpected-response',
  /** No byte arrived for longer than the idle timeout. */
  Stalled: 'stalled',
  /** The whole turn took longer than its budget. */
  TurnTimeout: 'turn-timeout',
  /** One event exceeded the size limit. */
  TooLarge: 'too-large',
  /** The browser went offline during the stream. */
  Offline: 'offline',
  /** An event's payload was not what the dialect's format requires (e.g. not JSON). */
  InvalidEvent: 'invalid-event',
  /** The answer grew past the element's `max-answer-chars`. */
  AnswerTooLarge: 'answer-too-large',
  /**
   * The page's setup is wrong and nothing was sent: no endpoint, an endpoint that is not a URL, a header the browser
   * refuses, or the page's `headers()` or `buildBody()` threw (the message says which). Never retryable.
   */
  Setup: 'setup',
  /** A file to attach could not be read (moved, deleted or unreadable since it was picked). Never retryable. */
  File: 'file',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * The English message of a failure that has nothing to add to its code's summary: the transport's own failures, and
 * those the state concludes from how a stream ended. They are the element's default strings for those codes
 * (`strings.errorNetwork`, …, taken from here), so the view, which shows a message only when it differs from the
 * summary, shows the summary once, in the page's wording.
 */
export const ErrorMessage = {
  Network: 'Could not reach the server.',
  ConnectionLost: 'The connection was lost while the answer was arriving.',
  Offline: 'You went offline while the answer was arriving.',
  CutOff: 'The answer was cut off before it finished.',
  NoAnswer: 'No answer was received.',
} as const;

/**
 * The message of a network failure when the endpoint is on another origin: the browser reports a CORS refusal
 * exactly like a server that is down. The view shows it in the page's wording (`strings.errorCors`).
 */
export const CORS_MESSAGE =
  'The server may not allow requests from this page (CORS): it must send Access-Control-Allow-Origin, and Access-Control-Allow-Headers naming the request headers.';
