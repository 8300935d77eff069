import { html, nothing } from 'lit';
import type { DirectiveResult } from 'lit/directive.js';
import { MessageStatus, type ChatMessage } from '../state/message.js';
import { localizeText } from '../strings.js';
import { attachmentChips } from './attachments.js';
import { errorPanel, retryButton } from './error.js';
import { retryIcon, stepIcons, thumbDownIcon, thumbUpIcon } from './icons.js';
import type { ViewContext } from './context.js';
import { DisplayLimit, displayText } from './display-text.js';
import { renderSources } from './sources.js';
import type { stepsPanel } from './steps.js';

/**
 * One of the user's messages: their text in a bubble, as plain text, with Edit while no answer streams; or, while
 * the reader edits it, a form (Enter or Send resends, Escape or Cancel leaves it as it was).
 */
export function userMessage(view: ViewContext, message: ChatMessage, canEdit: boolean, editing: boolean) {
  const { strings, host } = view;
  return html`<div part="message message-user" class="message" data-role="user" data-status=${message.status}>
    <span class="visually-hidden">${strings.userLabel}</span>
    ${editing
      ? html`<form part="edit-form" class="bubble edit-form" @submit=${host.handleEditSubmit} @keydown=${host.handleEditKeydown}><textarea part="edit-input" class="input" aria-label=${strings.editLabel} .value=${message.text}></textarea><div class="actions"><button part="edit-cancel-button" class="action-button" type="button" @click=${host.handleEditCancel}>${strings.editCancel}</button><button part="edit-send-button" class="action-button" type="submit">${strings.editSend}</button></div></form>`
      : html`${message.attachments?.length ? attachmentChips(view, message.attachments) : nothing}${message.text ? html`<div part="bubble" class="bubble">${message.text}</div>` : nothing}${canEdit
          ? html`<button part="edit-button" class="action-button" type="button" value=${message.id} aria-label=${`${strings.editMessage}: ${message.text.slice(0, 40)}`} @click=${host.handleEditClick}>${strings.editMessage}</button>`
          : nothing}`}
  </div>`;
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

/** An answer: its steps, its markdown, notices, sources and what ended it. */
export function answerMessage(view: ViewContext, message: ChatMessage, { isLast, copied, feedback, steps, markdown }: AnswerParts) {
  const { strings, locale, host } = view;
  return html`<div part="message message-assistant" class="message" data-role="assistant" data-status=${message.status}>
    <span class="visually-hidden">${strings.assistantLabel}</span>
    ${steps}
    <div part="content" class="content" @click=${host.handleContentClick} ${markdown}></div>
    ${message.notices.slice(-DisplayLimit.items).map(notice => html`<p part="notice" class="notice" data-kind=${notice.kind ?? ''}>${displayText(localizeText(notice.message, strings), DisplayLimit.body)}</p>`)}
    ${renderSources(message.sources, strings, locale, message.id)}
    ${message.status === MessageStatus.Stopped ? stoppedMarker(view, isLast) : nothing}
    ${message.error ? errorPanel(view, message.error, isLast) : nothing}
    ${answerActions(view, message, isLast, copied, feedback)}
    ${isLast && message.status === MessageStatus.Done && message.suggestions?.length ? suggestionChips(view, message.suggestions) : nothing}
  </div>`;
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
function answerActions({ strings, host }: ViewContext, message: ChatMessage, isLast: boolean, copied: boolean, feedback: boolean) {
  const done = message.status === MessageStatus.Done;
  const canCopy = message.text.trim() !== '' && (done || message.status === MessageStatus.Stopped);
  const canRegenerate = isLast && done;
  const canRate = feedback && done && message.text.trim() !== '';
  if (!canCopy && !canRegenerate) return nothing;
  // A thumb's `value` is the answer's id; `name` says which thumb it is.
  const thumb = (value: 'up' | 'down') =>
    html`<button part="feedback-button" class="action-button" type="button" name=${value} value=${message.id} aria-pressed=${message.feedback === value ? 'true' : 'false'} aria-label=${value === 'up' ? strings.feedbackUp : strings.feedbackDown} @click=${host.handleFeedbackClick}>${value === 'up' ? thumbUpIcon : thumbDownIcon}</button>`;
  // Compact templates: Lit keeps template whitespace in the bundle.
  return html`<div part="actions" class="actions" role="group" aria-label=${strings.answerActions}>${canCopy
    ? html`<button part="copy-button" class="action-button" type="button" value=${message.id} data-copied=${copied ? '' : nothing} @click=${host.handleCopyClick}>${copied ? stepIcons.done : nothing}${copied ? strings.copied : strings.copy}</button>`
    : nothing}${canRate ? [thumb('up'), thumb('down')] : nothing}${canRegenerate
    ? html`<button part="regenerate-button" class="action-button" type="button" @click=${host.handleRetryClick}>${retryIcon}${strings.regenerate}</button>`
    : nothing}</div>`;
}

/** The server's follow-up questions under the last finished answer: each chip sends its text (untrusted, as text). */
function suggestionChips({ strings, host }: ViewContext, suggestions: readonly string[]) {
  return html`<div part="suggestions" class="actions suggestions" role="group" aria-label=${strings.suggestionsLabel}>${suggestions.map(
    text => html`<button part="suggestion" class="action-button suggestion" type="button" @click=${host.handleSuggestionClick}>${text}</button>`,
  )}</div>`;
}
