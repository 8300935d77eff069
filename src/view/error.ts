import { html, nothing } from 'lit';
import type { ChatError } from '../state/message.js';
import { ErrorCode } from '../transport/error-code.js';
import { errorText, formatNumber, formatString, localizeText } from './strings.js';
import { DisplayLimit, displayText } from './display-text.js';
import { retryIcon } from './icons.js';
import type { ViewContext } from './context.js';

/**
 * Why an answer failed (`role="alert"`, so it announces itself), with Retry under the last answer unless the error
 * says sending the same message again cannot help (`retryable: false`: the server's word, or a 4xx status).
 */
export function errorPanel(view: ViewContext, error: ChatError, isLast: boolean) {
  const { strings, locale } = view;
  // Cut-off and no-answer messages are written by the client, not the server: the localized text says it all.
  const clientWritten = error.code === ErrorCode.CutOff || error.code === ErrorCode.NoAnswer;
  // 413: the conversation sent along is too large; sending it again cannot work, starting over can.
  const tooLong = error.status === 413;
  const summary = tooLong ? strings.errorConversationTooLong : errorText(strings, error.code, error.status);
  const message = localizeText(error.message, strings);
  const detail = !clientWritten && message && message !== summary ? message : '';
  return html`<div part="error" class="error" role="alert">
    <p class="error-text">
      <strong class="error-summary">${summary}</strong>
      ${detail ? html`<span class="error-detail">${displayText(detail, DisplayLimit.body)}</span>` : nothing}
      ${error.retryAfter
        ? html`<span class="error-wait">${formatString(strings.retryAfter, { seconds: formatNumber(Math.ceil(error.retryAfter), locale) })}</span>`
        : nothing}
    </p>
    ${isLast ? (tooLong ? startOverButton(view) : error.retryable ? retryButton(view) : nothing) : nothing}
  </div>`;
}

/** Clear in place of Retry: under an answer whose request was too large to send, starting over is what helps. */
function startOverButton({ strings }: ViewContext) {
  return html`<button part="clear-button" class="retry" type="button">${strings.clearConversation}</button>`;
}

/** Sends the last message again: under a failed or stopped last answer. */
export function retryButton({ strings }: ViewContext) {
  return html`<button part="retry-button" class="retry" type="button">${retryIcon}${strings.retry}</button>`;
}
