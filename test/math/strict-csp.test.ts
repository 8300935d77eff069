import { expect } from '@open-wc/testing';
import type { SseChat } from '../../src/sse-chat.js';
import { createFakeFetch, until } from '../helpers/fake-sse.js';
// @ts-expect-error a plain ES module without typings, shared with the consumers' strict CSP case
import { STRICT_POLICY } from '../consumers/csp/policy.mjs';

/**
 * The script-tag files under the strict policy the README documents (test/consumers/csp/policy.mjs: no inline
 * style, Trusted Types with only `lit-html` and `sse-chat`): maths, errors, `\pmb`/`\fcolorbox` (KaTeX's only MathML
 * styles) render with no violation. A same-origin iframe whose policy comes from a `<meta>`; built by `npm run build`.
 */

const ANSWER =
  'Inline $x^2$, display $$\\int_0^1 f$$, bold \\(\\pmb{x}\\), boxed $\\fcolorbox{red}{blue}{y}$, ' +
  'coloured $\\color{red}{z}$, broken $\\frac{1}{$ and \\[\\rule{100em}{100em}\\].';

describe('sse-chat.math.js under a strict Content-Security-Policy with Trusted Types', () => {
  it('renders formulas and errors without a single violation', async () => {
    for (const url of ['/dist/sse-chat.bundle.js', '/dist/sse-chat.math.js']) {
      if (!(await fetch(url, { method: 'HEAD' })).ok) throw new Error(`${url} is missing: run \`npm run build\` first`);
    }
    const frame = document.createElement('iframe');
    frame.srcdoc =
      `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="${STRICT_POLICY}">` +
      '<script type="module" src="/dist/sse-chat.bundle.js"></script><script type="module" src="/dist/sse-chat.math.js"></script>' +
      '</head><body><sse-chat endpoint="/api/chat" dialect="sse-chat"></sse-chat></body></html>';
    const loaded = new Promise(resolve => frame.addEventListener('load', resolve, { once: true }));
    document.body.append(frame);
    await loaded;
    const inner = frame.contentWindow!;
    await inner.customElements.whenDefined('sse-chat');
    const violations: string[] = [];
    inner.document.addEventListener('securitypolicyviolation', event => violations.push(`${event.effectiveDirective}: ${event.sample}`));
    const el = inner.document.querySelector('sse-chat') as SseChat;
    const fake = createFakeFetch();
    el.fetch = fake.fetch;
    void el.send('maths');
    const call = await fake.nextCall();
    call.response.send({ delta: ANSWER }, 'text-delta');
    call.response.send({}, 'done');
    call.response.close();
    const content = () => el.shadowRoot!.querySelector('[part~="content"]');
    await until(() => el.status === 'idle' && content()?.querySelectorAll('math').length === 6, 20_000, 'formulas rendered').catch(error => {
      throw new Error(`${error.message}: ${el.status}, ${violations.join(' | ')}, ${content()?.innerHTML.slice(0, 3000)}`);
    });
    expect(content()!.querySelectorAll('[part="math-error"]').length).to.equal(1);
    expect(violations).to.deep.equal([]);
    frame.remove();
  });
});
