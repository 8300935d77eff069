// `sse-chat check` end to end: the built CLI (bin/sse-chat.js → dist/esm/cli/check.js) against the demo server
// and against deliberately broken endpoints started here. Needs `npm run build:esm` first (`npm test` does it).
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoServer } from '../../demo/server.mjs';

const BIN = new URL('../../bin/sse-chat.js', import.meta.url);
const CLI_MODULE = new URL('../../dist/esm/cli/check.js', import.meta.url);
/** A run longer than this is a hang, not a slow machine. */
// A bound for a hung run, not a speed limit: a CLI run on a loaded 2-core machine can take many seconds.
const RUN_LIMIT_MS = 120_000;

/**
 * Runs the CLI as a user would, through bin/sse-chat.js in a process of its own; resolves with its exit code and
 * output (never rejects on a non-zero exit). Kept for what only the command proves (the bin's wiring: argv, exit
 * code, stdout and stderr): every other test runs the same main in this process ({@link runCli}).
 */
function runBin(args) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN.pathname, ...args],
      { encoding: 'utf8', timeout: RUN_LIMIT_MS, env: { ...process.env, NO_COLOR: '' } },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: error ? error.code : 0, stdout, stderr });
      },
    );
  });
}

/**
 * Runs the built CLI's main (dist/esm/cli/check.js) in this process with what bin/sse-chat.js hands it (argv, the
 * output streams, the environment, not a terminal): the same report and exit code as the command, without a Node
 * start-up and a load of the CLI's modules per run (~0.5 CPU-s each, ~30 runs). Resolves with its exit code and output.
 */
async function runCli(args) {
  const { main } = await import(CLI_MODULE.href);
  let stdout = '';
  let stderr = '';
  const code = await main({
    argv: args,
    stdout: text => (stdout += text),
    stderr: text => (stderr += text),
    env: { ...process.env, NO_COLOR: '' },
    isTTY: false,
    signal: AbortSignal.timeout(RUN_LIMIT_MS),
  });
  return { code, stdout, stderr };
}

