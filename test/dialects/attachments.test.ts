import { expect } from '@open-wc/testing';
import { buildRequestBody } from '../../src/dialects/index.js';
import { fileInfo, readFile } from '../../src/dialects/attachments.js';
import { ErrorCode } from '../../src/transport/error-code.js';
import { DialectName } from '../../src/dialects/dialect.js';
import { selectHistory } from '../../src/state/history.js';
import { createAssistantMessage, createUserMessage } from '../../src/state/message.js';

/** Attachment shaping that the end-to-end test (test/e2e/attachments.test.ts) does not reach: history, text files. */
describe('dialects: attachments', () => {
  const question = createUserMessage('', 1, [{ name: 'dot.png', type: 'image/png', size: 70 }]);
  const answer = { ...createAssistantMessage(2), text: 'A dot.', status: 'done' as const };
  const history = selectHistory([question, answer], 10);

  it('keeps a question made only of files in history, and sends a note naming them, never their bytes, in every dialect', () => {
    expect(history).to.have.length(2);
    for (const name of Object.values(DialectName)) {
      const sent = JSON.stringify(buildRequestBody(name, { text: 'More?', history, sessionId: 's' }));
      if (['auto', 'sse-chat', 'json', 'text'].includes(name)) {
        expect(sent, name).to.include('"attachments":[{"name":"dot.png","type":"image/png","size":70}]');
      } else {
        expect(sent, name).to.include('[Attached: dot.png (image/png, 70 bytes)]');
      }
    }
  });

  it('sends a text file to Anthropic as a plain-text document, and an SVG as a file, not an image', () => {
    const files = [
      { name: 'notes.txt', type: 'text/plain', size: 6, data: btoa(String.fromCharCode(...new TextEncoder().encode('héllo'))) },
      { name: 'logo.svg', type: 'image/svg+xml', size: 4, data: btoa('<svg') },
    ];
    const anthropic = buildRequestBody('anthropic', { text: '', history: [], sessionId: 's', files }) as { messages: { content: unknown[] }[] };
    expect(anthropic.messages[0].content).to.deep.equal([
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'héllo' }, title: 'notes.txt' },
      { type: 'document', source: { type: 'base64', media_type: 'image/svg+xml', data: btoa('<svg') }, title: 'logo.svg' },
    ]);
    const chat = buildRequestBody('openai-chat', { text: 'x', history: [], sessionId: 's', files }) as { messages: { content: { type: string }[] }[] };
    expect(chat.messages[0].content.map(part => part.type)).to.deep.equal(['file', 'file', 'text']);
  });
});

describe('dialects: reading attached files', () => {
  it('keeps a file\'s name, type and size, and names a type the browser could not', () => {
    expect(fileInfo(new File(['abc'], 'a.txt', { type: 'text/plain' }))).to.deep.equal({ name: 'a.txt', type: 'text/plain', size: 3 });
    expect(fileInfo(new File(['abcd'], 'blob'))).to.deep.equal({ name: 'blob', type: 'application/octet-stream', size: 4 });
  });

  it('reads the bytes as base64', async () => {
    const file = new File([new Uint8Array([0, 255, 104, 105])], 'bytes.bin');
    expect(await readFile(file)).to.deep.equal({ name: 'bytes.bin', type: 'application/octet-stream', size: 4, data: 'AP9oaQ==' });
  });

  it('a file that cannot be read fails with a clear error that a retry will not mend', async () => {
    const broken = new File(['x'], 'gone.txt');
    const original = FileReader.prototype.readAsDataURL;
    FileReader.prototype.readAsDataURL = function (this: FileReader) {
      setTimeout(() => this.onerror?.(new ProgressEvent('error') as ProgressEvent<FileReader>));
    };
    try {
      const error = await readFile(broken).then(() => undefined, (reason: unknown) => reason as { code: string; retryable: boolean; message: string });
      expect(error).to.include({ code: ErrorCode.File, retryable: false, message: 'Could not read gone.txt.' });
    } finally {
      FileReader.prototype.readAsDataURL = original;
    }
  });
});
