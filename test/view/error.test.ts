import { expect } from '@open-wc/testing';
import type { ChatError } from '../../src/state/message.js';
import { ErrorCode } from '../../src/transport/error-code.js';
import { defaultStrings, errorText } from '../../src/view/strings.js';
import { errorPanel } from '../../src/view/error.js';
import { markup, rendered, text, viewContext } from '../helpers/view-context.js';

const http = (fields: Partial<ChatError> = {}): ChatError => ({ code: ErrorCode.Http, status: 500, message: 'Model overloaded', retryable: true, ...fields });

describe('view/error', () => {
  it('is an alert with the localized summary and the server’s message as text', () => {
    const { view } = viewContext();
    const panel = rendered(errorPanel(view, http({ message: '<img src=x onerror=alert(1)>' }), true)).querySelector('[part="error"]')!;
    expect(panel.getAttribute('role')).to.equal('alert');
    expect(text(panel.querySelector('.error-summary'))).to.equal(errorText(defaultStrings, ErrorCode.Http, 500));
    expect(text(panel.querySelector('.error-detail'))).to.equal('<img src=x onerror=alert(1)>');
    expect(markup(panel.querySelector('img'))).to.equal(null);
  });

  it('offers Retry under the last answer only, and only when sending again can help', () => {
    const { view, calls } = viewContext();
    const retry = (error: ChatError, isLast: boolean) => rendered(errorPanel(view, error, isLast), view).querySelector<HTMLButtonElement>('[part="retry-button"]');
    expect(markup(retry(http(), false))).to.equal(null);
    expect(markup(retry(http({ status: 400, retryable: false }), true))).to.equal(null);
    const button = retry(http(), true)!;
    button.click();
    expect(calls).to.deep.equal(['handleRetryClick']);
  });

  it('offers Clear instead of Retry when the conversation was too long to send (413)', () => {
    const { view, calls } = viewContext();
    const panel = rendered(errorPanel(view, http({ status: 413, message: 'Payload Too Large', retryable: false }), true), view);
    expect(text(panel.querySelector('.error-summary'))).to.equal(defaultStrings.errorConversationTooLong);
    expect(markup(panel.querySelector('[part="retry-button"]'))).to.equal(null);
    panel.querySelector<HTMLButtonElement>('[part="clear-button"]')!.click();
    expect(calls).to.deep.equal(['handleClearClick']);
  });

  it('shows no detail for errors the client wrote, nor one that repeats the summary', () => {
    const { view } = viewContext();
    const cutOff = rendered(errorPanel(view, { code: ErrorCode.CutOff, message: 'The connection closed early.', retryable: true }, true));
    expect(markup(cutOff.querySelector('.error-detail'))).to.equal(null);
    const summary = errorText(defaultStrings, ErrorCode.Network);
    expect(markup(rendered(errorPanel(view, { code: ErrorCode.Network, message: summary, retryable: true }, true)).querySelector('.error-detail'))).to.equal(null);
  });

  it('says how long the server asked to wait, rounded up, in the page language', () => {
    const { view } = viewContext({ locale: 'de' });
    const panel = rendered(errorPanel(view, http({ status: 429, retryAfter: 1499.2 }), true));
    expect(text(panel.querySelector('.error-wait'))).to.equal('Try again in about 1.500 s.');
  });
});
