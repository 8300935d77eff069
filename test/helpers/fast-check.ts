// fast-check with one fixed seed, so a property test runs the same cases on every machine and CI stays
// deterministic. A failure still prints its seed and path; to explore other cases, change PROPERTY_SEED locally.
//
// `npm test` runs each property's modest base number of cases ({@link runs}); `npm run test:heavy` (SSE_CHAT_HEAVY=1,
// which web-test-runner.config.mjs passes to the page) runs HEAVY_FACTOR times as many, for a deeper search.
import fc from 'fast-check';

/** The seed every property test in the browser suite starts from. */
export const PROPERTY_SEED = 20261122;

/** Whether this is the heavy run (`npm run test:heavy`). */
export const HEAVY = (globalThis as { SSE_CHAT_HEAVY?: boolean }).SSE_CHAT_HEAVY === true;

/** How many times the base number of cases the heavy run tries. */
export const HEAVY_FACTOR = 10;

/**
 * The number of cases for a property: `base` in `npm test`; in `npm run test:heavy`, `heavy` when given (for the
 * costly properties whose `npm test` count is kept small, so the heavy run stays as deep as before), else
 * HEAVY_FACTOR × `base`.
 */
export function runs(base: number, { heavy }: { heavy?: number } = {}): number {
  return HEAVY ? (heavy ?? base * HEAVY_FACTOR) : base;
}

fc.configureGlobal({ seed: PROPERTY_SEED });

export default fc;
