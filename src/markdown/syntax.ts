/**
 * The parts of markdown syntax that the line scans (the repair, the shape guard, the open-block fast paths) all
 * look for, each defined once as a plain string of regular-expression source: the patterns are built by joining
 * them. Each part is one group or class (never a bare alternation), so it can be joined anywhere.
 */

/** A bullet list item's marker: `-`, `+` or `*` (CommonMark 5.2). */
export const BULLET = '[*+-]';
/** An ordered list item's marker: 1 to 9 digits, then `.` or `)` (CommonMark 5.2: `1.`, `12)`). */
export const ORDINAL = '\\d{1,9}[.)]';
/** A list item's marker, bullet or ordered. */
export const LIST_MARKER = '(?:' + BULLET + '|' + ORDINAL + ')';
/** A code fence of backticks: three or more (CommonMark 4.5); its info string may hold no backtick. */
export const BACKTICK_FENCE = '`{3,}';
/** A code fence of tildes: three or more (CommonMark 4.5); its info string may hold anything. */
export const TILDE_FENCE = '~{3,}';
/** A code fence's marker, either kind; only a run of the same character, at least as long, closes it. */
export const FENCE_MARKER = '(?:' + BACKTICK_FENCE + '|' + TILDE_FENCE + ')';
/** Indentation and block quote markers (`>`, CommonMark 5.1) at a line start, any number of them. */
export const LINE_INDENT = '[ \\t>]*';
