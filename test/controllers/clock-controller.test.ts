import { expect, fixture, html, aTimeout } from '@open-wc/testing';
import { LitElement } from 'lit';
import { ClockController } from '../../src/controllers/clock-controller.js';
import { until } from '../helpers/fake-sse.js';

class ClockHost extends LitElement {
  running = false;
  renders = 0;
  readonly clock = new ClockController(this, () => this.running, 10);
  override render() {
    this.renders += 1;
    return html`${this.clock.now}`;
  }
}
customElements.define('clock-host', ClockHost);

describe('ClockController', () => {
  it('re-renders its host on every tick while running, and sets no timer otherwise', async () => {
    const host = await fixture<ClockHost>(html`<clock-host></clock-host>`);
    const idle = host.renders;
    await aTimeout(60);
    expect(host.renders).to.equal(idle);
    host.running = true;
    host.requestUpdate();
    await host.updateComplete;
    const start = host.clock.now;
    // Counted ticks, not a time: a loaded machine may run fewer 10 ms ticks in 60 ms.
    await until(() => host.renders - idle > 2, 10_000, 'three ticks');
    expect(host.clock.now).to.be.greaterThan(start);
    host.running = false;
    await aTimeout(30);
    const stopped = host.renders;
    await aTimeout(60);
    expect(host.renders).to.equal(stopped);
  });

  it('stops ticking when the host is removed', async () => {
    const host = await fixture<ClockHost>(html`<clock-host></clock-host>`);
    host.running = true;
    host.requestUpdate();
    await host.updateComplete;
    host.remove();
    const renders = host.renders;
    await aTimeout(60);
    expect(host.renders).to.equal(renders);
  });
});
