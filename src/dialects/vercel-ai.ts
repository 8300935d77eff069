import type { ChatEvent } from './chat-event.js';
import { dialectStrings as defaults } from './dialect-strings.js';
import type { SseMessage } from '../transport/sse-message.js';
import type { Dialect, RequestContext } from './dialect.js';
import { objectOf, own, ownString, parseJsonObject, safeRecord, type JsonObject } from '../untrusted/json-values.js';
import { urlSource } from './sources.js';
import { StepDetails, THINKING_LABEL } from './steps.js';
import { VendorMapper, finishEvents, sourcesEvent, textDelta, vendorError } from './vendor-mapper.js';

/**
 * Vercel AI SDK v5+ UI message stream (`x-vercel-ai-ui-message-stream: v1`): one JSON "chunk" per SSE message,
 * typed by `type`, ending with `finish` and then `data: [DONE]`.
 */

/** The response header the AI SDK sets on every UI message stream. */
const VERCEL_STREAM_HEADER = 'x-vercel-ai-ui-message-stream';

/**
 * Chunk types only the UI message stream uses. `start`, `finish` and `error` are left out on purpose: the house
 * `{"type": …}` family uses those words too, so without the header they prove nothing.
 */
const DISTINCTIVE_TYPES = new Set([
  'text-start',
  'text-end',
  'reasoning-start',
  'reasoning-delta',
  'reasoning-end',
  'start-step',
  'finish-step',
  'tool-input-start',
  'tool-input-delta',
  'tool-input-available',
  'tool-output-available',
  'source-url',
  'source-document',
  'message-metadata',
]);

class VercelAiMapper extends VendorMapper {
  /** Accumulated detail per step id (reasoning text, partial tool input). */
  readonly #details = new StepDetails();

  protected mapPayload(chunk: JsonObject): ChatEvent[] {
    const type = ownString(chunk, 'type') ?? '';
    const reasoningStep = `reasoning-${ownString(chunk, 'id') ?? ''}`;
    const toolStep = `tool-${ownString(chunk, 'toolCallId') ?? ''}`;
    switch (type) {
      case 'start': {
        const events: ChatEvent[] = [{ type: 'start', messageId: ownString(chunk, 'messageId') }];
        return [...events, ...this.#messageMetadata(own(chunk, 'messageMetadata'))];
      }
      case 'text-delta':
        return textDelta(ownString(chunk, 'delta'));
      case 'reasoning-start':
        return this.#step(reasoningStep, THINKING_LABEL, 'active');
      case 'reasoning-delta':
        return this.#details.append(reasoningStep, ownString(chunk, 'delta'), true);
      case 'reasoning-end':
        return this.#step(reasoningStep, undefined, 'done');
      case 'tool-input-start':
        return this.#step(toolStep, ownString(chunk, 'toolName') ?? 'Tool', 'active');
      case 'tool-input-delta':
        return this.#details.append(toolStep, ownString(chunk, 'inputTextDelta'));
      case 'tool-input-available':
        return this.#step(toolStep, ownString(chunk, 'toolName'), 'active', jsonText(own(chunk, 'input')));
      case 'tool-output-available':
        return this.#step(toolStep, undefined, 'done');
      case 'tool-input-error':
      case 'tool-output-error':
        return this.#step(toolStep, ownString(chunk, 'toolName'), 'error', ownString(chunk, 'errorText'));
      case 'source-url':
        return sourcesEvent([urlSource(own(chunk, 'url'), own(chunk, 'title'))]);
      case 'source-document': {
        const title = ownString(chunk, 'title') || ownString(chunk, 'filename');
        if (!title) return [];
        const metadata = { mediaType: own(chunk, 'mediaType'), filename: own(chunk, 'filename'), sourceId: own(chunk, 'sourceId') };
        return [{ type: 'sources', sources: [{ title, metadata }] }];
      }
      case 'message-metadata':
        return this.#messageMetadata(own(chunk, 'messageMetadata'));
      case 'error':
        return [vendorError(own(chunk, 'errorText'), undefined, true)];
      case 'abort':
        // The server gave up on the turn; what was streamed stays, and asking again is reasonable.
        return [{ type: 'error', message: ownString(chunk, 'reason') || defaults.errorAborted, code: 'aborted', retryable: true }];
      case 'finish': {
        const reason = ownString(chunk, 'finishReason');
        const events: ChatEvent[] = [...this.#messageMetadata(own(chunk, 'messageMetadata'))];
        if (reason) events.push(...finishEvents(reason));
        // `finish` completes the turn; `[DONE]` after it is then ignored.
        return [...events, { type: 'done', ...(reason ? { reason } : {}) }];
      }
    }
    // Custom `data-*` parts (app-defined progress, results, …) are kept as metadata under their type.
    if (type.startsWith('data-') && !own(chunk, 'transient')) return [{ type: 'metadata', metadata: { [type]: own(chunk, 'data') } }];
    // `start-step` / `finish-step` only delimit model calls: the reasoning and tool steps inside them are what a
    // reader wants to see, so a one-call answer does not grow a meaningless "Step 1" row.
    return [];
  }

  #step(id: string, label: string | undefined, status: 'active' | 'done' | 'error', detail?: string): ChatEvent[] {
    return [{ type: 'step', id, ...(label ? { label } : {}), status, ...(detail !== undefined ? { detail } : {}) }];
  }

  #messageMetadata(value: unknown): ChatEvent[] {
    // Copied without `__proto__`/`constructor` keys: the app's own object is kept on the message, like canonical metadata.
    const metadata = objectOf(value);
    return metadata ? [{ type: 'metadata', metadata: safeRecord(metadata) }] : [];
  }
}

/** A tool's input as readable text for a step's detail. */
function jsonText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Whether a response is a UI message stream: the header decides; without it, only chunk types no one else uses. */
function detect(message: SseMessage, headers: Headers): boolean {
  if (headers.get(VERCEL_STREAM_HEADER) !== null) return true;
  const chunk = parseJsonObject(message.data);
  const type = ownString(chunk, 'type');
  if (!chunk || !type) return false;
  if (DISTINCTIVE_TYPES.has(type)) return true;
  // A bare `text-delta` is also the house family's word; the UI stream's carries a part `id` and a `delta`.
  return type === 'text-delta' && typeof own(chunk, 'id') === 'string' && typeof own(chunk, 'delta') === 'string';
}

/** `{ id: sessionId, messages: [{ id, role, parts: [{ type: 'text', text }] }], trigger: 'submit-message' }`. */
function buildBody(context: RequestContext): unknown {
  const turns = context.history;
  return {
    id: context.sessionId,
    messages: [
      ...turns.map(message => ({ id: message.id, role: message.role, parts: [{ type: 'text', text: message.text }] })),
      // The new message's id only has to be unique within the chat; the turn count makes it so, purely.
      { id: `${context.sessionId}-user-${turns.length}`, role: 'user', parts: [{ type: 'text', text: context.text }] },
    ],
    trigger: 'submit-message',
  };
}

/** The Vercel AI SDK UI message stream dialect. */
export const vercelAiDialect: Dialect = {
  name: 'vercel-ai',
  createMapper: () => new VercelAiMapper(),
  detect,
  buildBody,
};
