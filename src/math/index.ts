import { SseChat } from '../sse-chat.js';
import { math } from './math.js';

/**
 * `sse-chat/math`: maths in `<sse-chat>` answers (`$…$`, `\(…\)`, `$$…$$`, `\[…\]`), rendered by KaTeX as MathML.
 * Importing it is all it takes; every chat on the page renders formulas from then on, answers already shown
 * included:
 *
 * ```js
 * import 'sse-chat/math';
 * ```
 *
 * Not part of the element or its script-tag bundle (KaTeX is ~75 kB gzip): `katex` is an optional peer dependency,
 * installed by the pages that import this module. Script-tag pages load `sse-chat.math.js` after the bundle instead.
 * Formulas are `part="math"` (inline) and `part="math-display"`; a formula KaTeX cannot read shows its source in
 * `part="math-error"`, in the chat's `--sse-chat-danger` colour.
 */

SseChat.use(math);

export { math, MAX_FORMULA_LENGTH } from './math.js';
