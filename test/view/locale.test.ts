import { expect } from '@open-wc/testing';
import { closestLang } from '../../src/view/locale.js';

describe('locale', () => {
  it('finds the closest lang, crossing the shadow roots the element sits in', () => {
    const page = document.createElement('div');
    page.lang = 'fr';
    const host = document.createElement('div');
    page.append(host);
    const inner = document.createElement('span');
    host.attachShadow({ mode: 'open' }).append(inner);
    expect(closestLang(inner)).to.equal('fr');
    host.shadowRoot!.firstElementChild!.setAttribute('lang', 'de-CH');
    expect(closestLang(inner), 'its own lang first').to.equal('de-CH');
  });

  it('is undefined without a lang, and an empty lang means none', () => {
    expect(closestLang(document.createElement('span'))).to.equal(undefined);
    const unknown = document.createElement('div');
    unknown.setAttribute('lang', '');
    const child = document.createElement('span');
    unknown.append(child);
    expect(closestLang(child)).to.equal(undefined);
  });
});
