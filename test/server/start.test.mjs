import { it } from 'node:test';
import assert from 'node:assert/strict';
import { startChild } from './helpers.mjs';

it('node demo/start.mjs prints its URL, logs requests, and exits cleanly on SIGTERM', async () => {
  const { child, url, exited, output } = await startChild();
  try {
    assert.deepEqual(await (await fetch(`${url}/health`)).json(), { status: 'ok' });
    child.kill('SIGTERM');
    assert.deepEqual(await exited, { code: 0, signal: null });
    assert.match(output(), /\/health 200/);
    assert.match(output(), /SIGTERM: closing/);
  } finally {
    child.kill('SIGKILL');
  }
});
