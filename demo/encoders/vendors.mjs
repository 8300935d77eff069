// The vendor LLM APIs' wire formats: the demo answer (canonical chat events) re-encoded as OpenAI Chat
// Completions, OpenAI Responses, Anthropic Messages, Gemini (alt=sse), the Vercel AI SDK UI message stream and
// Hugging Face TGI, each on its usual path, so `<sse-chat dialect="auto">` can be tried against every one.
//
// Each encoder is a small state machine (vendor formats number their blocks, items and tokens). Progress steps
// become the vendor's nearest concept — its reasoning ("thinking") stream — or nothing where it has none (TGI).

/** @typedef {import('../../src/dialects/chat-event.js').ChatEvent} ChatEvent */
/** @typedef {import('../../src/dialects/chat-event.js').ChatSource} ChatSource */
/** @typedef {import('./types.mjs').WireEncoder} WireEncoder */
/** @typedef {import('./types.mjs').DemoRoute} DemoRoute */

const DEFAULT_MODEL = 'sse-chat-demo';
const COMMENT_HEARTBEAT = ': keep-alive\n\n';

/**
 * One SSE block; `data` is JSON-encoded on one line, as every vendor does.
 * @param {unknown} data
 * @param {string} [event]
 * @param {string} [eol] line ending (Gemini uses CRLF)
 */
function block(data, event, eol = '\n') {
  const json = typeof data === 'string' ? data : JSON.stringify(data);
  return `${event ? `event: ${event}${eol}` : ''}data: ${json}${eol}${eol}`;
}

/** A short random id in the vendor's style (`chatcmpl-…`, `msg_…`). */
function randomId(prefix) {
  return `${prefix}${Math.random().toString(36).slice(2, 12)}${Date.now().toString(36)}`;
}

/**
 * The text of the last message with the wanted role in a list of chat messages, whose content is a string or a
 * list of parts with `text`.
 * @param {unknown} messages
 * @param {(message: any) => boolean} isUser
 * @param {(message: any) => unknown} contentOf
 */
function lastUserText(messages, isUser, contentOf) {
  if (!Array.isArray(messages)) return undefined;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (!message || typeof message !== 'object' || !isUser(message)) continue;
    const content = contentOf(message);
    if (typeof content === 'string') return content;
    if (Array.isArray(content)) {
      const text = content
        .map(part => (typeof part === 'string' ? part : typeof part?.text === 'string' ? part.text : ''))
        .join('');
      return text || undefined;
    }
    return undefined;
  }
  return undefined;
}

/**
 * Tracks the steps a vendor can only show as reasoning text: each step's label once, and only before the answer
 * starts (reasoning after the text would reopen a finished "thinking" block).
 */
function createStepLines() {
  const seen = new Set();
  let answering = false;
  return {
    /** The label of a step seen for the first time, before the answer; otherwise undefined. */
    newLabel(/** @type {Extract<ChatEvent, {type: 'step'}>} */ event) {
      if (answering || seen.has(event.id)) return undefined;
      seen.add(event.id);
      return event.label ?? event.id;
    },
    answerStarted() {
      answering = true;
    },
  };
}

/** Output tokens for the usage report: the backend's own count when it gave one, else the deltas sent. */
function outputTokens(metadata, counted) {
  const reported = metadata?.usage?.outputTokens;
  return typeof reported === 'number' ? reported : counted;
}

// ---------------------------------------------------------------------------------------------------------------
// OpenAI Chat Completions

