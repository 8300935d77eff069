// The optional "writing" step against an OpenAI-compatible server (OpenAI, Ollama, vLLM, llama.cpp…):
// POST {baseUrl}/chat/completions with stream: true, and read `choices[0].delta.content` from its SSE lines.

/**
 * @typedef {object} OpenAiOptions
 * @property {string} baseUrl   e.g. 'http://127.0.0.1:11434/v1' (no trailing '/chat/completions')
 * @property {string} [apiKey]  sent as a Bearer token when set
 * @property {string} [model]
 */

/**
 * The chat messages for a grounded answer: the passages numbered as context, earlier turns, then the question.
 * @param {string} question
 * @param {import('./retrieval.mjs').RankedPassage[]} cited
 * @param {Array<{ role: string, content: string }>} history
 * @returns {Array<{ role: string, content: string }>}
 */
export function buildGroundedMessages(question, cited, history) {
  const context = cited.map(({ passage }, i) => `[${i + 1}] ${passage.title}\n${passage.markdown}`).join('\n\n');
  const system =
    'You answer questions about the sse-chat project using only the numbered passages below. ' +
    'Write markdown, cite passages with their markers like [1], and say so when the passages do not answer.\n\n' +
    (context || '(no passages matched)');
  return [{ role: 'system', content: system }, ...history, { role: 'user', content: question }];
}

/**
 * Streams the answer's text from an OpenAI-compatible server. Stops reading (and cancels the request) as soon as
 * `signal` aborts; throws on an HTTP error with the server's message.
 * @param {OpenAiOptions} options
 * @param {Array<{ role: string, content: string }>} messages
 * @param {AbortSignal} signal
 * @returns {AsyncGenerator<string>} text deltas
 */
export async function* streamChatCompletion(options, messages, signal) {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'text/event-stream',
      ...(options.apiKey ? { Authorization: `Bearer ${options.apiKey}` } : {}),
    },
    body: JSON.stringify({ model: options.model, messages, stream: true }),
    signal,
  });
  if (!response.ok || !response.body) {
    const detail = (await response.text().catch(() => '')).slice(0, 300);
    throw new Error(`upstream answered ${response.status}${detail ? `: ${detail}` : ''}`);
  }
  const decoder = new TextDecoder();
  let buffered = '';
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += decoder.decode(value, { stream: true });
      const lines = buffered.split(/\r\n|\r|\n/);
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const delta = readDataLine(line);
        if (delta === null) return;
        if (delta) yield delta;
      }
    }
    const last = readDataLine(buffered);
    if (last) yield last;
  } finally {
    // Leaving early (client gone, [DONE]) must release the upstream connection too.
    await reader.cancel().catch(() => {});
  }
}

/**
 * One SSE line of a Chat Completions stream: the text delta it carries ('' for none), or null for `[DONE]`.
 * @param {string} line
 * @returns {string | null}
 */
export function readDataLine(line) {
  if (!line.startsWith('data:')) return '';
  const data = line.slice(5).trim();
  if (data === '[DONE]') return null;
  try {
    const payload = JSON.parse(data);
    if (payload?.error) throw new Error(String(payload.error.message ?? 'upstream error'));
    const content = payload?.choices?.[0]?.delta?.content;
    return typeof content === 'string' ? content : '';
  } catch (error) {
    if (error instanceof SyntaxError) return '';
    throw error;
  }
}
