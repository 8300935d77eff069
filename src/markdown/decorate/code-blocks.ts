import { highlightedContent, type Highlighter } from './highlighter.js';
import { partElement } from './part-element.js';

/**
 * Code blocks in a rendered answer get a small header above them: the fence's language and, once the block is
 * finished, a Copy button. The header is a sibling before the `<pre>` (not a wrapper), so a block still
 * streaming keeps the typing cursor inside its code, and the same structure patches cleanly frame to frame.
 */

/** How code blocks are decorated. */
export interface CodeBlockOptions {
  /** The block can no longer change: add the Copy button and highlight it. False for the streaming tail. */
  finished: boolean;
  /** The Copy button's text. */
  copyLabel: string;
  /** Colours finished blocks; none by default (see `sse-chat/highlight`). */
  highlighter?: Highlighter | undefined;
}

const LANGUAGE_CLASS = /(?:^|\s)language-(\S+)/;

/** The language tag of a `<code class="language-…">` (already restricted by the sanitizer), or `''`. */
function codeLanguage(code: Element): string {
  return LANGUAGE_CLASS.exec(code.className)?.[1] ?? '';
}

/**
 * Adds a header before every `<pre><code>` in `root` and makes the block keyboard-scrollable; for finished
 * blocks also a Copy button (`part="code-copy-button"`, handled by the element through event delegation) and
 * syntax highlighting. A highlighter that throws or changes the text leaves the block plain.
 * @param root freshly rendered (sanitized) markdown, not yet in the document.
 * @param options whether the blocks are finished, the button's label, the highlighter.
 */
export function decorateCodeBlocks(root: ParentNode, options: CodeBlockOptions): void {
  for (const pre of root.querySelectorAll('pre')) {
    const code = pre.firstElementChild;
    if (code?.nodeName !== 'CODE') continue;
    const language = codeLanguage(code);
    const header = partElement('div', 'code-header');
    if (language) {
      const label = partElement('span', 'code-language');
      label.textContent = language;
      header.append(label);
    }
    if (options.finished) {
      const button = partElement('button', 'action-button code-copy', 'code-copy-button');
      button.type = 'button';
      button.textContent = options.copyLabel;
      header.append(button);
      if (options.highlighter) highlightCode(code, language, options.highlighter);
    }
    pre.before(header);
    // Long lines scroll sideways; a keyboard user must be able to scroll too.
    pre.setAttribute('tabindex', '0');
  }
}

function highlightCode(code: Element, language: string, highlighter: Highlighter): void {
  const text = code.textContent ?? '';
  try {
    const content = highlightedContent(highlighter(text, language), text);
    if (content) code.replaceChildren(content);
  } catch {
    // A highlighter's bug costs the colours, never the answer.
  }
}

/** The text a block's Copy button copies: the code of the `<pre>` that follows its header. */
export function codeOfCopyButton(button: Element): string | undefined {
  const pre = button.closest('.code-header')?.nextElementSibling;
  // marked ends every block with a newline; a pasted snippet should not.
  return pre?.nodeName === 'PRE' ? (pre.textContent ?? '').replace(/\n$/, '') : undefined;
}

/**
 * Tables scroll sideways (see the styles) instead of widening the chat; like code blocks they are made
 * focusable so a keyboard user can scroll them.
 * @param root freshly rendered (sanitized) markdown.
 */
export function makeTablesScrollable(root: ParentNode): void {
  for (const table of root.querySelectorAll('table')) table.setAttribute('tabindex', '0');
}
