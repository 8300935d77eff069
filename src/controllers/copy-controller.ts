import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { copyText } from './clipboard.js';

/**
 * Copy buttons and their short-lived feedback: what was copied last shows as "Copied" for a moment, and a
 * polite announcement says so (or that copying failed). One piece of feedback at a time: a new copy ends the
 * previous one. Its only timer is cleared when the host disconnects.
 */
export class CopyController implements ReactiveController {
  /** What was copied last (an answer's id, a code block's button) while its "Copied" state lasts. */
  copied: unknown = undefined;
  /** Text for a polite live region: set after each copy, emptied when the feedback ends so the next repeats. */
  announcement = '';

  #timer: ReturnType<typeof setTimeout> | undefined;
  #endFeedback: (() => void) | undefined;
  readonly #host: ReactiveControllerHost;
  readonly #duration: number;

  /**
   * @param host the element to update when the feedback changes.
   * @param duration ms the "Copied" state lasts: long enough to read, short enough to copy again.
   */
  constructor(host: ReactiveControllerHost, duration = 2000) {
    this.#host = host;
    this.#duration = duration;
    host.addController(this);
  }

  /**
   * Copies `text` and shows the outcome.
   * @param text what to copy.
   * @param key what the "Copied" state belongs to (`copied` equals it while the state lasts).
   * @param messages the announcements for success and failure.
   * @param onEnd called when this copy's feedback ends (by time, by a newer copy, or on disconnect).
   * @returns whether the text reached the clipboard.
   */
  async copy(text: string, key: unknown, messages: { copied: string; failed: string }, onEnd?: () => void): Promise<boolean> {
    const copied = await copyText(text);
    this.#finish();
    this.copied = copied ? key : undefined;
    this.announcement = copied ? messages.copied : messages.failed;
    this.#endFeedback = onEnd;
    this.#timer = setTimeout(() => {
      this.#finish();
      this.#host.requestUpdate();
    }, this.#duration);
    this.#host.requestUpdate();
    return copied;
  }

  hostDisconnected(): void {
    this.#finish();
  }

  #finish() {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.copied = undefined;
    this.announcement = '';
    const end = this.#endFeedback;
    this.#endFeedback = undefined;
    end?.();
  }
}
