import { aTimeout, expect } from '@open-wc/testing';
import { FrameScheduler } from '../../src/controllers/frame-scheduler.js';

const nextFrame = () => new Promise<number>(resolve => requestAnimationFrame(resolve));
const microtasks = () => Promise.resolve().then(() => undefined);

describe('FrameScheduler', () => {
  let runs: number;
  let scheduler: FrameScheduler;
  beforeEach(() => {
    runs = 0;
    scheduler = new FrameScheduler(() => runs++);
  });
  afterEach(() => scheduler.cancel());

  it('runs the first request after an idle frame at once, not a frame later (byte-to-paint latency)', async () => {
    await nextFrame();
    await nextFrame();
    scheduler.request();
    scheduler.request();
    expect(runs, 'not in the request itself').to.equal(0);
    await microtasks();
    expect(runs).to.equal(1);
  });

  it('runs at most once per frame: later requests in the same frame wait for the next one', async () => {
    await nextFrame();
    scheduler.request();
    await microtasks();
    for (let i = 0; i < 100; i++) scheduler.request();
    await aTimeout(0);
    expect(runs).to.equal(1);
    await nextFrame();
    expect(runs).to.equal(2);
  });

  it('runs a next-frame request in the next frame even after an idle one, never in this task', async () => {
    await nextFrame();
    await nextFrame();
    scheduler.requestNextFrame();
    await aTimeout(0);
    expect(runs, 'not in a microtask nor a task queued beside it').to.equal(0);
    await nextFrame();
    expect(runs).to.equal(1);
  });

  it('moves a run queued for the microtask to the next frame when a next-frame request follows', async () => {
    await nextFrame();
    await nextFrame();
    scheduler.request();
    scheduler.requestNextFrame();
    await microtasks();
    expect(runs).to.equal(0);
    await nextFrame();
    expect(runs).to.equal(1);
  });

  it('cancel drops a run queued for the microtask', async () => {
    await nextFrame();
    scheduler.request();
    scheduler.cancel();
    await aTimeout(150);
    expect(runs).to.equal(0);
  });

  it('still runs when animation frames stop (background tab), by its timer', async () => {
    await nextFrame();
    scheduler.request();
    await microtasks();
    const original = window.requestAnimationFrame;
    window.requestAnimationFrame = () => 0;
    try {
      scheduler.request();
      await aTimeout(250);
    } finally {
      window.requestAnimationFrame = original;
    }
    expect(runs).to.equal(2);
  });
});
