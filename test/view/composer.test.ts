import { expect } from '@open-wc/testing';
import { defaultStrings } from '../../src/view/strings.js';
import { composer, type ComposerFiles } from '../../src/view/composer.js';
import { markup, rendered, viewContext } from '../helpers/view-context.js';

const files = (fields: Partial<ComposerFiles> = {}): ComposerFiles => ({ files: [], thumbnail: () => undefined, refused: [], picker: true, ...fields });

describe('view/composer', () => {
  it('a labelled text box holding the draft, with the page’s placeholder or the default one', () => {
    const { view } = viewContext();
    const form = rendered(composer(view, { draft: 'Draft', busy: false }));
    const input = form.querySelector<HTMLTextAreaElement>('[part="input"]')!;
    expect(input.value).to.equal('Draft');
    expect(input.placeholder).to.equal(defaultStrings.inputPlaceholder);
    expect(form.querySelector(`label[for="${input.id}"]`)!.textContent).to.equal(defaultStrings.inputLabel);
    expect(rendered(composer(view, { draft: '', placeholder: 'Ask the docs', busy: false })).querySelector<HTMLTextAreaElement>('[part="input"]')!.placeholder).to.equal('Ask the docs');
  });

  it('Send is disabled for a blank draft, unless files are attached', () => {
    const { view } = viewContext();
    const send = (draft: string, attach?: ComposerFiles) => rendered(composer(view, { draft, busy: false, attach })).querySelector<HTMLButtonElement>('[part="send-button"]')!;
    expect(send('   ').disabled).to.equal(true);
    expect(send('Hi').disabled).to.equal(false);
    expect(send('', files({ files: [new File(['x'], 'a.txt', { type: 'text/plain' })] })).disabled).to.equal(false);
  });

  it('while busy, Stop replaces Send and the text box points at the hint that Enter waits', () => {
    const { view, calls } = viewContext();
    const form = rendered(composer(view, { draft: 'Next question', busy: true }));
    expect(markup(form.querySelector('[part="send-button"]'))).to.equal(null);
    const input = form.querySelector('[part="input"]')!;
    expect(form.querySelector(`#${input.getAttribute('aria-describedby')}`)!.textContent).to.equal(defaultStrings.busyHint);
    form.querySelector<HTMLButtonElement>('[part="stop-button"]')!.click();
    expect(calls).to.deep.equal(['handleStopClick']);
  });

  it('offers the attach button only with attachments on, and says why files were refused', () => {
    const { view } = viewContext();
    expect(markup(rendered(composer(view, { draft: '', busy: false })).querySelector('[part="attach-button"]'))).to.equal(null);
    const form = rendered(composer(view, { draft: '', busy: false, attach: files({ accept: 'image/*', refused: [{ file: new File(['x'], 'a.txt'), reason: 'fileRefused' }] }) }));
    expect(form.querySelector('[part="attach-button"]')!.getAttribute('aria-label')).to.equal(defaultStrings.attachFiles);
    expect(form.querySelector<HTMLInputElement>('input[type="file"]')!.accept).to.equal('image/*');
    const problem = form.querySelector('[part="attachment-error"]')!;
    expect([problem.getAttribute('role'), problem.textContent]).to.deep.equal(['alert', 'a.txt: this type of file is not accepted.']);
  });
});
