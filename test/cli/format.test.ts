import { expect } from '@open-wc/testing';
import { describeChatEvent, formatOffset, printable, truncate } from '../../src/cli/format.js';

describe('cli/format', () => {
  it('printable makes control characters visible, so server text cannot drive the terminal', () => {
    expect(printable('\u001b[31mred\u001b[0m')).to.equal('\\u001b[31mred\\u001b[0m');
    expect(printable('a\u009bb\u0007c\u007f')).to.equal('a\\u009bb\\u0007c\\u007f');
    expect(printable('one\ntwo\r\tthree')).to.equal('one\\ntwo\\r\\tthree');
    expect(printable('one\ntwo\tthree', true), 'multiline keeps line breaks, tabs as spaces').to.equal('one\ntwo  three');
    expect(printable('naïve 日本語 🙂')).to.equal('naïve 日本語 🙂');
  });

  it('truncate cuts with an ellipsis within the limit', () => {
    expect(truncate('short', 5)).to.equal('short');
    expect(truncate('longer text', 6)).to.equal('longe…');
    expect(truncate('abc', 0)).to.equal('…');
  });

  it('formatOffset right-aligns milliseconds, and seconds past ten', () => {
    expect(formatOffset(42.4)).to.equal('   +42 ms');
    expect(formatOffset(12_345)).to.equal('  +12.3 s');
  });

  it('describes each chat event in a few words, quoting server text made printable', () => {
    expect(describeChatEvent({ type: 'text-delta', delta: 'Hi\u001b[2J' })).to.equal('text-delta "Hi\\\\u001b[2J"');
    expect(describeChatEvent({ type: 'step', id: 's1', label: 'Searching', status: 'active', progress: { value: 40, max: 100 } })).to.equal(
      'step "Searching" active 40%',
    );
    expect(describeChatEvent({ type: 'step', id: 's1', progress: { value: 2, max: 5 } })).to.equal('step "s1" 2/5');
    expect(describeChatEvent({ type: 'sources', sources: [{ title: 'a' }, { title: 'b' }] })).to.equal('sources ×2');
    expect(describeChatEvent({ type: 'done' })).to.equal('done');
    expect(describeChatEvent({ type: 'done', reason: 'stop\n' })).to.equal('done (stop\\n)');
  });
});
