import type { CSSResultOrNative } from 'lit';

/**
 * The contract between `<sse-chat>` and a syntax highlighter. The element never parses HTML from a highlighter:
 * a highlighter returns DOM it built itself, or plain tokens that the element turns into `<span class="tok-…">`
 * with `textContent`, so a highlighter cannot open a path for the (untrusted) code to become markup.
 */

/** One run of code text and what kind of token it is (`keyword`, `string`, `comment`…), or plain text. */
export interface HighlightToken {
  text: string;
  /** Becomes the class `tok-<type>`; letters, digits, `_` and `-` only, else the token stays plain. */
  type?: string;
}

/**
 * What a highlighter may return for one code block: tokens (preferred: nothing to trust), a Node built with DOM
 * APIs (the page vouches for it), or `null`/`undefined` to leave the block as plain text.
 */
export type HighlightResult = readonly HighlightToken[] | Node | null | undefined;

/**
 * Highlights one finished code block. Called once per block, after it can no longer change.
 * @param code the block's text (untrusted).
 * @param language the fence's language tag (`ts`, `python`…), or `''` when there is none.
 */
export interface Highlighter {
  (code: string, language: string): HighlightResult;
  /**
   * Styles for the highlighter's tokens (`.tok-keyword`…), adopted into the chat's shadow root while the
   * highlighter is set, so the element itself carries no token styles.
   */
  styles?: CSSResultOrNative;
}

const TOKEN_TYPE = /^[\w-]{1,32}$/;

/**
 * Turns a highlighter's result into DOM for a `<code>` element: tokens become spans (adjacent plain runs stay
 * text), a Node is used as is. Returns null when there is nothing to apply or the text would change, so a
 * highlighter can only colour the code, never alter what the reader copies.
 * @param result what the highlighter returned.
 * @param code the original code text, to check the result against.
 */
export function highlightedContent(result: HighlightResult, code: string): Node | null {
  if (result == null) return null;
  if (result instanceof Node) return result.textContent === code ? result : null;
  if (!Array.isArray(result)) return null;
  const fragment = document.createDocumentFragment();
  for (const token of result as readonly HighlightToken[]) {
    const text = token?.text;
    if (typeof text !== 'string' || text === '') continue;
    if (token.type && TOKEN_TYPE.test(token.type)) {
      const span = document.createElement('span');
      span.className = `tok-${token.type}`;
      span.textContent = text;
      fragment.append(span);
    } else {
      fragment.append(text);
    }
  }
  if (fragment.textContent !== code) return null;
  return fragment;
}
