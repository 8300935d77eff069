/**
 * Anthropic Messages streams, written out from the API docs ("Streaming Messages", extended thinking, web search,
 * citations) and the anthropic-sdk-typescript stream reader: the event name always equals the payload's `type`.
 */

const ev = (data: { type: string } & Record<string, unknown>) => `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;

const messageStart = (model = 'claude-sonnet-4-5-20250929') =>
  ev({
    type: 'message_start',
    message: {
      id: 'msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY',
      type: 'message',
      role: 'assistant',
      content: [],
      model,
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 25, output_tokens: 1 },
    },
  });
const textDelta = (index: number, text: string) => ev({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } });
const stop = (index: number) => ev({ type: 'content_block_stop', index });
const messageDelta = (stopReason: string, outputTokens = 15) =>
  ev({ type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: outputTokens } });
const messageStop = ev({ type: 'message_stop' });

/** A plain answer with the `ping` the API sends between events. */
export const basic = {
  sse:
    messageStart() +
    ev({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }) +
    ev({ type: 'ping' }) +
    textDelta(0, 'Hello') +
    textDelta(0, '!') +
    stop(0) +
    messageDelta('end_turn') +
    messageStop,
};

/** Extended thinking (with its signature), an answer, then a client tool call. */
export const thinkingAndTool = {
  sse:
    messageStart('claude-opus-4-1-20250805') +
    ev({ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } }) +
    ev({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'I need the weather,' } }) +
    ev({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: ' so I call the tool.' } }) +
    ev({ type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds' } }) +
    stop(0) +
    ev({ type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } }) +
    textDelta(1, 'Let me check.') +
    stop(1) +
    ev({ type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', input: {} } }) +
    ev({ type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '' } }) +
    ev({ type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"location": "San Fra' } }) +
    ev({ type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: 'ncisco, CA"}' } }) +
    stop(2) +
    messageDelta('tool_use', 89) +
    messageStop,
};

/** Server-side web search: the query as input JSON, the results block, then text blocks with citations. */
export const webSearch = {
  sse:
    messageStart() +
    ev({ type: 'content_block_start', index: 0, content_block: { type: 'server_tool_use', id: 'srvtoolu_014hJH82Qum7Td6UV8gDXThB', name: 'web_search', input: {} } }) +
    ev({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"query": "weather NYC today"}' } }) +
    stop(0) +
    ev({
      type: 'content_block_start',
      index: 1,
      content_block: {
        type: 'web_search_tool_result',
        tool_use_id: 'srvtoolu_014hJH82Qum7Td6UV8gDXThB',
        content: [
          { type: 'web_search_result', title: 'Weather in New York City', url: 'https://weather.example/nyc', encrypted_content: 'Ev0DCioIAxgCIiQ3', page_age: 'June 4, 2025' },
          { type: 'web_search_result', title: 'NYC Forecast', url: 'https://forecast.example/nyc', encrypted_content: 'Ev0DCioIAxgCIiQ4', page_age: null },
        ],
      },
    }) +
    stop(1) +
    ev({ type: 'content_block_start', index: 2, content_block: { type: 'text', text: '' } }) +
    textDelta(2, 'Here is the current weather: ') +
    stop(2) +
    ev({ type: 'content_block_start', index: 3, content_block: { type: 'text', text: '', citations: [] } }) +
    ev({
      type: 'content_block_delta',
      index: 3,
      delta: {
        type: 'citations_delta',
        citation: { type: 'web_search_result_location', cited_text: 'Sunny, 75°F', url: 'https://weather.example/nyc', title: 'Weather in New York City', encrypted_index: 'Eo8BCioIAhgBIiQ' },
      },
    }) +
    textDelta(3, 'sunny and 75°F.') +
    stop(3) +
    messageDelta('end_turn') +
    messageStop,
};

/** Citations of a supplied document (no url, only a title and the cited text). */
export const documentCitations = {
  sse:
    messageStart() +
    ev({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '', citations: [] } }) +
    ev({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'citations_delta', citation: { type: 'char_location', cited_text: 'The grass is green.', document_index: 0, document_title: 'Nature facts', start_char_index: 0, end_char_index: 20 } },
    }) +
    textDelta(0, 'The grass is green.') +
    stop(0) +
    messageDelta('end_turn') +
    messageStop,
};

/** The API was overloaded mid-stream: an `error` event (HTTP 200 already sent). */
export const overloaded = {
  sse:
    messageStart() +
    ev({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }) +
    textDelta(0, 'Partial') +
    ev({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
};

/** An invalid request reported in the stream: not worth retrying. */
export const invalidRequest = {
  sse: ev({ type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: must be at most 64000' } }),
};

/** The answer hit `max_tokens`. */
export const maxTokens = {
  sse:
    messageStart() +
    ev({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }) +
    textDelta(0, 'A very long') +
    stop(0) +
    messageDelta('max_tokens', 4096) +
    messageStop,
};

/** The connection closed before `message_stop`. */
export const cutOff = {
  sse: messageStart() + ev({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }) + textDelta(0, 'Half'),
};

/** Every transcript above, for detection tests. */
export const all = { basic, thinkingAndTool, webSearch, documentCitations, overloaded, invalidRequest, maxTokens, cutOff };
