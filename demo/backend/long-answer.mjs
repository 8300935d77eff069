// A realistic, deterministic long markdown answer, cut into tokens of about 4 characters: what the benchmark
// measures and what the demo streams for `?long=TOKENS` (long-answer-turn.mjs).
//
// Runs unchanged in Node and in the benchmark pages (no imports), so both sides stream the very same bytes.
// The mix of blocks (headings, paragraphs with inline marks and links, lists, code fences, tables, quotes) is
// what LLM answers look like, and it exercises every path of a markdown renderer: block boundaries, open
// fences that swallow many tokens, table rows that only become a table after the delimiter row, and so on.

/** Average characters per token, the usual rule of thumb for English text with GPT-style tokenizers. */
export const CHARS_PER_TOKEN = 4;

/**
 * A small, fast seeded PRNG (mulberry32): the same seed always gives the same answer.
 * @param {number} seed
 * @returns {() => number} uniform in [0, 1)
 */
export function createRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the stream server client token answer model request response event browser render frame buffer parser ' +
  'markdown block paragraph list table heading link code value field header retry timeout signal abort ' +
  'latency throughput memory layout paint style element component shadow slot property attribute status ' +
  'message reducer state dialect transport chunk byte decoder encoder queue batch schedule update cache ' +
  'index query search score source citation result error notice metadata usage prompt context window ' +
  'is are was can will should must may often usually quickly safely only also then when while because'
).split(' ');
const LANGUAGES = ['ts', 'js', 'python', 'bash', 'json'];
const CODE_LINES = [
  'const response = await fetch(url, { method: "POST", body });',
  'for await (const chunk of response.body) buffer.push(chunk);',
  'if (!response.ok) throw new Error(`HTTP ${response.status}`);',
  'def stream(request):\n    for token in model.generate(request.prompt):\n        yield f"data: {token}\\n\\n"',
  'curl -N -X POST http://localhost:8080/api/chat -d \'{"text":"hi"}\'',
  '{ "type": "text-delta", "delta": "Hello" }',
  'element.addEventListener("sse-chat-done", event => console.log(event.detail));',
  'let total = 0;\nfor (const item of items) total += item.size;',
];

/**
 * Builds a markdown document of at least `minChars` characters.
 * @param {number} minChars
 * @param {() => number} random
 * @returns {string}
 */
export function generateMarkdown(minChars, random) {
  const pick = list => list[Math.floor(random() * list.length)];
  const int = (min, max) => min + Math.floor(random() * (max - min + 1));
  const words = (min, max) => Array.from({ length: int(min, max) }, () => pick(WORDS)).join(' ');
  const capitalized = text => text.charAt(0).toUpperCase() + text.slice(1);
  const sentence = () => {
    const parts = [];
    const count = int(6, 16);
    for (let i = 0; i < count; i++) {
      const roll = random();
      const word = pick(WORDS);
      if (roll < 0.05) parts.push(`**${word} ${pick(WORDS)}**`);
      else if (roll < 0.09) parts.push(`*${word}*`);
      else if (roll < 0.13) parts.push(`\`${word}()\``);
      else if (roll < 0.16) parts.push(`[${word} ${pick(WORDS)}](https://example.com/docs/${word}#${pick(WORDS)})`);
      else parts.push(word);
    }
    return capitalized(parts.join(' ')) + pick(['.', '.', '.', '!', '?', ':']);
  };
  const paragraph = () => Array.from({ length: int(2, 5) }, sentence).join(' ');
  const blocks = {
    heading: () => `${'#'.repeat(int(2, 3))} ${capitalized(words(2, 6))}`,
    paragraph,
    bullets: () => Array.from({ length: int(3, 6) }, () => `- ${sentence()}`).join('\n'),
    numbered: () => Array.from({ length: int(3, 6) }, (_, i) => `${i + 1}. ${sentence()}`).join('\n'),
    code: () => {
      const lines = Array.from({ length: int(2, 6) }, () => pick(CODE_LINES)).join('\n');
      return '```' + pick(LANGUAGES) + '\n' + lines + '\n```';
    },
    table: () => {
      const columns = int(2, 4);
      const row = () => '| ' + Array.from({ length: columns }, () => words(1, 3)).join(' | ') + ' |';
      const rows = Array.from({ length: int(2, 6) }, row);
      return [row(), '|' + ' --- |'.repeat(columns), ...rows].join('\n');
    },
    quote: () => `> ${sentence()} ${sentence()}`,
  };
  // Weights: mostly prose, regular structure, the occasional table and fence — a typical long answer.
  const plan = [
    ['paragraph', 40],
    ['heading', 12],
    ['bullets', 14],
    ['numbered', 8],
    ['code', 12],
    ['table', 8],
    ['quote', 6],
  ];
  const totalWeight = plan.reduce((sum, [, weight]) => sum + weight, 0);
  const nextBlock = () => {
    let roll = random() * totalWeight;
    for (const [name, weight] of plan) {
      roll -= weight;
      if (roll < 0) return blocks[name]();
    }
    return paragraph();
  };
  const out = [`${blocks.heading()}\n\n${paragraph()}`];
  let length = out[0].length;
  while (length < minChars) {
    const block = nextBlock();
    out.push(block);
    length += block.length + 2;
  }
  return out.join('\n\n');
}

/**
 * A deterministic answer of exactly `tokenCount` tokens (1 to 7 characters each, 4 on average).
 * The same seed gives the same text, so a shorter answer is a prefix of a longer one.
 * @param {number} tokenCount
 * @param {number} [seed]
 * @returns {{ tokens: string[], text: string }}
 */
export function generateAnswer(tokenCount, seed = 1) {
  // Two streams of randomness, so the text and the cuts do not depend on the requested length.
  const cut = createRandom(seed ^ 0x9e3779b9);
  // Generous headroom: token sizes vary, and the cut must never run past the end of the text.
  const source = generateMarkdown(tokenCount * (CHARS_PER_TOKEN + 1) + 256, createRandom(seed));
  const tokens = new Array(tokenCount);
  let offset = 0;
  for (let i = 0; i < tokenCount; i++) {
    const size = 1 + Math.floor(cut() * 7); // uniform 1..7 → mean 4
    tokens[i] = source.slice(offset, offset + size);
    offset += size;
  }
  return { tokens, text: tokens.join('') };
}

/**
 * One token as a canonical sse-chat wire frame: `event: text-delta` + `data: {"delta": …}`.
 * @param {string} delta
 * @returns {string}
 */
export function textDeltaFrame(delta) {
  return `event: text-delta\ndata: ${JSON.stringify({ delta })}\n\n`;
}
