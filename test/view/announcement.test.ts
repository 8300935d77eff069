import { expect } from '@open-wc/testing';
import { createAssistantMessage, createUserMessage, MessageStatus, type ChatMessage, type ChatStep } from '../../src/state/message.js';
import { defaultStrings } from '../../src/view/strings.js';
import { Announcer, STEP_ANNOUNCEMENT_GAP_MS } from '../../src/view/announcement.js';

const step = (label: string, status: ChatStep['status'] = 'active'): ChatStep => ({ id: label, label, status });
const answer = (status: ChatMessage['status'], steps: ChatStep[] = [], id = 'a1'): ChatMessage => ({ ...createAssistantMessage(0), id, status, steps });

describe('view/announcement', () => {
  it('announces the running step, then at most one new step per gap (a controlled clock)', () => {
    const announcer = new Announcer();
    expect(announcer.next(answer('streaming', [step('Searching')]), { strings: defaultStrings, now: 1000 })).to.equal('Searching');
    // A step that follows at once waits its turn; the last announcement stays meanwhile.
    const next = answer('streaming', [step('Searching', 'done'), step('Reading')]);
    expect(announcer.next(next, { strings: defaultStrings, now: 1000 + STEP_ANNOUNCEMENT_GAP_MS - 1 })).to.equal('Searching');
    expect(announcer.next(next, { strings: defaultStrings, now: 1000 + STEP_ANNOUNCEMENT_GAP_MS })).to.equal('Reading');
  });

  it('never announces a finished step, nor the answer text', () => {
    const announcer = new Announcer();
    const streaming = { ...answer('streaming', [step('Searching', 'done')]), text: 'The answer so far' };
    expect(announcer.next(streaming, { strings: defaultStrings, now: 0 })).to.equal('');
  });

  it('says "complete" or "stopped" once an answer ends, and nothing for an error (the alert speaks)', () => {
    expect(new Announcer().next(answer(MessageStatus.Done), { strings: defaultStrings, now: 0 })).to.equal(defaultStrings.answerFinished);
    expect(new Announcer().next(answer(MessageStatus.Stopped), { strings: defaultStrings, now: 0 })).to.equal(defaultStrings.answerStopped);
    expect(new Announcer().next(answer(MessageStatus.Error), { strings: defaultStrings, now: 0 })).to.equal('');
  });

  it('says a dialect\'s step in the page\'s words, as the steps panel shows it', () => {
    const strings = { ...defaultStrings, stepThinking: 'Réflexion' };
    expect(new Announcer().next(answer('streaming', [step(defaultStrings.stepThinking)]), { strings, now: 0 })).to.equal('Réflexion');
  });

  it('is silent for a question or an empty chat, and a new answer starts from silence', () => {
    const announcer = new Announcer();
    expect(announcer.next(undefined, { strings: defaultStrings, now: 0 })).to.equal('');
    expect(announcer.next(createUserMessage('Hi', 0), { strings: defaultStrings, now: 0 })).to.equal('');
    announcer.next(answer('streaming', [step('Searching')], 'first'), { strings: defaultStrings, now: 5000 });
    // A new answer's first step is announced at once, whatever the previous answer said a moment ago.
    expect(announcer.next(answer('streaming', [step('Thinking')], 'second'), { strings: defaultStrings, now: 5001 })).to.equal('Thinking');
  });
});
