import { expect } from '@open-wc/testing';
import {
  defaultStrings,
  errorText,
  formatElapsed,
  formatProgress,
  formatScore,
  formatStepCount,
  formatString,
  resolveStrings,
} from '../../src/view/strings.js';
import { ErrorCode } from '../../src/transport/error-code.js';

describe('UI strings and formatting', () => {
  it('has a message for every error code, and reads unknown server codes as server errors', () => {
    for (const code of Object.values(ErrorCode)) expect(errorText(defaultStrings, code, 500), code).not.to.equal(defaultStrings.errorUnknown);
    expect(errorText(defaultStrings, ErrorCode.Http, 429)).to.equal('The server answered with an error (HTTP 429).');
    expect(errorText(defaultStrings, 'overloaded')).to.equal(defaultStrings.errorServer);
    expect(errorText(defaultStrings, undefined)).to.equal(defaultStrings.errorUnknown);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(formatString('{a} and {b}', { a: 1 })).to.equal('1 and {b}');
  });

  it('merges page strings over the defaults', () => {
    expect(resolveStrings({ send: 'Envoyer' })).to.include({ send: 'Envoyer', stop: 'Stop' });
    expect(resolveStrings(undefined)).to.equal(defaultStrings);
  });

  it('formats elapsed times with tenths only under ten seconds', () => {
    expect(formatElapsed(420, 'en')).to.equal('0.4s');
    expect(formatElapsed(12_600, 'en')).to.equal('12s');
    expect(formatElapsed(125_000, 'en')).to.equal('2m 5s');
    expect(formatElapsed(-5, 'en')).to.equal('0s');
    expect(formatElapsed(1500, 'de')).to.match(/^1,5\s?\S+$/);
  });

  it('formats progress as a percentage out of 100 and as a count otherwise', () => {
    expect(formatProgress(42, 100, defaultStrings, 'en')).to.equal('42%');
    expect(formatProgress(3, 5, defaultStrings, 'en')).to.equal('3 of 5');
    expect(formatScore(0.8765, defaultStrings, 'en')).to.equal('score 0.88');
  });

  it('counts steps with the locale\'s plural rules', () => {
    expect(formatStepCount(1, defaultStrings, 'en')).to.equal('1 step');
    expect(formatStepCount(3, defaultStrings, 'en')).to.equal('3 steps');
    expect(formatStepCount(1200, defaultStrings, 'de')).to.equal('1.200 steps');
    const french = { ...defaultStrings, stepsCountOne: '{count} étape', stepsCountOther: '{count} étapes' };
    expect(formatStepCount(0, french, 'fr')).to.equal('0 étape'); // French counts zero as "one"
  });
});
