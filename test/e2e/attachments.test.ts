// End to end: files attached in the real element reach a real HTTP server on 127.0.0.1 in each dialect's own shape.
// The server records the exact request body and, where a real library reads the format (AG-UI's schema, the AI
// SDK's UI messages, LangChain's message classes), what that library made of it.
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import type { SseChat } from '../../src/sse-chat.js';

interface Captured {
  dialect: string;
  body: any;
  read?: any;
}

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const PDF_TEXT = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
const PDF = btoa(PDF_TEXT);
const PNG_SIZE = atob(PNG).length;
const png = () => new File([Uint8Array.from(atob(PNG), c => c.charCodeAt(0))], 'dot.png', { type: 'image/png' });
const pdf = () => new File([PDF_TEXT], 'paper.pdf', { type: 'application/pdf' });
const TEXT = 'Describe these';
const pngUrl = `data:image/png;base64,${PNG}`;
const pdfUrl = `data:application/pdf;base64,${PDF}`;
const NOTE = `[Attached: dot.png (image/png, ${PNG_SIZE} bytes), paper.pdf (application/pdf, ${PDF_TEXT.length} bytes)]`;

const langChainContent = [
  { type: 'image', mimeType: 'image/png', data: PNG, metadata: { filename: 'dot.png' } },
  { type: 'file', mimeType: 'application/pdf', data: PDF, metadata: { filename: 'paper.pdf' } },
  { type: 'text', text: TEXT },
];

/** The exact body each dialect sends for TEXT with dot.png and paper.pdf attached (session `s-1`, model `m`). */
const expected: Record<string, unknown> = {
  'sse-chat': {
    message: TEXT,
    session_id: 's-1',
    history: [],
    attachments: [
      { name: 'dot.png', type: 'image/png', size: PNG_SIZE, data: PNG },
      { name: 'paper.pdf', type: 'application/pdf', size: PDF_TEXT.length, data: PDF },
    ],
  },
  'openai-chat': {
    model: 'm',
    messages: [{ role: 'user', content: [
      { type: 'image_url', image_url: { url: pngUrl } },
      { type: 'file', file: { filename: 'paper.pdf', file_data: pdfUrl } },
      { type: 'text', text: TEXT },
    ] }],
    stream: true,
    stream_options: { include_usage: true },
  },
  'openai-responses': {
    model: 'm',
    input: [{ role: 'user', content: [
      { type: 'input_image', image_url: pngUrl, detail: 'auto' },
      { type: 'input_file', filename: 'paper.pdf', file_data: pdfUrl },
      { type: 'input_text', text: TEXT },
    ] }],
    stream: true,
  },
  anthropic: {
    model: 'm',
    max_tokens: 4096,
    stream: true,
    messages: [{ role: 'user', content: [
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: PDF }, title: 'paper.pdf' },
      { type: 'text', text: TEXT },
    ] }],
  },
  gemini: {
    contents: [{ role: 'user', parts: [
      { inline_data: { mime_type: 'image/png', data: PNG } },
      { inline_data: { mime_type: 'application/pdf', data: PDF } },
      { text: TEXT },
    ] }],
  },
  'vercel-ai': {
    id: 's-1',
    messages: [{ id: 's-1-user-0', role: 'user', parts: [
      { type: 'file', mediaType: 'image/png', filename: 'dot.png', url: pngUrl },
      { type: 'file', mediaType: 'application/pdf', filename: 'paper.pdf', url: pdfUrl },
      { type: 'text', text: TEXT },
    ] }],
    trigger: 'submit-message',
  },
  'ag-ui': {
    threadId: 's-1',
    runId: '(fresh)',
    messages: [{ id: '(fresh)', role: 'user', content: [
      { type: 'image', source: { type: 'data', value: PNG, mimeType: 'image/png' }, metadata: { filename: 'dot.png' } },
      { type: 'document', source: { type: 'data', value: PDF, mimeType: 'application/pdf' }, metadata: { filename: 'paper.pdf' } },
      { type: 'text', text: TEXT },
    ] }],
    tools: [],
    context: [],
    state: {},
    forwardedProps: {},
  },
  langchain: { input: [{ type: 'human', content: langChainContent }], config: {}, kwargs: {} },
  langgraph: { assistant_id: 'm', input: { messages: [{ role: 'user', content: langChainContent }] }, stream_mode: ['messages-tuple', 'values'] },
  tgi: { inputs: `User: ${TEXT}\n\n${NOTE}\nAssistant:`, parameters: { max_new_tokens: 1024 } },
};

