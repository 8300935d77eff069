/**
 * Vercel AI SDK v5 UI message streams, written out from the AI SDK docs ("Stream Protocols": UI message stream)
 * and its `uiMessageChunkSchema`; every response carries the `x-vercel-ai-ui-message-stream: v1` header.
 */

const data = (value: object) => `data: ${JSON.stringify(value)}\n\n`;
const headers = { 'content-type': 'text/event-stream', 'x-vercel-ai-ui-message-stream': 'v1' };

/** A plain answer: `finish`, then `data: [DONE]`. */
export const basic = {
  headers,
  sse:
    data({ type: 'start', messageId: 'msg-Kf0OsoZsnNOAvM3y' }) +
    data({ type: 'start-step' }) +
    data({ type: 'text-start', id: 'txt-0' }) +
    data({ type: 'text-delta', id: 'txt-0', delta: 'Hello' }) +
    data({ type: 'text-delta', id: 'txt-0', delta: ', world.' }) +
    data({ type: 'text-end', id: 'txt-0' }) +
    data({ type: 'finish-step' }) +
    data({ type: 'finish' }) +
    'data: [DONE]\n\n',
};

/** Reasoning, a tool call with its output, sources, custom data parts and message metadata. */
export const toolsAndSources = {
  headers,
  sse:
    data({ type: 'start', messageId: 'msg-2', messageMetadata: { model: 'gpt-5' } }) +
    data({ type: 'start-step' }) +
    data({ type: 'reasoning-start', id: 'r-0' }) +
    data({ type: 'reasoning-delta', id: 'r-0', delta: 'The user wants' }) +
    data({ type: 'reasoning-delta', id: 'r-0', delta: ' the weather.' }) +
    data({ type: 'reasoning-end', id: 'r-0' }) +
    data({ type: 'tool-input-start', toolCallId: 'call_1', toolName: 'getWeather' }) +
    data({ type: 'tool-input-delta', toolCallId: 'call_1', inputTextDelta: '{"city":' }) +
    data({ type: 'tool-input-delta', toolCallId: 'call_1', inputTextDelta: '"Berlin"}' }) +
    data({ type: 'tool-input-available', toolCallId: 'call_1', toolName: 'getWeather', input: { city: 'Berlin' } }) +
    data({ type: 'tool-output-available', toolCallId: 'call_1', output: { temperature: 18 } }) +
    data({ type: 'finish-step' }) +
    data({ type: 'start-step' }) +
    data({ type: 'data-weather', id: 'w1', data: { city: 'Berlin', status: 'loaded' } }) +
    data({ type: 'data-progress', data: 'transient', transient: true }) +
    data({ type: 'source-url', sourceId: 'src-1', url: 'https://weather.example/berlin', title: 'Berlin weather' }) +
    data({ type: 'source-document', sourceId: 'src-2', mediaType: 'application/pdf', title: 'Climate report', filename: 'climate.pdf' }) +
    data({ type: 'text-start', id: 'txt-1' }) +
    data({ type: 'text-delta', id: 'txt-1', delta: 'It is 18°C in Berlin.' }) +
    data({ type: 'text-end', id: 'txt-1' }) +
    data({ type: 'finish-step' }) +
    data({ type: 'message-metadata', messageMetadata: { totalTokens: 42 } }) +
    data({ type: 'finish', finishReason: 'stop' }) +
    'data: [DONE]\n\n',
};

/** A failed tool call. */
export const toolError = {
  headers,
  sse:
    data({ type: 'start' }) +
    data({ type: 'tool-input-start', toolCallId: 'call_9', toolName: 'search' }) +
    data({ type: 'tool-input-available', toolCallId: 'call_9', toolName: 'search', input: { q: 'x' } }) +
    data({ type: 'tool-output-error', toolCallId: 'call_9', errorText: 'Search is down' }) +
    data({ type: 'text-start', id: 't' }) +
    data({ type: 'text-delta', id: 't', delta: 'Sorry.' }) +
    data({ type: 'text-end', id: 't' }) +
    data({ type: 'finish' }) +
    'data: [DONE]\n\n',
};

/** The server reports an error part (then closes). */
export const errorPart = {
  headers,
  sse: data({ type: 'start' }) + data({ type: 'text-start', id: 't' }) + data({ type: 'text-delta', id: 't', delta: 'Partial' }) + data({ type: 'error', errorText: 'An error occurred.' }),
};

/** The server aborted the turn. */
export const aborted = {
  headers,
  sse: data({ type: 'start' }) + data({ type: 'text-start', id: 't' }) + data({ type: 'text-delta', id: 't', delta: 'Par' }) + data({ type: 'abort' }),
};

/** The connection closed before `finish`. */
export const cutOff = {
  headers,
  sse: data({ type: 'start' }) + data({ type: 'text-start', id: 't' }) + data({ type: 'text-delta', id: 't', delta: 'Half' }),
};

/** Every transcript above, for detection tests. */
export const all = { basic, toolsAndSources, toolError, errorPart, aborted, cutOff };
