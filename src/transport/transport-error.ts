import { ErrorCode } from './error-code.js';

/** Optional details of a {@link TransportError}. */
export interface TransportErrorInit {
  /** The HTTP status, for `http` errors. */
  status?: number;
  /** Seconds the server asked us to wait (`Retry-After`). */
  retryAfter?: number;
  /** Overrides the default for the code (see {@link isRetryableCode}). */
  retryable?: boolean;
  /** The underlying error (a fetch `TypeError`, a read failure), for logs; never shown to users. */
  cause?: unknown;
}

/** Codes whose failure a second try can cure; `too-large` and `unexpected-response` would fail the same way. */
const RETRYABLE_CODES: ReadonlySet<string> = new Set<string>([
  ErrorCode.Network,
  ErrorCode.ConnectionLost,
  ErrorCode.Stalled,
  ErrorCode.TurnTimeout,
  ErrorCode.Offline,
]);

/** Whether a transport failure with this code is worth retrying by default (HTTP errors decide by status). */
export function isRetryableCode(code: ErrorCode): boolean {
  return RETRYABLE_CODES.has(code);
}

/**
 * Why a stream failed, classified. `message` is human-readable English (the server's own text for HTTP errors,
 * which is untrusted and must be rendered as text); the element localizes by `code`.
 */
export class TransportError extends Error {
  /** One of {@link ErrorCode}: what went wrong, for machines. */
  readonly code: ErrorCode;
  /** The HTTP status, for `http` errors. */
  readonly status?: number;
  /** Seconds the server asked us to wait before trying again (`Retry-After`). */
  readonly retryAfter?: number;
  /** Whether sending the same request again makes sense. */
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, init: TransportErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'TransportError';
    this.code = code;
    this.status = init.status;
    this.retryAfter = init.retryAfter;
    this.retryable = init.retryable ?? isRetryableCode(code);
  }
}
