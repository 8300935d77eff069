import { expect } from '@open-wc/testing';
import '../../src/define.js';
import type { Tokens } from 'marked';
import { blockTokens, lexMarkdown } from '../../src/markdown/render.js';
import type { SseChat } from '../../src/sse-chat.js';
import { createFakeFetch, nextFrame, until } from '../helpers/fake-sse.js';

/**
 * What a cleared (or removed) chat still holds, seen through WeakRefs and a forced garbage collection (the test
 * runner starts Chromium with `--js-flags=--expose-gc`). No timing: an object is either collectable or it is not.
 */

declare const gc: (options?: { type: 'major'; execution: 'async' }) => Promise<void>;

/**
 * Which targets survive full collections (each from a task of its own, no stack to scan). A chat's pending frame and
 * fallback timers (100 ms) hold it briefly: each round first lets a frame and such a timer pass, and a target only
 * counts as kept if it survives every round. A retainer that lasts fails all of them, however fast the machine.
 */
async function survivors(refs: Map<string, WeakRef<object>>): Promise<string[]> {
  let alive: string[] = [];
  for (let round = 0; round < 10; round++) {
    await nextFrame();
    await new Promise(resolve => setTimeout(resolve, 150));
    await gc({ type: 'major', execution: 'async' });
    await gc({ type: 'major', execution: 'async' });
    alive = [...refs].filter(([, ref]) => ref.deref() !== undefined).map(([name]) => name);
    if (!alive.length) break;
  }
  return alive;
}

/** Something long enough to be worth keeping: a few markdown blocks of every common kind. */
const ANSWER = [
  '# Heading\n\n',
  'A paragraph with **bold**, `code` and a [link](https://example.com/a).\n\n',
  '- one\n- two\n- three\n\n',
  '```js\nconst answer = 42;\n```\n\n',
  '| a | b |\n| - | - |\n| 1 | 2 |\n\n',
  '> quoted\n\n',
  'The last paragraph, still streaming',
];

/**
 * A chat that streamed ANSWER (with a step, sources and suggestions), ended as `end` says, and the WeakRefs to
 * everything of that conversation: every message version the page saw, the rendered answer, a block inside it.
 */
async function chatWithAnswer(end: 'done' | 'open' | 'stopped', attributes: Record<string, string> = {}) {
  const refs = new Map<string, WeakRef<object>>();
  let seen = 0;
  const fake = createFakeFetch();
  const el = document.createElement('sse-chat') as SseChat;
  el.setAttribute('endpoint', `/memory-test/${Math.random()}`);
  el.setAttribute('dialect', 'sse-chat');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  el.fetch = fake.fetch;
  const remember = (event: Event) => refs.set(`event message ${seen++}`, new WeakRef((event as CustomEvent).detail.message));
  el.addEventListener('sse-chat-event', remember);
  document.body.append(el);
  await el.updateComplete;
  const finished = el.send('A question worth remembering');
  const call = await fake.nextCall();
  call.response.send({ id: 's1', label: 'Searching', status: 'active' }, 'step');
  for (const delta of ANSWER) {
    call.response.send({ delta }, 'text-delta');
    await nextFrame();
  }
  call.response.send({ id: 's1', status: 'done' }, 'step');
  call.response.send({ sources: [{ title: 'A source', url: 'https://example.com/s' }] }, 'sources');
  call.response.send({ suggestions: ['Tell me more'] }, 'suggestions');
  if (end === 'done') {
    call.response.send({}, 'done');
    call.response.close();
    await finished;
  } else {
    await until(() => el.messages.at(-1)?.suggestions?.length === 1, 10_000, 'the suggestions');
    if (end === 'stopped') el.stop();
  }
  await el.updateComplete;
  await nextFrame();
  await nextFrame();
  el.removeEventListener('sse-chat-event', remember);
  el.messages.forEach((message, i) => refs.set(`message ${i}`, new WeakRef(message)));
  refs.set('messages array', new WeakRef(el.messages));
  const content = el.shadowRoot!.querySelector('[part~="content"]');
  expect(content?.textContent, 'the answer was rendered').to.contain('The last paragraph');
  refs.set('answer content', new WeakRef(content!));
  refs.set('answer table', new WeakRef(content!.querySelector('table')!));
  refs.set('answer message element', new WeakRef(content!.closest('.message')!));
  return { el, refs };
}

describe('<sse-chat> memory: what Clear lets go', () => {
  afterEach(() => {
    for (const chat of document.querySelectorAll('sse-chat')) chat.remove();
  });

  for (const end of ['done', 'open', 'stopped'] as const) {
    it(`after Clear nothing of a ${end === 'open' ? 'still streaming' : end} answer stays reachable`, async () => {
      const { el, refs } = await chatWithAnswer(end);
      el.clear();
      await el.updateComplete;
      await nextFrame();
      expect(await survivors(refs)).to.deep.equal([]);
      expect(el.messages).to.deep.equal([]);
    });
  }

  it('after Clear of a persisted conversation nothing of it stays reachable', async () => {
    const { el, refs } = await chatWithAnswer('done', { persist: 'session' });
    el.clear();
    await el.updateComplete;
    await nextFrame();
    expect(await survivors(refs)).to.deep.equal([]);
  });

  it('a removed chat is collectable with its conversation', async () => {
    // In a function of its own: a local of this test would keep the element alive.
    const removed = async () => {
      const { el, refs } = await chatWithAnswer('open');
      refs.set('element', new WeakRef(el));
      el.remove();
      return refs;
    };
    // The removal is decided a task later (a move is not a removal): its request is stopped then.
    const refs = await removed();
    expect(await survivors(refs)).to.deep.equal([]);
  });
});

describe('markdown rendering memory', () => {
  // marked's shared tokenizer points at the last lexer it served, and that lexer at its tokens: the last text lexed
  // (and, through the tokens' `raw` slices, the whole string it came from) stayed reachable until the next lexing.
  const lexings = {
    'lexMarkdown': () => lexMarkdown(ANSWER.join('')),
    'lexMarkdown, images allowed': () => lexMarkdown(ANSWER.join(''), { allowImages: true }),
    // Its inline lexing is only queued: the queue holds each block's inline token list.
    'blockTokens': () => (blockTokens(ANSWER.join(''))[0] as Tokens.Heading).tokens,
  };
  for (const [name, lex] of Object.entries(lexings)) {
    it(`keeps no reference to what ${name} returned`, async () => {
      const tokens = new Map([[name, new WeakRef<object>(lex())]]);
      expect(await survivors(tokens)).to.deep.equal([]);
    });
  }
});
