// The real element, from the script-tag bundle: <sse-chat> with its `fetch` seam answered by an in-page fake whose
// ReadableStream we feed canonical SSE frames (`event: text-delta` + `data: {"delta": …}`), one frame per chunk.
import '/dist/sse-chat.bundle.js';
import { textDeltaFrame } from '/bench/generate-answer.mjs';
import { installHarness, frames } from './harness.js';

const encoder = new TextEncoder();
const START = encoder.encode('event: start\ndata: {}\n\n');
const DONE = encoder.encode('event: done\ndata: {}\n\n');

let element;
let controller;
let encoded = [];
let turn;

/** Every shadow root at or under `node`: the element may render its messages in nested components. */
function shadowRoots(node, found = []) {
  if (node.shadowRoot) {
    found.push(node.shadowRoot);
    for (const child of node.shadowRoot.querySelectorAll('*')) shadowRoots(child, found);
  }
  return found;
}

/** The rendered answer: the last `content` part, wherever it lives. */
function contentPart() {
  const parts = shadowRoots(element).flatMap(root => [...root.querySelectorAll('[part~="content"]')]);
  return parts[parts.length - 1];
}

installHarness({
  name: '<sse-chat>',
  async prepare(tokens) {
    // Encoding is the network's work, not the element's: done before any clock starts.
    encoded = tokens.map(token => encoder.encode(textDeltaFrame(token)));
    element?.remove();
    await customElements.whenDefined('sse-chat');
    element = document.createElement('sse-chat');
    element.setAttribute('endpoint', '/fake');
    let opened;
    const fetched = new Promise(resolve => (opened = resolve));
    element.fetch = async () => {
      const body = new ReadableStream({ start: c => void (controller = c) });
      opened();
      return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8' } });
    };
    document.body.append(element);
    await element.updateComplete;
    turn = element.send('Benchmark: a long answer, please.');
    await fetched;
    controller.enqueue(START);
    await frames(2);
  },
  deliver(i) {
    controller.enqueue(encoded[i]);
  },
  deliverText(delta) {
    controller.enqueue(encoder.encode(textDeltaFrame(delta)));
  },
  async prefill(count) {
    // One network read holding many frames, as a fast connection would deliver a backlog.
    const chunk = new Uint8Array(encoded.slice(0, count).reduce((sum, bytes) => sum + bytes.length, 0));
    let offset = 0;
    for (let i = 0; i < count; i++) {
      chunk.set(encoded[i], offset);
      offset += encoded[i].length;
    }
    if (count) controller.enqueue(chunk);
    await frames(3);
  },
  async finish() {
    controller.enqueue(DONE);
    controller.close();
    await turn;
    await frames(2);
  },
  roots: () => shadowRoots(element),
  content: () => contentPart(),
  renderedText: () => contentPart()?.textContent ?? '',
});