/** AG-UI's ids are fresh per run: compared by shape. */
function withoutFreshIds(body: any) {
  return body.runId ? { ...body, runId: '(fresh)', messages: body.messages.map((message: object) => ({ ...message, id: '(fresh)' })) } : body;
}

describe('e2e: attachments in each dialect', function () {
  let server: { id: string; url: string };
  before(async () => {
    server = (await executeServerCommand('real-backend', { action: 'start', kind: 'capture' })) as { id: string; url: string };
  });
  after(() => executeServerCommand('real-backend', { action: 'stop', id: server.id }));
  const log = () => executeServerCommand('real-backend', { action: 'log', id: server.id }) as Promise<Captured[]>;

  /** Attaches the files through the file picker, types the question and clicks Send, as a reader would. */
  async function sendThroughComposer(el: SseChat) {
    const root = el.shadowRoot!;
    const picker = root.querySelector<HTMLInputElement>('#files')!;
    const transfer = new DataTransfer();
    for (const file of [png(), pdf()]) transfer.items.add(file);
    picker.files = transfer.files;
    picker.dispatchEvent(new Event('change', { bubbles: true }));
    const box = root.querySelector<HTMLTextAreaElement>('#input')!;
    box.value = TEXT;
    box.dispatchEvent(new InputEvent('input', { bubbles: true }));
    await el.updateComplete;
    const ended = new Promise(resolve => el.addEventListener('sse-chat-error', resolve, { once: true }));
    root.querySelector<HTMLButtonElement>('[part~="send-button"]')!.click();
    await ended; // the capture server answers with an empty stream
  }

  for (const dialect of Object.keys(expected)) {
    it(`${dialect}: the files in the vendor's own shape, as its library reads them`, async () => {
      const el = await fixture<SseChat>(html`<sse-chat endpoint=${`${server.url}/${dialect}`} dialect=${dialect} model="m" session-id="s-1" attachments></sse-chat>`);
      const before = (await log()).length;
      await sendThroughComposer(el);
      const [first] = (await log()).slice(before);
      expect(withoutFreshIds(first.body)).to.deep.equal(expected[dialect]);

      if (dialect === 'ag-ui') expect(first.read).to.deep.equal({ valid: true });
      if (dialect === 'vercel-ai') {
        const content = first.read.model[0].content;
        expect(content.map((part: { type: string; mediaType?: string }) => `${part.type} ${part.mediaType ?? ''}`.trim())).to.deep.equal([
          'file image/png',
          'file application/pdf',
          'text',
        ]);
      }
      if (dialect === 'langchain' || dialect === 'langgraph') {
        expect(first.read.blocks[0].map((block: { type: string; mimeType?: string }) => `${block.type} ${block.mimeType ?? ''}`.trim())).to.deep.equal([
          'image image/png',
          'file application/pdf',
          'text',
        ]);
      }
    });
  }
});

describe('e2e: attachments against the demo server', function () {
  it('the answer names the files it received and quotes the matching line of the text file', async () => {
    const { id, url } = (await executeServerCommand('demo-server', { action: 'start' })) as { id: string; url: string };
    try {
      const el = await fixture<SseChat>(html`<sse-chat endpoint=${`${url}/api/chat`} attachments></sse-chat>`);
      const notes = new File(['Groceries\nTo stop a stream, press Escape\nThe end\n'], 'notes.txt', { type: 'text/plain' });
      await el.send('How do I stop a stream?', { files: [notes, png()] });
      await el.updateComplete;
      const answer = el.messages[1];
      expect(answer.status, answer.error?.message).to.equal('done');
      expect(answer.text).to.include(`**Received 2 files:** \`notes.txt\` (text/plain, 49 bytes), \`dot.png\` (image/png, ${PNG_SIZE} bytes).`);
      expect(answer.text).to.include('> 2: To stop a stream, press Escape');
      const content = el.shadowRoot!.querySelector('[part~="content"]')!;
      expect(content.querySelector('blockquote')?.textContent).to.include('To stop a stream, press Escape');
      expect(Array.from(el.shadowRoot!.querySelectorAll('[part~="message-user"] [part="attachment-name"]'), name => name.textContent)).to.deep.equal(['notes.txt', 'dot.png']);
      await expect(el).to.be.accessible();
    } finally {
      await executeServerCommand('demo-server', { action: 'stop', id });
    }
  });
});
