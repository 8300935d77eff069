import { expect } from '@open-wc/testing';
import { DEFAULT_MESSAGE, DEFAULT_SILENCE_WARNING_MS, DEFAULT_TIMEOUT_MS, parseCheckArgs, type CheckOptions } from '../../src/cli/options.js';

/** The options of a valid command line (fails the test on anything else). */
function options(...argv: string[]): CheckOptions {
  const parsed = parseCheckArgs(argv);
  if (parsed.kind !== 'check') throw new Error(`expected options, got ${JSON.stringify(parsed)}`);
  return parsed.options;
}
/** The message of a usage error. */
function usageError(...argv: string[]): string {
  const parsed = parseCheckArgs(argv);
  if (parsed.kind !== 'usage-error') throw new Error(`expected a usage error, got ${JSON.stringify(parsed)}`);
  return parsed.message;
}

describe('cli/options', () => {
  it('asks for help with no arguments, -h, --help or `help`', () => {
    for (const argv of [[], ['-h'], ['check', 'http://x', '--help'], ['help']]) expect(parseCheckArgs(argv).kind, argv.join(' ')).to.equal('help');
  });

  it('reads a URL with the defaults', () => {
    expect(options('check', 'http://localhost:8000/api/chat')).to.deep.equal({
      url: 'http://localhost:8000/api/chat',
      message: DEFAULT_MESSAGE,
      headers: {},
      dialect: 'auto',
      timeoutMs: DEFAULT_TIMEOUT_MS,
      silenceWarningMs: DEFAULT_SILENCE_WARNING_MS,
      json: false,
      verbose: false,
    });
  });

  it('reads --flag value and --flag=value alike; a later header wins', () => {
    const parsed = options(
      'check',
      '--dialect=openai-chat',
      '--model',
      'gpt-4o',
      '--header',
      'Authorization: Bearer a',
      '--header=Authorization: Bearer b',
      '--timeout=5000',
      '--silence-warning',
      '2000',
      '--data',
      '{"q":1}',
      '--json',
      '--verbose',
      'https://example.com/chat',
    );
    expect(parsed).to.deep.include({ dialect: 'openai-chat', model: 'gpt-4o', timeoutMs: 5000, silenceWarningMs: 2000, data: '{"q":1}', json: true, verbose: true });
    expect(parsed.headers).to.deep.equal({ Authorization: 'Bearer b' });
  });

  it('refuses what it cannot use, saying why', () => {
    expect(usageError('serve')).to.contain('Unknown command "serve"');
    expect(usageError('check')).to.contain('Give the URL');
    expect(usageError('check', 'http://a', 'http://b')).to.contain('give one URL');
    expect(usageError('check', 'localhost:8000')).to.contain('Only http and https');
    expect(usageError('check', '/api/chat')).to.contain('not an absolute URL');
    expect(usageError('check', 'http://a', '--dialect', 'klingon')).to.contain('Unknown dialect "klingon"');
    expect(usageError('check', 'http://a', '--data', '{nope')).to.contain('--data is not valid JSON');
    expect(usageError('check', 'http://a', '--header', 'no colon')).to.contain('--header expects "Name: value"');
    expect(usageError('check', 'http://a', '--timeout', '0')).to.contain('--timeout expects a positive number');
    expect(usageError('check', 'http://a', '--timeout', '1.5')).to.contain('--timeout expects a positive number');
    expect(usageError('check', 'http://a', '--json=yes')).to.contain('--json takes no value');
    expect(usageError('check', 'http://a', '--model')).to.contain('--model needs a value');
    expect(usageError('check', 'http://a', '--color', 'always')).to.contain('Unknown option "--color"');
  });
});
