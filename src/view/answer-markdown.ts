import { streamingMarkdown, type StreamingMarkdownDirectiveOptions } from '../markdown/directive.js';
import type { ChatMessage } from '../state/message.js';

/**
 * A new value whenever an answer's markdown asks to be rendered again (see answerMarkdown): an input of the
 * message's guard, so the host's next update reaches the directive.
 */
export const catchUps = new WeakMap<ChatMessage, object>();

/**
 * An answer's markdown, rendered into the content part. A long answer arriving at once is shown over frames: its
 * directive asks to be rendered again, and `scheduler.renderNextFrame()` schedules the host's next update (which
 * must read `catchUps` in the message's guard).
 */
export function answerMarkdown(
  message: ChatMessage,
  options: Omit<StreamingMarkdownDirectiveOptions, 'continueNextFrame'>,
  scheduler: { renderNextFrame(): void },
) {
  const continueNextFrame = () => {
    catchUps.set(message, {});
    scheduler.renderNextFrame();
  };
  return streamingMarkdown(message.text, { ...options, continueNextFrame });
}
