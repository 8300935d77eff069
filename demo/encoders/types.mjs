// The contract between the demo server and the wire formats it can speak.
//
// The default backend produces one answer as a sequence of canonical chat events (src/dialects/chat-event.ts):
// start, step…, sources, text-delta…, metadata, done (or error). A route turns those into a backend's own wire
// format with a WireEncoder, so every dialect and every seed backend is served from the same real answer.

/**
 * @typedef {object} WireEncoder
 * @property {string} contentType             the response's Content-Type (a seed may serve SSE as text/plain)
 * @property {Record<string, string>} [headers] extra response headers (e.g. x-vercel-ai-ui-message-stream)
 * @property {() => string} [open]             raw text written before the first event
 * @property {(event: import('../../src/dialects/chat-event.js').ChatEvent) => string} encode
 *   raw SSE text for one chat event ('' to skip); `done` writes the format's completion signal
 * @property {() => string} [close]            raw text written after `done`, before the connection closes
 *   (e.g. a seed backend's `email_sent` that trails `done`)
 * @property {() => string} [heartbeat]        raw text of a keep-alive during long pauses ('' or absent: none)
 */

/**
 * @typedef {object} DemoRoute
 * @property {string} path                    e.g. '/v1/chat/completions' (matched without the query string)
 * @property {string} name                    a label for the demo page's picker
 * @property {string} dialect                 the dialect `auto` should detect for it
 * @property {string} [description]
 * @property {(body: any) => string | undefined} readQuestion  the user's question from this API's request body
 * @property {boolean} [readsAttachments]     whether the route reads the body's `attachments` (and takes the larger bodies they make)
 * @property {(options: { model?: string }) => WireEncoder} createEncoder
 * @property {Record<string, unknown>} [exampleBody] a body the route accepts, for docs, the checker and tests
 */

export {};
