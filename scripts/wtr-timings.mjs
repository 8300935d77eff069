// A @web/test-runner reporter that prints where the browser stage's time went (`SSE_CHAT_TIMINGS=1 npx wtr`):
// per test file, its group, the wait for a free page, the page load (module transforms and imports) and the tests
// themselves, the page renderer's main-thread CPU; then each group's busy time. For finding the slow files, never for asserting speed.

/** Session id → the renderer's main-thread CPU seconds while that session's page ran (see measurePageCpu). */
const pageCpu = new Map();

/**
 * Records how much main-thread CPU each test page's renderer spent (CDP Performance metrics in thread time): called
 * with each new page, it reads the metrics as a session's page is navigated to and again when it is navigated away.
 * @param {import('puppeteer-core').Page} page
 * @param {import('puppeteer-core').CDPSession} cdp
 */
export async function measurePageCpu(page, cdp) {
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const taskSeconds = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find(metric => metric.name === 'TaskDuration')?.value ?? 0;
  };
  const goto = page.goto.bind(page);
  let current;
  page.goto = async (url, options) => {
    if (current) pageCpu.set(current.session, (await taskSeconds().catch(() => current.at)) - current.at);
    const session = new URL(url, 'http://x').searchParams.get('wtr-session-id');
    current = session ? { session, at: await taskSeconds() } : undefined;
    return goto(url, options);
  };
}

/** @returns {import('@web/test-runner').Reporter} */
export function timingsReporter() {
  /** session id → { file, group, times by status } */
  const seen = new Map();
  let startedAt = 0;
  return {
    start({ sessions, startTime }) {
      startedAt = startTime;
      sessions.on('session-status-updated', session => {
        let entry = seen.get(session.id);
        if (!entry) seen.set(session.id, (entry = { file: session.testFile, group: session.group?.name ?? session.browser?.name ?? '', at: {} }));
        entry.at[session.status] ??= Date.now();
        // A session can be past INITIALIZING before this reporter starts listening: count from its first status seen.
        entry.at.INITIALIZING ??= entry.at[session.status];
      });
    },
    onTestRunFinished({ sessions }) {
      const rows = [];
      for (const session of sessions) {
        const entry = seen.get(session.id);
        if (!entry) continue;
        const { SCHEDULED = startedAt, INITIALIZING, TEST_STARTED, TEST_FINISHED, FINISHED } = entry.at;
        const tests = countTests(session.testResults);
        rows.push({
          file: entry.file.replace(`${process.cwd()}/`, ''),
          group: entry.group,
          startsAt: ((INITIALIZING ?? SCHEDULED) - startedAt) / 1000,
          load: ((TEST_STARTED ?? FINISHED) - INITIALIZING) / 1000,
          run: ((TEST_FINISHED ?? FINISHED) - (TEST_STARTED ?? INITIALIZING)) / 1000,
          total: (FINISHED - INITIALIZING) / 1000,
          cpu: pageCpu.get(session.id),
          tests,
        });
      }
      rows.sort((a, b) => b.total - a.total);
      const s = n => `${n.toFixed(1).padStart(6)}s`;
      const width = Math.max(...rows.map(row => row.file.length));
      const lines = ['', 'browser test timings (load = page + module transforms, run = the tests):'];
      lines.push(`${'file'.padEnd(width)}  group     starts    load     run   total     cpu  tests`);
      for (const row of rows) {
        const cpu = row.cpu === undefined ? '      ?' : s(row.cpu);
        lines.push(`${row.file.padEnd(width)}  ${row.group.padEnd(8)} ${s(row.startsAt)} ${s(row.load)} ${s(row.run)} ${s(row.total)} ${cpu}  ${row.tests}`);
      }
      const cpuSum = rows.reduce((sum, row) => sum + (row.cpu ?? 0), 0);
      lines.push(`renderer main-thread CPU, all pages: ${cpuSum.toFixed(1)} s`);
      for (const group of new Set(rows.map(row => row.group))) {
        const mine = rows.filter(row => row.group === group);
        const busy = mine.reduce((sum, row) => sum + row.total, 0);
        const end = Math.max(...mine.map(row => row.startsAt + row.total));
        lines.push(`group ${group}: ${mine.length} files, ${busy.toFixed(1)} s of page time, last file done at ${end.toFixed(1)} s`);
      }
      const tests = sessions.flatMap(session => flattenTests(session.testResults, session.testFile.replace(`${process.cwd()}/`, '')));
      tests.sort((a, b) => b.duration - a.duration);
      lines.push('', 'slowest tests:');
      for (const test of tests.slice(0, Number(process.env.SSE_CHAT_TIMINGS_TESTS ?? 25))) {
        lines.push(`${s(test.duration / 1000)}  ${test.file} > ${test.name}`);
      }
      console.log(lines.join('\n'));
    },
  };
}

function flattenTests(suite, file, prefix = '') {
  if (!suite) return [];
  const here = prefix && suite.name ? `${prefix} > ${suite.name}` : suite.name || prefix;
  return [
    ...suite.tests.map(test => ({ file, name: here ? `${here} > ${test.name}` : test.name, duration: test.duration ?? 0 })),
    ...suite.suites.flatMap(child => flattenTests(child, file, here)),
  ];
}

function countTests(suite) {
  if (!suite) return 0;
  return suite.tests.length + suite.suites.reduce((sum, child) => sum + countTests(child), 0);
}
