/**
 * OpenAI Responses API streams, written out from the API reference ("Streaming events") and the openai-node
 * SDK's event types: the SSE event name always equals the payload's `type`.
 */

let sequence = 0;
const ev = (data: { type: string } & Record<string, unknown>) =>
  `event: ${data.type}\ndata: ${JSON.stringify({ ...data, sequence_number: sequence++ })}\n\n`;

const response = (status: string, extra: object = {}) => ({
  id: 'resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b',
  object: 'response',
  created_at: 1741476542,
  status,
  error: null,
  incomplete_details: null,
  model: 'gpt-4.1-2025-04-14',
  output: [],
  usage: null,
  ...extra,
});

const citation = { type: 'url_citation', start_index: 0, end_index: 32, url: 'https://www.nasa.gov/moon/', title: 'The Moon - NASA' };
const messageItem = (text: string, annotations: object[]) => ({
  id: 'msg_67ccd2bf17f0819081ff3bb2cf6508e6',
  type: 'message',
  status: 'completed',
  role: 'assistant',
  content: [{ type: 'output_text', text, annotations }],
});
const searchItem = { id: 'ws_67cc', type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'moon distance' } };
const usage = { input_tokens: 36, output_tokens: 87, total_tokens: 123, output_tokens_details: { reasoning_tokens: 0 } };

/** A web search, a cited answer and the final `response.completed`. */
export const webSearch = {
  sse:
    ev({ type: 'response.created', response: response('in_progress') }) +
    ev({ type: 'response.in_progress', response: response('in_progress') }) +
    ev({ type: 'response.output_item.added', output_index: 0, item: { id: 'ws_67cc', type: 'web_search_call', status: 'in_progress' } }) +
    ev({ type: 'response.web_search_call.in_progress', output_index: 0, item_id: 'ws_67cc' }) +
    ev({ type: 'response.web_search_call.searching', output_index: 0, item_id: 'ws_67cc' }) +
    ev({ type: 'response.web_search_call.completed', output_index: 0, item_id: 'ws_67cc' }) +
    ev({ type: 'response.output_item.done', output_index: 0, item: searchItem }) +
    ev({ type: 'response.output_item.added', output_index: 1, item: { ...messageItem('', []), status: 'in_progress', content: [] } }) +
    ev({ type: 'response.content_part.added', item_id: 'msg_67ccd2bf17f0819081ff3bb2cf6508e6', output_index: 1, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } }) +
    ev({ type: 'response.output_text.delta', item_id: 'msg_67ccd2bf17f0819081ff3bb2cf6508e6', output_index: 1, content_index: 0, delta: 'The Moon is about ' }) +
    ev({ type: 'response.output_text.delta', item_id: 'msg_67ccd2bf17f0819081ff3bb2cf6508e6', output_index: 1, content_index: 0, delta: '384,400 km away.' }) +
    ev({ type: 'response.output_text.annotation.added', item_id: 'msg_67ccd2bf17f0819081ff3bb2cf6508e6', output_index: 1, content_index: 0, annotation_index: 0, annotation: citation }) +
    ev({ type: 'response.output_text.done', item_id: 'msg_67ccd2bf17f0819081ff3bb2cf6508e6', output_index: 1, content_index: 0, text: 'The Moon is about 384,400 km away.' }) +
    ev({ type: 'response.output_item.done', output_index: 1, item: messageItem('The Moon is about 384,400 km away.', [citation]) }) +
    ev({ type: 'response.completed', response: response('completed', { output: [searchItem, messageItem('The Moon is about 384,400 km away.', [citation])], usage }) }),
};

const fnItem = { id: 'fc_12345xyz', call_id: 'call_12345xyz', type: 'function_call', name: 'get_weather', arguments: '', status: 'in_progress' };

