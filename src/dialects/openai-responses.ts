import type { ChatEvent, ChatSource } from './chat-event.js';
import type { SseMessage } from '../transport/sse-message.js';
import type { Dialect, DialectMapper, RequestContext } from './dialect.js';
import { own } from './shared.js';
import {
  StepDetails,
  THINKING_LABEL,
  arrayOf,
  chatMessages,
  finishNotice,
  invalidPayloadError,
  isBlank,
  numberOf,
  objectOf,
  parseJsonObject,
  sourcesEvent,
  stringOf,
  urlSource,
  vendorError,
} from './vendor-shared.js';
import type { JsonObject } from './vendor-shared.js';

/**
 * OpenAI Responses API streaming: typed semantic events (`response.*`), each sent with the type as the SSE event
 * name and in the payload's `type`. `response.completed` is the completion signal.
 */

/** Labels for the output items that are work rather than answer text. */
const TOOL_ITEM_LABELS: Record<string, string> = {
  reasoning: THINKING_LABEL,
  web_search_call: 'Searching the web',
  file_search_call: 'Searching files',
  code_interpreter_call: 'Running code',
  image_generation_call: 'Generating an image',
  computer_call: 'Using the computer',
  local_shell_call: 'Running a command',
  mcp_call: 'Calling a tool',
  mcp_list_tools: 'Listing tools',
};

/** Error codes that sending the same request again cannot fix. */
const PERMANENT_ERROR_CODES = new Set(['invalid_prompt', 'invalid_request_error', 'invalid_api_key', 'model_not_found']);

/** Annotations of an output text as sources: `url_citation` links and `file_citation` documents. */
function annotationSource(value: unknown): ChatSource | undefined {
  const annotation = objectOf(value);
  if (annotation?.type === 'url_citation') return urlSource(annotation.url, annotation.title);
  if (annotation?.type === 'file_citation') {
    const filename = stringOf(annotation.filename) ?? stringOf(annotation.file_id);
    return filename ? { title: filename, metadata: { fileId: annotation.file_id } } : undefined;
  }
  return undefined;
}

/** Sources carried by a finished output item: message annotations and file-search results. */
function itemSources(item: JsonObject): (ChatSource | undefined)[] {
  if (item.type === 'message') {
    return arrayOf(item.content).flatMap(part => arrayOf(objectOf(part)?.annotations).map(annotationSource));
  }
  if (item.type === 'file_search_call') {
    return arrayOf(item.results).map(value => {
      const result = objectOf(value);
      const title = stringOf(result?.filename) ?? stringOf(result?.file_id);
      if (!result || !title) return undefined;
      const source: ChatSource = { title, snippet: stringOf(result.text), score: numberOf(result.score) };
      return source;
    });
  }
  return [];
}

/** What a finished tool item did, for the step's detail: the search query, the file queries or the arguments. */
function itemDetail(item: JsonObject): string | undefined {
  const query = stringOf(objectOf(item.action)?.query);
  if (query) return query;
  const queries = arrayOf(item.queries).filter(value => typeof value === 'string');
  if (queries.length) return queries.join(', ');
  return stringOf(item.arguments) || undefined;
}

class OpenAiResponsesMapper implements DialectMapper {
  #finished = false;
  /** Accumulated detail per item id (reasoning summary or function arguments). */
  readonly #details = new StepDetails();

