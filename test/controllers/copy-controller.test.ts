import { aTimeout, expect } from '@open-wc/testing';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CopyController } from '../../src/controllers/copy-controller.js';

const messages = { copied: 'Copied', failed: 'Copy failed' };

describe('controllers/copy-controller', () => {
  const clipboard = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard')!;
  let written: string[] = [];
  beforeEach(() => {
    written = [];
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: async (text: string) => void written.push(text) }, configurable: true });
  });
  afterEach(() => {
    Object.defineProperty(Navigator.prototype, 'clipboard', clipboard);
    delete (navigator as { clipboard?: unknown }).clipboard;
  });

  /** A bare host that counts update requests; the controller's feedback lasts `duration` ms. */
  function setup(duration: number) {
    const controllers: ReactiveController[] = [];
    const host = {
      updates: 0,
      addController: (controller: ReactiveController) => controllers.push(controller),
      removeController: () => {},
      requestUpdate() {
        host.updates++;
      },
      updateComplete: Promise.resolve(true),
    };
    const copies = new CopyController(host as ReactiveControllerHost, duration);
    return { host, copies, disconnect: () => controllers.forEach(controller => controller.hostDisconnected?.()) };
  }

  it('copies, shows "Copied" for its key and announces it, then ends the feedback after its duration', async () => {
    const { host, copies } = setup(30);
    let ended = 0;
    expect(await copies.copy('**md**', 'answer-1', messages, () => ended++)).to.equal(true);
    expect(written).to.deep.equal(['**md**']);
    expect([copies.copied, copies.announcement, host.updates]).to.deep.equal(['answer-1', 'Copied', 1]);
    await aTimeout(120);
    expect([copies.copied, copies.announcement, ended]).to.deep.equal([undefined, '', 1]);
    expect(host.updates).to.equal(2);
  });

  it('announces a refused copy, with nothing marked copied', async () => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) }, configurable: true });
    const { copies } = setup(10_000);
    expect(await copies.copy('x', 'answer-1', messages)).to.equal(false);
    expect([copies.copied, copies.announcement]).to.deep.equal([undefined, 'Copy failed']);
  });

  it('a newer copy ends the previous one’s feedback at once', async () => {
    const { copies } = setup(10_000);
    const ended: string[] = [];
    await copies.copy('a', 'first', messages, () => ended.push('first'));
    await copies.copy('b', 'second', messages, () => ended.push('second'));
    expect(ended).to.deep.equal(['first']);
    expect(copies.copied).to.equal('second');
  });

  it('ends the feedback and its timer when the host disconnects', async () => {
    const { host, copies, disconnect } = setup(30);
    let ended = 0;
    await copies.copy('a', 'key', messages, () => ended++);
    disconnect();
    expect([copies.copied, ended]).to.deep.equal([undefined, 1]);
    const updates = host.updates;
    await aTimeout(120);
    expect(host.updates, 'no update from a cleared timer').to.equal(updates);
  });
});
