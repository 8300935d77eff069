// The canonical wire format, used until demo/encoders/canonical.mjs (written in parallel) exists.

/**
 * `event: <type>` + `data: <JSON>` per chat event; `: heartbeat` comments during pauses.
 * @returns {import('../encoders/types.mjs').WireEncoder}
 */
export function createFallbackCanonicalEncoder() {
  return {
    contentType: 'text/event-stream; charset=utf-8',
    encode: ({ type, ...payload }) => `event: ${type}\ndata: ${JSON.stringify(payload)}\n\n`,
    heartbeat: () => ': heartbeat\n\n',
  };
}

/**
 * The canonical encoder factory: the shared one from demo/encoders/canonical.mjs when present, else the fallback.
 * @returns {Promise<(options: { model?: string }) => import('../encoders/types.mjs').WireEncoder>}
 */
export async function loadCanonicalEncoderFactory() {
  try {
    const module = await import('../encoders/canonical.mjs');
    // Without event ids: a client resuming with Last-Event-ID would get the whole answer again, as this server
    // does not replay from an id.
    if (typeof module.createCanonicalEncoder === 'function') return () => module.createCanonicalEncoder();
  } catch (error) {
    if (/** @type {any} */ (error)?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  }
  return createFallbackCanonicalEncoder;
}
