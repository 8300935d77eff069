import type { ChatEvent, ChatSource } from './chat-event.js';
import { dialectStrings as defaults } from './dialect-strings.js';
import type { SseMessage } from '../transport/sse-message.js';
import type { Dialect, RequestContext } from './dialect.js';
import {
  own,
  ownArray,
  ownNumber,
  ownObject,
  ownString,
  parseJsonObject,
  type JsonObject,
} from '../untrusted/json-values.js';
import { urlSource } from './sources.js';
import { StepDetails, THINKING_LABEL } from './steps.js';
import { VendorMapper, finishNotice, sourcesEvent, startEvent, textDelta, vendorError } from './vendor-mapper.js';
import { chatMessages } from './request-body.js';

/**
 * OpenAI Responses API streaming: typed semantic events (`response.*`), each sent with the type as the SSE event
 * name and in the payload's `type`. `response.completed` is the completion signal.
 */

/** Labels for the output items that are work rather than answer text. */
const TOOL_ITEM_LABELS: Record<string, string> = {
  reasoning: THINKING_LABEL,
  web_search_call: defaults.stepWebSearch,
  file_search_call: defaults.stepFileSearch,
  code_interpreter_call: defaults.stepRunCode,
  image_generation_call: defaults.stepImage,
  computer_call: defaults.stepComputer,
  local_shell_call: defaults.stepCommand,
  mcp_call: defaults.stepCallTool,
  mcp_list_tools: defaults.stepListTools,
};

/** Error codes that sending the same request again cannot fix. */
const PERMANENT_ERROR_CODES = new Set(['invalid_prompt', 'invalid_request_error', 'invalid_api_key', 'model_not_found']);

/** Annotations of an output text as sources: `url_citation` links and `file_citation` documents. */
function annotationSource(annotation: unknown): ChatSource | undefined {
  if (own(annotation, 'type') === 'url_citation') return urlSource(own(annotation, 'url'), own(annotation, 'title'));
  if (own(annotation, 'type') === 'file_citation') {
    const filename = ownString(annotation, 'filename') ?? ownString(annotation, 'file_id');
    return filename ? { title: filename, metadata: { fileId: own(annotation, 'file_id') } } : undefined;
  }
  return undefined;
}

/** Sources carried by a finished output item: message annotations and file-search results. */
function itemSources(item: unknown): (ChatSource | undefined)[] {
  if (own(item, 'type') === 'message') {
    return ownArray(item, 'content').flatMap(part => ownArray(part, 'annotations').map(annotationSource));
  }
  if (own(item, 'type') === 'file_search_call') {
    return ownArray(item, 'results').map(result => {
      const title = ownString(result, 'filename') ?? ownString(result, 'file_id');
      if (!title) return undefined;
      const source: ChatSource = { title, snippet: ownString(result, 'text'), score: ownNumber(result, 'score') };
      return source;
    });
  }
  return [];
}

/** What a finished tool item did, for the step's detail: the search query, the file queries or the arguments. */
function itemDetail(item: JsonObject): string | undefined {
  const query = ownString(ownObject(item, 'action'), 'query');
  if (query) return query;
  const queries = ownArray(item, 'queries').filter(value => typeof value === 'string');
  if (queries.length) return queries.join(', ');
  return ownString(item, 'arguments') || undefined;
}

class OpenAiResponsesMapper extends VendorMapper {
  /** Accumulated detail per item id (reasoning summary or function arguments). */
  readonly #details = new StepDetails();

