// Where the system Chromium is: CHROME_PATH wins, then the usual Debian/Ubuntu names. Used by the test runner,
// the end-to-end scripts and the benchmark, because browser downloads are not possible on our machines.
import { existsSync } from 'node:fs';

const candidates = [
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
].filter(Boolean);

export function chromePath() {
  const found = candidates.find(path => existsSync(path));
  if (!found) {
    throw new Error(
      'No Chromium found. Install it (Debian/Ubuntu: `apt-get install -y chromium`) or set CHROME_PATH to a Chrome/Chromium binary.',
    );
  }
  return found;
}

/** Flags Chromium needs as root in a sandboxed container with no outside network. */
export const chromeArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
