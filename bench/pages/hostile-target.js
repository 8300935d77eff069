// Hostile sizes and counts (issue 12): one whole stream handed to the real element (script-tag bundle) in one
// network read, or the same bytes shown as plain text with no element (the floor), with every long task recorded.
// bench/run.mjs adds the main-thread CPU time around each call.
import '/dist/sse-chat.bundle.js';
import { lastTextOf, lastWordOf } from './last-text.js';

const frame = () => new Promise(resolve => requestAnimationFrame(() => resolve(undefined)));
const event = (type, data) => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
const huge = word => `${word} `.repeat(20_000);

/**
 * The last word of every markdown answer (and of the one-character events'): the run waits until the answer's last
 * word is shown, so renders the element spreads over later frames (a budget of lines per frame) are measured too.
 * One word with no markdown in it, so no rendering cuts it (plain-text pieces split at spaces), and an answer that
 * ends in blocks with no text (rules) still ends in a word.
 */
const LAST_WORD = 'EndOfAnswer.';
/** How long a run waits for the answer's last text: a run cut off here says so (see `lastTextShown`). */
const SHOWN_BOUND_MS = 100_000;

/** The streams, by name; `count` scales the ones that are counts. */
const CASES = {
  fields: () =>
    [
      event('step', { id: 's', label: huge('label'), detail: huge('detail') }),
      event('text-delta', { delta: 'Answer' }),
      event('sources', { sources: [{ title: huge('title'), url: 'https://example.com/', snippet: huge('snippet') }] }),
      event('notice', { message: huge('notice') }),
      event('error', { message: huge('error') }),
    ].join(''),
  sources: ({ count }) => {
    let body = event('text-delta', { delta: 'Answer with many sources' });
    for (let i = 0; i < count; i++) body += event('sources', { sources: [{ title: `Source ${i}`, url: `https://example.com/${i}` }] });
    return body + event('done', {});
  },
  steps: ({ count }) => {
    let body = '';
    for (let i = 0; i < count; i++) body += event('step', { id: `step-${i}`, label: `Step ${i}`, status: 'done' });
    return body + event('text-delta', { delta: 'Done.' }) + event('done', {});
  },
  characters: ({ count }) => event('text-delta', { delta: 'x' }).repeat(count) + event('text-delta', { delta: ` ${LAST_WORD}` }) + event('done', {}),
  /** One answer of `markdown`, sent in `chunks` text-delta events. */
  markdown: ({ markdown, chunks = 1 }) => {
    const size = Math.ceil(markdown.length / chunks);
    let body = '';
    for (let i = 0; i < markdown.length; i += size) body += event('text-delta', { delta: markdown.slice(i, i + size) });
    return body + event('done', {});
  },
};

/** Paragraph-like text of `bytes` characters: words of 1–9 letters, no newline. */
function words(bytes) {
  let text = '';
  for (let i = 0; text.length < bytes; i++) text += 'lorem ipsum dolor sit amet consectetur adipiscing elit sed '.slice(i % 7);
  return text.slice(0, bytes);
}

/** Hostile markdown shapes of `bytes` characters in all (under the default answer limit of 2,000,000). */
const SHAPES = {
  /** One paragraph of words, no newline. */
  paragraph: bytes => words(bytes),
  /** A code fence holding one line. */
  fence: bytes => '```\n' + words(bytes - 8) + '\n```\n',
  /** A code fence of 80-character lines: long, but ordinary. */
  'fence lines': bytes => '```\n' + words(bytes - 8).replace(/(.{79})./g, '$1\n') + '\n```\n',
  /** A table whose one body row holds it all in its first cell. */
  'table row': bytes => '| a | b |\n| --- | --- |\n| ' + words(bytes - 32) + ' | b |\n',
  /** One word: no space to break at. */
  word: bytes => 'x'.repeat(bytes),
};

/**
 * Many small blocks at once (a red-team run of issue 12): `count` lines, blank lines between blocks, so that no
 * run of text is long enough to be shown as plain text.
 */
const lines = (count, line) => Array.from({ length: count }, (_, i) => line(i)).join('');
const BLOCKS = {
  'atx headings': count => lines(count, i => `## Heading ${i}\n\n`),
  'setext headings': count => lines(count, i => `Heading ${i}\n---\n\n`),
  'hard breaks': count => lines(count, i => `line ${i}  \n${i % 20 === 19 ? '\n' : ''}`),
  rules: count => lines(count, () => '***\n\n'),
  'indented code': count => lines(count, i => `    code line ${i}\n\n`),
  'deep quotes': count => lines(count, i => `${'> '.repeat(1 + (i % 100))}quote ${i}\n\n`),
  'link references': count => lines(count, i => `[ref ${i}]: https://example.com/${i}\n\n`) + 'See [ref 1] and [ref 19999].\n',
};

