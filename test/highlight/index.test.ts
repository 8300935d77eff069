import { expect } from '@open-wc/testing';
import fc, { runs } from '../helpers/fast-check.js';
import { highlight } from '../../src/highlight/index.js';

/** The tokens as `type:text` pairs, plain runs as bare text: what a reader would see coloured. */
const shape = (code: string, language: string) =>
  highlight(code, language)!.map(token => (token.type ? `${token.type}:${token.text}` : token.text));

describe('highlight (sse-chat/highlight)', () => {
  it('colours keywords, calls, strings, numbers, literals and comments in TypeScript', () => {
    expect(shape('const n = parse("42", 10); // why\nreturn null;', 'ts')).to.deep.equal([
      'keyword:const', ' n = ', 'function:parse', '(', 'string:"42"', ', ', 'number:10', '); ', 'comment:// why', '\n',
      'keyword:return', ' ', 'literal:null', ';',
    ]);
  });

  it('knows Python (hash comments, triple-quoted strings) and SQL keywords in any case', () => {
    expect(shape('def f():\n    """doc"""  # note\n    return True', 'python')).to.deep.equal([
      'keyword:def', ' ', 'function:f', '():\n    ', 'string:"""doc"""', '  ', 'comment:# note', '\n    ', 'keyword:return', ' ', 'literal:True',
    ]);
    expect(shape("SELECT id FROM t WHERE name = 'x' -- c", 'sql')).to.deep.equal([
      'keyword:SELECT', ' id ', 'keyword:FROM', ' t ', 'keyword:WHERE', ' name = ', "string:'x'", ' ', 'comment:-- c',
    ]);
  });

  it('marks tags, attributes and values in markup, but not prose between tags', () => {
    expect(shape('<a href="/x">go=on</a><!-- c -->', 'html')).to.deep.equal([
      '<', 'tag:a', ' ', 'attr:href', '=', 'string:"/x"', '>go=on</', 'tag:a', '>', 'comment:<!-- c -->',
    ]);
  });

  it('leaves unknown languages and very long code alone', () => {
    expect(highlight('anything', 'klingon')).to.equal(null);
    expect(highlight('x'.repeat(100_001), 'js')).to.equal(null);
  });

  it('never changes the text: tokens concatenate to the input, for any input and language', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'if', ' ', '"', "'", '`', '\\', '/', '*', '#', '-', '<', '>', '=', '(', '1', '.', '\n', 'x') , maxLength: 60 }),
        fc.constantFrom('js', 'python', 'sql', 'json', 'css', 'html', 'shell', 'c'),
        (code, language) => {
          const tokens = highlight(code, language)!;
          expect(tokens.map(token => token.text).join('')).to.equal(code);
          expect(tokens.every(token => token.text.length > 0)).to.equal(true);
        },
      ),
      { seed: 6, numRuns: runs(400) },
    );
  });
});
