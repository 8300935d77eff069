import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { SseChat } from '../../src/sse-chat.js';
import { ErrorCode } from '../../src/transport/error-code.js';
import { defaultStrings } from '../../src/view/strings.js';
import { part, recordEvents } from '../helpers/chat-fixture.js';
import { createFakeFetch } from '../helpers/fake-sse.js';

const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/**
 * A page's own mistakes (no endpoint, an endpoint that is no URL, a header the browser refuses, its `headers()` or
 * `buildBody()` throwing) are `setup` errors, not the network's: nothing was sent, and a retry cannot mend them.
 */
describe('<sse-chat> setup errors', () => {
  const cases: [string, (el: SseChat) => void, RegExp][] = [
    ['no endpoint is set', el => (el.endpoint = ''), /no endpoint/i],
    ['the endpoint is not a URL', el => (el.endpoint = 'http://[::1'), /url/i],
    ['a header name the browser refuses', el => (el.headers = { 'bad name': 'x' }), /.+/],
    ['headers() throws', el => (el.headers = () => { throw new Error('no token'); }), /no token/],
    ['headers() rejects', el => (el.headers = () => Promise.reject(new Error('no token'))), /no token/],
    ['buildBody() throws', el => (el.buildBody = () => { throw new Error('bad body'); }), /bad body/],
    ['buildBody() returns what JSON cannot hold', el => (el.buildBody = () => { const body: Record<string, unknown> = {}; body.self = body; return body; }), /circular/i],
  ];
  for (const [what, breakSetup, message] of cases) {
    it(`${what}: a setup error, not retryable, in the event and on screen`, async () => {
      const fake = createFakeFetch();
      const el = await fixture<SseChat>(html`<sse-chat dialect="sse-chat" endpoint="/setup" .fetch=${fake.fetch}></sse-chat>`);
      if (what === 'the endpoint is not a URL') el.fetch = undefined; // the browser's own fetch judges the URL
      breakSetup(el);
      const recorder = recordEvents();
      try {
        await el.send('Hi');
        await el.updateComplete;
        const error = el.messages[1].error!;
        expect(error).to.include({ code: ErrorCode.Setup, retryable: false });
        expect(error.message).to.match(message);
        const detail = recorder.events.find(event => event.type === 'sse-chat-error')!.detail as { error: { code: string } };
        expect(detail.error.code).to.equal(ErrorCode.Setup);
        expect(fake.calls).to.have.length(0);
        expect(text(part(el, 'error'))).to.include(defaultStrings.errorSetup);
        expect(part(el, 'retry-button')).to.equal(null);
      } finally {
        recorder.dispose();
      }
    });
  }

  it('a file that cannot be read: a file error, not the network', async () => {
    const fake = createFakeFetch();
    const el = await fixture<SseChat>(html`<sse-chat dialect="sse-chat" endpoint="/setup" attachments .fetch=${fake.fetch}></sse-chat>`);
    const original = FileReader.prototype.readAsDataURL;
    FileReader.prototype.readAsDataURL = function (this: FileReader) {
      setTimeout(() => this.onerror?.(new ProgressEvent('error') as ProgressEvent<FileReader>));
    };
    try {
      await el.send('Hi', { files: [new File(['x'], 'gone.txt')] });
    } finally {
      FileReader.prototype.readAsDataURL = original;
    }
    await el.updateComplete;
    expect(el.messages[1].error).to.include({ code: ErrorCode.File, retryable: false, message: 'Could not read gone.txt.' });
    expect(fake.calls).to.have.length(0);
    expect(text(part(el, 'error'))).to.include(defaultStrings.errorFile);
  });
});
