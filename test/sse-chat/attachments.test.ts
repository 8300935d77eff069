import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import { SAVE_DELAY_MS } from '../../src/controllers/persistence-controller.js';
import type { SseChatSendEvent } from '../../src/events/dom-events.js';
import type { SseChat } from '../../src/sse-chat.js';
import '../../src/define.js';
import { part, parts, shadow } from '../helpers/chat-fixture.js';
import { createFakeFetch, until, type FakeFetch } from '../helpers/fake-sse.js';

/** The smallest PNG there is (1×1), and a one-page PDF's first bytes: real files as a browser makes them. */
const PNG_BYTES = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='), c => c.charCodeAt(0));
const png = (name = 'dot.png') => new File([PNG_BYTES], name, { type: 'image/png' });
const pdf = (name = 'paper.pdf', size = 120) => new File(['%PDF-1.4\n'.padEnd(size, ' ')], name, { type: 'application/pdf' });
const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

/** What a browser hands over in a drop, a paste or the file picker. */
function transfer(files: File[]): DataTransfer {
  const data = new DataTransfer();
  for (const file of files) data.items.add(file);
  return data;
}

/** `attachments`: an attach button, paste and drop of files, chips, limits, and the files in the request. */
describe('<sse-chat> attachments', () => {
  const endpoint = `/attachments/${Math.random().toString(36).slice(2)}`;
  afterEach(() => Object.keys(localStorage).filter(key => key.includes(endpoint)).forEach(key => localStorage.removeItem(key)));

  async function page(attributes: { accept?: string; maxFileSize?: number; maxAttachments?: number; persist?: string } = {}) {
    const fake = createFakeFetch();
    const el = await fixture<SseChat>(html`<sse-chat
      endpoint=${endpoint}
      dialect="sse-chat"
      attachments
      accept=${attributes.accept ?? ''}
      max-file-size=${attributes.maxFileSize ?? 5_242_880}
      max-attachments=${attributes.maxAttachments ?? 10}
      persist=${attributes.persist ?? ''}
      .fetch=${fake.fetch}
    ></sse-chat>`);
    return { el, fake };
  }

  /** Chooses files in the file picker, as the reader would after clicking the attach button. */
  async function choose(el: SseChat, files: File[]) {
    const picker = shadow(el).querySelector<HTMLInputElement>('#files')!;
    picker.files = transfer(files).files;
    picker.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
  }

  const chipTexts = (root: Element) =>
    Array.from(root.querySelectorAll('[part="attachment-name"]')).map(name => `${name.textContent} ${name.nextElementSibling?.textContent}`);

  async function answer(fake: FakeFetch, finished: Promise<void> | void) {
    const call = await fake.nextCall();
    call.response.send({ delta: 'Seen.' }, 'text-delta');
    call.response.send({}, 'done');
    call.response.close();
    await finished;
    return JSON.parse(call.body);
  }

  it('is off by default: no attach button, and a dropped file is left to the browser', async () => {
    const el = await fixture<SseChat>(html`<sse-chat endpoint="/x"></sse-chat>`);
    expect(part(el, 'attach-button')).to.equal(null);
    const drop = new DragEvent('drop', { dataTransfer: transfer([png()]), cancelable: true, bubbles: true });
    part(el, 'input')!.dispatchEvent(drop);
    expect(drop.defaultPrevented).to.equal(false);
    // From script the page may still send files; a refusal shows, without an attach button.
    el.accept = '.pdf';
    await el.send('x', { files: [new File(['x'], 'a.exe', { type: '' })] });
    await el.updateComplete;
    expect(part(el, 'attachment-error')!.textContent).to.equal('a.exe: this type of file is not accepted.');
    expect(part(el, 'attach-button')).to.equal(null);
  });

  it('attaches chosen files as chips with name, size, thumbnail and a named remove button; sends them; shows them on the question', async () => {
    const { el, fake } = await page();
    const button = part<HTMLButtonElement>(el, 'attach-button')!;
    expect(button.getAttribute('aria-label')).to.equal('Attach files');
    let opened = false;
    shadow(el).querySelector('#files')!.addEventListener('click', event => {
      opened = true;
      event.preventDefault(); // no real dialog in a headless test
    });
    button.click();
    expect(opened, 'the attach button opens the file picker').to.equal(true);

    await choose(el, [png(), pdf()]);
    const composer = part(el, 'composer')!;
    expect(chipTexts(composer)).to.deep.equal([`dot.png ${PNG_BYTES.length}B`, 'paper.pdf 120B']);
    const thumbnail = part<HTMLImageElement>(el, 'attachment-thumbnail')!;
    expect(thumbnail.src).to.match(/^blob:/);
    expect(thumbnail.alt).to.equal('');
    expect(parts(el, 'attachment-remove-button').map(remove => remove.getAttribute('aria-label'))).to.deep.equal(['Remove dot.png', 'Remove paper.pdf']);
    expect(composer.querySelector('[part="attachments"]')!.getAttribute('aria-label')).to.equal('Attached files');
    expect(part<HTMLButtonElement>(el, 'send-button')!.disabled, 'files alone may be sent').to.equal(false);
    await expect(el).to.be.accessible();

    const sends: SseChatSendEvent[] = [];
    el.addEventListener('sse-chat-send', event => sends.push(event));
    const url = thumbnail.src;
    part<HTMLButtonElement>(el, 'send-button')!.click();
    const body = await answer(fake, undefined);
    await el.updateComplete;
    expect(body.message).to.equal('');
    expect(body.attachments).to.deep.equal([
      { name: 'dot.png', type: 'image/png', size: PNG_BYTES.length, data: base64(PNG_BYTES) },
      { name: 'paper.pdf', type: 'application/pdf', size: 120, data: btoa('%PDF-1.4\n'.padEnd(120, ' ')) },
    ]);
    expect(sends[0].detail.files?.map(file => file.name)).to.deep.equal(['dot.png', 'paper.pdf']);
    expect(el.messages[0].attachments).to.deep.equal([
      { name: 'dot.png', type: 'image/png', size: PNG_BYTES.length },
      { name: 'paper.pdf', type: 'application/pdf', size: 120 },
    ]);
    expect(part(el, 'composer')!.querySelector('[part="attachments"]'), 'the composer is empty again').to.equal(null);
    expect(chipTexts(part(el, 'message-user')!)).to.deep.equal([`dot.png ${PNG_BYTES.length}B`, 'paper.pdf 120B']);
    let revoked = false;
    await fetch(url).catch(() => (revoked = true));
    expect(revoked, 'the thumbnail URL is revoked once sent').to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('removes a chip, revoking its thumbnail, and moves focus to the text box', async () => {
    const { el, fake } = await page();
    await choose(el, [png(), pdf()]);
    const url = part<HTMLImageElement>(el, 'attachment-thumbnail')!.src;
    parts(el, 'attachment-remove-button')[0].click();
    await el.updateComplete;
    expect(chipTexts(part(el, 'composer')!)).to.deep.equal(['paper.pdf 120B']);
    expect(shadow(el).activeElement).to.equal(part(el, 'input'));
    let revoked = false;
    await fetch(url).catch(() => (revoked = true));
    expect(revoked).to.equal(true);
    expect(fake.calls).to.have.length(0);
  });

  it('a removed chat revokes its thumbnails; a moved one keeps them; added again, it shows them anew', async () => {
    const { el } = await page();
    await choose(el, [png()]);
    const urlIsLive = (url: string) => fetch(url).then(() => true, () => false);
    const first = part<HTMLImageElement>(el, 'attachment-thumbnail')!.src;
    const parent = el.parentElement!;
    const elsewhere = document.createElement('div');
    document.body.append(elsewhere);
    elsewhere.append(el); // a move: removed and added again in one task
    await aTimeout(0);
    expect(await urlIsLive(first), 'kept across a move').to.equal(true);
    el.remove();
    await aTimeout(0);
    expect(await urlIsLive(first), 'revoked once the chat left the page').to.equal(false);
    parent.append(el);
    await el.updateComplete;
    const again = part<HTMLImageElement>(el, 'attachment-thumbnail')!.src;
    expect(again).to.match(/^blob:/);
    expect(again).not.to.equal(first);
    expect(await urlIsLive(again)).to.equal(true);
    expect(chipTexts(part(el, 'composer')!)).to.have.length(1);
    elsewhere.remove();
  });

  it('attaches pasted and dropped files', async () => {
    const { el } = await page();
    const paste = new ClipboardEvent('paste', { clipboardData: transfer([png('screenshot.png')]), cancelable: true, bubbles: true });
    part(el, 'input')!.dispatchEvent(paste);
    expect(paste.defaultPrevented, 'an image alone is not pasted as text').to.equal(true);
    const over = new DragEvent('dragover', { dataTransfer: transfer([pdf()]), cancelable: true, bubbles: true });
    part(el, 'input')!.dispatchEvent(over);
    expect(over.defaultPrevented, 'the composer takes the drop').to.equal(true);
    part(el, 'input')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer([pdf()]), cancelable: true, bubbles: true }));
    await el.updateComplete;
    expect(chipTexts(part(el, 'composer')!)).to.deep.equal([`screenshot.png ${PNG_BYTES.length}B`, 'paper.pdf 120B']);
  });

  it('refuses a file of a type not accepted, one too large and one too many, saying why, before anything is sent', async () => {
    const { el, fake } = await page({ accept: 'image/*, .pdf', maxFileSize: 1000, maxAttachments: 2 });
    expect(shadow(el).querySelector('#files')!.getAttribute('accept')).to.equal('image/*, .pdf');
    await choose(el, [new File(['a,b'], 'table.csv', { type: 'text/csv' }), pdf('big.pdf', 1500), png(), pdf(), pdf('third.pdf')]);
    const alert = part(el, 'attachment-error')!;
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(alert.textContent).to.equal(
      'table.csv: this type of file is not accepted. big.pdf is 1.5kB: too large (at most 1kB). third.pdf: too many files (at most 2).',
    );
    expect(chipTexts(part(el, 'composer')!)).to.deep.equal([`dot.png ${PNG_BYTES.length}B`, 'paper.pdf 120B']);
    await expect(el).to.be.accessible();
    parts(el, 'attachment-remove-button')[0].click();
    await el.updateComplete;
    expect(part(el, 'attachment-error'), 'the message goes with the next change').to.equal(null);

    // From script: refused files mean nothing is sent, and the reason shows the same way.
    await el.send('Read these', { files: [pdf('huge.pdf', 5000)] });
    await el.updateComplete;
    expect(part(el, 'attachment-error')!.textContent).to.equal('huge.pdf is 5kB: too large (at most 1kB).');
    expect(fake.calls).to.have.length(0);
    expect(el.messages).to.have.length(0);

    // Clear starts over: the refusal goes with the conversation.
    el.clear();
    await el.updateComplete;
    expect(part(el, 'attachment-error'), 'Clear forgets the refusal').to.equal(null);
  });

  it('refuses files too large together (max-attachments-size)', async () => {
    const { el } = await page();
    el.maxAttachmentsSize = 200;
    await choose(el, [pdf('a.pdf'), pdf('b.pdf')]);
    expect(part(el, 'attachment-error')!.textContent).to.equal('b.pdf: too large with the others (at most 200B together).');
  });

  it('sends files from script; later turns refer to them by name, type and size, without the bytes', async () => {
    const { el, fake } = await page();
    const first = await answer(fake, el.send('What is this?', { files: [png()] }));
    expect(first.attachments).to.have.length(1);
    const second = await answer(fake, el.send('And now?'));
    expect(second.attachments).to.equal(undefined);
    expect(second.history).to.deep.equal([
      { role: 'user', content: 'What is this?', attachments: [{ name: 'dot.png', type: 'image/png', size: PNG_BYTES.length }] },
      { role: 'assistant', content: 'Seen.' },
    ]);
  });

  it('resends the files with Retry', async () => {
    const { el, fake } = await page();
    const finished = el.send('What is this?', { files: [png()] });
    const call = await fake.nextCall();
    call.response.send({ message: 'busy', code: 'overloaded' }, 'error');
    call.response.close();
    await finished;
    const retried = await answer(fake, el.retry());
    expect(retried.attachments.map((file: { name: string }) => file.name)).to.deep.equal(['dot.png']);
  });

  it('stores names, types and sizes with the conversation, never the bytes', async () => {
    const { el, fake } = await page({ persist: 'local' });
    await answer(fake, el.send('What is this?', { files: [png()] }));
    await aTimeout(SAVE_DELAY_MS + 50);
    const key = Object.keys(localStorage).find(name => name.includes(endpoint))!;
    const stored = localStorage.getItem(key)!;
    expect(stored).to.include('"attachments":[{"name":"dot.png","type":"image/png","size":' + PNG_BYTES.length + '}]');
    expect(stored).not.to.include(base64(PNG_BYTES));
    expect(stored).not.to.include('"data"');

    const restored = await page({ persist: 'local' });
    await until(() => restored.el.messages.length === 2);
    await restored.el.updateComplete;
    expect(restored.el.messages[0].attachments).to.deep.equal([{ name: 'dot.png', type: 'image/png', size: PNG_BYTES.length }]);
    expect(chipTexts(part(restored.el, 'message-user')!)).to.deep.equal([`dot.png ${PNG_BYTES.length}B`]);
  });
});
