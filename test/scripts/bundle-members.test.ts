import { expect, fixture, html } from '@open-wc/testing';
import type { SseChat } from '../../src/sse-chat.js';
import { loadBuiltBundle } from '../helpers/built-bundle.js';
import { createFakeFetch, until } from '../helpers/fake-sse.js';

/**
 * The script-tag bundle's terser pass renames SseChat's private members (PRIVATE_MEMBERS in vite.config.ts): the
 * composer's draft, editing a question, attached files and their problems, and marked's emphasis, all through the
 * bundle's element (built by `npm run build`; nothing from src/ is imported here).
 */

const part = (el: SseChat, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);

describe('the bundle with its private members renamed', () => {
  before(async function () {
    this.timeout(240_000);
    await loadBuiltBundle();
  });

  it('sends the typed draft, edits a question, and attaches and refuses files', async () => {
    const fake = createFakeFetch();
    const el = await fixture<SseChat>(html`<sse-chat endpoint="/api/chat" dialect="sse-chat" attachments accept=".txt" .fetch=${fake.fetch}></sse-chat>`);
    const input = part(el, 'input') as HTMLTextAreaElement;
    input.value = 'First question';
    input.dispatchEvent(new InputEvent('input'));
    await el.updateComplete;
    part(el, 'send-button')!.click();
    const first = await fake.nextCall();
    expect(first.body).to.include('First question');
    expect((part(el, 'input') as HTMLTextAreaElement).value, 'the draft is emptied').to.equal('');
    first.response.send({ delta: 'An *answer* with **bold** and ~~struck~~ text.' }, 'text-delta');
    first.response.send({}, 'done');
    first.response.close();
    await until(() => el.status === 'idle', 10_000, 'the answer');
    await el.updateComplete;
    // marked's emphasis cache keys are renamed too (PRIVATE_MEMBERS): emphasis and strikethrough still close.
    const answer = el.shadowRoot!.querySelector('[data-role="assistant"] .content')!;
    expect(['em', 'strong', 'del'].map(tag => answer.querySelector(tag)?.textContent)).to.deep.equal(['answer', 'bold', 'struck']);

    part(el, 'edit-button')!.click();
    await el.updateComplete;
    const edit = part(el, 'edit-input') as HTMLTextAreaElement;
    expect(edit.value).to.equal('First question');
    edit.value = 'Edited question';
    edit.dispatchEvent(new InputEvent('input'));
    part(el, 'edit-send-button')!.click();
    const second = await fake.nextCall();
    expect(second.body).to.include('Edited question');
    second.response.send({ delta: 'Another answer.' }, 'text-delta');
    second.response.send({}, 'done');
    second.response.close();
    await until(() => el.status === 'idle', 10_000, 'the second answer');
    await el.updateComplete;
    expect(part(el, 'edit-input'), 'editing ended').to.equal(null);

    const files = el.shadowRoot!.querySelector<HTMLInputElement>('input[type="file"]')!;
    const transfer = new DataTransfer();
    transfer.items.add(new File(['notes'], 'notes.txt', { type: 'text/plain' }));
    transfer.items.add(new File(['x'], 'photo.exe', { type: 'application/octet-stream' }));
    files.files = transfer.files;
    files.dispatchEvent(new Event('change'));
    await until(() => !!part(el, 'attachment-name'), 10_000, 'the attached file');
    await el.updateComplete;
    expect(part(el, 'attachment-name')!.textContent).to.include('notes.txt');
    expect(part(el, 'attachment-error')?.textContent ?? '', 'the refused file named').to.include('photo.exe');

    part(el, 'clear-button')!.click();
    await until(() => el.messages.length === 0, 10_000, 'the conversation cleared');
  });
});
