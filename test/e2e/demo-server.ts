import { executeServerCommand } from '@web/test-runner-commands';

/** What the demo server logged about one request (see demo/server.mjs `onLog`). */
export interface DemoLogEntry {
  event: 'request' | 'disconnect' | 'complete' | 'error' | 'reject';
  id: string;
  path: string;
  status?: number;
  detail?: unknown;
}

export interface DemoServer {
  url: string;
  /** Everything the server logged so far. */
  log(): Promise<DemoLogEntry[]>;
  /** Polls the log until `predicate` holds (or fails after `timeout` ms). */
  waitForLog(predicate: (entries: DemoLogEntry[]) => boolean, timeout?: number): Promise<DemoLogEntry[]>;
  /** Started with `holdDrops: true`: lets the next `drop-after` cut happen (see web-test-runner.config.mjs). */
  releaseDrop(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a real demo server (in the test runner's Node process) on a port chosen at run time. */
export async function startDemoServer(options: Record<string, unknown> = {}): Promise<DemoServer> {
  const { id, url } = (await executeServerCommand('demo-server', { action: 'start', options })) as { id: string; url: string };
  const log = async () => (await executeServerCommand('demo-server', { action: 'log', id })) as DemoLogEntry[];
  return {
    url: url.replace(/\/$/, ''),
    log,
    async waitForLog(predicate, timeout = 30_000) {
      const deadline = performance.now() + timeout;
      for (;;) {
        const entries = await log();
        if (predicate(entries)) return entries;
        if (performance.now() > deadline) throw new Error(`demo server log never matched: ${JSON.stringify(entries)}`);
        await new Promise(resolve => setTimeout(resolve, 50));
      }
    },
    async releaseDrop() {
      await executeServerCommand('demo-server', { action: 'releaseDrop', id });
    },
    async stop() {
      await executeServerCommand('demo-server', { action: 'stop', id });
    },
  };
}

/**
 * Demo servers started one per test, so each server's log holds nothing but that test's requests. Call `stopAll` in
 * `afterEach`.
 */
export function demoServerPool() {
  let servers: DemoServer[] = [];
  return {
    async serve(options: Record<string, unknown> = {}): Promise<DemoServer> {
      const server = await startDemoServer(options);
      servers.push(server);
      return server;
    },
    async stopAll(): Promise<void> {
      await Promise.all(servers.map(server => server.stop()));
      servers = [];
    },
  };
}
