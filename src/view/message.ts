import { html, nothing } from 'lit';
import type { DirectiveResult } from 'lit/directive.js';
import { MessageStatus, type ChatMessage } from '../state/message.js';
import { localizeText } from './strings.js';
import { attachmentChips } from './attachments.js';
import { errorPanel, retryButton } from './error.js';
import { retryIcon, stepIcons, thumbDownIcon, thumbUpIcon } from './icons.js';
import type { ChatHandlers, ViewContext } from './context.js';
import { DisplayLimit, displayText } from './display-text.js';
import { sourcesList } from './sources.js';
import type { stepsPanel } from './steps.js';

/**
 * One of the user's messages: their text in a bubble, as plain text, with Edit; or, while the reader edits it, a
 * form (Enter or Send resends, Escape or Cancel leaves it as it was). Edit is always in the DOM and the styles hide
 * it while an answer streams (the host's `status`): starting or ending a turn must not touch every earlier
 * question, which in a long conversation is work per turn and changes the height of messages out of view.
 */
export function userMessage(view: ViewContext, message: ChatMessage, editing: boolean) {
  const { strings, host } = view;
  // No whitespace between the message's boxes (flex items, where it shows nothing): a long conversation keeps
  // fewer nodes per turn. (Labels bound as `.textContent` would save their comment markers too, for 7 bytes gzip.)
  return html`<div part="message message-user" class="message" data-role="user" data-status=${message.status}
    ><span class="visually-hidden">${strings.userLabel}</span
    >${editing
      ? html`<form part="edit-form" class="bubble edit-form" @submit=${host.handleEditSubmit} @keydown=${host.handleEditKeydown}><textarea part="edit-input" class="input" aria-label=${strings.editLabel} .value=${message.text}></textarea><div class="actions"><button part="edit-cancel-button" class="action-button" type="button" @click=${host.handleEditCancel}>${strings.editCancel}</button><button part="edit-send-button" class="action-button" type="submit">${strings.editSend}</button></div></form>`
      : html`${message.attachments?.length ? attachmentChips(view, message.attachments) : nothing}${message.text ? html`<div part="bubble" class="bubble">${message.text}</div>` : nothing}<button part="edit-button" class="action-button edit" type="button" value=${message.id} aria-label=${`${strings.editMessage}: ${message.text.slice(0, 40)}`}>${strings.editMessage}</button>`}</div>`;
}

/**
 * A click anywhere in the message list: every turn's buttons (Edit, Copy, thumbs, Regenerate, Retry, suggestions,
 * Clear) and its markdown's links and code Copy buttons share this one listener, as a long conversation would
 * otherwise keep hundreds. The button's `part`, its public name, says what it does; its `value` which message.
 */
export function clickInMessages(event: MouseEvent, host: ChatHandlers) {
  const button = (event.target as Element).closest?.<HTMLButtonElement>('button[part]');
  switch (button?.getAttribute('part')) {
    case 'edit-button':
      return host.handleEditClick(button!);
    case 'copy-button':
      return host.handleCopyClick(button!);
    case 'feedback-button':
      return host.handleFeedbackClick(button!);
    case 'suggestion':
      return host.handleSuggestionClick(button!);
    case 'regenerate-button':
    case 'retry-button':
      return host.handleRetryClick();
    case 'clear-button':
      return host.handleClearClick();
    default:
      host.handleContentClick(event);
  }
}

/** What one answer shows besides its message: rendered by the element, which owns their state. */
export interface AnswerParts {
  /** The last answer gets Retry or Regenerate. */
  readonly isLast: boolean;
  /** Its Copy button shows "Copied". */
  readonly copied: boolean;
  /** Thumbs up and down are offered (the `feedback` attribute). */
  readonly feedback: boolean;
  readonly steps: ReturnType<typeof stepsPanel>;
  /** Renders the markdown into the content part. */
  readonly markdown: DirectiveResult;
}

