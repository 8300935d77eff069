import { expect } from '@open-wc/testing';
import { chatFixture, part, parts, recordEvents } from '../helpers/chat-fixture.js';
import { until, type FakeCall } from '../helpers/fake-sse.js';
import type { SseChat } from '../../src/sse-chat.js';

/** Suggested follow-ups: a `suggestions` event shows chips under the last finished answer; a chip sends its text. */
describe('<sse-chat> suggested follow-ups', () => {
  const chipTexts = (el: SseChat) => parts(el, 'suggestion').map(chip => chip.textContent);

  async function answer(el: SseChat, call: FakeCall, finished: Promise<void>, suggestions: unknown) {
    call.response.send({ delta: 'An answer.' }, 'text-delta');
    call.response.send({ suggestions }, 'suggestions');
    await el.updateComplete;
    expect(parts(el, 'suggestion'), 'none while the answer streams').to.have.length(0);
    call.response.send({}, 'done');
    await finished;
    await el.updateComplete;
  }

  it('shows chips under the last answer only, and a click (or Enter) sends the suggestion as a new message', async () => {
    const { el, fake } = await chatFixture();
    const first = el.send('What is sse-chat?');
    await answer(el, await fake.nextCall(), first, ['How do I embed it?', '  ', 42, 'Which dialects exist?', '<b>bold</b>']);
    expect(chipTexts(el)).to.deep.equal(['How do I embed it?', 'Which dialects exist?', '<b>bold</b>']);
    expect(part(el, 'suggestion')!.querySelector('b'), 'server text stays text').to.equal(null);
    const group = part(el, 'suggestions')!;
    expect(group.getAttribute('role')).to.equal('group');
    expect(group.getAttribute('aria-label')).to.equal('Suggested follow-ups');
    await expect(el).to.be.accessible();

    const recorder = recordEvents();
    parts(el, 'suggestion')[0].click();
    const second = await fake.nextCall();
    expect(JSON.parse(second.body)).to.deep.include({ message: 'How do I embed it?' });
    expect(recorder.events[0].detail).to.include({ text: 'How do I embed it?', retry: false });
    recorder.dispose();
    await el.updateComplete;
    expect(parts(el, 'suggestion'), 'gone once a new question is asked').to.have.length(0);

    await answer(el, second, until(() => el.status === 'idle' && el.messages[3]?.status === 'done', 2000, 'second answer'), ['Next one?']);
    const answers = parts(el, 'message-assistant');
    expect(answers[0].querySelector('[part~="suggestions"]'), 'the earlier answer keeps none').to.equal(null);
    expect(chipTexts(el)).to.deep.equal(['Next one?']);
    // A button: Enter and Space activate it like a click.
    const chip = part<HTMLButtonElement>(el, 'suggestion')!;
    expect(chip.tagName).to.equal('BUTTON');
    expect(chip.type).to.equal('button');
  });

  it('offers none under a stopped answer', async () => {
    const { el, fake } = await chatFixture();
    const finished = el.send('Question');
    const call = await fake.nextCall();
    call.response.send({ delta: 'Half' }, 'text-delta');
    el.stop();
    call.response.send({ suggestions: ['Late?'] }, 'suggestions');
    await finished;
    await el.updateComplete;
    expect(parts(el, 'suggestion')).to.have.length(0);
  });
});
