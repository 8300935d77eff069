// The harness floor: a target that does nothing with its tokens. Its throughput is the most the feeding loop
// itself allows, the ceiling any real target is measured against.
import { installHarness, frames } from './harness.js';

const sink = document.querySelector('#answer');
let received = 0;

installHarness({
  name: 'harness floor',
  async prepare() {
    received = 0;
  },
  deliver() {
    received++;
  },
  deliverText() {
    received++;
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
