// The in-page half of the benchmark: feeds tokens to a "target" (the real <sse-chat>, the naive baseline, or a
// no-op floor) and measures frames and latencies. bench/run.mjs drives it through `window.bench` and adds the
// main-thread time from the Chrome DevTools Protocol around each call.
//
// A target is { name, prepare(tokens), deliver(i), deliverText(text), prefill(count), finish(), roots(),
// content?(), renderedText() }: `deliver` hands token i to the page the way a network chunk would arrive, so the
// same feeding code measures every target.
import { generateAnswer } from '/demo/backend/long-answer.mjs';

const nextFrame = () => new Promise(resolve => requestAnimationFrame(() => resolve(undefined)));
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** Waits for `count` animation frames: enough for a renderer that batches per frame to have painted. */
export async function frames(count) {
  for (let i = 0; i < count; i++) await nextFrame();
}

/** Percentile by nearest rank; `NaN` for an empty list. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * What a long animation frame was made of: script (by invoker, longest first), then style and layout. Tells a
 * reader which work to look at, since the bundle's function names are minified.
 */
function describeLoaf(entry) {
  const end = entry.startTime + entry.duration;
  const scripts = [...entry.scripts]
    .sort((a, b) => b.duration - a.duration)
    .slice(0, 3)
    .map(script => ({ invoker: script.invoker || script.invokerType, ms: Math.round(script.duration) }));
  return {
    start: entry.startTime,
    duration: entry.duration,
    scriptMs: Math.round(entry.scripts.reduce((sum, script) => sum + script.duration, 0)),
    styleAndLayoutMs: entry.styleAndLayoutStart ? Math.round(end - entry.styleAndLayoutStart) : 0,
    scripts,
  };
}

/**
 * Records every animation frame (rAF callback times) and every long animation frame (LoAF, > 50 ms) until
 * `stop()`. rAF callbacks are where a frame starts, so the gaps between them are frame intervals.
 */
