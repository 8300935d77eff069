import type { SseChat } from '../sse-chat.js';
import { math } from './math.js';

/**
 * The entry of `dist/sse-chat.math.js`, for pages that load `<sse-chat>` with a script tag: it carries KaTeX and
 * DOMPurify itself and adds maths to the `sse-chat` element of the bundle, whenever that is defined (load it after
 * the bundle, or before: both work).
 *
 * ```html
 * <script type="module" src="https://unpkg.com/sse-chat/dist/sse-chat.bundle.js"></script>
 * <script type="module" src="https://unpkg.com/sse-chat/dist/sse-chat.math.js"></script>
 * ```
 */
void customElements.whenDefined('sse-chat').then(chat => (chat as typeof SseChat).use(math));
