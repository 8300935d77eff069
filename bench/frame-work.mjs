// Main-thread work per frame, from a Chromium trace: what the renderer's main thread spent (thread CPU time, so a
// busy machine does not inflate it) between one frame and the next, and which phases of the frame it went to.
// A frame is long by its work when that work alone would make it late, whatever the machine's scheduling did.

/** Categories the frames need: top-level tasks with thread time, the frame itself, and its phases. */
export const FRAME_TRACE_CATEGORIES = ['toplevel', 'benchmark', 'devtools.timeline', 'disabled-by-default-v8.gc'];

/** Phases of a frame (trace event names, thread time including their children) and the label each is given. */
export const PHASES = {
  FireAnimationFrame: 'rAF callbacks',
  EventDispatch: 'events (scroll, wheel)',
  UpdateLayoutTree: 'style',
  Layout: 'layout',
  'IntersectionObserverController::computeIntersections': 'intersection observers',
  PrePaint: 'pre-paint',
  Paint: 'paint',
  Layerize: 'layerize',
  Commit: 'commit',
  MinorGC: 'minor GC',
  MajorGC: 'major GC',
};

const TASK = 'ThreadControllerImpl::RunTask';
const FRAME = 'ProxyMain::BeginMainFrame';

/** The renderer main thread with the most events (the page's; other renderers are idle). */
function mainThread(events) {
  const names = new Map();
  for (const event of events) if (event.ph === 'M' && event.name === 'thread_name') names.set(`${event.pid}:${event.tid}`, event.args?.name);
  const counts = new Map();
  for (const event of events) {
    const key = `${event.pid}:${event.tid}`;
    if (names.get(key) === 'CrRendererMain') counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/**
 * Main-thread work per frame between two `console.timeStamp(name)` marks (or the whole trace without them).
 * A frame's work is the thread time of every top-level task after the previous frame's task, up to and
 * including the task that ran this frame (input, timers, idle callbacks and garbage collection in between delay
 * it as much as its own lifecycle does). Phases are summed over the frame's own task. Phases nest (an event's
 * forced layout counts in both), so they are a breakdown to read, not to add up.
 * @param {any[]} events trace events
 * @param {{ from?: string, to?: string }} marks
 * @returns {Array<{ ts: number, workMs: number, phases: Record<string, number>, layouts: number }>}
 */
export function frameWork(events, { from, to } = {}) {
  const thread = mainThread(events);
  const own = events.filter(event => `${event.pid}:${event.tid}` === thread).sort((a, b) => a.ts - b.ts);
  const stamp = name => own.find(event => event.name === 'TimeStamp' && event.args?.data?.message === name)?.ts;
  const start = (from && stamp(from)) ?? -Infinity;
  const end = (to && stamp(to)) ?? Infinity;
  const tasks = own.filter(event => event.ph === 'X' && event.name === TASK);
  const frames = own.filter(event => event.ph === 'X' && event.name === FRAME);
  const timed = own.filter(event => event.ph === 'X' && (event.name in PHASES));
  const result = [];
  let t = 0; // next task
  let p = 0; // next phase event
  let previousEnd = -Infinity;
  for (const frame of frames) {
    // The innermost (latest-starting) task that holds the frame: one that merely ends as it starts is not it.
    const task = tasks.findLast(each => each.ts <= frame.ts && frame.ts <= each.ts + each.dur) ?? frame;
    const taskEnd = task.ts + task.dur;
    let work = 0;
    while (t < tasks.length && tasks[t].ts < taskEnd) {
      if (tasks[t].ts > previousEnd || tasks[t] === task) work += tasks[t].tdur ?? 0;
      t++;
    }
    const phases = {};
    let layouts = 0;
    while (p < timed.length && timed[p].ts < task.ts) p++;
    for (let q = p; q < timed.length && timed[q].ts < taskEnd; q++) {
      const label = PHASES[timed[q].name];
      phases[label] = (phases[label] ?? 0) + (timed[q].tdur ?? 0) / 1000;
      if (timed[q].name === 'Layout') layouts++;
    }
    previousEnd = taskEnd;
    if (frame.ts >= start && frame.ts <= end) result.push({ ts: frame.ts, workMs: work / 1000, phases, layouts });
  }
  return result;
}

/**
 * Summary of frameWork(): frames whose work alone is over `longMs` (long by their work), the worst, p95 and mean
 * work, and the mean of each phase per frame.
 * @param {ReturnType<typeof frameWork>} frames
 * @param {number} longMs
 */
export function summarizeFrameWork(frames, longMs) {
  const work = frames.map(frame => frame.workMs).sort((a, b) => a - b);
  const phases = {};
  for (const frame of frames) for (const [label, ms] of Object.entries(frame.phases)) phases[label] = (phases[label] ?? 0) + ms / frames.length;
  return {
    frames: frames.length,
    longByWork: work.filter(ms => ms > longMs).length,
    longByWorkPercent: (100 * work.filter(ms => ms > longMs).length) / Math.max(1, frames.length),
    worstWorkMs: work.at(-1) ?? NaN,
    p95WorkMs: work[Math.min(work.length - 1, Math.floor(work.length * 0.95))] ?? NaN,
    meanWorkMs: work.reduce((sum, ms) => sum + ms, 0) / Math.max(1, work.length),
    totalWorkMs: work.reduce((sum, ms) => sum + ms, 0),
    framesWithLayout: frames.filter(frame => frame.layouts).length,
    phases,
  };
}
