// Small pure helpers for the benchmark report: number formatting, tables for the terminal and for markdown,
// and the two bits of arithmetic the figures need (a log-log slope and linear interpolation).

/**
 * A number with `digits` decimals and thousands separators; 'n/a' for a missing or non-finite value.
 * @param {number | undefined} value
 * @param {number} digits
 */
export function fixed(value, digits) {
  if (value === undefined || value === null || !Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * A plain-text table with aligned columns.
 * @param {string[]} head
 * @param {string[][]} rows
 */
export function formatTable(head, rows) {
  const widths = head.map((cell, i) => Math.max(cell.length, ...rows.map(row => String(row[i] ?? '').length)));
  const line = cells => cells.map((cell, i) => String(cell ?? '').padEnd(widths[i])).join('  ').trimEnd();
  return [line(head), widths.map(width => '─'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * A GitHub-flavoured markdown table.
 * @param {string[]} head
 * @param {string[][]} rows
 */
export function formatMarkdownTable(head, rows) {
  const escape = cell => String(cell ?? '').replaceAll('|', '\\|').replaceAll('*', '\\*').replaceAll('<', '&lt;');
  const line = cells => `| ${cells.map(escape).join(' | ')} |`;
  return [line(head), `|${head.map(() => ' --- |').join('')}`, ...rows.map(line)].join('\n');
}

/**
 * Least-squares slope of log(y) against log(x): the growth exponent (1 = linear, 2 = quadratic).
 * @param {Array<[number, number]>} points [x, y] pairs with positive values
 */
export function logLogSlope(points) {
  const xs = points.map(([x]) => Math.log(x));
  const ys = points.map(([, y]) => Math.log(y));
  const mean = values => values.reduce((sum, value) => sum + value, 0) / values.length;
  const mx = mean(xs);
  const my = mean(ys);
  let numerator = 0;
  let denominator = 0;
  for (let i = 0; i < xs.length; i++) {
    numerator += (xs[i] - mx) * (ys[i] - my);
    denominator += (xs[i] - mx) ** 2;
  }
  return numerator / denominator;
}

/**
 * Linear interpolation over points sorted by `at` (clamped to the first and last value outside them).
 * @param {Array<{ at: number, ms: number }>} points
 * @param {number} x
 */
export function interpolate(points, x) {
  if (x <= points[0].at) return points[0].ms;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (x <= b.at) return b.at === a.at ? b.ms : a.ms + ((b.ms - a.ms) * (x - a.at)) / (b.at - a.at);
  }
  return points[points.length - 1].ms;
}
