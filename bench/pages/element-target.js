// The real element, from the script-tag bundle: <sse-chat> with its `fetch` seam answered by an in-page fake whose
// ReadableStream we feed canonical SSE frames (`event: text-delta` + `data: {"delta": …}`), one frame per chunk.
import '/dist/sse-chat.bundle.js';
import { generateAnswer, textDeltaFrame } from '/demo/backend/long-answer.mjs';
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

/** A conversation before the measured answer: `count` turns, each a question and a finished ~300-token answer. */
async function playEarlierTurns(count) {
  const { tokens } = generateAnswer(300, 7);
  const answer = encoder.encode(`event: start\ndata: {}\n\n${tokens.map(textDeltaFrame).join('')}event: done\ndata: {}\n\n`);
  element.fetch = async () => new Response(answer, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  document.body.append(element);
  await element.updateComplete;
  for (let i = 0; i < count; i++) await element.send(`Earlier question ${i + 1}`);
  await frames(2);
  const answers = element.messages.filter(message => message.role === 'assistant' && message.status === 'done' && message.text.length > 1000);
  if (answers.length !== count) throw new Error(`expected ${count} finished earlier answers, found ${answers.length}`);
}

installHarness({
  name: '<sse-chat>',
  async prepare(tokens, { history = 0 } = {}) {
    // Encoding is the network's work, not the element's: done before any clock starts.
    encoded = tokens.map(token => encoder.encode(textDeltaFrame(token)));
    element?.remove();
    await customElements.whenDefined('sse-chat');
    element = document.createElement('sse-chat');
    element.setAttribute('endpoint', '/fake');
    if (history) await playEarlierTurns(history);
    let opened;
    const fetched = new Promise(resolve => (opened = resolve));
    element.fetch = async () => {
      const body = new ReadableStream({ start: c => void (controller = c) });
      opened();
      return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8' } });
    };
    if (!element.isConnected) document.body.append(element);
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
    // The encoded frames are the harness's, not the element's: not counted in the heap retained after the answer.
    encoded = [];
    await frames(2);
  },
  roots: () => shadowRoots(element),
  content: () => contentPart(),
  renderedText: () => contentPart()?.textContent ?? '',
  /** The answer's text as the element holds it (rendered or not yet): what a pre-fill waits for. */
  receivedChars: () => element?.messages.at(-1)?.text.length ?? 0,
});
