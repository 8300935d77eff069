import { aTimeout, expect } from '@open-wc/testing';
import type { ReactiveController } from 'lit';
import { AttachmentsController, type AttachmentsHost } from '../../src/controllers/attachments-controller.js';

const file = (name: string, size: number, type = '') => new File([new Uint8Array(size)], name, { type });
const names = (files: readonly File[]) => files.map(each => each.name);
const transfer = (...files: File[]) => {
  const data = new DataTransfer();
  for (const each of files) data.items.add(each);
  return data;
};

describe('AttachmentsController', () => {
  /** A bare host with the element's limits; the tests play its connection by calling the controller's hooks. */
  function setup(fields: Partial<AttachmentsHost> = {}) {
    const controllers: ReactiveController[] = [];
    const state = { updates: 0 };
    const host = {
      attachments: true,
      accept: undefined,
      maxFileSize: 1000,
      maxAttachmentsSize: 1500,
      maxAttachments: 3,
      isConnected: true,
      addController: (controller: ReactiveController) => controllers.push(controller),
      removeController: () => {},
      requestUpdate: () => void state.updates++,
      updateComplete: Promise.resolve(true),
      ...fields,
    } as AttachmentsHost;
    const controller = new AttachmentsController(host);
    return { controller, controllers, host, state };
  }

  /** Records the object URLs revoked while `run` runs. */
  async function revokedDuring(run: () => unknown) {
    const revoke = URL.revokeObjectURL;
    const revoked: string[] = [];
    URL.revokeObjectURL = url => {
      revoked.push(url);
      revoke(url);
    };
    try {
      await run();
    } finally {
      URL.revokeObjectURL = revoke;
    }
    return revoked;
  }

  it('attaches files as far as the limits allow, names the refused ones, and renders again', () => {
    const { controller, controllers, state } = setup();
    expect(controllers).to.deep.equal([controller]);
    controller.add([file('a.txt', 900), file('huge.bin', 1001), file('b.txt', 500), file('c.txt', 200)]);
    expect(names(controller.files)).to.deep.equal(['a.txt', 'b.txt']);
    expect(controller.refused.map(({ file, reason }) => [file.name, reason])).to.deep.equal([
      ['huge.bin', 'fileTooLarge'],
      ['c.txt', 'filesTooLarge'],
    ]);
    expect(state.updates).to.be.greaterThan(0);
    controller.add([file('d.txt', 1)]);
    expect(names(controller.files), 'added to those attached').to.deep.equal(['a.txt', 'b.txt', 'd.txt']);
    expect(controller.refused, 'a new attempt forgets the last refusal').to.deep.equal([]);
  });

  it('checks files given to send() without attaching them', () => {
    const { controller } = setup({ accept: 'image/*' });
    expect(controller.allows([file('a.png', 1, 'image/png')])).to.equal(true);
    expect(controller.allows([file('a.png', 1, 'image/png'), file('b.txt', 1, 'text/plain')])).to.equal(false);
    expect(controller.refused.map(({ file }) => file.name)).to.deep.equal(['b.txt']);
    expect(controller.files).to.deep.equal([]);
  });

  it('makes a thumbnail for each image, and revokes it when its file is removed or the files are sent', async () => {
    const { controller } = setup();
    controller.add([file('a.png', 10, 'image/png'), file('notes.txt', 10, 'text/plain'), file('b.jpg', 10, 'image/jpeg')]);
    const [first, none, last] = [0, 1, 2].map(controller.thumbnail);
    expect([first, last].every(url => url?.startsWith('blob:'))).to.equal(true);
    expect(none).to.equal(undefined);
    expect(await revokedDuring(() => controller.remove(0))).to.deep.equal([first]);
    expect(names(controller.files)).to.deep.equal(['notes.txt', 'b.jpg']);
    expect(controller.thumbnail(1)).to.equal(last);
    expect(await revokedDuring(() => controller.clear())).to.deep.equal([last]);
  });

  it('releases the thumbnails once the element is out of the page, keeps them for a move, and makes them again when it is back', async () => {
    const { controller, host } = setup();
    controller.add([file('a.png', 10, 'image/png')]);
    const url = controller.thumbnail(0);
    // Moved: out and back in within the task.
    expect(await revokedDuring(() => (controller.hostDisconnected(), aTimeout(0)))).to.deep.equal([]);
    (host as { isConnected: boolean }).isConnected = false;
    expect(await revokedDuring(() => (controller.hostDisconnected(), aTimeout(0)))).to.deep.equal([url]);
    expect(names(controller.files), 'the files stay attached').to.deep.equal(['a.png']);
    (host as { isConnected: boolean }).isConnected = true;
    controller.hostConnected();
    expect(controller.thumbnail(0)).to.match(/^blob:/).and.not.equal(url);
  });

  it('takes files from the picker, a paste and a drop; without `attachments`, a drop is left to the browser', () => {
    const { controller } = setup();
    const picker = document.createElement('input');
    picker.type = 'file';
    picker.files = transfer(file('picked.txt', 1)).files;
    picker.addEventListener('change', event => controller.receive(event));
    picker.dispatchEvent(new Event('change'));
    expect(picker.value, 'the same file can be chosen again').to.equal('');
    const pasted = new ClipboardEvent('paste', { clipboardData: transfer(file('pasted.png', 1, 'image/png')), cancelable: true });
    controller.receive(pasted);
    const over = new DragEvent('dragover', { dataTransfer: transfer(file('dropped.txt', 1)), cancelable: true });
    controller.receive(over);
    controller.receive(new DragEvent('drop', { dataTransfer: transfer(file('dropped.txt', 1)), cancelable: true }));
    expect(names(controller.files)).to.deep.equal(['picked.txt', 'pasted.png', 'dropped.txt']);
    expect([pasted.defaultPrevented, over.defaultPrevented]).to.deep.equal([true, true]);

    const off = setup({ attachments: false }).controller;
    const drop = new DragEvent('drop', { dataTransfer: transfer(file('dropped.txt', 1)), cancelable: true });
    off.receive(drop);
    expect([off.files.length, drop.defaultPrevented]).to.deep.equal([0, false]);
  });
});