/** Runs `check --json` and parses the report. */
async function checkJson(url, ...args) {
  const run = await runCli(['check', url, '--json', ...args]);
  return { code: run.code, report: JSON.parse(run.stdout) };
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const canonical = (event, data) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
const SSE_HEADERS = { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' };

/** A node:http endpoint on 127.0.0.1, port 0, whose handler plays one broken (or fine) backend. */
async function startEndpoint(handler) {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/chat`,
    close: () => {
      server.closeAllConnections();
      return new Promise(resolve => server.close(resolve));
    },
  };
}

/** Starts an endpoint for the duration of `run`. */
async function withEndpoint(handler, run) {
  const endpoint = await startEndpoint(handler);
  try {
    return await run(endpoint.url);
  } finally {
    await endpoint.close();
  }
}

/** Finding codes, without `cors`: these endpoints are same-origin by design (the cors finding has its own tests). */
const codes = report => report.findings.map(finding => finding.code).filter(code => code !== 'cors');

describe('sse-chat check: usage', () => {
  it('exits 2 with the usage text when no URL is given', async () => {
    const run = await runBin(['check']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /Give the URL/);
    assert.match(run.stderr, /Usage: sse-chat check <url>/);
  });

  it('exits 2 for an unknown dialect or invalid --data', async () => {
    const dialect = await runCli(['check', 'http://127.0.0.1:9/chat', '--dialect', 'klingon']);
    assert.equal(dialect.code, 2);
    assert.match(dialect.stderr, /Unknown dialect "klingon"/);
    const data = await runCli(['check', 'http://127.0.0.1:9/chat', '--data', '{nope']);
    assert.equal(data.code, 2);
    assert.match(data.stderr, /--data is not valid JSON/);
  });

  it('prints help with exit 0', async () => {
    const run = await runBin(['--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /--silence-warning <ms>/);
  });
});

describe('sse-chat check: the demo server', () => {
  let demo;
  before(async () => {
    // Paced so the short docs answer spans many reads even on a loaded machine (the checker warns about one burst).
    demo = await startDemoServer({ port: 0, quiet: true, tokenDelayMs: 10 });
  });
  after(() => demo.close());

  it('passes POST /api/chat: detected sse-chat, text, steps and sources printed, exit 0', async () => {
    const url = new URL('/api/chat', demo.url).href;
    const run = await runBin(['check', url, '--message', 'How do I stop a stream?']);
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /^Dialect {2}sse-chat \(detected\)$/m);
    assert.match(run.stdout, /^Answer {2}done/m);
    assert.match(run.stdout, /^ {2}text \(\d+ chars\):\n {2}│ \S/m);
    assert.match(run.stdout, /^ {2}sources:\n {4}1\. .+ <http:\/\/127\.0\.0\.1:\d+\/docs\//m);
    assert.match(run.stdout, /^ {2}steps:\n {4}- /m);
    assert.match(run.stdout, /^PASS: the turn completed cleanly\.$/m);
    assert.doesNotMatch(run.stdout, /WARNING|ERROR/);
  });

  it('reports the same turn as JSON', async () => {
    const { code, report } = await checkJson(new URL('/api/chat', demo.url).href, '--message', 'How do I stop a stream?');
    assert.equal(code, 0);
    assert.equal(report.ok, true);
    assert.deepEqual(report.dialect, { requested: 'auto', detected: 'sse-chat' });
    assert.equal(report.response.status, 200);
    assert.equal(report.answer.status, 'done');
    assert.ok(report.answer.text.length > 20);
    assert.ok(report.answer.sources.length > 0);
    assert.equal(report.timeline.at(-1).chatEvents.at(-1).type, 'done');
    assert.ok(report.timeline.every((entry, index, all) => index === 0 || entry.atMs >= all[index - 1].atMs));
  });

  it('detects the dialect of seed and vendor routes', async t => {
    const routes = await (await fetch(new URL('/api/routes', demo.url))).json();
    const others = routes.filter(route => route.path !== '/api/chat' && !route.path.includes(':')).slice(0, 4);
    if (others.length === 0) return t.skip('the demo server lists no seed or vendor routes yet');
    for (const route of others) {
      const args = route.exampleBody ? ['--data', JSON.stringify(route.exampleBody)] : ['--dialect', route.dialect];
      const { code, report } = await checkJson(new URL(route.path, demo.url).href, ...args);
      if (route.exampleBody) assert.equal(report.dialect.detected, route.dialect, route.path);
      assert.equal(report.answer.status, 'done', `${route.path}: ${JSON.stringify(report.answer.error)}`);
      assert.equal(code, 0, route.path);
    }
  });
});

describe('sse-chat check: broken endpoints', () => {
  it('fails a text/html 200 with an error finding', async () => {
    const run = await withEndpoint(
      (req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><title>Sign in</title>');
      },
      url => runCli(['check', url]),
    );
    assert.equal(run.code, 1);
    assert.match(run.stdout, /ERROR {3}\[content-type\] Content-Type is text\/html, not an event stream/);
    assert.match(run.stdout, /^FAIL/m);
  });

  it('shows the message of a 500 with a JSON error body', async () => {
    const run = await withEndpoint(
      (req, res) => {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'The model is overloaded' } }));
      },
      url => runCli(['check', url]),
    );
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^Response {2}500 Internal Server Error/m);
    assert.match(run.stdout, /\[http-error\] HTTP 500 Internal Server Error: .*The model is overloaded/);
  });

  it('warns about a stream with no completion signal and exits 1', async () => {
    const { code, report } = await withEndpoint(
      (req, res) => {
        res.writeHead(200, SSE_HEADERS);
        res.end(canonical('text-delta', { delta: 'Half an ' }) + canonical('text-delta', { delta: 'answer' }));
      },
      // Through the command: its exit status 1 as a process.
      async url => {
        const run = await runBin(['check', url, '--json']);
        return { code: run.code, report: JSON.parse(run.stdout) };
      },
    );
    assert.equal(code, 1);
    assert.equal(report.answer.text, 'Half an answer');
    assert.equal(report.answer.error.code, 'cut-off');
    const finding = report.findings.find(f => f.code === 'no-completion');
    assert.match(finding.message, /no completion signal/);
  });

  it('warns when the whole stream arrives in one burst after a delay', async () => {
    const { code, report } = await withEndpoint(
      async (req, res) => {
        res.writeHead(200, SSE_HEADERS);
        await sleep(1100);
        const deltas = ['A', ' buffered', ' answer', ' in', ' one', ' piece'].map(delta => canonical('text-delta', { delta }));
        res.end(canonical('start', {}) + deltas.join('') + canonical('done', {}));
      },
      url => checkJson(url),
    );
    assert.equal(code, 0, 'a buffered stream still completes: a warning, not a failure');
    const finding = report.findings.find(f => f.code === 'buffered');
    assert.match(finding?.message ?? '', /^All 8 messages arrived in a single network read/);
    // A checker held up for most of the wait cannot blame the server (a heavily loaded machine): it says so.
    if (!/this checker could not run for/.test(finding.message)) assert.equal(finding.level, 'warning');
    else assert.equal(finding.level, 'advice');
  });

  it('does not call a steadily streamed answer buffered', async () => {
    const { report } = await withEndpoint(
      async (req, res) => {
        res.writeHead(200, SSE_HEADERS);
        for (const delta of ['One', ' token', ' at', ' a', ' time']) {
          res.write(canonical('text-delta', { delta }));
          await sleep(250);
        }
        res.end(canonical('done', {}));
      },
      url => checkJson(url),
    );
    assert.equal(report.answer.text, 'One token at a time');
    assert.deepEqual(codes(report), []);
  });

  it('does not blame the server for a burst it read because the checker itself was held up', async () => {
    // The checker's process is stopped (SIGSTOP) while the server streams for a second, then continued: it reads
    // the whole stream at once, as a starved process on a busy machine does.
    let checker;
    const { report } = await withEndpoint(
      async (req, res) => {
        res.writeHead(200, SSE_HEADERS);
        checker.kill('SIGSTOP');
        for (const delta of ['Streamed', ' while', ' the', ' checker', ' was', ' stopped']) {
          res.write(canonical('text-delta', { delta }));
          await sleep(200);
        }
        res.end(canonical('done', {}));
        checker.kill('SIGCONT');
      },
      url =>
        new Promise((resolve, reject) => {
          checker = execFile(process.execPath, [BIN.pathname, 'check', url, '--json'], { encoding: 'utf8', timeout: RUN_LIMIT_MS }, (error, stdout) => {
            if (error && typeof error.code !== 'number') reject(error);
            else resolve({ report: JSON.parse(stdout) });
          });
        }),
    );
    assert.equal(report.answer.text, 'Streamed while the checker was stopped');
    const finding = report.findings.find(f => f.code === 'buffered');
    assert.equal(finding?.level, 'advice', JSON.stringify(report.findings));
    assert.match(finding.message, /this checker could not run for \d+\.\d s of that time/);
  });

  it('warns about payloads that are not valid JSON', async () => {
    const { report } = await withEndpoint(
      (req, res) => {
        res.writeHead(200, SSE_HEADERS);
        res.end(
          'data: {"type":"token","content":"Hi"}\n\n' +
            "data: {'type': 'token', 'content': ' there'}\n\n" +
            'data: {"type":"done"}\n\n',
        );
      },
      url => checkJson(url),
    );
    assert.equal(report.dialect.detected, 'json');
    const finding = report.findings.find(f => f.code === 'invalid-json');
    assert.match(finding.message, /^1 of 3 message\(s\) carry data that is not valid JSON, e\.g\. "\{'type': 'token'/);
  });

  it('warns about a silence without heartbeats, and not when heartbeats fill it', async () => {
    // 3.5 s of quiet against a 3 s limit; filled, the gaps are 100 ms: 30× below the limit, so a loaded machine's late
    // timers cannot make a silence of them (and an early one, e.g. before the first byte, only adds to the count).
    const silent = async (req, res, heartbeat) => {
      res.writeHead(200, SSE_HEADERS);
      res.write(canonical('text-delta', { delta: 'Thinking' }));
      for (let waited = 0; waited < 3500; waited += 100) {
        await sleep(100);
        if (heartbeat) res.write(': ping\n\n');
      }
      res.end(canonical('text-delta', { delta: ' done.' }) + canonical('done', {}));
    };
    const quiet = await withEndpoint((req, res) => silent(req, res, false), url => checkJson(url, '--silence-warning', '3000'));
    const finding = quiet.report.findings.find(f => f.code === 'silence');
    assert.match(finding?.message ?? '', /^\d+ silence\(s\) longer than 3\.0 s without a byte; the longest lasted [\d.]+ s/);

    const kept = await withEndpoint((req, res) => silent(req, res, true), url => checkJson(url, '--silence-warning', '3000'));
    assert.deepEqual(codes(kept.report), []);
    assert.equal(kept.report.stats.comments, 35);
  });

  it('recognises a plain-text body: "not an event stream" advice, the text read as the answer, done', async () => {
    const { code, report } = await withEndpoint(
      (req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('It is sunny in Paris.');
      },
      url => checkJson(url),
    );
    assert.equal(code, 0);
    assert.equal(report.answer.status, 'done');
    assert.equal(report.answer.text, 'It is sunny in Paris.');
    assert.equal(report.dialect.detected, 'text');
    const finding = report.findings.find(f => f.code === 'plain-text');
    assert.equal(finding?.level, 'warning');
    assert.match(finding.message, /not an event stream/);
    assert.match(finding.advice, /toUIMessageStreamResponse/);
    assert.ok(!codes(report).includes('content-type'), 'one finding says it, not two');
  });

  it('reads a data-less `event: done` as the end, with advice to add a data line', async () => {
    const { code, report } = await withEndpoint(
      (req, res) => {
        res.writeHead(200, SSE_HEADERS);
        res.end(canonical('text-delta', { delta: 'Hi' }) + 'event: done\n\n');
      },
      url => checkJson(url),
    );
    assert.equal(code, 0);
    assert.equal(report.answer.status, 'done');
    const finding = report.findings.find(f => f.code === 'data-less-event');
    assert.equal(finding?.level, 'advice');
    assert.match(finding.message, /"event: done" without a data line/);
  });

  it('skips a message its dialect cannot read (counted), as the element does, and reads the rest of the answer', async () => {
    // Tool arguments nested past the stack's depth: the Gemini dialect's JSON.stringify throws on them.
    const depth = 50_000;
    const deepArgs = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    const part = json => `data: {"candidates":[{"content":{"role":"model","parts":[${json}]}${json.includes('world') ? ',"finishReason":"STOP"' : ''}}]}\n\n`;
    const { report } = await withEndpoint(
      (req, res) => {
        res.writeHead(200, SSE_HEADERS);
        res.end(part('{"text":"Hello "}') + part(`{"functionCall":{"name":"lookup","args":${deepArgs}}}`) + part('{"text":"world"}'));
      },
      url => checkJson(url, '--dialect', 'gemini'),
    );
    assert.equal(report.answer.status, 'done', JSON.stringify(report.answer.error));
    assert.equal(report.answer.text, 'Hello world');
    assert.equal(report.answer.metadata.unreadableEvents, 1);
  });

  it("resolves relative source links against the endpoint's URL, as the element does", async () => {
    let origin = '';
    const { report } = await withEndpoint(
      (req, res) => {
        origin = `http://${req.headers.host}`;
        res.writeHead(200, SSE_HEADERS);
        res.end(canonical('text-delta', { delta: 'See the docs.' }) + canonical('sources', { sources: [{ title: 'Docs', url: '/docs/a' }] }) + canonical('done', {}));
      },
      url => checkJson(url),
    );
    assert.equal(report.answer.status, 'done');
    assert.deepEqual(report.answer.sources.map(source => source.url), [`${origin}/docs/a`]);
  });

  it('reports CORS: sends an Origin and a preflight, and reads Access-Control-Allow-Origin/-Headers', async () => {
    const seen = [];
    const serve = headers => (req, res) => {
      seen.push({ method: req.method, origin: req.headers.origin, asks: req.headers['access-control-request-headers'] });
      if (req.method === 'OPTIONS') return res.writeHead(204, headers).end();
      res.writeHead(200, { ...SSE_HEADERS, ...headers });
      res.end(canonical('text-delta', { delta: 'Hi' }) + canonical('done', {}));
    };
    const none = await withEndpoint(serve({}), url => checkJson(url));
    const bare = none.report.findings.find(f => f.code === 'cors');
    assert.equal(bare?.level, 'advice', 'no CORS at all may be a same-origin deployment');
    assert.match(bare.message, /no Access-Control-Allow-Origin/);
    assert.match(bare.advice, /Access-Control-Allow-Headers/);
    assert.deepEqual(seen.map(r => r.method), ['POST', 'OPTIONS']);
    assert.ok(seen.every(r => r.origin === 'https://sse-chat-check.example'));
    assert.equal(seen[1].asks, 'content-type');

    const half = await withEndpoint(serve({ 'access-control-allow-origin': '*' }), url => checkJson(url));
    const missing = half.report.findings.find(f => f.code === 'cors');
    assert.equal(missing?.level, 'warning');
    assert.match(missing.message, /Access-Control-Allow-Headers does not name content-type/);

    const full = await withEndpoint(serve({ 'access-control-allow-origin': '*', 'access-control-allow-headers': 'Content-Type' }), url =>
      checkJson(url),
    );
    assert.ok(!full.report.findings.some(f => f.code === 'cors'));
  });

  it('accepts text/plain with a warning and exits 0', async () => {
    const { code, report } = await withEndpoint(
      (req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end('data: {"type":"token","content":"Plain"}\n\ndata: {"type":"done"}\n\n');
      },
      url => checkJson(url),
    );
    assert.equal(code, 0);
    assert.equal(report.answer.text, 'Plain');
    const finding = report.findings.find(f => f.code === 'content-type');
    assert.equal(finding.level, 'warning');
    assert.deepEqual(codes(report).sort(), ['cache-control', 'content-type', 'x-accel-buffering']);
  });

  it('reports CR-only line breaks and a last event without its blank line', async () => {
    const { code, report } = await withEndpoint(
      (req, res) => {
        res.writeHead(200, SSE_HEADERS);
        res.end('event: text-delta\rdata: {"delta":"Hi"}\r\revent: done\rdata: {}');
      },
      url => checkJson(url),
    );
    assert.equal(report.answer.text, 'Hi', 'lone CRs are valid line breaks');
    assert.equal(code, 1, 'the unterminated done event is discarded, so the turn is cut off');
    assert.deepEqual(codes(report).sort(), ['cr-line-breaks', 'no-completion', 'unterminated-block']);
    assert.match(report.findings.find(f => f.code === 'cr-line-breaks').message, /^4 line break\(s\) are a lone CR/);
  });

  it('fails with advice when nothing listens at the URL', async () => {
    const endpoint = await startEndpoint(() => {});
    await endpoint.close();
    const { code, report } = await checkJson(endpoint.url);
    assert.equal(code, 1);
    assert.equal(report.response, null);
    assert.equal(report.answer.error.code, 'network');
    assert.match(report.findings[0].advice, /Is the server running/);
  });

  it('never writes server-supplied control characters to the terminal', async () => {
    const run = await withEndpoint(
      (req, res) => {
        res.writeHead(200, SSE_HEADERS);
        res.end(canonical('text-delta', { delta: 'red\u001b[31m alert\u0007' }) + canonical('done', {}));
      },
      url => runCli(['check', url]),
    );
    assert.equal(run.code, 0);
    assert.ok(!run.stdout.includes('\u001b'), 'no raw escape character');
    assert.ok(!run.stdout.includes('\u0007'), 'no raw bell');
    assert.match(run.stdout, /│ red\\u001b\[31m alert\\u0007/);
  });
});

