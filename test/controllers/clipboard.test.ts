import { expect } from '@open-wc/testing';
import { copyText } from '../../src/controllers/clipboard.js';

describe('copyText', () => {
  const clipboard = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard')!;
  afterEach(() => {
    Object.defineProperty(Navigator.prototype, 'clipboard', clipboard);
    delete (navigator as { clipboard?: unknown }).clipboard;
  });
  const stubClipboard = (value: unknown) => Object.defineProperty(navigator, 'clipboard', { value, configurable: true });

  it('writes through the Clipboard API', async () => {
    const written: string[] = [];
    stubClipboard({ writeText: async (text: string) => void written.push(text) });
    expect(await copyText('**md**')).to.equal(true);
    expect(written).to.deep.equal(['**md**']);
  });

  it('resolves false, without throwing, when the Clipboard API refuses', async () => {
    stubClipboard({ writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) });
    expect(await copyText('x')).to.equal(false);
  });

  it('falls back to a hidden textarea and execCommand only when the Clipboard API is missing, restoring focus', async () => {
    stubClipboard(undefined);
    const button = document.createElement('button');
    document.body.append(button);
    button.focus();
    const execCommand = document.execCommand;
    let copied: string | undefined;
    document.execCommand = (command: string) => {
      copied = command === 'copy' ? (document.activeElement as HTMLTextAreaElement).value : undefined;
      return true;
    };
    try {
      expect(await copyText('fallback')).to.equal(true);
    } finally {
      document.execCommand = execCommand;
    }
    expect(copied).to.equal('fallback');
    expect(document.querySelector('textarea')).to.equal(null);
    expect(document.activeElement === button).to.equal(true);
    button.remove();
  });
});
