// Tests for bench/frame-work.mjs (`node --test bench/`): how a trace's main-thread tasks become work per frame.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameWork, summarizeFrameWork } from './frame-work.mjs';

const MAIN = { pid: 1, tid: 1 };
const OTHER = { pid: 2, tid: 2 };
const threadName = (ids, name) => ({ ...ids, ph: 'M', name: 'thread_name', args: { name } });
/** A complete event: ts and durations in ms (the trace's are µs). */
const X = (name, ts, dur, tdur = dur, ids = MAIN, args = {}) => ({ ...ids, ph: 'X', name, ts: ts * 1000, dur: dur * 1000, tdur: tdur * 1000, args });
const task = (ts, dur, tdur, ids) => X('ThreadControllerImpl::RunTask', ts, dur, tdur, ids);
/** A task that runs a frame, with a layout of `layoutMs` inside. */
const frameTask = (ts, tdur, layoutMs = 0) => [
  task(ts, tdur, tdur),
  X('ProxyMain::BeginMainFrame', ts, tdur),
  ...(layoutMs ? [X('Layout', ts + 0.1, layoutMs)] : []),
];
const stamp = (name, ts) => ({ ...MAIN, ph: 'I', name: 'TimeStamp', ts: ts * 1000, args: { data: { message: name } } });

const trace = [
  threadName(MAIN, 'CrRendererMain'),
  threadName(OTHER, 'CrRendererMain'), // another renderer, nearly idle
  task(5, 50, 50, OTHER),
  ...frameTask(0, 2),
  stamp('scroll-start', 10),
  ...frameTask(16, 3, 1),
  task(20, 30, 30), // a long task between two frames (garbage collection, a timer): the next frame waits for it
  ...frameTask(50, 4),
  ...frameTask(66, 2, 0.5),
  stamp('scroll-end', 80),
  ...frameTask(83, 40),
];

test('a frame\'s work is its own task plus every task since the previous frame, on the page\'s main thread', () => {
  const frames = frameWork(trace);
  assert.deepEqual(frames.map(frame => frame.workMs), [2, 3, 34, 2, 40]);
  assert.deepEqual(frames.map(frame => frame.layouts), [0, 1, 0, 1, 0]);
  assert.equal(frames[1].phases.layout, 1);
});

test('only the frames between the two marks count', () => {
  const frames = frameWork(trace, { from: 'scroll-start', to: 'scroll-end' });
  assert.deepEqual(frames.map(frame => frame.workMs), [3, 34, 2]);
});

test('a frame is long by its work when that work is over the bound', () => {
  const summary = summarizeFrameWork(frameWork(trace, { from: 'scroll-start', to: 'scroll-end' }), 25);
  assert.equal(summary.frames, 3);
  assert.equal(summary.longByWork, 1);
  assert.equal(summary.worstWorkMs, 34);
  assert.equal(summary.meanWorkMs, 13);
  assert.equal(summary.framesWithLayout, 2);
  assert.equal(summary.phases.layout, 0.5);
});