  map(message: SseMessage): ChatEvent[] {
    if (this.#finished || isBlank(message.data) || message.data.trim() === '[DONE]') return [];
    const payload = parseJsonObject(message.data);
    if (!payload) return [invalidPayloadError('OpenAI')];
    const type = stringOf(payload.type) ?? message.event;
    switch (type) {
      case 'response.created': {
        const response = objectOf(payload.response);
        return [{ type: 'start', model: stringOf(response?.model), messageId: stringOf(response?.id) }];
      }
      case 'response.output_text.delta': {
        const delta = stringOf(payload.delta);
        return delta ? [{ type: 'text-delta', delta }] : [];
      }
      case 'response.output_text.annotation.added':
        return sourcesEvent([annotationSource(payload.annotation)]);
      case 'response.output_item.added':
        return this.#itemStep(objectOf(payload.item), 'active');
      case 'response.output_item.done': {
        const item = objectOf(payload.item);
        return item ? [...this.#itemStep(item, 'done'), ...sourcesEvent(itemSources(item))] : [];
      }
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        return this.#details.append(stringOf(payload.item_id), stringOf(payload.delta), true);
      case 'response.function_call_arguments.delta':
      case 'response.custom_tool_call_input.delta':
        return this.#details.append(stringOf(payload.item_id), stringOf(payload.delta));
      case 'response.function_call_arguments.done': {
        const id = stringOf(payload.item_id);
        return id ? [{ type: 'step', id, detail: stringOf(payload.arguments) }] : [];
      }
      case 'response.completed':
        return this.#complete(objectOf(payload.response));
      case 'response.incomplete': {
        this.#finished = true;
        const reason = stringOf(objectOf(objectOf(payload.response)?.incomplete_details)?.reason);
        return [
          ...(finishNotice(reason).length ? finishNotice(reason) : [{ type: 'notice', message: 'The answer is incomplete.', kind: 'incomplete' } as const]),
          { type: 'done', reason: reason ?? 'incomplete' },
        ];
      }
      case 'response.failed': {
        this.#finished = true;
        const error = objectOf(objectOf(payload.response)?.error);
        const code = stringOf(error?.code);
        return [vendorError(error?.message, code, !(code && PERMANENT_ERROR_CODES.has(code)))];
      }
      case 'error': {
        this.#finished = true;
        const error = objectOf(payload.error) ?? payload;
        const code = stringOf(error.code);
        return [vendorError(error.message, code, !(code && PERMANENT_ERROR_CODES.has(code)))];
      }
    }
    // Tool progress events (`response.web_search_call.searching`, `…file_search_call.completed`, …) move the step.
    const progress = /^response\.([a-z_]+_call)\.(in_progress|searching|interpreting|generating|completed|failed)$/.exec(type);
    const id = stringOf(payload.item_id);
    const progressLabel = progress && own(TOOL_ITEM_LABELS, progress[1]);
    if (progress && id && progressLabel) {
      const status = progress[2] === 'completed' ? 'done' : progress[2] === 'failed' ? 'error' : 'active';
      return [{ type: 'step', id, label: progressLabel, status }];
    }
    return [];
  }

  #itemStep(item: JsonObject | undefined, status: 'active' | 'done'): ChatEvent[] {
    const id = stringOf(item?.id);
    if (!item || !id) return [];
    const itemType = stringOf(item.type) ?? '';
    const label = itemType === 'function_call' || itemType === 'custom_tool_call' ? stringOf(item.name) : own(TOOL_ITEM_LABELS, itemType);
    if (!label) return [];
    const failed = item.status === 'failed' || item.status === 'incomplete';
    const detail = status === 'done' ? itemDetail(item) : undefined;
    // A finished reasoning item keeps the label its summary heading gave it.
    const keepLabel = status === 'done' && itemType === 'reasoning';
    return [{ type: 'step', id, ...(keepLabel ? {} : { label }), status: failed ? 'error' : status, ...(detail ? { detail } : {}) }];
  }

  #complete(response: JsonObject | undefined): ChatEvent[] {
    this.#finished = true;
    const events: ChatEvent[] = [];
    for (const item of arrayOf(response?.output)) {
      const output = objectOf(item);
      if (output) events.push(...sourcesEvent(itemSources(output)));
    }
    const usage = objectOf(response?.usage);
    if (usage) events.push({ type: 'metadata', metadata: { usage } });
    events.push({ type: 'done', reason: stringOf(response?.status) ?? 'completed' });
    return events;
  }
}

/** Whether a message is a Responses API event (`response.*` in the event name or the payload type). */
function detect(message: SseMessage): boolean {
  if (message.event.startsWith('response.')) return true;
  const type = stringOf(parseJsonObject(message.data)?.type);
  return type !== undefined && type.startsWith('response.');
}

/** `{ model, input: [...history, {role:'user', content}], stream: true }`. */
function buildBody(context: RequestContext): unknown {
  return {
    model: context.model,
    input: chatMessages(context),
    stream: true,
  };
}

/** The OpenAI Responses API dialect. */
export const openAiResponsesDialect: Dialect = {
  name: 'openai-responses',
  createMapper: () => new OpenAiResponsesMapper(),
  detect,
  buildBody,
};
