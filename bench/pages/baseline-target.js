// The naive baseline: what most chat widgets do on every token — parse the whole answer with marked, sanitize it
// with DOMPurify and replace the container's innerHTML. Nothing else (no scroll-to-bottom per token, which real
// widgets often add and which would force a layout per token), so it is a favourable baseline.
import { marked } from 'marked';
import DOMPurify from 'dompurify';
import { installHarness, frames } from './harness.js';

const container = document.querySelector('#answer');
let tokens = [];
let text = '';

const render = () => {
  container.innerHTML = DOMPurify.sanitize(/** @type {string} */ (marked.parse(text)));
};

installHarness({
  name: 'naive baseline',
  async prepare(answerTokens) {
    tokens = answerTokens;
    text = '';
    container.replaceChildren();
  },
  deliver(i) {
    text += tokens[i];
    render();
  },
  deliverText(delta) {
    text += delta;
    render();
  },
  async prefill(count) {
    text = tokens.slice(0, count).join('');
    render();
    await frames(2);
  },
  async finish() {
    await frames(2);
  },
  roots: () => [container],
  renderedText: () => container.textContent ?? '',
});
