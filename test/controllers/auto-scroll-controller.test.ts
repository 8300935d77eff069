import { expect } from '@open-wc/testing';
import { chatFixture, part } from '../helpers/chat-fixture.js';
import { nextFrame, until } from '../helpers/fake-sse.js';

/** Auto-scroll as a reader meets it in the element: follow at the bottom, leave alone when scrolled up. */
describe('AutoScrollController (in <sse-chat>)', () => {
  const atBottom = (scroller: HTMLElement) => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= 2;
  /** The reader turns the wheel up to the top: a gesture, then its scroll. */
  const readerScrollsToTop = (scroller: HTMLElement) => {
    scroller.dispatchEvent(new WheelEvent('wheel', { deltaY: -scroller.scrollTop, bubbles: true }));
    scroller.scrollTop = 0;
  };

  async function tallStream() {
    const { el, fake } = await chatFixture();
    el.style.height = '240px';
    el.style.display = 'flex';
    void el.send('Tell me a long story');
    const call = await fake.nextCall();
    const scroller = part(el, 'messages')!;
    const write = async (lines: number) => {
      const before = scroller.scrollHeight;
      call.response.send({ delta: 'A line of the story, long enough to wrap. '.repeat(lines * 3) }, 'text-delta');
      await until(() => scroller.scrollHeight > before, 10_000, 'content growth');
      await nextFrame();
    };
    return { el, call, scroller, write };
  }

  /** A streaming answer that overflows a 300 px chat, followed to its bottom. */
  async function overflowingAnswer() {
    const { el, fake } = await chatFixture();
    el.style.height = '300px';
    const scroller = part(el, 'messages')!;
    void el.send('question');
    const call = await fake.nextCall();
    call.response.send({ delta: 'Long text that wraps a lot. '.repeat(80) }, 'text-delta');
    await until(() => scroller.scrollHeight > scroller.clientHeight + 200, 5000, 'overflow');
    await nextFrame();
    return { el, call, scroller };
  }

  /** After a wheel: the reader's scroll up, then more text, which must leave them where they read. */
  async function scrolledUpAndLeftThere({ el, call, scroller }: Awaited<ReturnType<typeof overflowingAnswer>>) {
    scroller.scrollTop -= 200;
    await until(() => part(el, 'jump-button') !== null, 5000, 'jump button');
    const readingAt = scroller.scrollTop;
    call.response.send({ delta: 'More. '.repeat(200) }, 'text-delta');
    await nextFrame();
    await nextFrame();
    expect(scroller.scrollTop).to.equal(readingAt);
  }

  it('follows new content while the reader is at the bottom', async () => {
    const { el, scroller, write } = await tallStream();
    await write(30);
    expect(scroller.scrollHeight).to.be.greaterThan(scroller.clientHeight + 100);
    expect(atBottom(scroller)).to.equal(true);
    await write(10);
    expect(atBottom(scroller)).to.equal(true);
    expect(part(el, 'jump-button')).to.equal(null);
    el.stop();
  });

  it('stays where the reader scrolled to and offers "jump to latest", which goes back down', async () => {
    const { el, scroller, write } = await tallStream();
    await write(30);
    await until(() => atBottom(scroller), 10_000, 'followed to the bottom'); // before the reader acts, even if late
    readerScrollsToTop(scroller);
    await until(() => part(el, 'jump-button') !== null, 10_000, 'jump button');
    await write(10);
    expect(scroller.scrollTop).to.equal(0);
    part(el, 'jump-button')!.click();
    await el.updateComplete;
    expect(atBottom(scroller)).to.equal(true);
    expect(part(el, 'jump-button')).to.equal(null);
    await write(10);
    expect(atBottom(scroller)).to.equal(true);
    el.stop();
  });

  it('stays at the bottom when the answer finishes (no jump as the finished message changes how it is laid out)', async () => {
    const { el, call, scroller, write } = await tallStream();
    await write(30);
    // The precondition (following is the first test's subject): on a busy machine the follow may land a frame later.
    await until(() => atBottom(scroller), 10_000, 'at the bottom while streaming');
    const scrolledTo: number[] = [];
    scroller.addEventListener('scroll', () => scrolledTo.push(scroller.scrollTop));
    const bottom = scroller.scrollTop;
    call.response.send({}, 'done');
    call.response.close();
    await until(() => el.status === 'idle', 10_000, 'the answer to finish');
    for (let i = 0; i < 5; i++) await nextFrame();
    expect(Math.min(bottom, ...scrolledTo), 'the list never scrolled up').to.be.greaterThan(bottom - 50);
    expect(atBottom(scroller)).to.equal(true);
    expect(part(el, 'jump-button')).to.equal(null);
  });

  it('sending a message brings the reader back to the bottom', async () => {
    const { el, scroller, write } = await tallStream();
    await write(30);
    await until(() => atBottom(scroller), 10_000, 'followed to the bottom'); // before the reader acts, even if late
    readerScrollsToTop(scroller);
    await until(() => part(el, 'jump-button') !== null, 10_000, 'jump button');
    void el.send('next question');
    await until(() => atBottom(scroller), 10_000, 'at bottom');
    expect(part(el, 'jump-button')).to.equal(null);
    el.stop();
  });

  /** A conversation of `count` finished answers, each long enough to overflow, asked one after another. */
  async function followUps(count: number, onEachStream?: (scroller: HTMLElement) => Promise<void>) {
    const { el, fake } = await chatFixture();
    el.style.height = '300px';
    const scroller = part(el, 'messages')!;
    for (let i = 0; i < count; i++) {
      const finished = el.send(`question ${i + 1}`);
      const call = await fake.nextCall();
      call.response.send({ label: 'Searching', status: 'active', id: 's' }, 'step');
      for (let chunk = 0; chunk < 6; chunk++) {
        const marker = `(${i + 1}.${chunk})`;
        call.response.send({ delta: `Answer ${i + 1} goes on, and wraps onto more lines. `.repeat(6) + marker + '\n\n' }, 'text-delta');
        await until(() => part(el, 'content')?.textContent?.includes(marker) ?? false, 5000, 'content growth');
        // Bounded waits, not one frame: on a loaded machine a frame may pass before the resize is observed.
        await until(() => atBottom(scroller), 3000, `answer ${i + 1} followed while it streams`);
      }
      await onEachStream?.(scroller);
      call.response.send({ id: 's', status: 'done' }, 'step');
      call.response.send({}, 'done');
      call.response.close();
      await finished;
      for (let frame = 0; frame < 4; frame++) await nextFrame();
      await until(() => atBottom(scroller), 3000, `answer ${i + 1} ends at the bottom`);
      expect(part(el, 'jump-button'), `no "Jump to latest" after answer ${i + 1}`).to.equal(null);
    }
    return { el, scroller };
  }

  it('follows follow-up answers too: the second and later answers stream into view', async () => {
    await followUps(4);
  });

  it('a first answer that only just overflows does not jump back when it ends', async () => {
    const { el, fake } = await chatFixture();
    el.style.height = '300px';
    const scroller = part(el, 'messages')!;
    const finished = el.send('short question');
    const call = await fake.nextCall();
    // A few words at a time, each rendered (two frames), until the list just overflows; words that fill the last
    // line without wrapping add no height, so growth is not awaited word by word.
    for (let sent = 0; scroller.scrollHeight <= scroller.clientHeight + 10; sent++) {
      if (sent > 300) throw new Error('the answer never overflowed');
      call.response.send({ delta: 'A few more words. ' }, 'text-delta');
      await nextFrame();
      await nextFrame();
    }
    const scrolledTo: number[] = [];
    const bottom = scroller.scrollTop;
    scroller.addEventListener('scroll', () => scrolledTo.push(scroller.scrollTop));
    call.response.send({}, 'done');
    call.response.close();
    await finished;
    for (let frame = 0; frame < 5; frame++) await nextFrame();
    expect(Math.min(bottom, ...scrolledTo), 'never scrolled back up').to.be.at.least(bottom - 2);
    expect(atBottom(scroller)).to.equal(true);
  });

  it('a reader who wheels up mid-answer is left there; layout changes alone never unpin', async () => {
    const answer = await overflowingAnswer();
    const { scroller } = answer;
    scroller.dispatchEvent(new WheelEvent('wheel', { deltaY: -200, bubbles: true }));
    await scrolledUpAndLeftThere(answer);
    answer.el.stop();
  });

  it('a wheel whose scroll comes in a frame over a second late (a busy machine) still leaves the reader there', async () => {
    const answer = await overflowingAnswer();
    // A controlled clock: the scroll event of this wheel is handled 5 s after it (the page was starved of frames).
    const now = performance.now.bind(performance);
    answer.scroller.dispatchEvent(new WheelEvent('wheel', { deltaY: -200, bubbles: true }));
    performance.now = () => now() + 5000;
    try {
      await scrolledUpAndLeftThere(answer);
    } finally {
      delete (performance as { now?: unknown }).now;
    }
    answer.el.stop();
  });

  // Issue 15: a long answer's blocks skip layout and paint out of view (content-visibility), without the reader
  // seeing it: following, the end of the stream, the layout, selection.
  it('a long answer of many blocks: followed to the end, no jump when it finishes, laid out as without containment', async () => {
    const { el, call, scroller } = await tallStream();
    const block = (i: number) =>
      [`Paragraph ${i} of the answer, long enough to wrap once or twice in a narrow chat.`, `- item ${i}\n- another\n\n  loose`, `> quoted ${i}\n>\n> more`][i % 3];
    for (let i = 0; i < 60; i++) {
      call.response.send({ delta: `${block(i)}\n\n` }, 'text-delta');
      if (i % 10 === 9) {
        // Once the block is on the page (a loaded machine renders it some frames later), following keeps up at once.
        const shown = [`Paragraph ${i} `, `item ${i}`, `quoted ${i}`][i % 3]!;
        await until(() => [...el.shadowRoot!.querySelectorAll('[part="content"]')].at(-1)?.textContent?.includes(shown) ?? false, 10_000, `block ${i + 1} shown`);
        await nextFrame();
        await nextFrame();
        expect(atBottom(scroller), `at the bottom after ${i + 1} blocks`).to.equal(true);
      }
    }
    const contents = el.shadowRoot!.querySelectorAll<HTMLElement>('[part="content"]');
    const content = contents[contents.length - 1]!;
    // Finished blocks are moved into groups (div.blocks, see src/markdown/block-groups.ts): count what is inside.
    const blocks = () => [...content.children].flatMap(child => (child.matches('.blocks') ? [...child.children] : [child]));
    await until(() => blocks().length >= 60, 5000, 'all blocks');
    const visibility = (element: Element) => getComputedStyle(element).contentVisibility;
    expect(visibility(content.children[0]!)).to.equal('auto');
    // The block being written is on screen: rendered, with the cursor in it.
    expect(content.lastElementChild!.querySelector('.cursor')?.getBoundingClientRect().height).to.be.greaterThan(0);

    const scrolledTo: number[] = [];
    scroller.addEventListener('scroll', () => scrolledTo.push(scroller.scrollTop));
    const bottom = scroller.scrollTop;
    call.response.send({}, 'done');
    call.response.close();
    await until(() => el.status === 'idle', 5000, 'the answer to finish');
    for (let i = 0; i < 5; i++) await nextFrame();
    expect(Math.min(bottom, ...scrolledTo), 'the list never scrolled up').to.be.greaterThan(bottom - 50);
    expect(atBottom(scroller)).to.equal(true);

    // Every block was on screen once, so its remembered height is its real one: with containment lifted, the
    // answer is exactly as tall (lists and quotes are their own formatting context either way).
    const contained = content.getBoundingClientRect().height;
    const contentParts = [...content.children, ...blocks()] as HTMLElement[];
    for (const child of contentParts) child.style.contentVisibility = 'visible';
    expect(Math.abs(content.getBoundingClientRect().height - contained)).to.be.below(1);
    for (const child of contentParts) child.style.contentVisibility = '';

    // Selection reaches the blocks out of view.
    getSelection()!.selectAllChildren(content);
    expect(getSelection()!.toString()).to.contain('Paragraph 0 of the answer').and.contain('quoted 59');
    getSelection()!.removeAllRanges();
  });
});
