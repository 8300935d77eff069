import type { ChatEvent } from './chat-event.js';
import type { SseMessage } from '../transport/sse-message.js';
import type { Dialect, RequestContext } from './dialect.js';
import { own, ownNumber, ownObject, ownString, parseJsonObject, type JsonObject } from '../untrusted/json-values.js';
import { VendorMapper, finishNotice, vendorError } from './vendor-mapper.js';
import { historyTurns } from './request-body.js';

/**
 * Hugging Face Text Generation Inference `/generate_stream`: one `StreamResponse` per token; the last one carries
 * `generated_text` (the whole text) and `details`, and is the completion signal.
 */

/** TGI error types where trying again later makes sense. */
const RETRYABLE_ERROR_TYPES = new Set(['overloaded', 'generation', 'incomplete_generation']);

class TgiMapper extends VendorMapper {
  #started = false;
  #streamed = false;

  protected mapPayload(payload: JsonObject): ChatEvent[] {
    if (own(payload, 'error') !== undefined && own(payload, 'error') !== null) {
      const type = ownString(payload, 'error_type');
      return [vendorError(own(payload, 'error'), type, type === undefined || RETRYABLE_ERROR_TYPES.has(type))];
    }
    const events: ChatEvent[] = [];
    if (!this.#started) {
      this.#started = true;
      events.push({ type: 'start' });
    }
    const token = ownObject(payload, 'token');
    const text = ownString(token, 'text');
    // Special tokens (`</s>`, `<|eot_id|>`) are control markers, never part of the answer.
    if (text && own(token, 'special') !== true) {
      this.#streamed = true;
      events.push({ type: 'text-delta', delta: text });
    }
    const generated = ownString(payload, 'generated_text');
    if (generated === undefined) return events;
    // The final message: trust the streamed tokens, and fall back on the whole text only if none streamed.
    if (!this.#streamed && generated) events.push({ type: 'text', text: generated });
    const details = ownObject(payload, 'details');
    const reason = ownString(details, 'finish_reason');
    if (details) events.push({ type: 'metadata', metadata: { details } });
    events.push(...finishNotice(reason), { type: 'done', ...(reason ? { reason } : {}) });
    return events;
  }
}

/** Whether a message is a TGI stream response (a `token` with a numeric id and text) or a TGI error. */
function detect(message: SseMessage): boolean {
  const payload = parseJsonObject(message.data);
  if (!payload) return false;
  const token = ownObject(payload, 'token');
  if (token) return ownNumber(token, 'id') !== undefined && typeof own(token, 'text') === 'string';
  return typeof own(payload, 'error') === 'string' && typeof own(payload, 'error_type') === 'string';
}

/** The conversation as one plain prompt: TGI's `/generate_stream` takes text, not chat turns. */
function buildPrompt(context: RequestContext): string {
  const lines = historyTurns(context.history).map(turn => `${turn.role === 'user' ? 'User' : 'Assistant'}: ${turn.text}`);
  return [...lines, `User: ${context.text}`, 'Assistant:'].join('\n');
}

/** `{ inputs: <history + question as a prompt>, parameters: { max_new_tokens: 1024 } }`. */
function buildBody(context: RequestContext): unknown {
  return { inputs: buildPrompt(context), parameters: { max_new_tokens: 1024 } };
}

/** The Hugging Face TGI `/generate_stream` dialect. */
export const tgiDialect: Dialect = {
  name: 'tgi',
  createMapper: () => new TgiMapper(),
  detect,
  buildBody,
};
