// The five seed backends' wire formats (shared/seeds/). Filled in by the seed-dialect work.
/** @type {import('./types.mjs').DemoRoute[]} */
export const seedRoutes = [];