  protected mapPayload(payload: JsonObject, message: SseMessage): ChatEvent[] {
    const type = ownString(payload, 'type') ?? message.event;
    switch (type) {
      case 'response.created':
        return [startEvent(ownObject(payload, 'response'))];
      case 'response.output_text.delta':
        return textDelta(ownString(payload, 'delta'));
      case 'response.output_text.annotation.added':
        return sourcesEvent([annotationSource(own(payload, 'annotation'))]);
      case 'response.output_item.added':
        return this.#itemStep(ownObject(payload, 'item'), 'active');
      case 'response.output_item.done': {
        const item = ownObject(payload, 'item');
        return item ? [...this.#itemStep(item, 'done'), ...sourcesEvent(itemSources(item))] : [];
      }
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        return this.#details.append(ownString(payload, 'item_id'), ownString(payload, 'delta'), true);
      case 'response.function_call_arguments.delta':
      case 'response.custom_tool_call_input.delta':
        return this.#details.append(ownString(payload, 'item_id'), ownString(payload, 'delta'));
      case 'response.function_call_arguments.done': {
        const id = ownString(payload, 'item_id');
        return id ? [{ type: 'step', id, detail: ownString(payload, 'arguments') }] : [];
      }
      case 'response.completed':
        return this.#complete(ownObject(payload, 'response'));
      case 'response.incomplete': {
        const reason = ownString(ownObject(ownObject(payload, 'response'), 'incomplete_details'), 'reason');
        return [
          ...(finishNotice(reason).length ? finishNotice(reason) : [{ type: 'notice', message: defaults.noticeIncomplete, kind: 'incomplete' } as const]),
          { type: 'done', reason: reason ?? 'incomplete' },
        ];
      }
      case 'response.failed':
      case 'error': {
        // A failed response nests its error in the response; a stream error carries it (or is it).
        const error = type === 'error' ? (ownObject(payload, 'error') ?? payload) : ownObject(ownObject(payload, 'response'), 'error');
        const code = ownString(error, 'code');
        return [vendorError(own(error, 'message'), code, !(code && PERMANENT_ERROR_CODES.has(code)))];
      }
    }
    // Tool progress events (`response.web_search_call.searching`, `…file_search_call.completed`, …) move the step.
    const progress = /^response\.([a-z_]+_call)\.(in_progress|searching|interpreting|generating|completed|failed)$/.exec(type);
    const id = ownString(payload, 'item_id');
    const progressLabel = progress && own(TOOL_ITEM_LABELS, progress[1]);
    if (progress && id && progressLabel) {
      const status = progress[2] === 'completed' ? 'done' : progress[2] === 'failed' ? 'error' : 'active';
      return [{ type: 'step', id, label: progressLabel, status }];
    }
    return [];
  }

  #itemStep(item: JsonObject | undefined, status: 'active' | 'done'): ChatEvent[] {
    const id = ownString(item, 'id');
    if (!item || !id) return [];
    const itemType = ownString(item, 'type') ?? '';
    const label = itemType === 'function_call' || itemType === 'custom_tool_call' ? ownString(item, 'name') : own(TOOL_ITEM_LABELS, itemType);
    if (!label) return [];
    const failed = own(item, 'status') === 'failed' || own(item, 'status') === 'incomplete';
    const detail = status === 'done' ? itemDetail(item) : undefined;
    // A finished reasoning item keeps the label its summary heading gave it.
    const keepLabel = status === 'done' && itemType === 'reasoning';
    return [{ type: 'step', id, ...(keepLabel ? {} : { label }), status: failed ? 'error' : status, ...(detail ? { detail } : {}) }];
  }

  #complete(response: JsonObject | undefined): ChatEvent[] {
    const events: ChatEvent[] = [];
    for (const item of ownArray(response, 'output')) events.push(...sourcesEvent(itemSources(item)));
    const usage = ownObject(response, 'usage');
    if (usage) events.push({ type: 'metadata', metadata: { usage } });
    events.push({ type: 'done', reason: ownString(response, 'status') ?? 'completed' });
    return events;
  }
}

/** Whether a message is a Responses API event (`response.*` in the event name or the payload type). */
function detect(message: SseMessage): boolean {
  if (message.event.startsWith('response.')) return true;
  const type = ownString(parseJsonObject(message.data), 'type');
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
