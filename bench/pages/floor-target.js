// The harness floor: a target that does nothing with its tokens. Its throughput is the most the feeding loop
// itself allows, the ceiling any real target is measured against. For byte-to-paint it writes the token straight into
// the page as a text node at once: the least any renderer can do, so its latency is the machine's floor.
import { installHarness, frames } from './harness.js';

const sink = document.querySelector('#answer');
let received = 0;

installHarness({
  name: 'harness floor',
  async prepare() {
    received = 0;
    sink.replaceChildren();
  },
  deliver() {
    received++;
  },
  deliverText(delta) {
    sink.append(delta);
  },
  async prefill(count) {
    received = count;
  },
  async finish() {
    sink.textContent = String(received);
    await frames(2);
  },
  roots: () => [sink],
  renderedText: () => sink.textContent ?? '',
});