describe('sse-chat check: colour', () => {
  const okStream = (req, res) => {
    res.writeHead(200, SSE_HEADERS);
    res.end(canonical('text-delta', { delta: 'Hi' }) + canonical('done', {}));
  };
  const runMain = async (url, env) => {
    const { main } = await import(CLI_MODULE.href);
    let stdout = '';
    const code = await main({ argv: ['check', url], stdout: text => (stdout += text), stderr: () => {}, env, isTTY: true });
    return { code, stdout };
  };

  it('colours a TTY, unless NO_COLOR is set', async () => {
    await withEndpoint(okStream, async url => {
      const coloured = await runMain(url, {});
      assert.equal(coloured.code, 0);
      assert.match(coloured.stdout, /\u001b\[32mPASS/);
      const plain = await runMain(url, { NO_COLOR: '1' });
      assert.ok(!plain.stdout.includes('\u001b'));
      // Same report apart from colour (timings and the session id differ between runs, and so their padding; a timing
      // over a second, as on a loaded machine, reads "1.2 s" where the other run said "840 ms").
      const skeleton = text =>
        text
          .replace(/\u001b\[\d+m/g, '')
          .replace(/\d+(?:\.\d+)? ?m?s\b/g, '')
          .replace(/sse-chat-check-\w+|[\d\s]+/g, '');
      assert.equal(skeleton(plain.stdout), skeleton(coloured.stdout));
    });
  });
});
