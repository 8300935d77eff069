/**
 * Gemini `streamGenerateContent?alt=sse` streams, written out from the API reference (GenerateContentResponse,
 * Candidate, FinishReason, GroundingMetadata, PromptFeedback) and the google-genai SDK's SSE reader.
 */

const data = (value: object) => `data: ${JSON.stringify(value)}\r\n\r\n`; // Gemini ends lines with CRLF
const textChunk = (text: string, extra: object = {}) => ({
  candidates: [{ content: { parts: [{ text }], role: 'model' }, index: 0, ...extra }],
  modelVersion: 'gemini-2.5-flash',
  responseId: 'mOnlaNrrNZOcz7IP9eq3qQ4',
});
const usage = { promptTokenCount: 8, candidatesTokenCount: 12, totalTokenCount: 20 };

/** A plain answer: the chunk with `finishReason` is the completion signal (no [DONE]). */
export const basic = {
  sse:
    data({ ...textChunk('The sky'), usageMetadata: { promptTokenCount: 8, totalTokenCount: 8 } }) +
    data(textChunk(' is blue because of Rayleigh')) +
    data({ ...textChunk(' scattering.', { finishReason: 'STOP' }), usageMetadata: usage }),
};

/** Thought summaries (`thought: true`), then a grounded answer with web sources. */
export const thoughtsAndGrounding = {
  sse:
    data({ candidates: [{ content: { parts: [{ text: '**Searching** for the winner', thought: true }], role: 'model' }, index: 0 }], modelVersion: 'gemini-2.5-pro' }) +
    data({ candidates: [{ content: { parts: [{ text: 'Spain won Euro 2024.' }], role: 'model' }, index: 0 }], modelVersion: 'gemini-2.5-pro' }) +
    data({
      candidates: [
        {
          content: { parts: [{ text: '' }], role: 'model' },
          finishReason: 'STOP',
          index: 0,
          groundingMetadata: {
            webSearchQueries: ['UEFA Euro 2024 winner'],
            groundingChunks: [
              { web: { uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/1', title: 'aljazeera.com' } },
              { web: { uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/2', title: 'uefa.com' } },
            ],
            groundingSupports: [{ segment: { startIndex: 0, endIndex: 20, text: 'Spain won Euro 2024.' }, groundingChunkIndices: [0, 1] }],
          },
        },
      ],
      usageMetadata: { ...usage, thoughtsTokenCount: 30 },
      modelVersion: 'gemini-2.5-pro',
    }),
};

/** A function call part. */
export const functionCall = {
  sse: data({
    candidates: [{ content: { parts: [{ functionCall: { name: 'get_weather', args: { location: 'Boston' } } }], role: 'model' }, finishReason: 'STOP', index: 0 }],
    usageMetadata: usage,
  }),
};

/** The answer was stopped for safety. */
export const safety = {
  sse:
    data(textChunk('I can tell you that')) +
    data({ candidates: [{ content: { parts: [{ text: '' }], role: 'model' }, finishReason: 'SAFETY', index: 0, safetyRatings: [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true }] }] }),
};

/** The prompt itself was blocked: no candidates, only feedback. */
export const blockedPrompt = {
  sse: data({ promptFeedback: { blockReason: 'SAFETY', safetyRatings: [{ category: 'HARM_CATEGORY_HARASSMENT', probability: 'HIGH' }] }, usageMetadata: { promptTokenCount: 9, totalTokenCount: 9 }, modelVersion: 'gemini-2.5-flash' }),
};

/** An error object mid-stream. */
export const midStreamError = {
  sse: data(textChunk('Partial')) + data({ error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } }),
};

/** The connection closed before a chunk with a finishReason. */
export const cutOff = { sse: data(textChunk('Half')) };

/** Every transcript above, for detection tests. */
export const all = { basic, thoughtsAndGrounding, functionCall, safety, blockedPrompt, midStreamError, cutOff };
