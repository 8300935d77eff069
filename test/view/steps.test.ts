import { expect } from '@open-wc/testing';
import { createAssistantMessage, type ChatMessage, type ChatStep } from '../../src/state/message.js';
import { DisplayLimit } from '../../src/view/display-text.js';
import { rememberStepsToggle, stepsPanel } from '../../src/view/steps.js';
import { markup, rendered, text, viewContext } from '../helpers/view-context.js';

const answer = (steps: ChatStep[], fields: Partial<ChatMessage> = {}): ChatMessage => ({ ...createAssistantMessage(0), id: 'a1', status: 'streaming', steps, ...fields });

describe('view/steps', () => {
  it('renders nothing for an answer without steps', () => {
    const { view } = viewContext();
    expect(markup(rendered(stepsPanel(view, answer([]), new Map())).querySelector('details'))).to.equal(null);
  });

  it('counts the steps and times the whole run, with the running one timed to now', () => {
    const { view } = viewContext({ now: 4500 });
    const steps: ChatStep[] = [
      { id: '1', label: 'Searching', status: 'done', startedAt: 1000, endedAt: 2000 },
      { id: '2', label: 'Reading', status: 'active', startedAt: 2000 },
    ];
    const panel = rendered(stepsPanel(view, answer(steps), new Map())).querySelector('details')!;
    expect(text(panel.querySelector('summary'))).to.equal('2 steps · 3.5s');
    expect(panel.querySelector('summary')!.dataset.status).to.equal('active');
    const items = [...panel.querySelectorAll('[part="step"]')];
    expect(items.map(item => (item as HTMLElement).dataset.status)).to.deep.equal(['done', 'active']);
    expect(text(items[1].querySelector('[part="step-time"]'))).to.equal('2.5s');
  });

  it('is open while the steps are all there is, closed once text starts, unless the reader chose', () => {
    const { view } = viewContext();
    const step: ChatStep = { id: '1', label: 'Searching', status: 'done' };
    const open = (message: ChatMessage, chosen = new Map<string, boolean>()) => rendered(stepsPanel(view, message, chosen)).querySelector('details')!.open;
    expect(open(answer([step]))).to.equal(true);
    expect(open(answer([step], { text: 'The answer' }))).to.equal(false);
    expect(open(answer([step], { text: 'The answer' }), new Map([['a1', true]]))).to.equal(true);
  });

  it('shows progress as a bounded bar with its value, the label as text', () => {
    const { view } = viewContext();
    const steps: ChatStep[] = [{ id: '1', label: '<i>Indexing</i>', status: 'active', progress: { value: 15, max: 10 } }];
    const item = rendered(stepsPanel(view, answer(steps), new Map())).querySelector('[part="step"]')!;
    const bar = item.querySelector('[role="progressbar"]')!;
    expect(bar.getAttribute('aria-valuenow'), 'clamped to the maximum').to.equal('10');
    expect(bar.getAttribute('aria-valuemax')).to.equal('10');
    expect(markup(item.querySelector('i'))).to.equal(null);
    expect(text(item.querySelector('[part="step-label"]'))).to.equal('<i>Indexing</i>');
  });

  it('lists the latest steps only and counts the earlier ones', () => {
    const { view } = viewContext();
    const steps = Array.from({ length: DisplayLimit.items + 3 }, (_, i): ChatStep => ({ id: String(i), label: `Step ${i}`, status: 'done' }));
    const panel = rendered(stepsPanel(view, answer(steps), new Map()));
    const labels = [...panel.querySelectorAll('[part="step-label"]')].map(label => label.textContent);
    expect(labels).to.have.length(DisplayLimit.items);
    expect(labels[0]).to.equal('Step 3');
    expect(text(panel.querySelector('[part="more"]'))).to.equal('+ 3 more');
  });

  it('calls the host on toggle, and rememberStepsToggle keeps only the reader’s own toggles', () => {
    const { view, calls } = viewContext();
    const message = answer([{ id: '1', label: 'Searching', status: 'done' }]);
    const details = rendered(stepsPanel(view, message, new Map())).querySelector('details')!;
    details.dispatchEvent(new Event('toggle'));
    expect(calls).to.deep.equal(['handleStepsToggle']);
    const chosen = new Map<string, boolean>();
    rememberStepsToggle(details, chosen);
    expect(chosen.size, 'open as rendered: not the reader’s choice').to.equal(0);
    details.open = false;
    rememberStepsToggle(details, chosen);
    expect(chosen.get('a1')).to.equal(false);
  });

  it('does not take its own automatic opening for the reader’s when text arrives before the toggle event', () => {
    // The toggle event of a render's `open` comes a task later: by then the answer may have text (not rendered yet),
    // so the automatic state must be judged by what was rendered, not by the answer as it is now.
    const { view } = viewContext();
    const step: ChatStep = { id: '1', label: 'Searching', status: 'active' };
    const details = rendered(stepsPanel(view, answer([step]), new Map())).querySelector('details')!;
    expect(details.open).to.equal(true);
    const chosen = new Map<string, boolean>();
    rememberStepsToggle(details, chosen);
    expect(chosen.size, 'the panel opened by itself').to.equal(0);
  });

  it('keeps the reader’s latest choice when they open and close a panel that has not rendered again', () => {
    // A finished answer's panel is not rendered again on a toggle (its message guard holds), so each toggle is
    // judged against the reader's previous choice.
    const { view } = viewContext();
    const message = answer([{ id: '1', label: 'Searching', status: 'done' }], { text: 'The answer', status: 'done' });
    const details = rendered(stepsPanel(view, message, new Map())).querySelector('details')!;
    const chosen = new Map<string, boolean>();
    details.open = true;
    rememberStepsToggle(details, chosen);
    details.open = false;
    rememberStepsToggle(details, chosen);
    expect(chosen.get('a1')).to.equal(false);
  });
});
