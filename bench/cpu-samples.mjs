// V8's CPU samples in a Chromium trace (the `disabled-by-default-v8.cpu_profiler` category), named through the
// bundle's source map: what the probes (trace-long.mjs, probe-latency.mjs) print as "self" and "under".
import { readFileSync } from 'node:fs';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';

const BUNDLE_MAP = new URL('../dist/sse-chat.bundle.js.map', import.meta.url);

/**
 * The samples of a thread's profiles in `events` (each `Profile` and its `ProfileChunk`s): `{ ts, node, nodes }`,
 * `node` with its `callFrame` and `parent` id, `nodes` to walk up the stack by.
 */
export function cpuSamples(events, { pid, tid }) {
  const nodes = new Map();
  const samples = [];
  for (const profile of events.filter(e => e.name === 'Profile' && e.pid === pid && (tid === undefined || e.tid === tid))) {
    let ts = profile.args.data.startTime;
    for (const chunk of events.filter(e => e.name === 'ProfileChunk' && e.pid === pid && e.id === profile.id)) {
      const data = chunk.args.data;
      for (const node of data.cpuProfile?.nodes ?? []) nodes.set(node.id, node);
      (data.cpuProfile?.samples ?? []).forEach((id, i) => {
        ts += data.timeDeltas[i];
        samples.push({ ts, id });
      });
    }
  }
  return samples.map(({ ts, id }) => ({ ts, node: nodes.get(id), nodes })).filter(sample => sample.node);
}

let map;
/** A call frame's name: in the bundle, its source function and file:line through the source map. */
function frameName(frame) {
  if (!frame.url?.includes('sse-chat.bundle')) return `${frame.functionName || '(anonymous)'} ${frame.url ? frame.url.replace(/^.*\//, '') : ''}`.trim();
  map ??= new TraceMap(readFileSync(BUNDLE_MAP, 'utf8'));
  const at = originalPositionFor(map, { line: frame.lineNumber + 1, column: frame.columnNumber });
  return `${at.name ?? frame.functionName ?? '?'} ${at.source?.replace(/^.*node_modules\//, '').replace(/^(\.\.\/)+/, '')}:${at.line}`;
}

/**
 * `samples` counted by the function they were taken in (self) and by every package or source file on their stack,
 * once each (under); the `top` of each, most first, as `{ self, under }` lines ("12 name, 7 name, …").
 */
export function tallySamples(samples, top) {
  const self = new Map();
  const under = new Map();
  for (const { node, nodes } of samples) {
    const name = frameName(node.callFrame);
    self.set(name, (self.get(name) ?? 0) + 1);
    const seen = new Set();
    for (let n = node; n; n = nodes.get(n.parent)) {
      const file = frameName(n.callFrame).replace(/^\S+ /, '').replace(/:\d+$/, '');
      if (!seen.has(file)) under.set(file, (under.get(file) ?? 0) + 1), seen.add(file);
    }
  }
  const list = counts => [...counts].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, count]) => `${count} ${name}`).join(', ');
  return { self: list(self), under: list(under) };
}
