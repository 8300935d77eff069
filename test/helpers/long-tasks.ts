import { aTimeout, expect } from '@open-wc/testing';

/** Long tasks (> 50 ms) seen from now on, in ms. */
export function watchLongTasks() {
  const durations: number[] = [];
  const observer = new PerformanceObserver(list => {
    for (const entry of list.getEntries()) durations.push(Math.round(entry.duration));
  });
  observer.observe({ type: 'longtask' });
  return {
    /** Stops watching; the bound is generous (CI may be busy) and a failure names the case. */
    async expectNoTaskOver(boundMs: number, label: string) {
      await aTimeout(100);
      observer.disconnect();
      console.info(`${label}: longest task ${Math.max(0, ...durations)} ms`);
      expect(durations.filter(ms => ms > boundMs), `${label}: tasks over ${boundMs} ms`).to.deep.equal([]);
    },
  };
}

/**
 * Streams `body` in one piece and closes, watching long tasks from the moment it is handed over (the string is
 * flattened first, so building it is not counted). Resolves once the turn has finished.
 */
export async function streamWatched(call: { response: { push(text: string): void; close(): void } }, finished: Promise<unknown>, body: string) {
  body.charCodeAt(body.length >> 1);
  await aTimeout(0);
  const watch = watchLongTasks();
  call.response.push(body);
  call.response.close();
  await finished;
  return watch;
}