/** @returns {WireEncoder} */
function createOpenAiChatEncoder({ model = DEFAULT_MODEL } = {}) {
  const id = randomId('chatcmpl-');
  const created = Math.floor(Date.now() / 1000);
  const steps = createStepLines();
  let deltas = 0;
  let metadata = {};
  const chunk = (delta, finishReason = null) =>
    block({ id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_demo', choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] });
  return {
    contentType: 'text/event-stream',
    heartbeat: () => COMMENT_HEARTBEAT,
    encode(event) {
      switch (event.type) {
        case 'start':
          return chunk({ role: 'assistant', content: '', refusal: null });
        case 'step': {
          // vLLM / DeepSeek style reasoning: the nearest Chat Completions has to progress.
          const label = steps.newLabel(event);
          return label ? chunk({ content: null, reasoning_content: `${label}\n` }) : '';
        }
        case 'sources': {
          const annotations = event.sources
            .filter(source => source.url)
            .map(source => ({ type: 'url_citation', url_citation: { url: source.url, title: source.title, start_index: 0, end_index: 0 } }));
          return annotations.length ? chunk({ annotations }) : '';
        }
        case 'text-delta':
        case 'text': {
          steps.answerStarted();
          deltas++;
          return chunk({ content: event.type === 'text' ? event.text : event.delta });
        }
        case 'metadata':
          metadata = { ...metadata, ...event.metadata };
          return '';
        case 'done': {
          const completion = outputTokens(metadata, deltas);
          return (
            chunk({}, event.reason === 'length' ? 'length' : 'stop') +
            block({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: { prompt_tokens: 0, completion_tokens: completion, total_tokens: completion } }) +
            'data: [DONE]\n\n'
          );
        }
        case 'error':
          return block({ error: { message: event.message, type: event.retryable === false ? 'invalid_request_error' : 'server_error', param: null, code: event.code ?? null } });
        default:
          return '';
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// OpenAI Responses

/** @returns {WireEncoder} */
function createOpenAiResponsesEncoder({ model = DEFAULT_MODEL } = {}) {
  const responseId = randomId('resp_');
  const messageId = randomId('msg_');
  const createdAt = Math.floor(Date.now() / 1000);
  let sequence = 0;
  let outputIndex = -1;
  let messageIndex = -1;
  let text = '';
  let deltas = 0;
  let metadata = {};
  /** @type {object[]} */
  const annotations = [];
  /** @type {object[]} */
  const output = [];
  /** Open reasoning items by step id: their output index and summary text. */
  const reasoning = new Map();

  const ev = data => {
    const payload = { ...data, sequence_number: sequence++ };
    return block(payload, data.type);
  };
  const response = (status, extra = {}) => ({
    id: responseId, object: 'response', created_at: createdAt, status, error: null, incomplete_details: null, model, output: [], usage: null, ...extra,
  });
  const messageItem = status => ({
    id: messageId, type: 'message', status, role: 'assistant',
    content: status === 'completed' ? [{ type: 'output_text', text, annotations }] : [],
  });
  const openMessage = () => {
    if (messageIndex !== -1) return '';
    messageIndex = ++outputIndex;
    return (
      ev({ type: 'response.output_item.added', output_index: messageIndex, item: messageItem('in_progress') }) +
      ev({ type: 'response.content_part.added', item_id: messageId, output_index: messageIndex, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } })
    );
  };
  const closeMessage = () => {
    if (messageIndex === -1) return '';
    const item = messageItem('completed');
    output.push(item);
    return (
      ev({ type: 'response.output_text.done', item_id: messageId, output_index: messageIndex, content_index: 0, text }) +
      ev({ type: 'response.content_part.done', item_id: messageId, output_index: messageIndex, content_index: 0, part: item.content[0] }) +
      ev({ type: 'response.output_item.done', output_index: messageIndex, item })
    );
  };
  /** A step as a reasoning item whose summary opens with the step's label in bold, as OpenAI's summaries do. */
  const stepItem = event => {
    let out = '';
    let state = reasoning.get(event.id);
    if (!state) {
      if (messageIndex !== -1 || (event.status === undefined && !event.label)) return '';
      state = { itemId: `rs_${event.id}`, index: ++outputIndex, summary: `**${event.label ?? event.id}**`, open: true };
      reasoning.set(event.id, state);
      out +=
        ev({ type: 'response.output_item.added', output_index: state.index, item: { id: state.itemId, type: 'reasoning', summary: [] } }) +
        ev({ type: 'response.reasoning_summary_part.added', item_id: state.itemId, output_index: state.index, summary_index: 0, part: { type: 'summary_text', text: '' } }) +
        ev({ type: 'response.reasoning_summary_text.delta', item_id: state.itemId, output_index: state.index, summary_index: 0, delta: state.summary });
    }
    if (state.open && event.status && event.status !== 'active') {
      state.open = false;
      if (event.detail) {
        const more = `\n\n${event.detail}`;
        state.summary += more;
        out += ev({ type: 'response.reasoning_summary_text.delta', item_id: state.itemId, output_index: state.index, summary_index: 0, delta: more });
      }
      const item = { id: state.itemId, type: 'reasoning', summary: [{ type: 'summary_text', text: state.summary }] };
      output.push(item);
      out +=
        ev({ type: 'response.reasoning_summary_text.done', item_id: state.itemId, output_index: state.index, summary_index: 0, text: state.summary }) +
        ev({ type: 'response.reasoning_summary_part.done', item_id: state.itemId, output_index: state.index, summary_index: 0, part: item.summary[0] }) +
        ev({ type: 'response.output_item.done', output_index: state.index, item });
    }
    return out;
  };

  return {
    contentType: 'text/event-stream',
    heartbeat: () => COMMENT_HEARTBEAT,
    encode(event) {
      switch (event.type) {
        case 'start':
          return ev({ type: 'response.created', response: response('in_progress') }) + ev({ type: 'response.in_progress', response: response('in_progress') });
        case 'step':
          return stepItem(event);
        case 'sources': {
          let out = openMessage();
          for (const source of event.sources) {
            if (!source.url) continue;
            const annotation = { type: 'url_citation', start_index: text.length, end_index: text.length, url: source.url, title: source.title };
            out += ev({ type: 'response.output_text.annotation.added', item_id: messageId, output_index: messageIndex, content_index: 0, annotation_index: annotations.length, annotation });
            annotations.push(annotation);
          }
          return out;
        }
        case 'text-delta':
        case 'text': {
          const delta = event.type === 'text' ? event.text : event.delta;
          const out = openMessage();
          text += delta;
          deltas++;
          return out + ev({ type: 'response.output_text.delta', item_id: messageId, output_index: messageIndex, content_index: 0, delta });
        }
        case 'metadata':
          metadata = { ...metadata, ...event.metadata };
          return '';
        case 'done': {
          const tokens = outputTokens(metadata, deltas);
          const usage = { input_tokens: 0, output_tokens: tokens, total_tokens: tokens };
          const out = closeMessage();
          if (event.reason === 'length') {
            return out + ev({ type: 'response.incomplete', response: response('incomplete', { incomplete_details: { reason: 'max_output_tokens' }, output, usage }) });
          }
          return out + ev({ type: 'response.completed', response: response('completed', { output, usage }) });
        }
        case 'error':
          return ev({ type: 'response.failed', response: response('failed', { error: { code: event.code ?? 'server_error', message: event.message } }) });
        default:
          return '';
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Anthropic Messages

/** @returns {WireEncoder} */
function createAnthropicEncoder({ model = DEFAULT_MODEL } = {}) {
  const steps = createStepLines();
  let index = -1;
  /** @type {'thinking' | 'text' | undefined} */
  let open;
  let deltas = 0;
  let metadata = {};
  const ev = data => block(data, data.type);
  const closeBlock = () => {
    if (!open) return '';
    const signature = open === 'thinking' ? ev({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: 'demo-signature' } }) : '';
    open = undefined;
    return signature + ev({ type: 'content_block_stop', index });
  };
  const openBlock = kind => {
    if (open === kind) return '';
    const out = closeBlock();
    open = kind;
    index++;
    const content = kind === 'thinking' ? { type: 'thinking', thinking: '' } : { type: 'text', text: '', citations: [] };
    return out + ev({ type: 'content_block_start', index, content_block: content });
  };
  /** A source as the citation Claude attaches to the text it supports. */
  const citation = (/** @type {ChatSource} */ source, i) =>
    source.url
      ? { type: 'web_search_result_location', cited_text: source.snippet ?? '', url: source.url, title: source.title, encrypted_index: '' }
      : { type: 'char_location', cited_text: source.snippet ?? '', document_index: i, document_title: source.title, start_char_index: 0, end_char_index: 0 };

  return {
    contentType: 'text/event-stream',
    heartbeat: () => ev({ type: 'ping' }),
    encode(event) {
      switch (event.type) {
        case 'start':
          return ev({
            type: 'message_start',
            message: { id: randomId('msg_'), type: 'message', role: 'assistant', content: [], model, stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 1 } },
          });
        case 'step': {
          const label = steps.newLabel(event);
          return label ? openBlock('thinking') + ev({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: `${label}\n` } }) : '';
        }
        case 'sources': {
          steps.answerStarted();
          let out = openBlock('text');
          event.sources.forEach((source, i) => {
            out += ev({ type: 'content_block_delta', index, delta: { type: 'citations_delta', citation: citation(source, i) } });
          });
          return out;
        }
        case 'text-delta':
        case 'text':
          steps.answerStarted();
          deltas++;
          return openBlock('text') + ev({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: event.type === 'text' ? event.text : event.delta } });
        case 'metadata':
          metadata = { ...metadata, ...event.metadata };
          return '';
        case 'done':
          return (
            closeBlock() +
            ev({ type: 'message_delta', delta: { stop_reason: event.reason === 'length' ? 'max_tokens' : 'end_turn', stop_sequence: null }, usage: { output_tokens: outputTokens(metadata, deltas) } }) +
            ev({ type: 'message_stop' })
          );
        case 'error':
          return ev({ type: 'error', error: { type: event.retryable === false ? 'invalid_request_error' : 'api_error', message: event.message } });
        default:
          return '';
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Google Gemini (streamGenerateContent?alt=sse)

/** @returns {WireEncoder} */
function createGeminiEncoder({ model = DEFAULT_MODEL } = {}) {
  const responseId = randomId('');
  const steps = createStepLines();
  /** @type {ChatSource[]} */
  const sources = [];
  let deltas = 0;
  let metadata = {};
  const chunk = (parts, extra = {}) =>
    block({ candidates: [{ content: { parts, role: 'model' }, index: 0, ...extra }], modelVersion: model, responseId }, undefined, '\r\n');
  return {
    contentType: 'text/event-stream',
    heartbeat: () => COMMENT_HEARTBEAT,
    encode(event) {
      switch (event.type) {
        case 'step': {
          const label = steps.newLabel(event);
          return label ? chunk([{ text: `${label}\n`, thought: true }]) : '';
        }
        case 'sources':
          // Gemini reports grounding with the final chunk.
          sources.push(...event.sources.filter(source => source.url));
          return '';
        case 'text-delta':
        case 'text':
          steps.answerStarted();
          deltas++;
          return chunk([{ text: event.type === 'text' ? event.text : event.delta }]);
        case 'metadata':
          metadata = { ...metadata, ...event.metadata };
          return '';
        case 'done': {
          const tokens = outputTokens(metadata, deltas);
          const grounding = sources.length ? { groundingMetadata: { groundingChunks: sources.map(source => ({ web: { uri: source.url, title: source.title } })) } } : {};
          return block(
            {
              candidates: [{ content: { parts: [{ text: '' }], role: 'model' }, finishReason: event.reason === 'length' ? 'MAX_TOKENS' : 'STOP', index: 0, ...grounding }],
              usageMetadata: { promptTokenCount: 0, candidatesTokenCount: tokens, totalTokenCount: tokens },
              modelVersion: model,
              responseId,
            },
            undefined,
            '\r\n',
          );
        }
        case 'error':
          return block(
            { error: event.retryable === false ? { code: 400, message: event.message, status: 'INVALID_ARGUMENT' } : { code: 503, message: event.message, status: 'UNAVAILABLE' } },
            undefined,
            '\r\n',
          );
        default:
          return '';
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Vercel AI SDK UI message stream (v5)

/** @returns {WireEncoder} */
function createVercelAiEncoder() {
  const textId = 'text-0';
  let textOpen = false;
  let sourceCount = 0;
  /** Steps shown as reasoning parts, by step id: whether the part is still open. */
  const reasoning = new Map();
  const part = value => block(value);
  return {
    contentType: 'text/event-stream',
    headers: { 'x-vercel-ai-ui-message-stream': 'v1' },
    heartbeat: () => COMMENT_HEARTBEAT,
    encode(event) {
      switch (event.type) {
        case 'start':
          return part({ type: 'start', messageId: randomId('msg-') }) + part({ type: 'start-step' });
        case 'step': {
          // A reasoning part per step, opening with the label in bold (the mapper labels the step by it).
          let out = '';
          const id = `step-${event.id}`;
          if (!reasoning.has(event.id)) {
            reasoning.set(event.id, true);
            out += part({ type: 'reasoning-start', id }) + part({ type: 'reasoning-delta', id, delta: `**${event.label ?? event.id}**` });
          }
          if (reasoning.get(event.id) && event.status && event.status !== 'active') {
            reasoning.set(event.id, false);
            if (event.detail) out += part({ type: 'reasoning-delta', id, delta: `\n\n${event.detail}` });
            out += part({ type: 'reasoning-end', id });
          }
          return out;
        }
        case 'sources':
          return event.sources
            .map(source =>
              source.url
                ? part({ type: 'source-url', sourceId: `source-${sourceCount++}`, url: source.url, title: source.title })
                : part({ type: 'source-document', sourceId: `source-${sourceCount++}`, mediaType: 'text/plain', title: source.title }),
            )
            .join('');
        case 'text-delta':
        case 'text': {
          const open = textOpen ? '' : part({ type: 'text-start', id: textId });
          textOpen = true;
          return open + part({ type: 'text-delta', id: textId, delta: event.type === 'text' ? event.text : event.delta });
        }
        case 'metadata':
          return part({ type: 'message-metadata', messageMetadata: event.metadata });
        case 'done':
          return (
            (textOpen ? part({ type: 'text-end', id: textId }) : '') +
            part({ type: 'finish-step' }) +
            part({ type: 'finish', ...(event.reason === 'length' ? { finishReason: 'length' } : { finishReason: 'stop' }) }) +
            'data: [DONE]\n\n'
          );
        case 'error':
          return part({ type: 'error', errorText: event.message });
        default:
          return '';
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Hugging Face TGI /generate_stream

/** @returns {WireEncoder} */
function createTgiEncoder() {
  let index = 0;
  let text = '';
  // TGI (axum) writes `data:` without a space.
  const data = value => `data:${JSON.stringify(value)}\n\n`;
  return {
    contentType: 'text/event-stream',
    heartbeat: () => ':\n\n',
    encode(event) {
      switch (event.type) {
        case 'text-delta':
        case 'text': {
          const delta = event.type === 'text' ? event.text : event.delta;
          text += delta;
          index++;
          return data({ index, token: { id: 1000 + index, text: delta, logprob: 0, special: false }, generated_text: null, details: null });
        }
        case 'done':
          index++;
          return data({
            index,
            token: { id: 2, text: '</s>', logprob: 0, special: true },
            generated_text: text,
            details: { finish_reason: event.reason === 'length' ? 'length' : 'eos_token', generated_tokens: index, seed: null },
          });
        case 'error':
          return data({ error: event.message, error_type: event.retryable === false ? 'validation' : 'generation' });
        default:
          // TGI streams tokens only: steps, sources and metadata have no place in its format.
          return '';
      }
    },
  };
}

/** The question in a TGI prompt built as "User: …\nAssistant:" turns, or the whole prompt. */
function tgiQuestion(inputs) {
  if (typeof inputs !== 'string') return undefined;
  const turn = /\nAssistant:\s*$/.exec(inputs);
  const lastUser = inputs.lastIndexOf('\nUser: ');
  const start = lastUser !== -1 ? lastUser + 1 : inputs.startsWith('User: ') ? 0 : -1;
  return turn && start !== -1 && start < turn.index ? inputs.slice(start + 'User: '.length, turn.index) : inputs;
}

/** @type {DemoRoute[]} */
export const vendorRoutes = [
  {
    path: '/v1/chat/completions',
    name: 'OpenAI Chat Completions',
    dialect: 'openai-chat',
    description: 'The OpenAI-compatible format of Ollama, vLLM, llama.cpp and most gateways; steps arrive as reasoning.',
    readQuestion: body => lastUserText(body?.messages, m => m.role === 'user', m => m.content),
    createEncoder: createOpenAiChatEncoder,
    exampleBody: { model: DEFAULT_MODEL, messages: [{ role: 'user', content: 'How do I stop a stream?' }], stream: true, stream_options: { include_usage: true } },
  },
  {
    path: '/v1/responses',
    name: 'OpenAI Responses',
    dialect: 'openai-responses',
    description: 'Typed response.* events; steps arrive as reasoning summaries, sources as url_citation annotations.',
    readQuestion: body =>
      typeof body?.input === 'string' ? body.input : lastUserText(body?.input, m => (m.role ?? 'user') === 'user', m => m.content),
    createEncoder: createOpenAiResponsesEncoder,
    exampleBody: { model: DEFAULT_MODEL, input: [{ role: 'user', content: 'How do I stop a stream?' }], stream: true },
  },
  {
    path: '/v1/messages',
    name: 'Anthropic Messages',
    dialect: 'anthropic',
    description: 'Content blocks; steps arrive as a thinking block, sources as citations on the text.',
    readQuestion: body => lastUserText(body?.messages, m => m.role === 'user', m => m.content),
    createEncoder: createAnthropicEncoder,
    exampleBody: { model: DEFAULT_MODEL, max_tokens: 4096, stream: true, messages: [{ role: 'user', content: 'How do I stop a stream?' }] },
  },
  {
    path: '/v1beta/models/demo:streamGenerateContent',
    name: 'Google Gemini',
    dialect: 'gemini',
    description: 'streamGenerateContent?alt=sse: no [DONE], the finishReason chunk ends it; sources as grounding.',
    readQuestion: body => lastUserText(body?.contents, m => (m.role ?? 'user') === 'user', m => m.parts),
    createEncoder: createGeminiEncoder,
    exampleBody: { contents: [{ role: 'user', parts: [{ text: 'How do I stop a stream?' }] }] },
  },
  {
    path: '/api/ai-sdk/chat',
    name: 'Vercel AI SDK',
    dialect: 'vercel-ai',
    description: 'The AI SDK v5 UI message stream (x-vercel-ai-ui-message-stream: v1), as useChat reads it.',
    readQuestion: body => lastUserText(body?.messages, m => m.role === 'user', m => m.parts ?? m.content),
    createEncoder: createVercelAiEncoder,
    exampleBody: { id: 'demo', messages: [{ id: 'demo-user-0', role: 'user', parts: [{ type: 'text', text: 'How do I stop a stream?' }] }], trigger: 'submit-message' },
  },
  {
    path: '/generate_stream',
    name: 'Hugging Face TGI',
    dialect: 'tgi',
    description: 'Text Generation Inference token stream: text only, generated_text at the end.',
    readQuestion: body => tgiQuestion(body?.inputs),
    createEncoder: createTgiEncoder,
    exampleBody: { inputs: 'User: How do I stop a stream?\nAssistant:', parameters: { max_new_tokens: 1024 } },
  },
];
