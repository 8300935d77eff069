/**
 * Hugging Face Text Generation Inference `/generate_stream` streams, written out from TGI's OpenAPI schema
 * (StreamResponse, Token, StreamDetails, ErrorResponse) and huggingface.js's `textGenerationStream`.
 */

const token = (id: number, text: string, special = false) => ({ id, text, logprob: -0.25, special });
const data = (value: object) => `data:${JSON.stringify(value)}\n\n`; // TGI (axum) writes no space after the colon

/** Tokens, then the final message with `generated_text` and `details`. */
export const basic = {
  sse:
    data({ index: 1, token: token(1939, 'Deep'), generated_text: null, details: null }) +
    data({ index: 2, token: token(6509, ' learning'), generated_text: null, details: null }) +
    data({ index: 3, token: token(338, ' is'), generated_text: null, details: null }) +
    data({ index: 4, token: token(2, '</s>', true), generated_text: 'Deep learning is', details: { finish_reason: 'eos_token', generated_tokens: 4, seed: null } }),
};

/** The token limit was reached. */
export const lengthLimit = {
  sse:
    data({ index: 1, token: token(450, 'Once'), generated_text: null, details: null }) +
    data({ index: 2, token: token(2501, ' upon'), generated_text: 'Once upon', details: { finish_reason: 'length', generated_tokens: 2, seed: null } }),
};

/** Only special tokens streamed: the final `generated_text` is the answer. */
export const onlyFinalText = {
  sse:
    data({ index: 1, token: token(32000, '<|assistant|>', true), generated_text: null, details: null }) +
    data({ index: 2, token: token(2, '</s>', true), generated_text: 'Paris', details: { finish_reason: 'eos_token', generated_tokens: 2, seed: null } }),
};

/** An error mid-generation. */
export const generationError = {
  sse: data({ index: 1, token: token(1939, 'Deep'), generated_text: null, details: null }) + data({ error: 'Request failed during generation: Server error: CUDA out of memory', error_type: 'generation' }),
};

/** An invalid request: not worth retrying. */
export const validationError = {
  sse: data({ error: 'Input validation error: `inputs` must have less than 4096 tokens', error_type: 'validation' }),
};

/** The connection closed before the final message. */
export const cutOff = { sse: data({ index: 1, token: token(1939, 'Deep'), generated_text: null, details: null }) };

/** Every transcript above, for detection tests. */
export const all = { basic, lengthLimit, onlyFinalText, generationError, validationError, cutOff };
