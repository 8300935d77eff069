import { aTimeout, expect } from '@open-wc/testing';
import katex from 'katex';
import '../../src/math/index.js';
import { renderFormula } from '../../src/math/math.js';
import { chatFixture, part, parts } from '../helpers/chat-fixture.js';
import { until } from '../helpers/fake-sse.js';
import { expectMathStreamed, HOSTILE_TEX } from './math-fixtures.js';

/** `import 'sse-chat/math'` with the element from the npm entry: formulas streamed token by token, axe, hostile TeX. */

describe('<sse-chat> with sse-chat/math', () => {
  it('streams formulas token by token: maths from the frame each one closes, never TeX after', async () => {
    const { el, fake } = await chatFixture();
    void el.send('Some maths?');
    const call = await fake.nextCall();
    await expectMathStreamed(el, call);
    await expect(el).to.be.accessible();
  });

  it('shows hostile TeX as harmless maths or errors, and stays responsive', async () => {
    const { el, fake } = await chatFixture();
    void el.send('Try to break it');
    const call = await fake.nextCall();
    const durations: number[] = [];
    const observer = new PerformanceObserver(list => list.getEntries().forEach(entry => durations.push(entry.duration)));
    observer.observe({ type: 'longtask' });
    call.response.send({ delta: HOSTILE_TEX }, 'text-delta');
    call.response.send({}, 'done');
    call.response.close();
    await until(() => el.status === 'idle' && parts(el, 'math-error').length > 0, 20_000, 'hostile answer rendered');
    await aTimeout(100);
    observer.disconnect();
    console.info(`hostile TeX: longest task ${Math.round(Math.max(0, ...durations))} ms`);
    // The page's bound (see test/sse-chat/hostile-sizes.test.ts): catches freezes, not a busy machine.
    expect(durations.filter(ms => ms > 6000)).to.deep.equal([]);
    const content = part(el, 'content')!;
    expect(content.querySelector('a, script, img, iframe, [href], [src], [onerror]')).to.equal(null);
    expect(content.querySelectorAll('math').length).to.be.greaterThan(3);
    await expect(el).to.be.accessible();
  });

  it('stays responsive with thousands of unclosed openers and dollars in one paragraph', async () => {
    const { el, fake } = await chatFixture();
    void el.send('Openers');
    const call = await fake.nextCall();
    const durations: number[] = [];
    const observer = new PerformanceObserver(list => list.getEntries().forEach(entry => durations.push(entry.duration)));
    observer.observe({ type: 'longtask' });
    // Just under the shape guard's bracket limit: each `\[` and `\(` looks ahead for its closer.
    const body = '\\[ a '.repeat(900) + '\\( b '.repeat(900) + '$$ c '.repeat(900) + '$5 '.repeat(3000) + 'x'.repeat(20_000);
    for (let i = 0; i < body.length; i += 2000) call.response.send({ delta: body.slice(i, i + 2000) }, 'text-delta');
    call.response.send({}, 'done');
    call.response.close();
    await until(() => el.status === 'idle', 60_000, 'answer done');
    await el.updateComplete;
    await aTimeout(100);
    observer.disconnect();
    console.info(`unclosed openers: longest task ${Math.round(Math.max(0, ...durations))} ms`);
    expect(durations.filter(ms => ms > 6000)).to.deep.equal([]);
    expect(part(el, 'content')!.textContent).to.include('xxxx');
  });
});

describe('<sse-chat> Clear with sse-chat/math', () => {
  it('releases the rendered formulas: after Clear a formula is rendered anew, before it comes from the cache', async () => {
    const source = `$x_{${Math.random().toString(36).slice(2)}}$`;
    let renders = 0;
    const render = katex.render;
    katex.render = (...args) => {
      renders++;
      return render(...args);
    };
    try {
      const { el } = await chatFixture();
      renderFormula(source);
      renderFormula(source);
      expect(renders, 'the second time from the cache').to.equal(1);
      el.clear();
      renderFormula(source);
      expect(renders, 'after Clear, rendered again').to.equal(2);
    } finally {
      katex.render = render;
    }
  });
});
