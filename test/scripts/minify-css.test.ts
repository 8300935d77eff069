import { expect } from '@open-wc/testing';
import { cssLiteralEdits, minifyCss, privatePropertyEdits, privatePropertyNames } from '../../scripts/minify-css.js';
import { controlStyles, messageStyles, shellStyles } from '../../src/sse-chat.styles.js';

/** The element's three sheets as one, in their cascade order. */
const styles = { cssText: [shellStyles, messageStyles, controlStyles].map(sheet => sheet.cssText).join('\n') };

/**
 * How Chromium itself reads a style sheet: every rule as it serializes it. A value holding `var()` is kept as
 * written, token for token, so the space after a comma shows there; a comma is a token of its own, so that space
 * never separates two tokens, and it is one difference ignored. The other is a number's leading zero in such a value
 * (`0.7` or `.7`: the same number token).
 */
function parsedRules(cssText: string): string[] {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(cssText);
  return [...sheet.cssRules].map(rule => rule.cssText.replace(/,\s+/g, ',').replace(/(^|[\s:,(/*+-])0\.(?=\d)/g, '$1.'));
}

describe('minifyCss (script-tag bundle build)', () => {
  it("leaves the element's styles meaning exactly what they meant: Chromium parses both to the same rules", () => {
    const original = styles.cssText;
    const minified = minifyCss(original);
    expect(minified.length).to.be.lessThan(original.length * 0.8);
    expect(parsedRules(minified)).to.deep.equal(parsedRules(original));
  });

  it('drops comments and needless spaces but keeps strings, calc() operators and descendant combinators', () => {
    const css = `
      /* the list's look */
      .a  .b > .c ,
      .d:hover {
        content: '·  x';
        width: calc(100% - 2 * var(--gap));
        font-family: "Segoe UI" , sans-serif ;
      }
    `;
    expect(minifyCss(css)).to.equal(`.a .b>.c,.d:hover{content:'·  x';width:calc(100% - 2 * var(--gap));font-family:"Segoe UI",sans-serif}`);
  });

  it("drops a number's leading zero and the quotes of an identifier in an attribute selector, nothing else", () => {
    const css = `:host([theme='dark']) [data-x="a b"] { margin: -0.2em 0.5rem 10.5px; width: calc(var(--r) * 0.7); content: '0.5'; }`;
    expect(minifyCss(css)).to.equal(`:host([theme=dark]) [data-x="a b"]{margin:-.2em .5rem 10.5px;width:calc(var(--r) * .7);content:'0.5'}`);
  });

  it('rewrites only plain css`…` literals: interpolated ones hold JS and are left alone', () => {
    const code = 'const a = css`\n  .x {\n    color: red;\n  }\n`;\nconst b = css`.y { color: ${c}; }`;';
    const edits = cssLiteralEdits(code);
    expect(edits).to.have.length(1);
    const [{ start, end, text }] = edits;
    expect(code.slice(0, start) + text + code.slice(end)).to.equal('const a = css`.x{color:red}`;\nconst b = css`.y { color: ${c}; }`;');
  });

  it('gives the private custom properties the styles name short names, everywhere, except the ones to keep', () => {
    const styles = ':host { --_accent: var(--sse-chat-accent, blue); --_danger: red; --_gap-x: 1rem; } .a { color: var(--_accent); width: var(--_fraction, 0); }';
    const names = privatePropertyNames(styles, new Set(['--_danger']));
    expect([...names]).to.deep.equal([['--_accent', '--_0'], ['--_gap-x', '--_1'], ['--_fraction', '--_2']]);
    const code = "const s = css`.b{color:var(--_accent);margin:var(--_gap-x);border-color:var(--_danger)}`; el.style = `--_fraction: ${x}`; const t = 'var(--_accent-2)';";
    const edits = privatePropertyEdits(code, names);
    let renamed = code;
    for (const { start, end, text } of [...edits].reverse()) renamed = renamed.slice(0, start) + text + renamed.slice(end);
    expect(renamed).to.equal("const s = css`.b{color:var(--_0);margin:var(--_1);border-color:var(--_danger)}`; el.style = `--_2: ${x}`; const t = 'var(--_accent-2)';");
  });
});
