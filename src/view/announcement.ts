import { MessageStatus, type ChatMessage } from '../state/message.js';
import { localizeText } from './strings.js';
import type { ViewContext } from './context.js';

/**
 * Least time (ms) between two step announcements: a docs answer can run through several steps a second, and a
 * screen reader that reads each would still be reading "Searching" when the answer is done.
 */
export const STEP_ANNOUNCEMENT_GAP_MS = 2000;

/**
 * What the polite live region says, sparingly: the running step as it changes (at most one every
 * {@link STEP_ANNOUNCEMENT_GAP_MS}), then a short "answer complete" or "stopped". Never the answer itself: the log
 * is there to read, and a live region reading 1,200 characters with its `[1]` markers helps no one. Errors
 * announce themselves (`role="alert"`). One per element: it remembers what it said and when.
 */
export class Announcer {
  #text = '';
  #at = -Infinity;
  /** The answer the text is about: a new answer starts from silence. */
  #answerId = '';

  /** The region's text for this render, in the page's words, timed by the render's clock. */
  next(last: ChatMessage | undefined, { strings, now }: Pick<ViewContext, 'strings' | 'now'>): string {
    if (last?.role !== 'assistant') return (this.#text = '');
    if (last.id !== this.#answerId) {
      this.#answerId = last.id;
      this.#text = '';
      this.#at = -Infinity;
    }
    if (last.status === MessageStatus.Done) return (this.#text = strings.answerFinished);
    if (last.status === MessageStatus.Stopped) return (this.#text = strings.answerStopped);
    if (last.status !== MessageStatus.Streaming) return (this.#text = '');
    const step = last.steps.filter(candidate => candidate.status === 'active').pop();
    // As the steps panel shows it: a dialect's "Thinking" in the page's wording.
    const label = step && localizeText(step.label, strings);
    // A finished step's label is not news; while waiting for the gap, the last announcement stays.
    if (label && label !== this.#text && now - this.#at >= STEP_ANNOUNCEMENT_GAP_MS) {
      this.#text = label;
      this.#at = now;
    }
    return this.#text;
  }
}
