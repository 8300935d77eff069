// The one error type of the demo server's HTTP side: whatever refuses a request throws it, `sendError` answers it.

/** An error the server answers as JSON `{error: {message, code}}` with `status`. */
export class HttpError extends Error {
  /**
   * @param {number} status
   * @param {string} code       stable, machine-readable (e.g. 'invalid_json')
   * @param {string} message    for people
   * @param {Record<string, string>} [headers]  e.g. Allow, Retry-After
   */
  constructor(status, code, message, headers = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}
