import type { ChatEvent, ChatSource } from './chat-event.js';
import { dialectStrings as defaults } from './dialect-strings.js';
import type { SseMessage } from '../transport/sse-message.js';
import type { Dialect, RequestContext } from './dialect.js';
import {
  objectOf,
  own,
  ownArray,
  ownObject,
  ownString,
  parseJsonObject,
  type JsonObject,
} from '../untrusted/json-values.js';
import { urlSource } from './sources.js';
import { ThinkingStep } from './steps.js';
import { VendorMapper, finishEvents, sourcesEvent, startEvent, vendorError } from './vendor-mapper.js';
import { historyTurns } from './request-body.js';

/**
 * Google Gemini `streamGenerateContent?alt=sse`: every message is a whole `GenerateContentResponse`. There is no
 * `[DONE]`: the chunk whose candidate carries a `finishReason` is the completion signal.
 */

/** HTTP-style statuses that sending the same request again cannot fix. */
const PERMANENT_STATUSES = new Set(['INVALID_ARGUMENT', 'FAILED_PRECONDITION', 'PERMISSION_DENIED', 'NOT_FOUND', 'UNAUTHENTICATED']);

/** A grounding chunk (web result or retrieved document) as a source. */
function groundingSource(chunk: unknown): ChatSource | undefined {
  const web = ownObject(chunk, 'web');
  if (web) return urlSource(own(web, 'uri'), own(web, 'title'));
  const retrieved = ownObject(chunk, 'retrievedContext');
  return retrieved ? urlSource(own(retrieved, 'uri'), own(retrieved, 'title'), own(retrieved, 'text')) : undefined;
}

class GeminiMapper extends VendorMapper {
  #started = false;
  readonly #thinking = new ThinkingStep();
  #toolCalls = 0;

  // Errors arrive as `{error}`; some proxies wrap a response in a one-element array (see `unwrap`).
  protected mapPayload(payload: JsonObject): ChatEvent[] {
    const error = ownObject(payload, 'error');
    if (error) {
      const status = ownString(error, 'status');
      return [vendorError(own(error, 'message'), status ?? own(error, 'code'), !(status && PERMANENT_STATUSES.has(status)))];
    }
    const events: ChatEvent[] = [];
    if (!this.#started) {
      this.#started = true;
      events.push(startEvent(payload, 'modelVersion', 'responseId'));
    }
    const blockReason = ownString(ownObject(payload, 'promptFeedback'), 'blockReason');
    if (blockReason) {
      // The reason (`SAFETY`, …) is kept as metadata: the shown sentence is a translatable string.
      events.push({ type: 'metadata', metadata: { blockReason } }, { type: 'error', message: defaults.errorBlocked, code: 'blocked', retryable: false });
      return events;
    }
    const candidate = objectOf(ownArray(payload, 'candidates')[0]);
    for (const part of ownArray(ownObject(candidate, 'content'), 'parts')) this.#mapPart(objectOf(part), events);
    const grounding = ownObject(candidate, 'groundingMetadata');
    events.push(...sourcesEvent(ownArray(grounding, 'groundingChunks').map(groundingSource)));
    const usage = ownObject(payload, 'usageMetadata');
    if (usage) events.push({ type: 'metadata', metadata: { usage } });
    const finishReason = ownString(candidate, 'finishReason');
    if (finishReason) events.push(...this.#finish(finishReason));
    return events;
  }

  protected override unwrap(value: unknown): JsonObject | undefined {
    return Array.isArray(value) ? objectOf(value[0]) : undefined;
  }

  #mapPart(part: JsonObject | undefined, events: ChatEvent[]): void {
    if (!part) return;
    const text = ownString(part, 'text');
    if (text && own(part, 'thought') === true) {
      events.push(this.#thinking.append(text));
      return;
    }
    if (text) {
      events.push(...this.#thinking.end(), { type: 'text-delta', delta: text });
      return;
    }
    const call = ownObject(part, 'functionCall');
    if (call) {
      this.#toolCalls += 1;
      const detail = own(call, 'args') === undefined ? undefined : JSON.stringify(own(call, 'args'));
      events.push({ type: 'step', id: `tool-${this.#toolCalls}`, label: ownString(call, 'name') ?? defaults.stepToolCall, status: 'done', detail });
    }
  }

  #finish(reason: string): ChatEvent[] {
    return [...this.#thinking.end(), ...finishEvents(reason), { type: 'done', reason }];
  }
}

/** Whether a message is a `GenerateContentResponse` (candidates, usage or prompt feedback). */
function detect(message: SseMessage): boolean {
  const payload = parseJsonObject(message.data);
  return (
    payload !== undefined &&
    (Array.isArray(own(payload, 'candidates')) || ownObject(payload, 'usageMetadata') !== undefined || ownObject(payload, 'promptFeedback') !== undefined)
  );
}

/** `{ contents: [{ role: 'user' | 'model', parts: [{ text }] }, …] }`; the model is part of the URL, not the body. */
function buildBody(context: RequestContext): unknown {
  return {
    contents: [
      ...historyTurns(context.history).map(turn => ({ role: turn.role === 'user' ? 'user' : 'model', parts: [{ text: turn.text }] })),
      { role: 'user', parts: [{ text: context.text }] },
    ],
  };
}

/** The Google Gemini (`alt=sse`) dialect. */
export const geminiDialect: Dialect = {
  name: 'gemini',
  createMapper: () => new GeminiMapper(),
  detect,
  buildBody,
};
