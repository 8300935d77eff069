import type { SseChatStrings } from './strings.js';

/**
 * What the reader's acts call: the element's own `handle…` methods. Templates bind them as they are; Lit calls
 * an event listener with the element as `this` (its render `host`), so nothing is bound or allocated per render.
 * The messages' buttons have no listener of their own: `handleMessagesClick`, on the list, passes each click on.
 */
export interface ChatHandlers {
  /** Escape anywhere in the chat: stops a streaming answer, else closes the launcher's panel. */
  handlePanelKeydown(event: KeyboardEvent): void;
  /** The launcher, and the panel's close button: toggles the panel. */
  handleLauncherClick(): void;
  handleJumpClick(): void;
  handleClearClick(): void;
  handleInput(event: InputEvent): void;
  handleSubmit(event: SubmitEvent): void;
  /** Enter sends, Shift+Enter is a new line. */
  handleComposerKeydown(event: KeyboardEvent): void;
  handleStopClick(): void;
  /** The attach button; the file picker's choice, a paste, a drag and a drop of files (`attachments`); a chip's remove button (its `value` the file's position). */
  handleAttachClick(): void;
  handleFiles(event: Event): void;
  handleAttachmentRemove(event: MouseEvent): void;
  handleRetryClick(): void;
  /** A Copy button under an answer; its `value` is the answer's id. */
  handleCopyClick(button: HTMLButtonElement): void;
  /** A thumb under an answer: its `value` is the answer's id, its `name` `up` or `down`. */
  handleFeedbackClick(button: HTMLButtonElement): void;
  /** Edit under a question (its `value` is the message id); Enter/Send and Escape/Cancel in the edit form. */
  handleEditClick(button: HTMLButtonElement): void;
  handleEditSubmit(event: SubmitEvent): void;
  handleEditKeydown(event: KeyboardEvent): void;
  handleEditCancel(): void;
  /** A suggested follow-up chip: sends its text. */
  handleSuggestionClick(button: HTMLButtonElement): void;
  /** Clicks inside an answer's markdown: its citations and code Copy buttons. */
  handleContentClick(event: MouseEvent): void;
  /** Any click in the message list: `clickInMessages` tells which of the handlers above it is for. */
  handleMessagesClick(event: MouseEvent): void;
  handleStepsToggle(event: Event): void;
}

/** What text needs to be written in the page's words and language: the strings and the locale of one render. */
export interface TextContext {
  readonly strings: SseChatStrings;
  /** The closest `lang`, for numbers, durations and scores. */
  readonly locale: string | undefined;
}

/** What every template of one render reads: made once per render by the element. */
export interface ViewContext extends TextContext {
  /** The render's clock (epoch ms): what times the steps still running. */
  readonly now: number;
  /** The element, whose handlers the templates bind. */
  readonly host: ChatHandlers;
}
