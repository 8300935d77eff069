import type { ChatEvent, ChatSource } from './chat-event.js';
import { dialectStrings as defaults } from './dialect-strings.js';
import type { SseMessage } from '../transport/sse-message.js';
import type { Dialect, RequestContext } from './dialect.js';
import {
  arrayOf,
  objectOf,
  own,
  ownArray,
  ownNumber,
  ownObject,
  ownString,
  parseJsonObject,
  type JsonObject,
} from '../untrusted/json-values.js';
import { urlSource } from './sources.js';
import { ThinkingStep } from './steps.js';
import { VendorMapper, finishEvents, sourcesEvent, startEvent, vendorError } from './vendor-mapper.js';
import { chatMessages } from './request-body.js';

/**
 * OpenAI Chat Completions streaming (`stream: true`), the lingua franca of LLM servers: Ollama, vLLM, llama.cpp,
 * LM Studio, TGI's Messages API and most gateways speak it. Each message is a `chat.completion.chunk`; the stream
 * ends with `data: [DONE]`, which is the completion signal.
 */


/** Error types that sending the same request again cannot fix. */
const PERMANENT_ERROR_TYPES = new Set(['invalid_request_error', 'authentication_error', 'permission_error', 'not_found_error']);

interface ToolCallState {
  stepId: string;
  name: string;
  args: string;
}

/** Whether a chunk's `error` object (or a vLLM-style `{object: "error"}` body) is present, as a chat event. */
function errorFromPayload(payload: JsonObject): ChatEvent | undefined {
  const error = ownObject(payload, 'error') ?? (own(payload, 'object') === 'error' ? payload : undefined);
  if (!error) {
    const message = ownString(payload, 'error');
    return message !== undefined ? vendorError(message, undefined, true) : undefined;
  }
  const type = ownString(error, 'type');
  return vendorError(own(error, 'message'), own(error, 'code') ?? type, !(type && PERMANENT_ERROR_TYPES.has(type)));
}

/** `url_citation` annotations (search models) as sources. */
function annotationSources(annotations: unknown): (ChatSource | undefined)[] {
  return arrayOf(annotations).map(annotation => {
    const citation = ownObject(annotation, 'url_citation');
    return citation ? urlSource(own(citation, 'url'), own(citation, 'title')) : undefined;
  });
}

class OpenAiChatMapper extends VendorMapper {
  #started = false;
  readonly #thinking = new ThinkingStep();
  readonly #toolCalls = new Map<number, ToolCallState>();
  #gatewaySourceCount = 0;

  protected mapPayload(payload: JsonObject, message: SseMessage): ChatEvent[] {
    const error = errorFromPayload(payload);
    if (error || message.event === 'error') return [error ?? vendorError(undefined, undefined, true)];

    const events: ChatEvent[] = [];
    if (!this.#started) {
      this.#started = true;
      events.push(startEvent(payload));
    }
    const choice = objectOf(ownArray(payload, 'choices')[0]);
    const delta = ownObject(choice, 'delta');
    if (delta) this.#mapDelta(delta, events);
    events.push(...this.#gatewaySources(payload));
    const finishReason = ownString(choice, 'finish_reason');
    if (finishReason) events.push(...this.#finish(finishReason));
    const usage = ownObject(payload, 'usage');
    if (usage) events.push({ type: 'metadata', metadata: { usage } });
    return events;
  }

  #mapDelta(delta: JsonObject, events: ChatEvent[]): void {
    // DeepSeek, vLLM and llama.cpp call it `reasoning_content`; OpenRouter and Ollama call it `reasoning`.
    const reasoning = ownString(delta, 'reasoning_content') ?? ownString(delta, 'reasoning');
    if (reasoning) events.push(this.#thinking.append(reasoning));
    const content = ownString(delta, 'content');
    if (content) events.push(...this.#thinking.end(), { type: 'text-delta', delta: content });
    for (const call of ownArray(delta, 'tool_calls')) {
      const step = this.#toolCallStep(objectOf(call));
      if (step) events.push(step);
    }
    events.push(...sourcesEvent(annotationSources(own(delta, 'annotations'))));
  }

  /** One step per tool call; later chunks carry only the index and more argument text. */
  #toolCallStep(call: JsonObject | undefined): ChatEvent | undefined {
    if (!call) return undefined;
    const index = ownNumber(call, 'index') ?? this.#toolCalls.size;
    const fn = ownObject(call, 'function');
    let state = this.#toolCalls.get(index);
    if (!state) {
      state = { stepId: `tool-${ownString(call, 'id') ?? index}`, name: ownString(fn, 'name') ?? defaults.stepToolCall, args: '' };
      this.#toolCalls.set(index, state);
    }
    state.args += ownString(fn, 'arguments') ?? '';
    return { type: 'step', id: state.stepId, label: state.name, status: 'active', detail: state.args || undefined };
  }

  /** Perplexity-style gateways repeat `search_results` / `citations` on every chunk: report only what is new. */
  #gatewaySources(payload: JsonObject): ChatEvent[] {
    const results = ownArray(payload, 'search_results');
    const list = results.length ? results : ownArray(payload, 'citations');
    if (list.length <= this.#gatewaySourceCount) return [];
    const fresh = list.slice(this.#gatewaySourceCount);
    this.#gatewaySourceCount = list.length;
    return sourcesEvent(
      fresh.map(item => {
        const result = objectOf(item);
        return result ? urlSource(own(result, 'url'), own(result, 'title'), own(result, 'snippet')) : urlSource(item, undefined);
      }),
    );
  }

  #finish(reason: string): ChatEvent[] {
    const events = this.#thinking.end();
    for (const call of this.#toolCalls.values()) events.push({ type: 'step', id: call.stepId, status: 'done' });
    events.push(...finishEvents(reason));
    return events;
  }
}

/** Whether a message looks like a Chat Completions chunk. */
function detect(message: SseMessage): boolean {
  const payload = parseJsonObject(message.data);
  return payload !== undefined && (own(payload, 'object') === 'chat.completion.chunk' || Array.isArray(own(payload, 'choices')));
}

/** `{ model, messages: [...history, {role:'user', content}], stream: true, stream_options: {include_usage: true} }`. */
function buildBody(context: RequestContext): unknown {
  return {
    model: context.model,
    messages: chatMessages(context),
    stream: true,
    stream_options: { include_usage: true },
  };
}

/** The OpenAI Chat Completions dialect (and every OpenAI-compatible server). */
export const openAiChatDialect: Dialect = {
  name: 'openai-chat',
  createMapper: () => new OpenAiChatMapper(),
  detect,
  buildBody,
};
