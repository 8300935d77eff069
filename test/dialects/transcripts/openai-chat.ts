/**
 * OpenAI Chat Completions streams, written out from the API reference ("The chat completion chunk object"),
 * the openai-node SDK's stream reader and the OpenAI-compatible servers' docs (Ollama, vLLM, DeepSeek, llama.cpp).
 */

const chunk = (delta: object, finish: string | null = null, extra: object = {}) =>
  `data: ${JSON.stringify({
    id: 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG',
    object: 'chat.completion.chunk',
    created: 1741570283,
    model: 'gpt-4o-2024-08-06',
    system_fingerprint: 'fp_eb9dce56a8',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...extra,
  })}\n\n`;

const usage = `data: {"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-2024-08-06","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":4,"total_tokens":13}}\n\n`;

/** A plain answer with the usage chunk `stream_options.include_usage` asks for. */
export const basic = {
  sse:
    chunk({ role: 'assistant', content: '', refusal: null }) +
    chunk({ content: 'Hello' }) +
    chunk({ content: ' there' }) +
    chunk({ content: '!' }) +
    chunk({}, 'stop') +
    usage +
    'data: [DONE]\n\n',
};

/** DeepSeek / vLLM reasoning (`reasoning_content`), then the answer; llama.cpp writes `data:[DONE]` without a space. */
export const reasoning = {
  sse:
    chunk({ role: 'assistant', content: null, reasoning_content: '' }) +
    chunk({ content: null, reasoning_content: 'The user greets me.' }) +
    chunk({ content: null, reasoning_content: ' Greet back.' }) +
    chunk({ content: 'Hi!', reasoning_content: null }) +
    chunk({}, 'stop') +
    'data:[DONE]\n\n',
};

/** Ollama / OpenRouter name the reasoning field `reasoning`. */
export const ollamaReasoning = {
  sse:
    'data: {"id":"chatcmpl-12","object":"chat.completion.chunk","created":1741570283,"model":"qwen3","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":"Short question."},"finish_reason":null}]}\n\n' +
    'data: {"id":"chatcmpl-12","object":"chat.completion.chunk","created":1741570283,"model":"qwen3","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"Yes."},"finish_reason":null}]}\n\n' +
    'data: {"id":"chatcmpl-12","object":"chat.completion.chunk","created":1741570283,"model":"qwen3","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"stop"}]}\n\n' +
    'data: [DONE]\n\n',
};

/** A function call: the name arrives once, the arguments in pieces keyed by `index`. */
export const toolCall = {
  sse:
    chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', type: 'function', function: { name: 'get_weather', arguments: '' } }], refusal: null }) +
    chunk({ tool_calls: [{ index: 0, function: { arguments: '{"location":' } }] }) +
    chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }) +
    chunk({}, 'tool_calls') +
    'data: [DONE]\n\n',
};

/** The length limit was hit: the answer is complete as far as the stream goes, but worth a notice. */
export const lengthLimit = {
  sse: chunk({ role: 'assistant', content: '' }) + chunk({ content: 'Once upon a' }) + chunk({}, 'length') + 'data: [DONE]\n\n',
};

/** An error object mid-stream (the openai-node SDK throws an APIError for it). */
export const midStreamError = {
  sse:
    chunk({ role: 'assistant', content: '' }) +
    chunk({ content: 'Partial' }) +
    'data: {"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":null}}\n\n',
};

/** A search model's `url_citation` annotations. */
export const annotations = {
  sse:
    chunk({ role: 'assistant', content: '' }) +
    chunk({ content: 'Paris is the capital of France.' }) +
    chunk({ annotations: [{ type: 'url_citation', url_citation: { url: 'https://en.wikipedia.org/wiki/Paris', title: 'Paris - Wikipedia', start_index: 0, end_index: 31 } }] }) +
    chunk({}, 'stop') +
    'data: [DONE]\n\n',
};

/** The connection closed cleanly before `[DONE]`. */
export const cutOff = {
  sse: chunk({ role: 'assistant', content: '' }) + chunk({ content: 'Half an ans' }),
};

/** A payload that is not JSON. */
export const invalidJson = {
  sse: chunk({ role: 'assistant', content: '' }) + 'data: {"choices": [\n\n',
};

/** Every transcript above, for detection tests. */
export const all = { basic, reasoning, ollamaReasoning, toolCall, lengthLimit, midStreamError, annotations, cutOff, invalidJson };
