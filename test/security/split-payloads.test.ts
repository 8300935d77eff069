import { expect } from '@open-wc/testing';
import { chatFixture, part, shadow } from '../helpers/chat-fixture.js';
import { nextFrame, until } from '../helpers/fake-sse.js';
import { expectInert, resetPwned } from './inert.js';

/**
 * Markup split across text deltas, through the whole element: each delta is checked once it has been rendered
 * (the answer re-renders its tail per frame, with half-written syntax repaired), and again when the answer is done.
 * A payload that is inert only once complete, or only while incomplete, fails here.
 */
const SPLIT_PAYLOADS: { name: string; deltas: string[] }[] = [
  { name: 'img onerror', deltas: ['Before <img src=x on', `error="window.__pwned='img'" data-pwn>`, ' after'] },
  { name: 'img onerror, attribute name cut', deltas: ['<img src=x one', `rror=window.__pwned='img2' data-pwn`, '> after'] },
  { name: 'javascript: href', deltas: ['<a href="java', `script:window.__pwned='a'" data-pwn>link</a>`, ' after'] },
  { name: 'javascript: href, entity-encoded', deltas: ['<a href="&#106;ava', `script&#58;window.__pwned='a2'">link</a> after`] },
  { name: 'svg script', deltas: ['<svg><scr', `ipt>window.__pwned='svg'</script></svg>`, ' after'] },
  { name: 'svg then script', deltas: ['<svg data-pwn>', '<script>', `window.__pwned='svg2'`, '</script></svg>', '\n\nafter'] },
  { name: 'markdown link to javascript:', deltas: ['[x](javascript', `:window.__pwned='md')`, ' after'] },
  { name: 'markdown link, scheme cut', deltas: ['[click](java', `script:window.__pwned='md2'`, ') after'] },
  { name: 'markdown image onerror', deltas: ['![x](x" on', `error="window.__pwned='mdimg')`, ' after'] },
  { name: 'iframe srcdoc', deltas: ['<iframe srcd', `oc="<script>parent.__pwned='iframe'</script>"></ifr`, 'ame> after'] },
  { name: 'details ontoggle', deltas: ['<details open on', `toggle="window.__pwned='details'">x</details>`, '\n\nafter'] },
  { name: 'code fence closed by a later delta', deltas: ['```html\n<img src=x onerror="', `window.__pwned='fence'">\n`, '```\n\n<img src=x on', `error="window.__pwned='after-fence'"> after`] },
];

describe('split hostile payloads through the element', () => {
  afterEach(resetPwned);

  for (const allowImages of [false, true]) {
    for (const { name, deltas } of SPLIT_PAYLOADS) {
      it(`${name}${allowImages ? ' (images allowed)' : ''}: inert after every delta and at the end`, async () => {
        const { el, fake } = await chatFixture();
        el.allowImages = allowImages;
        const finished = el.send('question');
        const call = await fake.nextCall();
        let sent = '';
        for (const [index, delta] of deltas.entries()) {
          call.response.send({ delta }, 'text-delta');
          sent += delta;
          await until(() => el.messages[1]?.text === sent, 10_000, `delta ${index}`);
          // Two frames: one for the element's render, one for the markdown tail it schedules.
          await nextFrame();
          await nextFrame();
          expect(part(el, 'content')!.childNodes.length, `delta ${index} rendered`).to.be.greaterThan(0);
          await expectInert(shadow(el), `after delta ${index} (${JSON.stringify(delta)})`);
        }
        call.response.send({}, 'done');
        await finished;
        await el.updateComplete;
        await expectInert(shadow(el), 'at the end');
        if (sent.includes('after')) expect(part(el, 'content')!.textContent).to.include('after');
      });
    }
  }
});
