// The cheapest way to append one event to a streamed HTTP/1.1 response body. `res.write(text)` costs four socket
// writes (chunk size, CRLF, data, CRLF), a cork and a nextTick to uncork them into one writev, for every token of
// every stream; with the headers already on the socket, the same bytes framed here go out in one plain write.

/**
 * @typedef {object} BodyWriter
 * @property {(text: string) => boolean} write   appends `text` (non-empty) to the body; false: wait for `drain`
 * @property {import('node:events').EventEmitter} drainSource  emits 'drain' when writing may go on
 */

/**
 * A writer for the body of `res`, whose headers must already be flushed (`res.flushHeaders()`). Writes straight to
 * the socket, framed as one chunk, when the response owns its socket and uses chunked encoding (always, for an
 * event stream answering an HTTP/1.1 request); otherwise through `res.write`.
 * @param {import('node:http').ServerResponse} res
 * @returns {BodyWriter}
 */
export function createBodyWriter(res) {
  const socket = res.socket;
  // `socket` is set once the response is the one on the wire (not queued behind a pipelined one), and
  // flushHeaders() has then written the head to it; `chunkedEncoding` is Node's own choice of framing.
  if (!socket || !res.chunkedEncoding || !res.headersSent) {
    return { write: text => res.write(text), drainSource: res };
  }
  return {
    write: text => socket.write(`${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`),
    drainSource: socket,
  };
}
