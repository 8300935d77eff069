import { expect } from '@open-wc/testing';
import { chatFixture, exchange, part, parts, recordEvents, shadow } from '../helpers/chat-fixture.js';
import { until } from '../helpers/fake-sse.js';

/** Edit and resend: a question is edited in place and asked again; everything after it is replaced. */
describe('<sse-chat> edit and resend', () => {
  const key = (target: Element, init: KeyboardEventInit) =>
    target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, composed: true, cancelable: true, ...init }));

  it('edits a question with the keyboard, forks the conversation there, and reports it in sse-chat-send', async () => {
    const { el, fake } = await chatFixture();
    await exchange(el, fake, 'First question', 'First answer');
    await exchange(el, fake, 'Second question', 'Second answer');
    const [firstId] = el.messages.map(m => m.id);
    expect(parts(el, 'edit-button')).to.have.length(2);
    expect(parts(el, 'edit-button')[0].getAttribute('aria-label')).to.equal('Edit: First question');

    // Escape cancels: nothing changes and focus returns to the Edit button.
    parts(el, 'edit-button')[0].click();
    await until(() => shadow(el).activeElement === part(el, 'edit-input'), 2000, 'the edit box focused');
    const box = part<HTMLTextAreaElement>(el, 'edit-input')!;
    expect(box.value).to.equal('First question');
    expect(box.getAttribute('aria-label')).to.equal('Edit your message');
    await expect(el).to.be.accessible();
    key(box, { key: 'Escape' });
    await until(() => shadow(el).activeElement === parts(el, 'edit-button')[0], 2000, 'focus back on Edit');
    expect(part(el, 'edit-form')).to.equal(null);
    expect(el.messages).to.have.length(4);

    // Enter resends the edited text; the answers after it go.
    parts(el, 'edit-button')[0].click();
    await until(() => part(el, 'edit-input') !== null, 2000, 'the edit box');
    const edited = part<HTMLTextAreaElement>(el, 'edit-input')!;
    edited.value = 'First question, reworded';
    const recorder = recordEvents();
    key(edited, { key: 'Enter' });
    const call = await fake.nextCall();
    expect(JSON.parse(call.body)).to.deep.equal({ message: 'First question, reworded', session_id: el.sessionId, history: [] });
    expect(recorder.events[0].detail).to.deep.equal({ text: 'First question, reworded', retry: false, editOf: firstId });
    recorder.dispose();
    await el.updateComplete;
    expect(el.messages.map(m => m.text)).to.deep.equal(['First question, reworded', '']);
    // Kept in the DOM (an earlier question is not touched when a turn starts or ends), out of reach while it streams.
    expect(parts(el, 'edit-button').map(button => getComputedStyle(button).visibility), 'no Edit while an answer streams').to.deep.equal(['hidden']);
    expect(shadow(el).activeElement === part(el, 'input'), 'focus back in the composer').to.equal(true);
    call.response.send({ delta: 'New answer' }, 'text-delta');
    call.response.send({}, 'done');
    await until(() => el.status === 'idle' && el.messages[1].status === 'done', 2000, 'new answer');
    expect(el.messages.map(m => m.text)).to.deep.equal(['First question, reworded', 'New answer']);
  });

  it('edits a later question with the history before it, from script too, and ignores a blank edit', async () => {
    const { el, fake } = await chatFixture();
    await exchange(el, fake, 'Q1', 'A1');
    await exchange(el, fake, 'Q2', 'A2');
    await el.edit(el.messages[2].id, '   ');
    expect(el.messages).to.have.length(4);
    const finished = el.edit(el.messages[2].id, 'Q2 again');
    const call = await fake.nextCall();
    expect(JSON.parse(call.body).history).to.deep.equal([
      { role: 'user', content: 'Q1' },
      { role: 'assistant', content: 'A1' },
    ]);
    call.response.send({}, 'done');
    await finished;
    expect(el.messages.map(m => m.text)).to.deep.equal(['Q1', 'A1', 'Q2 again', '']);
  });
});
