// Hostile sizes and counts (issue 12): one whole stream handed to the real element (script-tag bundle) in one
// network read, or the same bytes shown as plain text with no element (the floor), with every long task recorded.
// bench/run.mjs adds the main-thread CPU time around each call.
import '/dist/sse-chat.bundle.js';

const frame = () => new Promise(resolve => requestAnimationFrame(() => resolve(undefined)));
const event = (type, data) => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
const huge = word => `${word} `.repeat(20_000);

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
  characters: ({ count }) => event('text-delta', { delta: 'x' }).repeat(count) + event('done', {}),
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
    const markdown = shape ? (SHAPES[shape] ?? (() => BLOCKS[shape](options.blocks)))(bytes) : undefined;
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

  /** Hands the stream over in one read and waits for the answer to end and paint; every long task is recorded. */
  async run({ target = 'element' } = {}) {
    const tasks = [];
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
      // Many blocks at once are shown over several frames: wait until five frames in a row change nothing.
      const content = [...element.shadowRoot.querySelectorAll('[part~="content"]')].at(-1);
      // Cheap to read (the last child is a block or a group of 64): reading it must not be most of a frame.
      const shape = () => `${content?.childNodes.length} ${content?.lastChild?.textContent}`;
      for (let same = 0, last = shape(), until = performance.now() + 60_000; same < 5 && performance.now() < until; ) {
        await frame();
        const now = shape();
        same = now === last ? same + 1 : 0;
        last = now;
      }
    }
    await frame();
    await frame();
    const wallMs = performance.now() - started;
    await new Promise(resolve => setTimeout(resolve, 50));
    observer.disconnect();
    const shown = target === 'floor' ? element.getBoundingClientRect() : element.shadowRoot.querySelector('[part~="content"]')?.getBoundingClientRect();
    const message = element.messages?.at(-1);
    return {
      wallMs,
      longestTaskMs: Math.max(0, ...tasks),
      longTasks: tasks.length,
      status: message?.status,
      width: shown?.width,
      scrollWidth: target === 'floor' ? element.scrollWidth : element.shadowRoot.querySelector('[part~="content"]')?.scrollWidth,
    };
  },
};
