import type { ChatMessage } from '../state/message.js';

/**
 * What the chat's templates call when the reader acts. The element makes one such object for its lifetime, so
 * every render hands Lit the same functions (it never rebinds them) and allocates nothing for them.
 */
export interface ChatListeners {
  /** Escape anywhere in the chat: stops a streaming answer, else closes the launcher's panel. */
  panelKeydown(event: KeyboardEvent): void;
  launcherClick(): void;
  closeClick(): void;
  jumpClick(): void;
  clearClick(): void;
  input(event: InputEvent): void;
  submit(event: SubmitEvent): void;
  /** Enter sends, Shift+Enter is a new line. */
  composerKeydown(event: KeyboardEvent): void;
  stopClick(): void;
  retryClick(): void;
  copyClick(message: ChatMessage): void;
  /** Clicks inside an answer's markdown: its citations and code Copy buttons. */
  contentClick(event: MouseEvent): void;
  stepsToggle(event: Event): void;
}
