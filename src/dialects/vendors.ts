import type { Dialect } from './dialect.js';

/** The vendor LLM dialects, in detection order (most specific first). */
export const vendorDialects: readonly Dialect[] = [];
