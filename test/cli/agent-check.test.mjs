// `sse-chat check` against the real-library LangChain and AG-UI servers (test/e2e/real-backends/): it recognises
// each framework and advises the dialect to set. Needs `npm run build:esm` first (`npm test` does it).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startAgUiServer } from '../e2e/real-backends/ag-ui-server.mjs';
import { startLangChainServer } from '../e2e/real-backends/langchain-server.mjs';

const CLI_MODULE = new URL('../../dist/esm/cli/check.js', import.meta.url);
// A bound for a hung run, not a speed limit: a CLI run took over 15 s on a loaded 2-core machine (as check.test.mjs).
const RUN_LIMIT_MS = 120_000;

/**
 * Runs `check --json` with the built CLI's main in this process, handed what bin/sse-chat.js hands it (the command
 * itself is proven in check.test.mjs; a process per run costs ~0.5 CPU-s), and parses the report.
 */
async function check(url, ...args) {
  const { main } = await import(CLI_MODULE.href);
  let stdout = '';
  const code = await main({
    argv: ['check', url, '--json', ...args],
    stdout: text => (stdout += text),
    stderr: () => {},
    env: process.env,
    isTTY: false,
    signal: AbortSignal.timeout(RUN_LIMIT_MS),
  });
  return { code, report: JSON.parse(stdout) };
}

const advice = report => report.findings.find(finding => finding.code === 'dialect-advice');

describe('sse-chat check: agent frameworks', () => {
  let langchain;
  let agUi;
  before(async () => {
    [langchain, agUi] = await Promise.all([startLangChainServer(), startAgUiServer()]);
  });
  after(async () => {
    await Promise.all([langchain.close(), agUi.close()]);
  });

  const cases = [
    ['LangChain.js streamEvents', () => `${langchain.url}/js/stream_events`, 'langchain'],
    ['LangServe /stream', () => `${langchain.url}/langserve/stream`, 'langchain'],
    ['a LangGraph run', () => `${langchain.url}/langgraph/runs/stream`, 'langgraph'],
    ['an AG-UI run', () => `${agUi.url}/agent`, 'ag-ui'],
  ];
  for (const [name, url, dialect] of cases) {
    it(`recognises ${name} under auto and advises dialect="${dialect}"`, async () => {
      const { report } = await check(url());
      assert.equal(report.dialect.detected, dialect);
      assert.match(advice(report)?.advice ?? '', new RegExp(`dialect="${dialect}"`));
    });
  }

  it('reads the answer with the explicit dialect and gives no dialect advice then', async () => {
    const { report } = await check(`${agUi.url}/agent`, '--dialect', 'ag-ui');
    assert.equal(report.answer.text, 'It is sunny in Paris.');
    assert.equal(report.answer.status, 'done');
    assert.equal(advice(report), undefined);
  });

  it('guesses the framework from a LangServe or LangGraph route that rejects the house body', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((request, response) => {
      request.resume();
      response.writeHead(422, { 'content-type': 'application/json' }).end('{"detail":[{"loc":["body","input"],"msg":"Field required"}]}');
    });
    await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${server.address().port}`;
      assert.match(advice((await check(`${base}/chain/stream`)).report)?.advice ?? '', /dialect="langchain"/);
      assert.match(advice((await check(`${base}/threads/t1/runs/stream`)).report)?.advice ?? '', /dialect="langgraph"/);
      assert.equal(advice((await check(`${base}/api/chat`)).report), undefined);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
