import type { ChatEvent, ChatSource } from './chat-event.js';
import { dialectStrings as defaults } from './dialect-strings.js';
import type { SseMessage } from '../transport/sse-message.js';
import type { Dialect, RequestContext } from './dialect.js';
import {
  arrayOf,
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
 * Anthropic Messages streaming: `message_start`, then per content block `content_block_start` / `_delta` /
 * `_stop` (the block's index says which block a delta belongs to), `message_delta` and `message_stop`, which is
 * the completion signal. The payload's `type` always equals the SSE event name.
 */

/** The stream's own event types, used for detection. */
const ANTHROPIC_EVENTS = new Set([
  'message_start',
  'content_block_start',
  'content_block_delta',
  'content_block_stop',
  'message_delta',
  'message_stop',
]);

/** Error types where trying again later makes sense (the API's 429, 500 and 529). */
const RETRYABLE_ERRORS = new Set(['overloaded_error', 'api_error', 'rate_limit_error', 'timeout_error']);

/** Labels for Anthropic's server-side tools; client tools are labelled with their own name. */
const SERVER_TOOL_LABELS: Record<string, string> = {
  web_search: defaults.stepWebSearch,
  web_fetch: defaults.stepWebFetch,
  code_execution: defaults.stepRunCode,
  bash_code_execution: defaults.stepRunCode,
  text_editor_code_execution: defaults.stepEditFile,
};

/** What kind of content a block index holds, and the step it shows as (if any). */
interface BlockState {
  kind: string;
  stepId?: string;
}

/** A citation in a text block as a source: a web result has a url, a document citation only a title. */
function citationSource(citation: unknown): ChatSource | undefined {
  switch (own(citation, 'type')) {
    case 'web_search_result_location':
      return urlSource(own(citation, 'url'), own(citation, 'title'), own(citation, 'cited_text'));
    case 'search_result_location':
      return urlSource(own(citation, 'source'), own(citation, 'title'), own(citation, 'cited_text'));
    case 'char_location':
    case 'page_location':
    case 'content_block_location': {
      const index = ownNumber(citation, 'document_index');
      const title = ownString(citation, 'document_title') || (index !== undefined ? `${defaults.sourceDocument} ${index + 1}` : defaults.sourceDocument);
      const snippet = ownString(citation, 'cited_text');
      return snippet ? { title, snippet } : { title };
    }
  }
  return undefined;
}

class AnthropicMapper extends VendorMapper {
  readonly #blocks = new Map<number, BlockState>();
  /** Server tool steps by tool_use id, so their result block can finish them. */
  readonly #serverToolSteps = new Set<string>();
  #usage: JsonObject = {};
  /** Thinking text and tool input, accumulated per step. */
  readonly #details = new StepDetails();

  protected mapPayload(payload: JsonObject, message: SseMessage): ChatEvent[] {
    const index = ownNumber(payload, 'index') ?? -1;
    switch (ownString(payload, 'type') ?? message.event) {
      case 'message_start': {
        const start = ownObject(payload, 'message');
        return [startEvent(start), ...this.#usageEvent(ownObject(start, 'usage'))];
      }
      case 'content_block_start':
        return this.#blockStart(index, ownObject(payload, 'content_block'));
      case 'content_block_delta':
        return this.#blockDelta(index, ownObject(payload, 'delta'));
      case 'content_block_stop':
        return this.#blockStop(index);
      case 'message_delta': {
        const stopReason = ownString(ownObject(payload, 'delta'), 'stop_reason');
        const events: ChatEvent[] = stopReason ? [{ type: 'metadata', metadata: { stopReason } }, ...finishNotice(stopReason)] : [];
        return [...events, ...this.#usageEvent(ownObject(payload, 'usage'))];
      }
      case 'message_stop':
        return [{ type: 'done' }];
      case 'error': {
        const error = ownObject(payload, 'error');
        const type = ownString(error, 'type');
        return [vendorError(own(error, 'message'), type, type === undefined || RETRYABLE_ERRORS.has(type))];
      }
    }
    return []; // `ping` and event types added after this was written
  }

  #blockStart(index: number, block: JsonObject | undefined): ChatEvent[] {
    const kind = ownString(block, 'type') ?? 'unknown';
    const state: BlockState = { kind };
    this.#blocks.set(index, state);
    switch (kind) {
      case 'text': {
        return [...textDelta(ownString(block, 'text')), ...sourcesEvent(ownArray(block, 'citations').map(citationSource))];
      }
      case 'thinking':
      case 'redacted_thinking':
        state.stepId = `thinking-${index}`;
        return [{ type: 'step', id: state.stepId, label: THINKING_LABEL, status: 'active' }];
      case 'tool_use':
      case 'server_tool_use':
      case 'mcp_tool_use': {
        const name = ownString(block, 'name') ?? 'Tool';
        state.stepId = ownString(block, 'id') ?? `tool-${index}`;
        if (kind === 'server_tool_use') this.#serverToolSteps.add(state.stepId);
        return [{ type: 'step', id: state.stepId, label: own(SERVER_TOOL_LABELS, name) ?? name, status: 'active' }];
      }
      case 'web_search_tool_result':
        return this.#webSearchResult(block!);
    }
    return [];
  }

  /** Search results become sources; the search step they answer finishes (or fails). */
  #webSearchResult(block: JsonObject): ChatEvent[] {
    const events: ChatEvent[] = [];
    const toolUseId = ownString(block, 'tool_use_id');
    const content = own(block, 'content');
    const failed = !Array.isArray(content);
    if (toolUseId && this.#serverToolSteps.has(toolUseId)) {
      const errorCode = ownString(content, 'error_code');
      events.push({ type: 'step', id: toolUseId, status: failed ? 'error' : 'done', ...(errorCode ? { detail: errorCode } : {}) });
    }
    const results = arrayOf(content).filter(result => ownString(result, 'type') === 'web_search_result');
    return [...events, ...sourcesEvent(results.map(result => urlSource(own(result, 'url'), own(result, 'title'))))];
  }

  #blockDelta(index: number, delta: JsonObject | undefined): ChatEvent[] {
    const state = this.#blocks.get(index);
    switch (own(delta, 'type')) {
      case 'text_delta':
        return textDelta(ownString(delta, 'text'));
      case 'thinking_delta':
        return this.#details.append(state?.stepId, ownString(delta, 'thinking'));
      case 'input_json_delta':
        return this.#details.append(state?.stepId, ownString(delta, 'partial_json'));
      case 'citations_delta':
        return sourcesEvent([citationSource(own(delta, 'citation'))]);
    }
    return []; // `signature_delta` verifies thinking; it is never text
  }

  #blockStop(index: number): ChatEvent[] {
    const state = this.#blocks.get(index);
    // A server tool's step stays active until its result block arrives.
    if (!state?.stepId || state.kind === 'server_tool_use') return [];
    return [{ type: 'step', id: state.stepId, status: 'done' }];
  }

  /** Usage arrives in parts (input at the start, output counts in `message_delta`): report the merged whole. */
  #usageEvent(usage: JsonObject | undefined): ChatEvent[] {
    if (!usage) return [];
    this.#usage = { ...this.#usage, ...usage };
    return [{ type: 'metadata', metadata: { usage: this.#usage } }];
  }
}

/** Whether a message is one of the Messages stream's own events (`ping` only when named as an event) or its error. */
function detect(message: SseMessage): boolean {
  if (ANTHROPIC_EVENTS.has(message.event)) return true;
  const payload = parseJsonObject(message.data);
  const type = ownString(payload, 'type');
  if (type === undefined) return false;
  // Not `ping`: house streams send `{"type":"ping"}` keep-alives too, and a ping says nothing of the format.
  if (ANTHROPIC_EVENTS.has(type)) return true;
  // An error as the first event: Anthropic nests a typed error (`overloaded_error`, …), unlike the house family.
  return type === 'error' && /^[a-z_]+_error$/.test(ownString(ownObject(payload, 'error'), 'type') ?? '');
}

/** `{ model, max_tokens: 4096, stream: true, messages: [...history, {role:'user', content}] }`. */
function buildBody(context: RequestContext): unknown {
  return {
    model: context.model,
    max_tokens: 4096,
    stream: true,
    messages: chatMessages(context),
  };
}

/** The Anthropic Messages API dialect. */
export const anthropicDialect: Dialect = {
  name: 'anthropic',
  createMapper: () => new AnthropicMapper(),
  detect,
  buildBody,
};
