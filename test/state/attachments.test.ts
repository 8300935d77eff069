import { expect } from '@open-wc/testing';
import { withinLimits, type AttachmentLimits } from '../../src/state/attachments.js';

const file = (name: string, size: number, type = '') => new File([new Uint8Array(size)], name, { type });
const limits = (fields: Partial<AttachmentLimits> = {}): AttachmentLimits => ({ maxFileSize: 1000, maxAttachmentsSize: 1500, maxAttachments: 3, ...fields });
const names = (files: readonly File[]) => files.map(each => each.name);

describe('state/attachments', () => {
  it('accepts types as <input accept> reads them: MIME types, wildcards and extensions, in any case', () => {
    const incoming = [file('a.png', 1, 'image/png'), file('b.PDF', 1, 'application/pdf'), file('c.txt', 1, 'text/plain'), file('d.jpg', 1, 'image/jpeg')];
    const { files, refused } = withinLimits([], incoming, limits({ accept: 'image/png, .pdf', maxAttachments: 9 }));
    expect(names(files)).to.deep.equal(['a.png', 'b.PDF']);
    expect(refused.map(({ file, reason }) => [file.name, reason])).to.deep.equal([
      ['c.txt', 'fileRefused'],
      ['d.jpg', 'fileRefused'],
    ]);
    expect(names(withinLimits([], incoming, limits({ accept: 'IMAGE/*', maxAttachments: 9 })).files)).to.deep.equal(['a.png', 'd.jpg']);
    expect(withinLimits([], incoming, limits({ maxAttachments: 9 })).files, 'no accept: anything').to.have.length(4);
  });

  it('refuses a file too large, one too many, and one too large with those already attached, with the limit each broke', () => {
    const attached = [file('kept.txt', 900)];
    const incoming = [file('huge.bin', 1001), file('fits.txt', 500), file('over-total.txt', 200), file('small.txt', 10), file('fourth.txt', 1)];
    const { files, refused } = withinLimits(attached, incoming, limits());
    expect(names(files)).to.deep.equal(['kept.txt', 'fits.txt', 'small.txt']);
    expect(refused.map(({ file, reason, max }) => [file.name, reason, max])).to.deep.equal([
      ['huge.bin', 'fileTooLarge', 1000],
      ['over-total.txt', 'filesTooLarge', 1500],
      ['fourth.txt', 'tooManyFiles', 3],
    ]);
    expect(names(attached), 'the attached list is left as it was').to.deep.equal(['kept.txt']);
  });
});
