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

export function installConversation({ name, build, scroller }) {
  window.conversation = {
    name,
    async build({ turns }) {
      await build(turns);
      await frames(3);
      await sleep(500);
      const list = scroller();
      return { scrollHeight: list.scrollHeight, clientHeight: list.clientHeight };
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
      const deadline = times[0] + maxMs;
      const px = stepPx ?? Math.max(1, Math.round(list.clientHeight * step));
      let reachedEnd = false;
      while (performance.now() < deadline) {
        // As from the reader's wheel: a chat that follows its newest message must not take this for layout.
        list.dispatchEvent(new WheelEvent('wheel', { bubbles: true, composed: true, deltaY: px }));
        list.scrollTop += px;
        times.push(await nextFrame());
        if (list.scrollTop + list.clientHeight >= list.scrollHeight - 1) {
          if (reachedEnd) break;
          reachedEnd = true; // one more frame, to render the end
        }
      }
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
        stepPx: px,
        reachedEnd,
      };
    },
  };
}