let element;
let body = '';
let encoded;

window.bench = {
  /** Builds the stream (not measured) and an element waiting for it; `target` floor only keeps a text sink. */
  async prepare({ target = 'element', kind, shape, bytes, ...options }) {
    const markdown = shape ? `${(SHAPES[shape] ?? (() => BLOCKS[shape](options.blocks)))(bytes)}\n\n${LAST_WORD}\n` : undefined;
    body = CASES[kind]({ ...options, markdown });
    // Encoded now: building and encoding the stream is not the element's work.
    encoded = new TextEncoder().encode(body);
    element?.remove();
    document.body.replaceChildren();
    if (target === 'floor') {
      element = document.createElement('div');
      element.style.cssText = 'width: 640px; overflow-wrap: anywhere';
      document.body.append(element);
      return { bytes: body.length };
    }
    await customElements.whenDefined('sse-chat');
    element = document.createElement('sse-chat');
    element.setAttribute('endpoint', '/hostile');
    element.setAttribute('dialect', 'sse-chat');
    element.style.cssText = 'display: block; width: 640px; height: 600px';
    let respond;
    this.responded = new Promise(resolve => (respond = resolve));
    element.fetch = async () => new Response(new ReadableStream({ start: controller => respond(controller) }), { status: 200, headers: { 'content-type': 'text/event-stream' } });
    document.body.append(element);
    await element.updateComplete;
    this.turn = element.send('Question');
    this.controller = await this.responded;
    await frame();
    return { bytes: body.length };
  },

  /** Whether the answer's last content element ends with `word`. */
  lastTextShown(word) {
    const content = [...element.shadowRoot.querySelectorAll('[part~="content"]')].at(-1);
    return !!word && lastWordOf(lastTextOf(content) ?? '') === word;
  },

  /**
   * Hands the stream over in one read and waits for the answer to end and its last text to be shown (at most
   * SHOWN_BOUND_MS), then for a paint; every long task is recorded.
   */
  async run({ target = 'element' } = {}) {
    const tasks = [];
    let shownMs;
    let lastWord;
    const observer = new PerformanceObserver(list => tasks.push(...list.getEntries().map(entry => entry.duration)));
    observer.observe({ type: 'longtask' });
    const started = performance.now();
    if (target === 'floor') {
      // The least a page can do to show the bytes: decode them and append them as text, in 4 KB paragraphs the
      // browser lays out only in view (one 2 MB text node alone takes seconds to lay out).
      const text = new TextDecoder().decode(encoded);
      for (let i = 0; i < text.length; i += 4096) {
        const piece = document.createElement('p');
        piece.style.contentVisibility = 'auto';
        piece.textContent = text.slice(i, i + 4096);
        element.append(piece);
      }
    } else {
      this.controller.enqueue(encoded);
      this.controller.close();
      await this.turn;
      // Many blocks at once are shown over several frames (and a block that keeps growing changes no child count):
      // the run ends when the answer's last text is shown, not when a few frames change nothing.
      // The answer's last word as the element kept it (an answer cut short at the size limit ends early).
      lastWord = lastWordOf(element.messages.at(-1)?.text);
      const until = started + SHOWN_BOUND_MS;
      while (!this.lastTextShown(lastWord) && performance.now() < until) await frame();
    }
    shownMs = performance.now() - started;
    await frame();
    await frame();
    const wallMs = performance.now() - started;
    await new Promise(resolve => setTimeout(resolve, 50));
    observer.disconnect();
    const shown = target === 'floor' ? element.getBoundingClientRect() : element.shadowRoot.querySelector('[part~="content"]')?.getBoundingClientRect();
    const message = element.messages?.at(-1);
    return {
      wallMs,
      shownMs,
      lastTextShown: target === 'floor' || this.lastTextShown(lastWord),
      longestTaskMs: Math.max(0, ...tasks),
      longTasks: tasks.length,
      status: message?.status,
      width: shown?.width,
      scrollWidth: target === 'floor' ? element.scrollWidth : element.shadowRoot.querySelector('[part~="content"]')?.scrollWidth,
    };
  },
};
