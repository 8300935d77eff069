import { expect } from '@open-wc/testing';
import type { SseChat } from '../../src/sse-chat.js';
import { until, type FakeCall } from '../helpers/fake-sse.js';

/** An answer with every kind of formula, currency, code and a broken formula, streamed a few characters at a time. */
export const STREAMED_ANSWER =
  'The identity $e^{i\\pi}+1=0$ costs $5, not $10.\n\n' +
  '$$\n\\int_0^1 x^2\\,dx = \\frac{1}{3}\n$$\n\n' +
  '- inline \\(a_1 + b_1\\) and **bold**\n- display \\[\\sum_{n=1}^{\\infty} \\frac{1}{n^2} = \\frac{\\pi^2}{6}\\]\n\n' +
  'Code stays: `$x$`. Broken: $\\frac{1}{$ end.';

/** The complete formulas of STREAMED_ANSWER, as their sources. */
const FORMULAS = ['$e^{i\\pi}+1=0$', '$$\n\\int_0^1 x^2\\,dx = \\frac{1}{3}\n$$', '\\(a_1 + b_1\\)', '\\[\\sum_{n=1}^{\\infty} \\frac{1}{n^2} = \\frac{\\pi^2}{6}\\]'];

/** Hostile TeX: links, classes, styles, images, huge rules, macro bombs, markup. */
export const HOSTILE_TEX = [
  '$\\href{javascript:alert(1)}{click}$ $\\url{https://evil.example/}$ $\\htmlClass{x}{y}$ $\\htmlStyle{color:red}{y}$',
  '$\\includegraphics{https://evil.example/p.png}$ $\\rule{100000em}{100000em}$ $<script>alert(1)</script>$',
  '$\\def\\a{\\b\\b}\\def\\b{\\c\\c}\\def\\c{\\d\\d}\\def\\d{\\e\\e}\\def\\e{\\f\\f}\\def\\f{xx}\\a\\a\\a\\a\\a\\a\\a\\a\\a\\a\\a\\a\\a\\a$',
  '$' + '{'.repeat(800) + 'x' + '}'.repeat(800) + '$',
  '$\\text{<img src=x onerror=alert(1)>}$ $x^2$ $y_1$ $z$',
].join('\n\n');

/** The last answer's content. */
const content = (el: SseChat) => [...el.shadowRoot!.querySelectorAll('[part~="content"]')].at(-1)!;
/** The answer's text outside its formulas. */
function textOutsideMaths(el: SseChat): string {
  const copy = content(el).cloneNode(true) as Element;
  copy.querySelectorAll('[part="math"], [part="math-display"]').forEach(element => element.remove());
  return copy.textContent ?? '';
}

/**
 * Streams STREAMED_ANSWER into `call` a few characters per event, waiting for each to be rendered, and checks that
 * every formula whose closing delimiter has arrived shows as MathML and never as its TeX; then the finished answer.
 */
export async function expectMathStreamed(el: SseChat, call: FakeCall): Promise<void> {
  let sent = '';
  for (let i = 0; i < STREAMED_ANSWER.length; i += 3) {
    const token = STREAMED_ANSWER.slice(i, i + 3);
    sent += token;
    call.response.send({ delta: token }, 'text-delta');
    await until(() => el.messages.at(-1)?.text === sent, 10_000, `token ${i}`);
    // Rendered once per frame (or within 100 ms without frames): polled, not awaited, on a busy machine.
    const complete = FORMULAS.filter(source => sent.includes(source));
    const shown = () => content(el).querySelectorAll('[part="math"], [part="math-display"]').length;
    await until(() => shown() === complete.length, 10_000, `${complete.length} formulas after ${JSON.stringify(sent)}`);
    await el.updateComplete;
    const outside = textOutsideMaths(el);
    for (const source of complete) expect(outside, JSON.stringify(sent)).not.to.include(source.slice(2, -2).trim());
  }
  call.response.send({}, 'done');
  call.response.close();
  await until(() => el.status === 'idle', 10_000, 'answer done');
  await el.updateComplete;
  expect(content(el).querySelectorAll('[part="math"]').length).to.equal(2);
  expect(content(el).querySelectorAll('[part="math-display"]').length).to.equal(2);
  expect(content(el).querySelectorAll('[part="math-error"]').length).to.equal(1);
  expect(textOutsideMaths(el)).to.include('costs $5, not $10.');
  expect(content(el).querySelector('code')!.textContent).to.equal('$x$');
}
