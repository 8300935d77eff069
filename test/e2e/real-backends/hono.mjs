import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { streamSSE } from 'hono/streaming';
import { serve } from '@hono/node-server';

/**
 * A backend built with the real `hono` (`streamSSE`, served by `@hono/node-server`), written from docs/protocol.md:
 * - `POST /chat`    the canonical form: a step, text deltas, sources, `done`
 * - `POST /tokens`  a house form: `event: token` with plain-text data, then `event: done` (data `{}`)
 * - `POST /error`   text, then the handler throws: Hono's error path writes `event: error` with plain-text data
 * - `POST /slow`    many slow deltas, for Stop: the log records when the client went away
 */
export async function startHonoServer() {
  const log = [];
  const app = new Hono();
  app.use('*', cors());
  const pause = ms => new Promise(resolve => setTimeout(resolve, ms));
  const json = value => JSON.stringify(value);

  app.post('/chat', c =>
    streamSSE(c, async stream => {
      log.push({ route: '/chat', event: 'request' });
      await stream.writeSSE({ event: 'step', data: json({ id: 'search', label: 'Searching the docs', status: 'active' }) });
      await stream.writeSSE({ event: 'step', data: json({ id: 'search', status: 'done' }) });
      for (const delta of ['Hono ', 'streams ', '*well*.']) await stream.writeSSE({ event: 'text-delta', data: json({ delta }) });
      await stream.writeSSE({ event: 'sources', data: json({ sources: [{ title: 'Hono docs', url: 'https://hono.dev/docs' }] }) });
      await stream.writeSSE({ event: 'done', data: json({}) });
    }),
  );

  app.post('/tokens', c =>
    streamSSE(c, async stream => {
      for (const token of ['Hel', 'lo ', 'there']) await stream.writeSSE({ event: 'token', data: token });
      await stream.writeSSE({ event: 'done', data: json({}) });
    }),
  );

  app.post('/error', c =>
    streamSSE(
      c,
      async stream => {
        await stream.writeSSE({ event: 'text-delta', data: json({ delta: 'Partial ' }) });
        throw new Error('The upstream model is unavailable.');
      },
      async () => {
        log.push({ route: '/error', event: 'server-error' });
      },
    ),
  );

  app.post('/slow', c =>
    streamSSE(c, async stream => {
      stream.onAbort(() => log.push({ route: '/slow', event: 'client-closed' }));
      for (let i = 0; i < 2000 && !stream.aborted; i++) {
        await stream.writeSSE({ event: 'text-delta', data: json({ delta: `word${i} ` }) });
        await pause(20);
      }
    }),
  );

  const server = await new Promise(resolve => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () => new Promise(resolve => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}
