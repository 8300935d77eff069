import { html, nothing } from 'lit';
import type { DirectiveResult } from 'lit/directive.js';
import { MessageStatus, type ChatMessage } from '../state/message.js';
import { localizeText, type SseChatStrings } from '../strings.js';
import { errorPanel, retryButton } from './error.js';
import { retryIcon, stepIcons } from './icons.js';
import type { ChatListeners } from './listeners.js';
import { DisplayLimit, displayText } from './display-text.js';
import { renderSources } from './sources.js';
import type { stepsPanel } from './steps.js';

type AnswerListeners = Pick<ChatListeners, 'contentClick' | 'copyClick' | 'retryClick'>;

/** One of the user's messages: their text in a bubble, as plain text. */
export function userMessage(message: ChatMessage, strings: SseChatStrings) {
  return html`<div part="message message-user" class="message" data-role="user" data-status=${message.status}>
    <span class="visually-hidden">${strings.userLabel}</span>
    <div part="bubble" class="bubble">${message.text}</div>
  </div>`;
}

/**
 * An answer: its steps (`stepsPanel`'s), its markdown (`markdown` renders into the content part), notices, sources
 * and what ended it. `copied` says its Copy button shows "Copied"; `isLast` gives the last answer Retry or Regenerate.
 */
export function answerMessage(
  message: ChatMessage,
  strings: SseChatStrings,
  locale: string | undefined,
  isLast: boolean,
  steps: ReturnType<typeof stepsPanel>,
  markdown: DirectiveResult,
  copied: boolean,
  on: AnswerListeners,
) {
  return html`<div part="message message-assistant" class="message" data-role="assistant" data-status=${message.status}>
    <span class="visually-hidden">${strings.assistantLabel}</span>
    ${steps}
    <div part="content" class="content" @click=${on.contentClick} ${markdown}></div>
    ${message.notices.slice(-DisplayLimit.items).map(notice => html`<p part="notice" class="notice" data-kind=${notice.kind ?? ''}>${displayText(localizeText(notice.message, strings), DisplayLimit.body)}</p>`)}
    ${renderSources(message.sources, strings, locale, message.id)}
    ${message.status === MessageStatus.Stopped ? stoppedMarker(strings, isLast, on.retryClick) : nothing}
    ${message.error ? errorPanel(message.error, strings, locale, isLast, on.retryClick) : nothing}
    ${answerActions(message, strings, isLast, copied, on)}
  </div>`;
}

function stoppedMarker(strings: SseChatStrings, isLast: boolean, onRetry: ChatListeners['retryClick']) {
  return html`<p part="stopped" class="stopped">
    ${strings.stopped} ${isLast ? retryButton(strings, onRetry) : nothing}
  </p>`;
}

/**
 * Under a finished or stopped answer: Copy (its markdown source) and, on the last finished answer, Regenerate.
 * A failed or stopped answer already offers Retry, so it gets no Regenerate.
 */
function answerActions(message: ChatMessage, strings: SseChatStrings, isLast: boolean, copied: boolean, on: AnswerListeners) {
  const canCopy = message.text.trim() !== '' && (message.status === MessageStatus.Done || message.status === MessageStatus.Stopped);
  const canRegenerate = isLast && message.status === MessageStatus.Done;
  if (!canCopy && !canRegenerate) return nothing;
  // Compact templates: Lit keeps template whitespace in the bundle.
  return html`<div part="actions" class="actions" role="group" aria-label=${strings.answerActions}>${canCopy
    ? html`<button part="copy-button" class="action-button" type="button" data-copied=${copied ? '' : nothing} @click=${() => on.copyClick(message)}>${copied ? stepIcons.done : nothing}${copied ? strings.copied : strings.copy}</button>`
    : nothing}${canRegenerate
    ? html`<button part="regenerate-button" class="action-button" type="button" @click=${on.retryClick}>${retryIcon}${strings.regenerate}</button>`
    : nothing}</div>`;
}
