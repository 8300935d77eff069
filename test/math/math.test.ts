import { expect } from '@open-wc/testing';
import { math, MAX_FORMULA_LENGTH } from '../../src/math/index.js';
import { renderMarkdown } from '../../src/markdown/render.js';
import { StreamingMarkdown } from '../../src/markdown/streaming-markdown.js';

/** What a reader gets: the markdown rendered and decorated as a chat shows it. */
function shown(markdown: string): HTMLDivElement {
  const div = document.createElement('div');
  const fragment = renderMarkdown(markdown);
  math.decorate(fragment, true);
  div.append(fragment);
  return div;
}

const formulas = (div: Element) => [...div.querySelectorAll('[part="math"], [part="math-display"]')];
/** The TeX a formula was made from (KaTeX keeps it as the annotation). */
const tex = (element: Element) => element.querySelector('annotation')?.textContent;

/** Every element and attribute under `root`, as `tag[attr=value]` strings, for allow-list checks. */
function inventory(root: Element): string[] {
  return [...root.querySelectorAll('*')].flatMap(element => [
    element.localName,
    ...[...element.attributes].map(attribute => `${element.localName}[${attribute.name}=${attribute.value}]`),
  ]);
}

describe('math (sse-chat/math)', () => {
  it('renders $…$ and \\(…\\) inline, $$…$$ and \\[…\\] displayed, as MathML', () => {
    const div = shown('Euler: $e^{i\\pi}+1=0$, also \\(a^2\\).\n\n$$\\int_0^1 x\\,dx$$\n\nand \\[\\sum_{n=1}^\\infty \\frac{1}{n^2}\\]');
    const found = formulas(div);
    expect(found.map(element => element.getAttribute('part'))).to.deep.equal(['math', 'math', 'math-display', 'math-display']);
    expect(found.map(tex)).to.deep.equal(['e^{i\\pi}+1=0', 'a^2', '\\int_0^1 x\\,dx', '\\sum_{n=1}^\\infty \\frac{1}{n^2}']);
    for (const element of found) expect(element.firstElementChild!.namespaceURI).to.equal('http://www.w3.org/1998/Math/MathML');
    expect(found[2]!.querySelector('math')!.getAttribute('display')).to.equal('block');
    expect(found[0]!.querySelector('math')!.getAttribute('display')).to.equal(null);
    // No TeX is left in the text around the formulas.
    expect(div.querySelector('p')!.firstChild!.textContent).to.equal('Euler: ');
    expect(div.textContent).not.to.include('$');
  });

  it('keeps TeX intact where markdown would read it: `*`, `_`, `\\\\`, `\\{`, `<`', () => {
    const div = shown('$a*b*c$ and $x_1 + y_1$ and $\\{a\\} \\\\ b$ and $a<b>c$');
    expect(formulas(div).map(tex)).to.deep.equal(['a*b*c', 'x_1 + y_1', '\\{a\\} \\\\ b', 'a<b>c']);
    expect(div.querySelector('em')).to.equal(null);
  });

  it('lets emphasis wrap a formula but never close inside one', () => {
    const div = shown('*see $a*b$ here* and _then $(x)_{n}$ too_');
    expect([...div.querySelectorAll('em')].map(em => em.textContent!.replace(/\s+/g, ' ').slice(0, 4))).to.deep.equal(['see ', 'then']);
    expect(formulas(div).map(tex)).to.deep.equal(['a*b', '(x)_{n}']);
  });

  it('leaves currency, lone dollars and spaced dollars as text', () => {
    for (const text of ['It costs $5 and $10.', 'From $5-$10 a month', 'a $ b $ c', 'Prices: 5$ and 6$.', 'Pay $$ now', 'A \\$x\\$ escape', '$x$5 apples']) {
      const div = shown(text);
      expect(formulas(div), text).to.deep.equal([]);
      expect(div.querySelector('.math-error'), text).to.equal(null);
    }
  });

  it('never touches code spans or fences', () => {
    const div = shown('Use `$x$` or ``a $y$ b``.\n\n```\n$$z$$ \\(w\\)\n```\n\n```math\nx^2\n```');
    expect(formulas(div)).to.deep.equal([]);
    expect([...div.querySelectorAll('code')].map(code => code.textContent)).to.deep.equal(['$x$', 'a $y$ b', '$$z$$ \\(w\\)\n', 'x^2\n']);
  });

  it('shows bad TeX as its source, styled as an error, with the reason as a tooltip', () => {
    const div = shown('Broken: $\\frac{1}{$ and \\[\\begin{matrix} a\\] ok $x$');
    const errors = [...div.querySelectorAll<HTMLElement>('[part="math-error"]')];
    expect(errors.map(error => error.textContent)).to.deep.equal(['$\\frac{1}{$', '\\[\\begin{matrix} a\\]']);
    expect(errors[0]!.title).to.match(/KaTeX parse error/);
    expect(errors[0]!.style.color).to.include('--_danger');
    expect(formulas(div).map(tex)).to.deep.equal(['x']);
  });

  it('turns hostile TeX into harmless MathML: no links, classes, styles, ids, scripts, or unbounded sizes', () => {
    const hostile = [
      '$\\href{javascript:alert(1)}{click}$',
      '$\\url{https://evil.example/}$',
      '$\\htmlClass{sse-chat-x}{x}$',
      '$\\htmlId{panel}{x}$',
      '$\\htmlStyle{position:fixed;inset:0}{x}$',
      '$\\htmlData{a=b}{x}$',
      '$\\includegraphics{https://evil.example/pixel.png}$',
      '$\\rule{100000em}{100000em}$',
      '$<script>alert(1)</script>$',
      '$\\text{<img src=x onerror=alert(1)>}$',
      '$\\color{url(javascript:alert(1))}{x}$',
      '$\\pmb{x} \\fcolorbox{red}{blue}{y}$',
    ];
    const div = shown(hostile.join('\n\n'));
    const everything = inventory(div);
    expect(everything.filter(entry => /^(a|script|img|style|iframe|object|embed|image)$/.test(entry))).to.deep.equal([]);
    expect(everything.filter(entry => /\[(href|src|style|class|id|on\w+|data-[\w-]+)=/.test(entry) && !/^(code|span)\[(class|part|style|title|tabindex)=/.test(entry) && entry !== 'div[class=blocks]')).to.deep.equal([]);
    expect(everything.filter(entry => /javascript|evil\.example|url\(/.test(entry) && !entry.startsWith('span[title='))).to.deep.equal([]);
    // The spans the plugin built itself carry only its own style: a display block or the error colour.
    for (const span of div.querySelectorAll<HTMLElement>('span[style]')) expect(span.getAttribute('style')).to.match(/^(display: block; overflow-x: auto;|color: var\(--_danger.*\);)$/);
    // \rule is clamped by maxSize (20em).
    const rule = div.querySelector('mspace[width]');
    expect(parseFloat(rule!.getAttribute('width')!)).to.be.at.most(20);
    // `<script>` in TeX is maths text (a relation and letters), never an element.
    expect(div.querySelector('script, img')).to.equal(null);
  });

  it('stops macro bombs and deep nesting, as errors', () => {
    const bomb = '$\\def\\a{\\b\\b}\\def\\b{\\c\\c}\\def\\c{\\d\\d}\\def\\d{\\e\\e}\\def\\e{\\f\\f}\\def\\f{\\g\\g}\\def\\g{xx}\\a\\a\\a\\a\\a\\a\\a\\a\\a\\a$';
    const nested = '$' + '{'.repeat(900) + 'x' + '}'.repeat(900) + '$';
    const div = shown(`${bomb}\n\n${nested}`);
    expect(div.querySelectorAll('[part="math-error"]').length + formulas(div).length).to.equal(2);
    expect(div.querySelector('[part="math-error"]')!.getAttribute('title')).to.match(/Too many expansions/);
    // The expansion limit stopped the bomb (without it, 2^16 macros per \a); no wall-clock bound: a starved page
    // on a busy machine can stretch any.
  });

  it('leaves a formula longer than the limit as text', () => {
    const long = `$${'x+'.repeat(MAX_FORMULA_LENGTH / 2 + 1)}1$`;
    const div = shown(long);
    expect(formulas(div)).to.deep.equal([]);
    expect(div.textContent).to.include('x+x+');
  });

  it('gives a fresh copy each time, so two answers never share nodes', () => {
    const first = shown('$x^2$');
    const second = shown('$x^2$');
    expect(formulas(first)[0]).not.to.equal(formulas(second)[0]);
    expect(formulas(first)[0]!.isEqualNode(formulas(second)[0]!)).to.equal(true);
  });

  it('renders a formula in the frame its closing delimiter arrives, and never shows TeX once it is complete', () => {
    const text = 'Energy $E=mc^2$ and **mass** $$\\int_a^b f(x)\\,dx$$ then \\(\\alpha\\) done.';
    const div = document.createElement('div');
    const view = new StreamingMarkdown(div);
    for (let end = 1; end <= text.length; end++) {
      const prefix = text.slice(0, end);
      view.render(prefix, { streaming: true });
      const complete = ['$E=mc^2$', '$$\\int_a^b f(x)\\,dx$$', '\\(\\alpha\\)'].filter(source => prefix.includes(source));
      expect(formulas(div).length, prefix).to.equal(complete.length);
      const textOutsideMaths = [...div.childNodes].map(node => (node as Element).cloneNode(true) as Element);
      for (const copy of textOutsideMaths) copy.querySelectorAll?.('[part^="math"]').forEach(element => element.remove());
      for (const source of complete) expect(textOutsideMaths.map(node => node.textContent).join(''), prefix).not.to.include(source.slice(1, -1));
    }
    view.render(text);
    expect(formulas(div).map(tex)).to.deep.equal(['E=mc^2', '\\int_a^b f(x)\\,dx', '\\alpha']);
  });

  it('does not take `*` or `_` inside a streaming formula for emphasis to close', () => {
    const div = document.createElement('div');
    const view = new StreamingMarkdown(div);
    view.render('The map $z \\mapsto z^*$ and $(x)_{n}$ are', { streaming: true });
    expect(div.textContent).not.to.match(/[*_]\s*$/);
    view.render('Being typed: $$a_1 + b*', { streaming: true });
    expect(div.querySelector('em')).to.equal(null);
  });
});
