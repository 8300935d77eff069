import { expect } from '@open-wc/testing';
import { html, render } from 'lit';
import type { ChatMessage } from '../../src/state/message.js';
import { answerMarkdown, catchUps } from '../../src/view/answer-markdown.js';

describe('view/answer-markdown', () => {
  it('asks the host for the next frame while a long answer is behind, and marks the message for its guard', () => {
    const message = { id: 'a', role: 'assistant', status: 'done', text: Array.from({ length: 3000 }, (_, i) => `Line ${i}`).join('\n\n') } as ChatMessage;
    let asked = 0;
    const host = { renderNextFrame: () => asked++ };
    const container = document.createElement('div');
    const show = () => render(html`<div ${answerMarkdown(message, {}, host)}></div>`, container);
    const count = () => container.querySelectorAll('p').length;
    show();
    const first = count();
    const mark = catchUps.get(message);
    expect(asked, 'one next frame asked for').to.equal(1);
    expect(mark, 'a new value for the guard').not.to.equal(undefined);
    show();
    expect(count()).to.be.above(first);
    expect(asked).to.equal(2);
    expect(catchUps.get(message), 'a new value again').not.to.equal(mark);
  });

  it('asks nothing of the host for an answer shown whole', () => {
    const message = { id: 'b', role: 'assistant', status: 'done', text: 'Short *answer*.' } as ChatMessage;
    let asked = 0;
    const container = document.createElement('div');
    render(html`<div ${answerMarkdown(message, {}, { renderNextFrame: () => asked++ })}></div>`, container);
    expect(container.querySelector('em')!.textContent).to.equal('answer');
    expect(asked).to.equal(0);
    expect(catchUps.get(message)).to.equal(undefined);
  });
});