/**
 * Past this many characters (about 5,000 tokens) a finished answer keeps `content-visibility` on each block (the
 * styles' `data-long`): laying all of it out at once, when it ends or comes back into view, would be a long frame.
 * A shorter one lays out whole, so a long conversation does not leave thousands of blocks to the browser's
 * visibility tracking, which runs on every scrolled frame.
 */
export const LONG_ANSWER_CHARS = 20_000;

/** An answer: its steps, its markdown, notices, sources and what ended it. */
export function answerMessage(view: ViewContext, message: ChatMessage, parts: AnswerParts) {
  const { strings } = view;
  const { isLast, steps, markdown } = parts;
  return html`<div part="message message-assistant" class="message" data-role="assistant" data-status=${message.status} ?data-long=${message.text.length > LONG_ANSWER_CHARS}
    ><span class="visually-hidden">${strings.assistantLabel}</span
    >${steps}<div part="content" class="content" ${markdown}></div
    >${message.notices.slice(-DisplayLimit.items).map(notice => html`<p part="notice" class="notice" data-kind=${notice.kind ?? ''}>${displayText(localizeText(notice.message, strings), DisplayLimit.body)}</p>`)
    }${sourcesList(view, message)
    }${message.status === MessageStatus.Stopped ? stoppedMarker(view, isLast) : nothing
    }${message.error ? errorPanel(view, message.error, isLast) : nothing
    }${answerActions(view, message, parts)
    }${isLast && message.status === MessageStatus.Done && message.suggestions?.length ? suggestionChips(view, message.suggestions) : nothing}</div>`;
}

function stoppedMarker(view: ViewContext, isLast: boolean) {
  return html`<p part="stopped" class="stopped">
    ${view.strings.stopped} ${isLast ? retryButton(view) : nothing}
  </p>`;
}

/**
 * Under a finished or stopped answer: Copy (its markdown source), thumbs up and down on a finished one (`feedback`),
 * and, on the last finished answer, Regenerate. A failed or stopped answer already offers Retry, so no Regenerate.
 */
function answerActions({ strings }: ViewContext, message: ChatMessage, { isLast, copied, feedback }: AnswerParts) {
  const done = message.status === MessageStatus.Done;
  // Status first: the answer's text is read (and, mid-stream, flattened) only once it has ended.
  const canCopy = (done || message.status === MessageStatus.Stopped) && message.text.trim() !== '';
  const canRegenerate = isLast && done;
  const canRate = feedback && canCopy && done;
  if (!canCopy && !canRegenerate) return nothing;
  // A thumb's `value` is the answer's id; `name` says which thumb it is.
  const thumb = (value: 'up' | 'down') =>
    html`<button part="feedback-button" class="action-button" type="button" name=${value} value=${message.id} aria-pressed=${message.feedback === value ? 'true' : 'false'} aria-label=${value === 'up' ? strings.feedbackUp : strings.feedbackDown}>${value === 'up' ? thumbUpIcon : thumbDownIcon}</button>`;
  // Compact templates: Lit keeps template whitespace in the bundle.
  return html`<div part="actions" class="actions" role="group" aria-label=${strings.answerActions}>${canCopy
    ? html`<button part="copy-button" class="action-button" type="button" value=${message.id} data-copied=${copied ? '' : nothing}>${copied ? html`${stepIcons.done}${strings.copied}` : strings.copy}</button>`
    : nothing}${canRate ? [thumb('up'), thumb('down')] : nothing}${canRegenerate
    ? html`<button part="regenerate-button" class="action-button" type="button">${retryIcon}${strings.regenerate}</button>`
    : nothing}</div>`;
}

/** The server's follow-up questions under the last finished answer: each chip sends its text (untrusted, as text). */
function suggestionChips({ strings }: ViewContext, suggestions: readonly string[]) {
  return html`<div part="suggestions" class="actions suggestions" role="group" aria-label=${strings.suggestionsLabel}>${suggestions.map(
    text => html`<button part="suggestion" class="action-button suggestion" type="button">${text}</button>`,
  )}</div>`;
}
