import { linkCitations } from '../markdown/decorate/citations.js';
import { codeOfCopyButton, decorateCodeBlocks, makeTablesScrollable } from '../markdown/decorate/code-blocks.js';
import type { Highlighter } from '../markdown/decorate/highlighter.js';
import type { MarkdownDecorator } from '../markdown/streaming-markdown.js';
import type { ChatMessage } from '../state/message.js';
import { formatString, type SseChatStrings } from './strings.js';
import { sourceId, sourceTitle } from './sources.js';

/**
 * The decorators of the answers' markdown: citation links for their sources, code block headers, scrollable
 * tables. One per answer, kept while its sources, the strings and the highlighter stay the same; a new one
 * re-renders the answer from scratch (once per `sources` event, which is rare), so markers arriving before their
 * sources link too.
 */
export class AnswerDecorators {
  readonly #byMessage = new Map<
    string,
    { sources: ChatMessage['sources']; lengths: string; strings: SseChatStrings; highlighter: Highlighter | undefined; decorate: MarkdownDecorator }
  >();

  readonly #locale: () => string | undefined;
  readonly #messages: () => readonly ChatMessage[];

  /**
   * @param locale the page's language when a citation is linked (its label names the source).
   * @param messages the conversation now: answers no longer in it (retried, edited away) are forgotten.
   */
  constructor(locale: () => string | undefined, messages: () => readonly ChatMessage[]) {
    this.#locale = locale;
    this.#messages = messages;
  }

  for(message: ChatMessage, strings: SseChatStrings, highlighter: Highlighter | undefined): MarkdownDecorator {
    const { id, sources, citations: cards } = message;
    // The lists grow in place (see ChatMessage.revision), and only by appending: their lengths tell a change.
    const lengths = `${sources.length} ${cards?.length}`;
    const cached = this.#byMessage.get(id);
    if (cached && cached.sources === sources && cached.lengths === lengths && cached.strings === strings && cached.highlighter === highlighter) return cached.decorate;
    const count = sources.length;
    // Persisted messages are untrusted too: a card number is used only when it names a card.
    const isCard = (n: number | undefined) => (Number.isInteger(n) && n! >= 1 && n! <= count ? n : undefined);
    const citations = {
      count,
      card: (n: number) => isCard(cards ? cards[n - 1] : n),
      href: (n: number) => `#${sourceId(id, n)}`,
      label: (n: number) => formatString(strings.citationLabel, { number: n, title: sourceTitle({ strings, locale: this.#locale() }, sources[n - 1]!, n - 1) }),
    };
    const decorate: MarkdownDecorator = (fragment, finished) => {
      linkCitations(fragment, citations);
      decorateCodeBlocks(fragment, { finished, copyLabel: strings.copyCode, highlighter });
      makeTablesScrollable(fragment);
    };
    this.#forgetReplaced();
    this.#byMessage.set(id, { sources, lengths, strings, highlighter, decorate });
    return decorate;
  }

  clear() {
    this.#byMessage.clear();
  }

  /** Drops the decorators (and the sources they hold) of answers that left the conversation; runs only on a new decorator. */
  #forgetReplaced() {
    const messages = this.#messages();
    if (this.#byMessage.size < messages.length) return;
    const live = new Set(messages.map(message => message.id));
    for (const id of this.#byMessage.keys()) if (!live.has(id)) this.#byMessage.delete(id);
  }

  /** How many answers have a decorator (for tests). */
  get size() {
    return this.#byMessage.size;
  }
}

/** Copies text and announces the outcome; `onEnd` runs when the "Copied" state should go (the element's copier). */
export type CopyText = (text: string, key: unknown, messages: { copied: string; failed: string }, onEnd?: () => void) => Promise<boolean>;

/** What a click in an answer acts on: the shadow root holding the source cards, the element's copier, its strings. */
export interface AnswerClick {
  root: ShadowRoot;
  copy: CopyText;
  strings: SseChatStrings;
}

/**
 * A click inside an answer's markdown: a citation shows its source card, a code block's Copy button copies the
 * block. Both live in the markdown's DOM, so one listener per answer catches them.
 */
export function clickInAnswer(event: MouseEvent, { root, copy, strings }: AnswerClick) {
  const target = event.target as Element;
  const citation = target.closest?.('a.citation');
  if (citation) {
    // The target is in the shadow root: the page's URL must not change, and there is nothing to open in a tab.
    event.preventDefault();
    showSource(root, citation.getAttribute('href')!.slice(1));
    return;
  }
  const button = target.closest?.<HTMLButtonElement>('button.code-copy');
  if (button) void copyCode(button, copy, strings);
}

/** Scrolls a source card into view, moves focus to it (as following a link does) and highlights it briefly. */
function showSource(root: ShadowRoot, id: string) {
  const card = root.getElementById(id);
  if (!card) return;
  const reduceMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
  card.scrollIntoView({ block: 'nearest', behavior: reduceMotion ? 'auto' : 'smooth' });
  card.focus({ preventScroll: true });
  // A glow that fades (a colour change, so it stays under reduced motion); Web Animations need no style attribute.
  card.animate({ boxShadow: ['0 0 0 3px var(--_accent)', 'none'] }, { duration: 1600, easing: 'ease-in' });
}

async function copyCode(button: HTMLButtonElement, copy: CopyText, strings: SseChatStrings) {
  const code = codeOfCopyButton(button);
  if (code === undefined) return;
  const label = button.textContent;
  // Finished code blocks are never re-rendered, so the button's own text can carry the "Copied" state.
  const restore = () => {
    button.textContent = label;
    button.removeAttribute('data-copied');
  };
  if (await copy(code, button, { copied: strings.copied, failed: strings.copyFailed }, restore)) {
    button.textContent = strings.copied;
    button.setAttribute('data-copied', '');
  }
}
