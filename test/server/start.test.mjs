import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const START = fileURLToPath(new URL('../../demo/start.mjs', import.meta.url));

it('node demo/start.mjs prints its URL, logs requests, and exits cleanly on SIGTERM', async () => {
  const child = spawn(process.execPath, [START], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', OPENAI_BASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 10000);
  try {
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', chunk => (output += chunk));
    const url = await new Promise((resolve, reject) => {
      child.stdout.on('data', () => {
        const match = /sse-chat demo: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
        if (match) resolve(match[1]);
      });
      child.once('exit', code => reject(new Error(`exited early with ${code}: ${output}`)));
    });
    assert.deepEqual(await (await fetch(`${url}/health`)).json(), { status: 'ok' });
    const exited = new Promise(resolve => child.once('exit', (code, signal) => resolve({ code, signal })));
    child.kill('SIGTERM');
    assert.deepEqual(await exited, { code: 0, signal: null });
    assert.match(output, /\/health 200/);
    assert.match(output, /SIGTERM: closing/);
  } finally {
    clearTimeout(killer);
    child.kill('SIGKILL');
  }
});