function startFrameMonitor() {
  const rafTimes = [];
  const loafs = [];
  let running = true;
  const loop = () => {
    if (!running) return;
    rafTimes.push(performance.now());
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  const loafSupported = PerformanceObserver.supportedEntryTypes.includes('long-animation-frame');
  const collect = entries => {
    for (const entry of entries) loafs.push(describeLoaf(entry));
  };
  const observer = loafSupported ? new PerformanceObserver(list => collect(list.getEntries())) : undefined;
  observer?.observe({ type: 'long-animation-frame' });
  return {
    rafTimes,
    async stop() {
      // LoAF entries are queued after their frame ends, and delivered to observers a little later still.
      await frames(2);
      await sleep(100);
      running = false;
      if (observer) {
        collect(observer.takeRecords());
        observer.disconnect();
      }
      return { rafTimes, loafs, loafSupported };
    },
  };
}

/** The median rAF interval of an idle page: the display's frame time, the yardstick for dropped frames. */
async function idleFrameMs() {
  const times = [];
  for (let i = 0; i < 13; i++) times.push(await nextFrame().then(() => performance.now()));
  return percentile(times.slice(1).map((t, i) => t - times[i]), 50);
}

/**
 * Frame statistics over rAF times within [from, to]. `referenceMs` is the idle frame time: the window's own median
 * would hide a target that makes every frame long.
 */
function frameStats(rafTimes, loafs, from = -Infinity, to = Infinity, referenceMs = NaN) {
  // The frames that bracket the window count too: a page frozen for the whole window still has one interval,
  // from the last frame before it to the first one after.
  let first = rafTimes.findIndex(t => t > from) - 1;
  if (first < 0) first = rafTimes.some(t => t > from) ? 0 : rafTimes.length;
  let last = rafTimes.findIndex(t => t >= to);
  if (last === -1) last = rafTimes.length - 1;
  const times = rafTimes.slice(first, last + 1);
  const intervals = [];
  for (let i = 1; i < times.length; i++) intervals.push(times[i] - times[i - 1]);
  const median = percentile(intervals, 50);
  const frame = Number.isFinite(referenceMs) ? referenceMs : median;
  const long = intervals.filter(gap => gap > 1.5 * frame).length;
  // Frames the display could have shown but the page never produced: a 50 ms gap at 16.7 ms frames misses two.
  const missed = intervals.reduce((sum, gap) => sum + Math.max(0, Math.round(gap / frame) - 1), 0);
  const span = times.length > 1 ? times[times.length - 1] - times[0] : 0;
  const loafsIn = loafs.filter(entry => entry.start + entry.duration >= from && entry.start <= to);
  return {
    frames: intervals.length,
    medianFrameMs: median,
    referenceFrameMs: frame,
    longIntervals: long,
    droppedPercent: intervals.length ? (100 * long) / intervals.length : NaN,
    missedFramesPercent: span ? (100 * missed) / Math.round(span / frame) : NaN,
    maxRafGapMs: intervals.length ? Math.max(...intervals) : NaN,
    longestLoafMs: loafsIn.length ? Math.max(...loafsIn.map(entry => entry.duration)) : 0,
    longestLoaf: loafsIn.reduce((longest, entry) => (!longest || entry.duration > longest.duration ? entry : longest), undefined),
    loafCount: loafsIn.length,
  };
}

/**
 * Remembers when the rendered answer last changed (text added or replaced), as seen by a MutationObserver. Only
 * changes inside the answer count (`target.content()`, where a target has one): a step timer ticking elsewhere
 * must not look like rendering work.
 */
function watchTextChanges(target) {
  const state = { last: 0, count: 0 };
  const content = target.content?.();
  const observer = new MutationObserver(records => {
    if (content && !records.some(record => content.contains(record.target))) return;
    state.last = performance.now();
    state.count++;
  });
  for (const root of target.roots()) observer.observe(root, { childList: true, characterData: true, subtree: true });
  return { state, stop: () => observer.disconnect() };
}

/**
 * Waits until the rendered answer has not changed for `quietMs` (at most `maxMs`): a renderer that spreads a big
 * backlog over several frames must be done with it before anything is measured.
 */
async function settle(target, quietMs = 250, maxMs = 10000, chars = 0) {
  const started = performance.now();
  // A big backlog may still be in the target's parser, the DOM quiet meanwhile: first wait until it has all the text.
  while (target.receivedChars && target.receivedChars() < chars && performance.now() - started < maxMs) await sleep(50);
  const changes = watchTextChanges(target);
  changes.state.last = started;
  while (performance.now() - changes.state.last < quietMs && performance.now() - started < maxMs) await sleep(50);
  changes.stop();
  await frames(2);
}

/**
 * Hands tokens [from, to) to the target one per task, each as soon as the previous task is done, the way a fast
 * network connection delivers chunks. MessageChannel, not setTimeout: no 4 ms clamping, and the browser may still
 * render between tasks. Stops early at `deadline` (performance.now() time).
 */
function feedBackToBack(target, from, to, deadline) {
  return new Promise(resolve => {
    const channel = new MessageChannel();
    let i = from;
    channel.port1.onmessage = () => {
      if (i >= to || performance.now() > deadline) {
        channel.port1.close();
        resolve({ delivered: i - from, lastDeliverEnd: performance.now() });
        return;
      }
      target.deliver(i++);
      channel.port2.postMessage(0);
    };
    channel.port2.postMessage(0);
  });
}

/** Characters in the first `count` tokens. */
const prefixChars = (tokens, count) => tokens.slice(0, count).reduce((sum, token) => sum + token.length, 0);

/** Hands tokens [from, to) to the target at `rate` per second (all that are due in one task), then resolves. */
function feedPaced(target, from, to, rate) {
  const start = performance.now();
  let i = from;
  return new Promise(resolve => {
    const tick = () => {
      while (i < to && start + ((i - from) * 1000) / rate <= performance.now()) target.deliver(i++);
      if (i >= to) resolve({ delivered: i - from, lastDeliverEnd: performance.now() });
      else setTimeout(tick, Math.max(0, start + ((i - from) * 1000) / rate - performance.now()));
    };
    tick();
  });
}

/**
 * Installs `window.bench` for one target.
 * @param {object} target
 */
export function installHarness(target) {
  let prepared = { count: 0, sourceChars: 0 };
  let positioned = { count: 0, at: 0 };
  window.bench = {
    target: target.name,

    /**
     * Generates the answer and opens a turn on the target, ready for `backToBack`. Separate, so that neither the
     * generator nor the target's setup counts in the main-thread time the caller reads around `backToBack`.
     */
    async prepare({ count, seed = 1 }) {
      const { tokens, text } = generateAnswer(count, seed);
      await target.prepare(tokens);
      await frames(2);
      prepared = { count, sourceChars: text.length };
    },

    /** Streams the prepared answer back to back; time-boxed, for targets too slow to finish in reasonable time. */
    async backToBack({ timeBoxMs = 1e9 }) {
      const { count, sourceChars } = prepared;
      const changes = watchTextChanges(target);
      const monitor = startFrameMonitor();
      const started = performance.now();
      const fed = await feedBackToBack(target, 0, count, started + timeBoxMs);
      const completed = fed.delivered === count;
      if (completed) await target.finish();
      const finished = performance.now();
      changes.stop();
      // The last token is "done" when its text is in the DOM: the last text change, not the frames waited after.
      const end = completed ? Math.max(fed.lastDeliverEnd, changes.state.last) : fed.lastDeliverEnd;
      const { rafTimes, loafs, loafSupported } = await monitor.stop();
      // The end of the stream (from the last token handed over to the final form shown) on its own: it renders the
      // answer's final form, the one frame that may touch the whole answer.
      const ending = completed ? frameStats(rafTimes, loafs, fed.lastDeliverEnd, finished) : undefined;
      return {
        completed,
        endLongestLoafMs: ending?.longestLoafMs,
        endLongestLoaf: ending?.longestLoaf,
        delivered: fed.delivered,
        wallMs: end - started,
        sourceChars,
        renderedChars: target.renderedText().length,
        loafSupported,
        ...frameStats(rafTimes, loafs, started, finished),
      };
    },

    /**
     * Sets up a streaming answer of `count` tokens already `at` tokens long (pre-filled in one go), for `burst`,
     * after `history` earlier turns where the target keeps a conversation. Separate from `burst` so the caller can read the main-thread clock between the two.
     */
    async position({ count, at, seed = 1, history = 0 }) {
      const { tokens } = generateAnswer(count, seed);
      await target.prepare(tokens, { history });
      await target.prefill(at);
      // A long pre-fill may take a loaded machine many seconds to show.
      await settle(target, 250, 120000, prefixChars(tokens, at));
      positioned = { count, at };
    },

    /**
     * The end of a long answer alone, from the position (`position` pre-fills all but its last tokens in one network
     * read): streams the rest back to back and ends the stream. Frame statistics for the streamed tokens and, apart,
     * for the end of the stream (from the last token handed over until the final form is shown).
     */
    async ending({ rate } = {}) {
      const { count, at } = positioned;
      const monitor = startFrameMonitor();
      const started = performance.now();
      // `rate` tokens/s instead of back to back: the same frames at every length, so CPU per token compares.
      const fed = rate ? await feedPaced(target, at, count, rate) : await feedBackToBack(target, at, count, Infinity);
      performance.mark('long:delivered');
      await target.finish();
      const finished = performance.now();
      const { rafTimes, loafs } = await monitor.stop();
      const streamed = frameStats(rafTimes, loafs, started, fed.lastDeliverEnd);
      const ending = frameStats(rafTimes, loafs, fed.lastDeliverEnd, finished);
      return {
        count,
        at,
        delivered: fed.delivered,
        streamLongestLoafMs: streamed.longestLoafMs,
        endLongestLoafMs: ending.longestLoafMs,
        endLongestLoaf: ending.longestLoaf,
        endWallMs: finished - fed.lastDeliverEnd,
        renderedChars: target.renderedText().length,
      };
    },

    /**
     * Streams on from the position back to back, for at most `maxTokens` tokens or `maxMs`: the cost of a token at
     * that length, including the frames it causes. Used to cost the part of an answer a time box cut off.
     */
    async burst({ maxTokens, maxMs }) {
      const { count, at } = positioned;
      const monitor = startFrameMonitor();
      const started = performance.now();
      const fed = await feedBackToBack(target, at, Math.min(count, at + maxTokens), started + maxMs);
      const { rafTimes, loafs } = await monitor.stop();
      return { at, delivered: fed.delivered, wallMs: fed.lastDeliverEnd - started, ...frameStats(rafTimes, loafs, started, fed.lastDeliverEnd) };
    },

    /**
     * Paced delivery: pre-fills the first `total - rate*windowMs` tokens at once, then delivers the rest on a
     * schedule of `rate` tokens per second for `windowMs`. Token-to-next-frame is measured from the moment each
     * token was handed over to the first frame that starts after it, and also from its scheduled arrival (which
     * adds timer lateness and any backlog of a target that cannot keep up).
     */
    async paced({ rate, windowMs, total, seed = 1 }) {
      const { tokens } = generateAnswer(total, seed);
      const windowTokens = Math.min(total, Math.ceil((rate * windowMs) / 1000));
      const first = total - windowTokens;
      await target.prepare(tokens);
      await target.prefill(first);
      await settle(target, 250, 10000, prefixChars(tokens, first));
      const referenceMs = await idleFrameMs();
      const monitor = startFrameMonitor();
      const interval = 1000 / rate;
      const start = performance.now() + 50;
      const end = start + windowMs;
      const due = j => start + j * interval;
      const handedAt = [];
      await new Promise(resolve => {
        let j = 0;
        const tick = () => {
          const now = performance.now();
          // Everything due by now arrives in this task (a network read returns all buffered frames), but never
          // past the window: a renderer that falls behind only ever sees the tokens that were due.
          while (j < windowTokens && due(j) <= now && performance.now() < end) {
            target.deliver(first + j);
            handedAt.push(performance.now());
            j++;
          }
          if (j >= windowTokens || performance.now() >= end) return resolve(undefined);
          setTimeout(tick, Math.max(0, due(j) - performance.now()));
        };
        setTimeout(tick, start - performance.now());
      });
      const { rafTimes, loafs } = await monitor.stop();
      const fromHandover = [];
      const fromDue = [];
      let frame = 0;
      for (let j = 0; j < handedAt.length; j++) {
        while (frame < rafTimes.length && rafTimes[frame] <= handedAt[j]) frame++;
        if (frame === rafTimes.length) break;
        fromHandover.push(rafTimes[frame] - handedAt[j]);
        fromDue.push(rafTimes[frame] - due(j));
      }
      const lastDue = handedAt.length ? due(handedAt.length - 1) : start;
      return {
        rate,
        windowMs,
        prefilled: first,
        scheduled: windowTokens,
        delivered: handedAt.length,
        // How far behind the schedule the last token was handed over (a renderer that cannot keep up).
        finalLagMs: handedAt.length ? handedAt[handedAt.length - 1] - lastDue : 0,
        tokenToFrameP50Ms: percentile(fromHandover, 50),
        tokenToFrameP95Ms: percentile(fromHandover, 95),
        dueToFrameP95Ms: percentile(fromDue, 95),
        ...frameStats(rafTimes, loafs, start, end, referenceMs),
      };
    },

    /**
     * Byte-arrival-to-paint for one token: hand over a token carrying a unique word, watch for that word in the
     * DOM, then wait for the frame that paints it. A change made during a frame's rendering phase (rAF, where
     * batching renderers write) is painted in that frame; a change made in a task is painted by the next frame.
     * "Painted" is when a task posted after that frame's rendering update runs.
     */
    async latency({ prefill, samples, seed = 1 }) {
      const { tokens } = generateAnswer(Math.max(prefill, 1), seed);
      await target.prepare(tokens);
      await target.prefill(prefill);
      await settle(target);

      let inRenderingPhase = false;
      const phaseEnd = new MessageChannel();
      phaseEnd.port1.onmessage = () => (inRenderingPhase = false);
      let tracking = true;
      const phaseLoop = () => {
        if (!tracking) return;
        inRenderingPhase = true;
        phaseEnd.port2.postMessage(0);
        requestAnimationFrame(phaseLoop);
      };
      requestAnimationFrame(phaseLoop);
      await frames(2);

      const afterPaint = new MessageChannel();
      let onPainted = () => {};
      afterPaint.port1.onmessage = () => onPainted();
      let pending;
      const found = node => node && typeof node.textContent === 'string' && node.textContent.includes(pending.marker);
      const observer = new MutationObserver(records => {
        if (!pending || pending.domAt) return;
        for (const record of records) {
          const added = record.addedNodes;
          // The marker is at the end of the answer: only the last nodes added can hold it.
          const hit =
            (record.type === 'characterData' && found(record.target)) ||
            found(added[added.length - 1]) ||
            found(added[added.length - 2]);
          if (!hit) continue;
          pending.domAt = performance.now();
          const painted = pending.painted;
          onPainted = () => painted(performance.now());
          if (inRenderingPhase) afterPaint.port2.postMessage(0);
          else requestAnimationFrame(() => afterPaint.port2.postMessage(0));
          return;
        }
      });
      for (const root of target.roots()) observer.observe(root, { childList: true, characterData: true, subtree: true });

      const toDom = [];
      const toPaint = [];
      let timeouts = 0;
      for (let s = 0; s < samples; s++) {
        await sleep(15 + Math.random() * 35); // land at a random phase of the frame
        const marker = `zq${s.toString(36)}x`;
        const result = await new Promise(resolve => {
          pending = { marker, domAt: 0, painted: at => resolve(at) };
          setTimeout(() => resolve(0), 2000);
          pending.sentAt = performance.now();
          target.deliverText(` ${marker}`);
        });
        if (result) {
          toDom.push(pending.domAt - pending.sentAt);
          toPaint.push(result - pending.sentAt);
        } else timeouts++;
        pending = undefined;
      }
      tracking = false;
      observer.disconnect();
      const rafTimes = [];
      for (let i = 0; i < 11; i++) rafTimes.push(await nextFrame().then(() => performance.now()));
      const intervals = rafTimes.slice(1).map((t, i) => t - rafTimes[i]);
      return {
        prefill,
        samples,
        timeouts,
        toDomP50Ms: percentile(toDom, 50),
        toDomP95Ms: percentile(toDom, 95),
        toPaintP50Ms: percentile(toPaint, 50),
        toPaintP95Ms: percentile(toPaint, 95),
        medianFrameMs: percentile(intervals, 50),
      };
    },
  };
}
