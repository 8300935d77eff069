import { expect } from '@open-wc/testing';
import { defaultStrings } from '../../src/strings.js';
import { attachmentChips, withinLimits, type AttachmentLimits } from '../../src/view/attachments.js';
import { markup, rendered, viewContext } from '../helpers/view-context.js';

const file = (name: string, size: number, type = '') => new File([new Uint8Array(size)], name, { type });
const limits = (fields: Partial<AttachmentLimits> = {}): AttachmentLimits => ({ maxFileSize: 1000, maxTotalSize: 1500, maxFiles: 3, ...fields });
const names = (files: readonly File[]) => files.map(each => each.name);

describe('view/attachments', () => {
  it('accepts types as <input accept> reads them: MIME types, wildcards and extensions, in any case', () => {
    const incoming = [file('a.png', 1, 'image/png'), file('b.PDF', 1, 'application/pdf'), file('c.txt', 1, 'text/plain'), file('d.jpg', 1, 'image/jpeg')];
    const { files, problems } = withinLimits([], incoming, limits({ accept: 'image/png, .pdf', maxFiles: 9 }), defaultStrings, 'en');
    expect(names(files)).to.deep.equal(['a.png', 'b.PDF']);
    expect(problems).to.deep.equal(['c.txt: this type of file is not accepted.', 'd.jpg: this type of file is not accepted.']);
    expect(names(withinLimits([], incoming, limits({ accept: 'IMAGE/*', maxFiles: 9 }), defaultStrings, 'en').files)).to.deep.equal(['a.png', 'd.jpg']);
    expect(withinLimits([], incoming, limits({ maxFiles: 9 }), defaultStrings, 'en').files, 'no accept: anything').to.have.length(4);
  });

  it('refuses a file too large, one too many, and one too large with those already attached, saying why', () => {
    const attached = [file('kept.txt', 900)];
    const incoming = [file('huge.bin', 1001), file('fits.txt', 500), file('over-total.txt', 200), file('small.txt', 10), file('fourth.txt', 1)];
    const { files, problems } = withinLimits(attached, incoming, limits(), defaultStrings, 'en');
    expect(names(files)).to.deep.equal(['kept.txt', 'fits.txt', 'small.txt']);
    expect(problems).to.have.length(3);
    expect(problems[0]).to.match(/^huge\.bin is .+: too large \(at most .+\)\.$/);
    expect(problems[1]).to.match(/^over-total\.txt: too large with the others/);
    expect(problems[2]).to.equal('fourth.txt: too many files (at most 3).');
    expect(names(attached), 'the attached list is left as it was').to.deep.equal(['kept.txt']);
  });

  it('shows each file as a chip with its name and size, as text, and a thumbnail where there is one', () => {
    const { view } = viewContext();
    const list = rendered(attachmentChips(view, [{ name: '<b>x</b>.png', type: 'image/png', size: 2048 }, { name: 'notes.txt', type: 'text/plain', size: 5 }], false, index => (index === 0 ? 'blob:thumb' : undefined)));
    const chips = [...list.querySelectorAll('[part="attachment"]')];
    expect(chips.map(chip => chip.querySelector('[part="attachment-name"]')!.textContent)).to.deep.equal(['<b>x</b>.png', 'notes.txt']);
    expect(chips[0].querySelector('img')!.getAttribute('src')).to.equal('blob:thumb');
    expect(markup(chips[1].querySelector('img'))).to.equal(null);
    expect(markup(list.querySelector('[part="attachment-remove-button"]')), 'a sent message’s files cannot be removed').to.equal(null);
  });

  it('in the composer, each chip has a remove button named after its file, its value the file’s position', () => {
    const { view, calls } = viewContext();
    const list = rendered(attachmentChips(view, [{ name: 'a.txt', type: 'text/plain', size: 1 }, { name: 'b.txt', type: 'text/plain', size: 1 }], true));
    const buttons = [...list.querySelectorAll<HTMLButtonElement>('[part="attachment-remove-button"]')];
    expect(buttons.map(button => [button.value, button.getAttribute('aria-label')])).to.deep.equal([
      ['0', 'Remove a.txt'],
      ['1', 'Remove b.txt'],
    ]);
    buttons[1].click();
    expect(calls).to.deep.equal(['handleAttachmentRemove']);
  });
});
