// Small pieces the real-backend test servers share (node:http servers on 127.0.0.1).

/**
 * Listens on 127.0.0.1 at a port chosen by the OS and returns the server's `url` and an async `close`.
 * `closeConnections` also drops open (e.g. still-streaming) connections on close, so close never waits for them.
 */
export async function listenOnFreePort(server, { closeConnections = false } = {}) {
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise(resolve => {
        if (closeConnections) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Allows any origin and header; answers a CORS preflight (OPTIONS) itself and returns true when it did. */
export function answerCors(request, response) {
  response.setHeader('access-control-allow-origin', '*');
  response.setHeader('access-control-allow-headers', '*');
  if (request.method !== 'OPTIONS') return false;
  response.end();
  return true;
}

/** The request's body parsed as JSON, or undefined when it is empty. */
export async function readJsonBody(request) {
  let raw = '';
  for await (const piece of request) raw += piece;
  return raw ? JSON.parse(raw) : undefined;
}
