/** The script-tag bundle as `npm run build` writes it. */
export const BUNDLE = '/dist/sse-chat.bundle.js';

/**
 * Loads the built bundle (it defines <sse-chat>). `npm test` builds beside the browser tests and the build empties
 * dist/ first, so this waits for the file, bounded; call it from a `before` hook with a timeout above 200 s.
 */
export async function loadBuiltBundle(): Promise<void> {
  const deadline = performance.now() + 200_000;
  while (!(await fetch(BUNDLE, { method: 'HEAD', cache: 'no-store' })).ok) {
    if (performance.now() > deadline) throw new Error(`${BUNDLE} is missing: run \`npm run build\` first`);
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  await import(/* @vite-ignore */ BUNDLE);
}
