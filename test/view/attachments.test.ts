import { expect } from '@open-wc/testing';
import type { Refusal } from '../../src/state/attachments.js';
import { attachmentChips, refusalText } from '../../src/view/attachments.js';
import { markup, rendered, viewContext } from '../helpers/view-context.js';

const file = (name: string, size: number, type = '') => new File([new Uint8Array(size)], name, { type });

describe('view/attachments', () => {
  it('says why each refused file was not attached: a count for too many, bytes for the limits in bytes', () => {
    const { view } = viewContext();
    const refused: Refusal[] = [
      { file: file('c.txt', 1), reason: 'fileRefused' },
      { file: file('huge.bin', 2000), reason: 'fileTooLarge', max: 1000 },
      { file: file('over.txt', 10), reason: 'filesTooLarge', max: 1000 },
      { file: file('fourth.txt', 1), reason: 'tooManyFiles', max: 3 },
    ];
    expect(refusalText(view, refused)).to.equal(
      'c.txt: this type of file is not accepted. huge.bin is 2kB: too large (at most 1kB). over.txt: too large with the others (at most 1kB together). fourth.txt: too many files (at most 3).',
    );
  });

  it('shows each of a sent message’s files as a chip with its name and size, as text', () => {
    const { view } = viewContext();
    const list = rendered(attachmentChips(view, [{ name: '<b>x</b>.png', type: 'image/png', size: 2048 }, { name: 'notes.txt', type: 'text/plain', size: 5 }]));
    const chips = [...list.querySelectorAll('[part="attachment"]')];
    expect(chips.map(chip => chip.querySelector('[part="attachment-name"]')!.textContent)).to.deep.equal(['<b>x</b>.png', 'notes.txt']);
    expect(markup(list.querySelector('img')), 'no thumbnail').to.equal(null);
    expect(markup(list.querySelector('[part="attachment-remove-button"]')), 'a sent message’s files cannot be removed').to.equal(null);
  });

  it('in the composer, each chip has a thumbnail where there is one and a remove button named after its file, its value the file’s position', () => {
    const { view, calls } = viewContext();
    const list = rendered(attachmentChips(view, [{ name: 'a.png', type: 'image/png', size: 1 }, { name: 'b.txt', type: 'text/plain', size: 1 }], { thumbnail: index => (index === 0 ? 'blob:thumb' : undefined) }));
    const images = [...list.querySelectorAll('[part="attachment"]')].map(chip => chip.querySelector('img')?.getAttribute('src'));
    expect(images).to.deep.equal(['blob:thumb', undefined]);
    const buttons = [...list.querySelectorAll<HTMLButtonElement>('[part="attachment-remove-button"]')];
    expect(buttons.map(button => [button.value, button.getAttribute('aria-label')])).to.deep.equal([
      ['0', 'Remove a.png'],
      ['1', 'Remove b.txt'],
    ]);
    buttons[1].click();
    expect(calls).to.deep.equal(['handleAttachmentRemove']);
  });
});
