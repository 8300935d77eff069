// The vendor LLM APIs' wire formats. Filled in by the vendor-dialect work.
/** @type {import('./types.mjs').DemoRoute[]} */
export const vendorRoutes = [];
