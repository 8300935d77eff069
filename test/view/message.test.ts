import { expect } from '@open-wc/testing';
import { html } from 'lit';
import { createAssistantMessage, createUserMessage, MessageStatus, type ChatMessage } from '../../src/state/message.js';
import { defaultStrings } from '../../src/view/strings.js';
import { answerMessage, LONG_ANSWER_CHARS, userMessage, type AnswerParts } from '../../src/view/message.js';
import { markup, rendered, text, viewContext } from '../helpers/view-context.js';

const answer = (fields: Partial<ChatMessage> = {}): ChatMessage => ({ ...createAssistantMessage(0), id: 'a1', status: MessageStatus.Done, text: 'An answer.', ...fields });
/** The parts the element adds, with no markdown directive: the content part stays empty. */
const parts = (fields: Partial<AnswerParts> = {}): AnswerParts => ({ isLast: true, copied: false, feedback: false, steps: html``, markdown: undefined as never, ...fields });
const partNames = (root: Element) => [...root.querySelectorAll('[part]')].map(node => node.getAttribute('part'));

describe('view/message', () => {
  it('shows a question as plain text in a bubble, with Edit named after it', () => {
    const { view, calls } = viewContext();
    const message = { ...createUserMessage('<b>Hi</b> there', 0), id: 'u1' };
    const root = rendered(userMessage(view, message, false), view);
    expect(text(root.querySelector('[part="bubble"]'))).to.equal('<b>Hi</b> there');
    expect(markup(root.querySelector('b'))).to.equal(null);
    const edit = root.querySelector<HTMLButtonElement>('[part="edit-button"]')!;
    expect(edit.value).to.equal('u1');
    expect(edit.getAttribute('aria-label')).to.equal(`${defaultStrings.editMessage}: <b>Hi</b> there`);
    edit.click();
    expect(calls).to.deep.equal(['handleEditClick']);
  });

  it('shows a question being edited as a form holding its text', () => {
    const { view } = viewContext();
    const root = rendered(userMessage(view, createUserMessage('Old question', 0), true));
    expect(root.querySelector<HTMLTextAreaElement>('[part="edit-input"]')!.value).to.equal('Old question');
    expect(markup(root.querySelector('[part="edit-button"]'))).to.equal(null);
  });

  it('offers Copy and Regenerate under the last finished answer, Copy only under an earlier one', () => {
    const { view } = viewContext();
    expect(partNames(rendered(answerMessage(view, answer(), parts())))).to.include.members(['copy-button', 'regenerate-button']);
    const earlier = partNames(rendered(answerMessage(view, answer(), parts({ isLast: false }))));
    expect(earlier).to.include('copy-button');
    expect(earlier).not.to.include('regenerate-button');
  });

  it('offers no actions while streaming; a stopped last answer says so with Retry instead of Regenerate', () => {
    const { view } = viewContext();
    expect(partNames(rendered(answerMessage(view, answer({ status: MessageStatus.Streaming }), parts())))).not.to.include.members(['actions']);
    const stopped = rendered(answerMessage(view, answer({ status: MessageStatus.Stopped }), parts()));
    expect(partNames(stopped)).to.include.members(['stopped', 'retry-button', 'copy-button']);
    expect(partNames(stopped)).not.to.include('regenerate-button');
  });

  it('shows thumbs only with feedback on, pressed as the answer was rated', () => {
    const { view, calls } = viewContext();
    expect(partNames(rendered(answerMessage(view, answer(), parts())))).not.to.include('feedback-button');
    const thumbs = [...rendered(answerMessage(view, answer({ feedback: 'down' }), parts({ feedback: true })), view).querySelectorAll<HTMLButtonElement>('[part="feedback-button"]')];
    expect(thumbs.map(thumb => [thumb.name, thumb.value, thumb.getAttribute('aria-pressed')])).to.deep.equal([
      ['up', 'a1', 'false'],
      ['down', 'a1', 'true'],
    ]);
    thumbs[0].click();
    expect(calls).to.deep.equal(['handleFeedbackClick']);
  });

  it('shows suggestions under the last finished answer only, as text', () => {
    const { view } = viewContext();
    const suggested = answer({ suggestions: ['<b>More?</b>'] });
    const chips = [...rendered(answerMessage(view, suggested, parts())).querySelectorAll('[part="suggestion"]')];
    expect(chips.map(chip => chip.textContent)).to.deep.equal(['<b>More?</b>']);
    expect(markup(rendered(answerMessage(view, suggested, parts({ isLast: false }))).querySelector('[part="suggestion"]'))).to.equal(null);
  });

  it('marks an answer past LONG_ANSWER_CHARS as long', () => {
    const { view } = viewContext();
    const long = (length: number) => rendered(answerMessage(view, answer({ text: 'x'.repeat(length) }), parts())).querySelector('.message')!.hasAttribute('data-long');
    expect(long(LONG_ANSWER_CHARS)).to.equal(false);
    expect(long(LONG_ANSWER_CHARS + 1)).to.equal(true);
  });
});
