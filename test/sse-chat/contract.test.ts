import { expect } from '@open-wc/testing';
import { readFile } from '@web/test-runner-commands';
import { chatFixture, part, shadow } from '../helpers/chat-fixture.js';
import { until } from '../helpers/fake-sse.js';
import type { SseChat } from '../../src/sse-chat.js';

/**
 * The class JSDoc is the public contract: every `@csspart` must be rendered in some state and every rendered part
 * documented; every `@cssprop` must be read by the styles and every `--sse-chat-*` the styles read documented.
 */
describe('<sse-chat> documented contract', () => {
  let source = '';
  let styles = '';
  before(async () => {
    source = (await readFile({ path: '../../src/sse-chat.ts' })) ?? '';
    styles = (await readFile({ path: '../../src/sse-chat.styles.ts' })) ?? '';
  });

  const documented = (tag: string, pattern: RegExp) =>
    Array.from(source.matchAll(new RegExp(` \\* @${tag} ${pattern.source}`, 'g')), match => match[1]);
  const partsIn = (el: SseChat) =>
    Array.from(shadow(el).querySelectorAll('[part]')).flatMap(node => node.getAttribute('part')!.split(/\s+/));

  it('renders exactly the documented parts across its states', async () => {
    const seen = new Set<string>();
    // Streaming: cursor and Stop.
    const live = await chatFixture();
    live.el.style.height = '200px';
    const finished = live.el.send('Hi');
    const call = await live.fake.nextCall();
    call.response.send({ id: 's', label: 'Step', detail: 'more', progress: { value: 1, max: 2 } }, 'step');
    call.response.send({ id: 's', status: 'done' }, 'step');
    call.response.send({ delta: 'Answer '.repeat(200) }, 'text-delta');
    call.response.send({ sources: [{ title: 'Linked', url: 'https://example.com/', snippet: 'x', score: 1 }, { title: 'Plain' }] }, 'sources');
    call.response.send({ message: 'Note' }, 'notice');
    await until(() => part(live.el, 'notice') !== null && part(live.el, 'cursor') !== null, 10_000, 'full answer');
    partsIn(live.el).forEach(name => seen.add(name));
    // Scrolled up: jump to latest.
    const scroller = part(live.el, 'messages')!;
    scroller.dispatchEvent(new WheelEvent('wheel', { deltaY: -100 }));
    scroller.scrollTop = 0;
    scroller.dispatchEvent(new Event('scroll'));
    await until(() => part(live.el, 'jump-button') !== null, 10_000, 'jump button');
    partsIn(live.el).forEach(name => seen.add(name));
    // Stopped, then failed with Retry.
    live.el.stop();
    await finished;
    await live.el.updateComplete;
    partsIn(live.el).forEach(name => seen.add(name));
    const failing = await chatFixture({ respond: () => ({ status: 500, text: 'no' }) });
    await failing.el.send('Hi');
    await failing.el.updateComplete;
    partsIn(failing.el).forEach(name => seen.add(name));
    // Done, with a citation and a code block: their links and headers, Copy, thumbs (`feedback`), Regenerate, suggestions.
    const done = await chatFixture();
    done.el.feedback = true;
    const answered = done.el.send('Hi');
    const doneCall = await done.fake.nextCall();
    // 101 sources: the list shows 100 and "+ 1 more".
    doneCall.response.send({ sources: Array.from({ length: 101 }, (_, i) => ({ title: i ? `Doc ${i}` : 'Doc' })) }, 'sources');
    doneCall.response.send({ delta: 'See [1].\n\n```js\nlet x;\n```\n' }, 'text-delta');
    doneCall.response.send({ suggestions: ['More?'] }, 'suggestions');
    doneCall.response.send({}, 'done');
    await answered;
    await until(() => part(done.el, 'code-copy-button') !== null && part(done.el, 'citation') !== null, 10_000, 'decorated answer');
    partsIn(done.el).forEach(name => seen.add(name));
    // A question being edited.
    part(done.el, 'edit-button')!.click();
    await done.el.updateComplete;
    partsIn(done.el).forEach(name => seen.add(name));
    // Attachments: chips with a thumbnail and a remove button in the composer, a refused file's message.
    const attaching = await chatFixture();
    attaching.el.attachments = true;
    attaching.el.maxAttachments = 1;
    await attaching.el.updateComplete;
    const picker = shadow(attaching.el).querySelector<HTMLInputElement>('#files')!;
    const chosen = new DataTransfer();
    chosen.items.add(new File(['x'], 'a.png', { type: 'image/png' }));
    chosen.items.add(new File(['y'], 'b.txt', { type: 'text/plain' }));
    picker.files = chosen.files;
    picker.dispatchEvent(new Event('change'));
    await attaching.el.updateComplete;
    partsIn(attaching.el).forEach(name => seen.add(name));
    // The launcher layout: its button, and the panel's close button.
    const launcher = await chatFixture();
    launcher.el.layout = 'launcher';
    await launcher.el.updateComplete;
    partsIn(launcher.el).forEach(name => seen.add(name));

    const parts = documented('csspart', /([\w-]+) - /);
    expect(parts.length).to.be.greaterThan(20);
    expect([...seen].sort()).to.deep.equal([...new Set(parts)].sort());
  });

  it('reads exactly the documented custom properties, and never declares them on :host', () => {
    const props = documented('cssprop', /\[(--sse-chat-[\w-]+)=/);
    const used = new Set(Array.from(styles.matchAll(/var\((--sse-chat-[\w-]+)/g), match => match[1]));
    expect(props.length).to.be.greaterThan(10);
    expect([...used].sort()).to.deep.equal([...new Set(props)].sort());
    expect(styles).not.to.match(/^\s*--sse-chat-[\w-]+\s*:/m);
  });

  it('documents a default for each custom property that matches the one in the styles', () => {
    for (const [, name, value] of source.matchAll(/ \* @cssprop \[(--sse-chat-[\w-]+)=(.*?)\] - /g)) {
      const read = new RegExp(`var\\(${name}, ([^;]*)\\);`).exec(styles)?.[1];
      expect(read, name).to.be.a('string');
      expect(read!.replace(/'/g, ''), name).to.include(value.split(',')[0].replace(/'/g, ''));
    }
  });
});
