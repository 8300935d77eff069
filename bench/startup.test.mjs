// threadTimes (bench/startup.mjs --trace): self thread time per event on the main thread that ran the page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { threadTimes } from './startup.mjs';

const meta = (pid, tid, name) => ({ ph: 'M', name: 'thread_name', pid, tid, args: { name } });
const task = (name, ts, dur, tdur, extra = {}) => ({ ph: 'X', pid: 2, tid: 20, name, ts, dur, tdur, ...extra });

test('self thread time by event, on the renderer main thread that ran the page; the part from the module on', () => {
  const events = [
    meta(1, 10, 'CrRendererMain'), // another renderer, another page
    meta(2, 20, 'CrRendererMain'),
    meta(2, 21, 'Compositor'),
    { ph: 'X', pid: 1, tid: 10, name: 'RunTask', ts: 0, dur: 5000, tdur: 5000 },
    { ph: 'I', pid: 2, tid: 20, name: 'ResourceSendRequest', ts: 0, args: { data: { url: 'http://x/bench/pages/startup/element.html' } } },
    task('ParseHTML', 100, 1000, 900),
    task('RunTask', 2000, 4000, 3000),
    task('v8.evaluateModule', 2100, 2000, 1500),
    task('CustomElementRegistry::define', 2200, 500, 400),
    task('UpdateLayoutTree', 4500, 1000, 1000),
    { ph: 'X', pid: 2, tid: 21, name: 'Commit', ts: 2000, dur: 800, tdur: 800 }, // not the main thread
  ];
  const { total, fromScript, byName } = threadTimes(events, 'element');
  assert.equal(total, 3.9);
  assert.equal(fromScript, 3);
  assert.deepEqual(Object.fromEntries(byName.map(([name, ms]) => [name, Math.round(ms * 1000) / 1000])), {
    ParseHTML: 0.9,
    RunTask: 0.5,
    'v8.evaluateModule': 1.1,
    'CustomElementRegistry::define': 0.4,
    UpdateLayoutTree: 1,
  });
});
