// The canonical `sse-chat` wire form (docs/protocol.md): each chat event as `event: <type>` + `data: <JSON>`.

/**
 * The raw SSE text of one chat event in the canonical form. `JSON.stringify` escapes CR and LF, so the data always
 * fits on one `data:` line; fields that are `undefined` are left out.
 * @param {import('../../src/dialects/chat-event.js').ChatEvent} event
 * @param {string | number} [id] an event id, for streams a client may resume with `Last-Event-ID`
 * @returns {string}
 */
export function encodeCanonicalEvent(event, id) {
  const { type, ...payload } = event;
  const idLine = id === undefined ? '' : `id: ${id}\n`;
  return `${idLine}event: ${type}\ndata: ${JSON.stringify(payload)}\n\n`;
}

/**
 * The canonical encoder the demo server uses for `POST /api/chat`.
 * @param {{ eventIds?: boolean, firstId?: number }} [options] `eventIds` numbers every event (`id: 1`, `id: 2`…,
 *   starting after `firstId`) so a client can resume; off by default because resuming needs server support.
 * @returns {import('./types.mjs').WireEncoder}
 */
export function createCanonicalEncoder({ eventIds = false, firstId = 0 } = {}) {
  let lastId = firstId;
  return {
    contentType: 'text/event-stream; charset=utf-8',
    headers: { 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' },
    encode: event => encodeCanonicalEvent(event, eventIds ? ++lastId : undefined),
    heartbeat: () => ': keep-alive\n\n',
  };
}
