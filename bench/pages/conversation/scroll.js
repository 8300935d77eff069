// A long conversation scrolled from top to bottom, for any chat: `installConversation({ build, scroller })` puts
// `window.conversation` in the page, which bench/run.mjs drives. `build(turns)` fills the chat with `turns`
// questions and their finished ~300-token markdown answers; `scroller()` is the chat's scrolling element.
import { generateAnswer } from '/demo/backend/long-answer.mjs';
import { frames, percentile } from '/bench/pages/harness.js';

const nextFrame = () => new Promise(resolve => requestAnimationFrame(() => resolve(performance.now())));
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** The earlier answers: deterministic, a different one per turn (seeds cycle so the text varies). */
export const answerText = turn => generateAnswer(300, 1 + (turn % 16)).text;

/** The display's frame time on the idle page: the median rAF interval. */
async function idleFrameMs() {
  const times = [];
  for (let i = 0; i < 13; i++) times.push(await nextFrame());
  return percentile(times.slice(1).map((t, i) => t - times[i]), 50);
}

/** A whole idle period (ms) left to an idle callback: the page had nothing else to do (Chrome's longest is 50). */
const FULL_IDLE_MS = 40;

/**
 * Waits until the page is idle as a reader would find it: at least `minMs` (a reader does not scroll within half a
 * second of a long conversation appearing), then until two idle callbacks in a row get a whole idle period each
 * (work a page does in idle time, such as measuring messages, takes such periods up), at most `maxMs` in all.
 * The same for every chat. Returns how long it waited.
 */
async function settled({ minMs = 500, maxMs = 10000 } = {}) {
  const started = performance.now();
  await frames(3);
  await sleep(minMs);
  let whole = 0;
  while (whole < 2 && performance.now() - started < maxMs) {
    const remaining = await new Promise(resolve => requestIdleCallback(deadline => resolve(deadline.timeRemaining())));
    whole = remaining >= FULL_IDLE_MS ? whole + 1 : 0;
  }
  return performance.now() - started;
}

export function installConversation({ name, build, scroller }) {
  window.conversation = {
    name,
    async build({ turns }) {
      await build(turns);
      const settledMs = await settled();
      const list = scroller();
      return { scrollHeight: list.scrollHeight, clientHeight: list.clientHeight, settledMs };
    },
    /**
     * Scrolls from the top to the bottom, `step` of the list's visible height per frame (set in each rAF callback,
     * so every frame shows new content), and returns the frame intervals' statistics. Long frames: intervals over
     * 1.5× the idle page's median frame (the bench's "dropped frames").
     */
    async scroll({ stepPx, step = 0.5, maxMs = 60000 }) {
      const list = scroller();
      list.dispatchEvent(new WheelEvent('wheel', { bubbles: true, composed: true, deltaY: -list.scrollHeight }));
      list.scrollTop = 0;
      await frames(3);
      await sleep(300);
      const frameMs = await idleFrameMs();
      const loafs = [];
      const observer = new PerformanceObserver(entries =>
        loafs.push(...entries.getEntries().map(entry => ({ duration: entry.duration, script: entry.scripts.reduce((sum, script) => sum + script.duration, 0), styleAndLayout: entry.styleAndLayoutStart ? entry.startTime + entry.duration - entry.styleAndLayoutStart : 0 }))),
      );
      observer.observe({ type: 'long-animation-frame' });
      const times = [await nextFrame()];
      console.timeStamp('scroll-start'); // the frames a trace counts: from here to 'scroll-end'
      const deadline = times[0] + maxMs;
      const px = stepPx ?? Math.max(1, Math.round(list.clientHeight * step));
      let reachedEnd = false;
      // Whether remembered sizes were right: the list's height changing under the reader as messages are revealed.
      let height = list.scrollHeight;
      let heightChanges = 0;
      let heightDriftPx = 0;
      while (performance.now() < deadline) {
        // As from the reader's wheel: a chat that follows its newest message must not take this for layout.
        list.dispatchEvent(new WheelEvent('wheel', { bubbles: true, composed: true, deltaY: px }));
        list.scrollTop += px;
        times.push(await nextFrame());
        if (list.scrollHeight !== height) {
          heightChanges++;
          heightDriftPx += Math.abs(list.scrollHeight - height);
          height = list.scrollHeight;
        }
        if (list.scrollTop + list.clientHeight >= list.scrollHeight - 1) {
          if (reachedEnd) break;
          reachedEnd = true; // one more frame, to render the end
        }
      }
      console.timeStamp('scroll-end');
      await sleep(100);
      observer.disconnect();
      const intervals = times.slice(1).map((t, i) => t - times[i]);
      const long = intervals.filter(interval => interval > 1.5 * frameMs);
      return {
        frameMs,
        frames: intervals.length,
        longFrames: long.length,
        longPercent: (100 * long.length) / intervals.length,
        worstMs: Math.max(...intervals),
        p95Ms: percentile(intervals, 95),
        loafs: loafs.length,
        loafScriptMs: loafs.reduce((sum, loaf) => sum + loaf.script, 0),
        loafStyleAndLayoutMs: loafs.reduce((sum, loaf) => sum + loaf.styleAndLayout, 0),
        scrolledPx: list.scrollTop,
        scrollHeight: list.scrollHeight,
        heightChanges,
        heightDriftPx,
        stepPx: px,
        reachedEnd,
      };
    },
  };
}
