// Windows high contrast (forced colours): backgrounds give way to system colours, so whatever has its shape or state
// only from a background needs a border or a system colour of its own.
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import type { SseChat } from '../../src/sse-chat.js';
import { chatFixture, part } from '../helpers/chat-fixture.js';
import { until } from '../helpers/fake-sse.js';

const forcedColors = (active: boolean) => executeServerCommand('forced-colors', { active });
const outlined = (node: Element) => {
  const style = getComputedStyle(node);
  return parseFloat(style.borderTopWidth) > 0 && style.borderTopStyle !== 'none' && style.borderTopColor !== style.backgroundColor;
};

describe('<sse-chat> in forced colours', () => {
  before(async () => {
    await forcedColors(true);
  });
  after(async () => {
    await forcedColors(false);
  });

  it('emulates forced colours', () => {
    expect(matchMedia('(forced-colors: active)').matches).to.equal(true);
  });

  it('keeps progress bars visible, user bubbles outlined and Send/Stop round buttons', async () => {
    const { el, fake } = await chatFixture();
    const input = part<HTMLTextAreaElement>(el, 'input')!;
    input.value = 'Hi';
    input.dispatchEvent(new InputEvent('input'));
    await el.updateComplete;
    expect(outlined(part(el, 'send-button')!), 'Send keeps its shape').to.equal(true);
    void el.send('Index the docs');
    const call = await fake.nextCall();
    call.response.send({ id: 'index', label: 'Indexing', progress: { value: 40, max: 100 } }, 'step');
    await until(() => part(el, 'step-progress') !== null, 2000, 'progress bar');
    const track = part(el, 'step-progress')!;
    const bar = track.querySelector('.bar')!;
    expect(outlined(track), 'the track has an edge').to.equal(true);
    expect(getComputedStyle(bar).backgroundColor, 'the filled part differs from the track').not.to.equal(getComputedStyle(track).backgroundColor);
    expect(outlined(part(el, 'stop-button')!), 'Stop keeps its shape').to.equal(true);
    expect(outlined(part(el, 'bubble')!), 'the user bubble is outlined').to.equal(true);
    el.stop();
  });

  it('keeps the launcher round button a visible circle', async () => {
    const el = await fixture<SseChat>(html`<sse-chat layout="launcher"></sse-chat>`);
    expect(outlined(part(el, 'launcher')!)).to.equal(true);
  });
});
