import type { ChatEvent, ChatSource } from './chat-event.js';
import type { SseMessage } from '../transport/sse-message.js';
import type { Dialect, DialectMapper, RequestContext } from './dialect.js';
import {
  ThinkingStep,
  arrayOf,
  finishNotice,
  historyTurns,
  invalidPayloadError,
  isBlank,
  objectOf,
  parseJsonObject,
  sourcesEvent,
  stringOf,
  urlSource,
  vendorError,
} from './vendor-shared.js';
import type { JsonObject } from './vendor-shared.js';

/**
 * Google Gemini `streamGenerateContent?alt=sse`: every message is a whole `GenerateContentResponse`. There is no
 * `[DONE]`: the chunk whose candidate carries a `finishReason` is the completion signal.
 */

/** HTTP-style statuses that sending the same request again cannot fix. */
const PERMANENT_STATUSES = new Set(['INVALID_ARGUMENT', 'FAILED_PRECONDITION', 'PERMISSION_DENIED', 'NOT_FOUND', 'UNAUTHENTICATED']);

/** A grounding chunk (web result or retrieved document) as a source. */
function groundingSource(value: unknown): ChatSource | undefined {
  const chunk = objectOf(value);
  const web = objectOf(chunk?.web);
  if (web) return urlSource(web.uri, web.title);
  const retrieved = objectOf(chunk?.retrievedContext);
  return retrieved ? urlSource(retrieved.uri, retrieved.title, retrieved.text) : undefined;
}

class GeminiMapper implements DialectMapper {
  #started = false;
  #finished = false;
  readonly #thinking = new ThinkingStep();
  #toolCalls = 0;

  map(message: SseMessage): ChatEvent[] {
    if (this.#finished || isBlank(message.data)) return [];
    // Errors arrive as `{error}`; some proxies wrap a response in a one-element array.
    const payload = parseJsonObject(message.data) ?? this.#unwrapArray(message.data);
    if (!payload) return [invalidPayloadError('Gemini')];
    const error = objectOf(payload.error);
    if (error) {
      this.#finished = true;
      const status = stringOf(error.status);
      return [vendorError(error.message, status ?? error.code, !(status && PERMANENT_STATUSES.has(status)))];
    }
    const events: ChatEvent[] = [];
    if (!this.#started) {
      this.#started = true;
      events.push({ type: 'start', model: stringOf(payload.modelVersion), messageId: stringOf(payload.responseId) });
    }
    const blockReason = stringOf(objectOf(payload.promptFeedback)?.blockReason);
    if (blockReason) {
      this.#finished = true;
      events.push({ type: 'error', message: `The question was blocked (${blockReason}).`, code: 'blocked', retryable: false });
      return events;
    }
    const candidate = objectOf(arrayOf(payload.candidates)[0]);
    for (const part of arrayOf(objectOf(candidate?.content)?.parts)) this.#mapPart(objectOf(part), events);
    const grounding = objectOf(candidate?.groundingMetadata);
    events.push(...sourcesEvent(arrayOf(grounding?.groundingChunks).map(groundingSource)));
    const usage = objectOf(payload.usageMetadata);
    if (usage) events.push({ type: 'metadata', metadata: { usage } });
    const finishReason = stringOf(candidate?.finishReason);
    if (finishReason) events.push(...this.#finish(finishReason));
    return events;
  }

  #unwrapArray(data: string): JsonObject | undefined {
    try {
      const value: unknown = JSON.parse(data);
      return Array.isArray(value) ? objectOf(value[0]) : undefined;
    } catch {
      return undefined;
    }
  }

  #mapPart(part: JsonObject | undefined, events: ChatEvent[]): void {
    if (!part) return;
    const text = stringOf(part.text);
    if (text && part.thought === true) {
      events.push(this.#thinking.append(text));
      return;
    }
    if (text) {
      events.push(...this.#thinking.end(), { type: 'text-delta', delta: text });
      return;
    }
    const call = objectOf(part.functionCall);
    if (call) {
      this.#toolCalls += 1;
      const detail = call.args === undefined ? undefined : JSON.stringify(call.args);
      events.push({ type: 'step', id: `tool-${this.#toolCalls}`, label: stringOf(call.name) ?? 'Tool call', status: 'done', detail });
    }
  }

  #finish(reason: string): ChatEvent[] {
    this.#finished = true;
    return [
      ...this.#thinking.end(),
      { type: 'metadata', metadata: { finishReason: reason } },
      ...finishNotice(reason),
      { type: 'done', reason },
    ];
  }
}

/** Whether a message is a `GenerateContentResponse` (candidates, usage or prompt feedback). */
function detect(message: SseMessage): boolean {
  const payload = parseJsonObject(message.data);
  return (
    payload !== undefined &&
    (Array.isArray(payload.candidates) || objectOf(payload.usageMetadata) !== undefined || objectOf(payload.promptFeedback) !== undefined)
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