/** A reasoning summary, then a function call whose arguments stream in pieces. */
export const reasoningAndFunction = {
  sse:
    ev({ type: 'response.created', response: response('in_progress', { model: 'o4-mini-2025-04-16' }) }) +
    ev({ type: 'response.output_item.added', output_index: 0, item: { id: 'rs_1', type: 'reasoning', summary: [] } }) +
    ev({ type: 'response.reasoning_summary_part.added', item_id: 'rs_1', output_index: 0, summary_index: 0, part: { type: 'summary_text', text: '' } }) +
    ev({ type: 'response.reasoning_summary_text.delta', item_id: 'rs_1', output_index: 0, summary_index: 0, delta: '**Checking the weather**' }) +
    ev({ type: 'response.reasoning_summary_text.delta', item_id: 'rs_1', output_index: 0, summary_index: 0, delta: ' for Paris.' }) +
    ev({ type: 'response.reasoning_summary_text.done', item_id: 'rs_1', output_index: 0, summary_index: 0, text: '**Checking the weather** for Paris.' }) +
    ev({ type: 'response.output_item.done', output_index: 0, item: { id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: '**Checking the weather** for Paris.' }] } }) +
    ev({ type: 'response.output_item.added', output_index: 1, item: fnItem }) +
    ev({ type: 'response.function_call_arguments.delta', item_id: 'fc_12345xyz', output_index: 1, delta: '{"location":' }) +
    ev({ type: 'response.function_call_arguments.delta', item_id: 'fc_12345xyz', output_index: 1, delta: '"Paris"}' }) +
    ev({ type: 'response.function_call_arguments.done', item_id: 'fc_12345xyz', output_index: 1, arguments: '{"location":"Paris"}' }) +
    ev({ type: 'response.output_item.done', output_index: 1, item: { ...fnItem, arguments: '{"location":"Paris"}', status: 'completed' } }) +
    ev({ type: 'response.completed', response: response('completed', { model: 'o4-mini-2025-04-16', usage }) }),
};

/** The output limit was reached: `response.incomplete` ends the stream. */
export const incomplete = {
  sse:
    ev({ type: 'response.created', response: response('in_progress') }) +
    ev({ type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'A long story' }) +
    ev({ type: 'response.incomplete', response: response('incomplete', { incomplete_details: { reason: 'max_output_tokens' } }) }),
};

/** The model failed mid-answer: `response.failed` with the error inside the response. */
export const failed = {
  sse:
    ev({ type: 'response.created', response: response('in_progress') }) +
    ev({ type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Partial' }) +
    ev({ type: 'response.failed', response: response('failed', { error: { code: 'server_error', message: 'The model failed to generate a response.' } }) }),
};

/** A stream-level `error` event. */
export const errorEvent = {
  sse:
    ev({ type: 'response.created', response: response('in_progress') }) +
    ev({ type: 'error', code: 'rate_limit_exceeded', message: 'Rate limit reached for requests', param: null }),
};

/** File search: its results are sources, its file citations too. */
export const fileSearch = {
  sse:
    ev({ type: 'response.created', response: response('in_progress') }) +
    ev({ type: 'response.output_item.added', output_index: 0, item: { id: 'fs_1', type: 'file_search_call', status: 'in_progress', queries: [] } }) +
    ev({ type: 'response.file_search_call.searching', output_index: 0, item_id: 'fs_1' }) +
    ev({ type: 'response.file_search_call.completed', output_index: 0, item_id: 'fs_1' }) +
    ev({ type: 'response.output_item.done', output_index: 0, item: { id: 'fs_1', type: 'file_search_call', status: 'completed', queries: ['deep research'], results: [{ file_id: 'file-2dtbBZ', filename: 'deep_research_blog.pdf', score: 0.93, text: 'Deep research is…' }] } }) +
    ev({ type: 'response.output_text.delta', item_id: 'msg_1', output_index: 1, content_index: 0, delta: 'It is an agent.' }) +
    ev({ type: 'response.output_text.annotation.added', item_id: 'msg_1', output_index: 1, content_index: 0, annotation_index: 0, annotation: { type: 'file_citation', index: 15, file_id: 'file-2dtbBZ', filename: 'deep_research_blog.pdf' } }) +
    ev({ type: 'response.completed', response: response('completed') }),
};

/** The connection closed before `response.completed`. */
export const cutOff = {
  sse:
    ev({ type: 'response.created', response: response('in_progress') }) +
    ev({ type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Half' }),
};

/** Every transcript above, for detection tests. */
export const all = { webSearch, reasoningAndFunction, incomplete, failed, errorEvent, fileSearch, cutOff };
