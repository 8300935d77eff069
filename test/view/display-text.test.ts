import { expect } from '@open-wc/testing';
import { displayText, moreItems } from '../../src/view/display-text.js';
import { rendered, text, viewContext } from '../helpers/view-context.js';

describe('view/display-text', () => {
  it('shows text within the limit as it is, and cuts longer text with an ellipsis', () => {
    expect(displayText('short', 5)).to.equal('short');
    expect(displayText('a longer title', 8)).to.equal('a longer…');
    expect(displayText('', 3)).to.equal('');
  });

  it('never cuts between the halves of a surrogate pair', () => {
    const cut = displayText('ab🙂cd', 3); // the limit falls inside the emoji
    expect(cut).to.equal('ab…');
    expect(displayText('ab🙂cd', 4)).to.equal('ab🙂…');
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(cut), 'no lone high surrogate').to.equal(false);
  });

  it('counts the items a long list leaves out, in the page language, and shows nothing when none are', () => {
    const list = rendered(moreItems(viewContext({ locale: 'de' }).view, 9950));
    expect(list.querySelector('li[part="more"]')).not.to.equal(null);
    expect(text(list)).to.equal('+ 9.950 more');
    expect(text(rendered(moreItems(viewContext().view, 0)))).to.equal('');
  });
});
