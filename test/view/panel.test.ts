import { expect } from '@open-wc/testing';
import { defaultStrings } from '../../src/view/strings.js';
import { clearButton, jumpButton, launcherButton, panelHeader } from '../../src/view/panel.js';
import { rendered, text, viewContext } from '../helpers/view-context.js';

describe('view/panel', () => {
  it('the launcher button keeps its name and says whether the panel it controls is open', () => {
    const { view, calls } = viewContext();
    const closed = rendered(launcherButton(view, { open: false, modal: false })).querySelector<HTMLButtonElement>('[part="launcher"]')!;
    expect([closed.getAttribute('aria-label'), closed.getAttribute('aria-expanded'), closed.getAttribute('aria-controls')]).to.deep.equal([
      defaultStrings.launcherLabel,
      'false',
      'panel',
    ]);
    expect(closed.inert).to.equal(false);
    const open = rendered(launcherButton(view, { open: true, modal: false })).querySelector('[part="launcher"]')!;
    expect(open.getAttribute('aria-expanded')).to.equal('true');
    expect(open.getAttribute('aria-label')).to.equal(defaultStrings.launcherLabel);
    closed.click();
    expect(calls).to.deep.equal(['handleLauncherClick']);
  });

  it('the launcher button is out of reach under a modal panel', () => {
    const { view } = viewContext();
    expect(rendered(launcherButton(view, { open: true, modal: true })).querySelector<HTMLButtonElement>('[part="launcher"]')!.inert).to.equal(true);
  });

  it('the title bar offers the header slot with a default title, and a named close button', () => {
    const { view, calls } = viewContext();
    const header = rendered(panelHeader(view));
    expect(text(header.querySelector('slot[name="header"]'))).to.equal(defaultStrings.panelLabel);
    const close = header.querySelector<HTMLButtonElement>('[part="close-button"]')!;
    expect(close.getAttribute('aria-label')).to.equal(defaultStrings.closeLabel);
    close.click();
    // It only shows while the panel is open, so the launcher's toggle closes it.
    expect(calls).to.deep.equal(['handleLauncherClick']);
  });

  it('jump and clear call their handlers', () => {
    const { view, calls } = viewContext();
    const jump = rendered(jumpButton(view)).querySelector<HTMLButtonElement>('[part="jump-button"]')!;
    expect(text(jump)).to.equal(defaultStrings.jumpToLatest);
    jump.click();
    rendered(clearButton(view), view).querySelector<HTMLButtonElement>('[part="clear-button"]')!.click();
    expect(calls).to.deep.equal(['handleJumpClick', 'handleClearClick']);
  });
});
