import { aTimeout, expect } from '@open-wc/testing';
import { TRAILING_READ_MS } from '../../src/controllers/chat-turn-controller.js';
import { chatFixture, part, parts, recordEvents } from '../helpers/chat-fixture.js';
import { nextFrame, until } from '../helpers/fake-sse.js';

/** A turn through the element: one POST, the event sequence, stop, retry, errors, removal. */
describe('<sse-chat> turns', () => {
  let recorder: ReturnType<typeof recordEvents>;
  beforeEach(() => {
    recorder = recordEvents();
  });
  afterEach(() => recorder.dispose());

  it('POSTs one JSON request per message, with the house body and the page headers', async () => {
    const { el, fake } = await chatFixture();
    el.headers = async () => ({ Authorization: 'Bearer t' });
    el.sessionId = 'session-1';
    void el.send('  Hello  ');
    const call = await fake.nextCall();
    expect(fake.calls).to.have.length(1);
    expect(call.method).to.equal('POST');
    expect(new URL(call.url, location.href).pathname).to.equal('/api/chat');
    expect(call.headers.get('content-type')).to.equal('application/json');
    expect(call.headers.get('accept')).to.equal('text/event-stream');
    expect(call.headers.get('authorization')).to.equal('Bearer t');
    expect(JSON.parse(call.body)).to.deep.equal({ message: 'Hello', session_id: 'session-1', history: [] });
    call.response.send({}, 'done');
    call.response.close();
  });

  it('sends earlier answered turns as history and uses buildBody when set', async () => {
    const { el, fake } = await chatFixture();
    const first = el.send('one');
    const call = await fake.nextCall();
    call.response.send({ delta: 'uno' }, 'text-delta');
    call.response.send({}, 'done');
    call.response.close();
    await first;
    el.buildBody = ({ text, history }) => ({ q: text, turns: history.map(m => m.text) });
    void el.send('two');
    const second = await fake.nextCall();
    expect(JSON.parse(second.body)).to.deep.equal({ q: 'two', turns: ['one', 'uno'] });
    expect(fake.calls).to.have.length(2);
    el.stop();
  });

  it('dispatches send → start → event… → done, each bubbling, composed, with typed detail', async () => {
    const { el, fake } = await chatFixture();
    const finished = el.send('Hi');
    const call = await fake.nextCall();
    call.response.send({ delta: 'Hel' }, 'text-delta');
    call.response.send({ delta: 'lo' }, 'text-delta');
    call.response.send({}, 'done');
    await finished;
    expect(recorder.names()).to.deep.equal([
      'sse-chat-send',
      'sse-chat-start',
      'sse-chat-event',
      'sse-chat-event',
      'sse-chat-event',
      'sse-chat-done',
    ]);
    for (const event of recorder.events) {
      expect(event.bubbles, event.type).to.equal(true);
      expect(event.composed, event.type).to.equal(true);
      expect(event.cancelable, event.type).to.equal(event.type === 'sse-chat-send');
    }
    const [send, start, firstEvent, , , done] = recorder.events;
    expect(send.detail).to.deep.equal({ text: 'Hi', retry: false });
    expect(start.detail.status).to.equal(200);
    expect(start.detail.dialect).to.equal('sse-chat');
    expect(start.detail.message.role).to.equal('assistant');
    expect(firstEvent.detail.raw).to.deep.equal({ event: 'text-delta', data: '{"delta":"Hel"}', id: '' });
    expect(firstEvent.detail.events).to.deep.equal([{ type: 'text-delta', delta: 'Hel' }]);
    expect(firstEvent.detail.message.text).to.equal('Hel');
    expect(done.detail.message.text).to.equal('Hello');
    expect(done.detail.message.status).to.equal('done');
    expect(el.messages.map(m => [m.role, m.text])).to.deep.equal([
      ['user', 'Hi'],
      ['assistant', 'Hello'],
    ]);
    call.response.close();
  });

  it('reflects status idle → connecting → streaming → idle through a turn', async () => {
    const { el, fake } = await chatFixture();
    expect(el.getAttribute('status')).to.equal('idle');
    const finished = el.send('Hi');
    await el.updateComplete;
    expect(el.status).to.equal('connecting');
    expect(el.getAttribute('status')).to.equal('connecting');
    const call = await fake.nextCall();
    call.response.send({ delta: 'x' }, 'text-delta');
    await until(() => el.getAttribute('status') === 'streaming', 10_000, 'streaming');
    call.response.send({}, 'done');
    await finished;
    await el.updateComplete;
    expect(el.getAttribute('status')).to.equal('idle');
    call.response.close();
  });

  it('sends nothing when sse-chat-send is canceled', async () => {
    const { el, fake } = await chatFixture();
    el.addEventListener('sse-chat-send', event => event.preventDefault(), { once: true });
    await el.send('no');
    await aTimeout(20);
    expect(fake.calls).to.have.length(0);
    expect(el.messages).to.have.length(0);
  });

  it('stop aborts the request and cancels the body, keeps the partial answer stopped, and the next send works', async () => {
    const { el, fake } = await chatFixture();
    const finished = el.send('Tell me');
    const call = await fake.nextCall();
    call.response.send({ delta: 'Partial' }, 'text-delta');
    await until(() => el.messages[1]?.text === 'Partial', 10_000, 'partial text');
    el.stop();
    await finished;
    expect(call.signal.aborted).to.equal(true);
    await until(() => call.response.cancelled, 10_000, 'body cancelled');
    expect(el.messages[1]).to.include({ text: 'Partial', status: 'stopped' });
    expect(recorder.names().at(-1)).to.equal('sse-chat-stop');
    expect(recorder.names()).not.to.include('sse-chat-error');
    await el.updateComplete;
    expect(part(el, 'stopped')).to.exist;

    void el.send('Again');
    const next = await fake.nextCall();
    next.response.send({ delta: 'Fresh' }, 'text-delta');
    next.response.send({}, 'done');
    await until(() => el.messages[3]?.status === 'done', 10_000, 'second answer');
    expect(el.messages[3].text).to.equal('Fresh');
    next.response.close();
  });

  it('Stop between the slices of a backlog read: the answer ends where it was, nothing of the rest arrives', async () => {
    const { el, fake } = await chatFixture();
    const finished = el.send('Tell me');
    const call = await fake.nextCall();
    // 20,000 deltas in one read: far more than one slice of work, so they are handed on over several tasks.
    const count = 20_000;
    const stopper = new MessageChannel();
    // Posted by the first event, so it runs once the task handing it on ends: between two slices.
    stopper.port1.onmessage = () => el.stop();
    el.addEventListener('sse-chat-event', () => stopper.port2.postMessage(null), { once: true });
    call.response.push(Array.from({ length: count }, () => 'event: text-delta\ndata: {"delta":"x"}\n\n').join(''));
    await finished;
    stopper.port1.close();
    const shown = el.messages[1].text.length;
    expect(el.messages[1].status).to.equal('stopped');
    expect(shown, 'deltas applied before the stop').to.be.within(1, count - 1);
    expect(call.signal.aborted).to.equal(true);
    await aTimeout(50);
    await nextFrame();
    expect(el.messages[1].text.length, 'nothing after the stop').to.equal(shown);
  });

  it('Stop then Send at once: nothing of the old answer reaches the new one', async () => {
    const { el, fake } = await chatFixture();
    void el.send('first');
    const old = await fake.nextCall();
    old.response.send({ delta: 'old-1 ' }, 'text-delta');
    await until(() => el.messages[1]?.text === 'old-1 ', 10_000, 'old text');
    el.stop();
    void el.send('second');
    old.response.send({ delta: 'old-2 ' }, 'text-delta'); // a late write the server made before it noticed
    const fresh = await fake.nextCall();
    fresh.response.send({ delta: 'new' }, 'text-delta');
    fresh.response.send({}, 'done');
    await until(() => el.messages[3]?.status === 'done', 10_000, 'new answer');
    expect(el.messages.map(m => m.text)).to.deep.equal(['first', 'old-1 ', 'second', 'new']);
    expect(el.messages[1].status).to.equal('stopped');
    fresh.response.close();
  });

  it('a send while streaming stops the current answer first', async () => {
    const { el, fake } = await chatFixture();
    const first = el.send('first');
    const old = await fake.nextCall();
    void el.send('second');
    await first;
    expect(old.signal.aborted).to.equal(true);
    expect(el.messages[1].status).to.equal('stopped');
    expect(recorder.names().filter(name => name === 'sse-chat-stop')).to.have.length(1);
    (await fake.nextCall()).response.close();
  });

  it('retry re-sends the last message once, replacing the failed answer', async () => {
    const { el, fake } = await chatFixture();
    const first = el.send('Question');
    (await fake.nextCall()).response.close(); // closed before anything: no answer
    await first;
    expect(el.messages[1].error?.code).to.equal('no-answer');
    await el.updateComplete;
    part(el, 'retry-button')!.click();
    const again = await fake.nextCall();
    expect(JSON.parse(again.body).message).to.equal('Question');
    again.response.send({ delta: 'Answer' }, 'text-delta');
    again.response.send({}, 'done');
    await until(() => el.messages[1]?.status === 'done', 10_000, 'retried answer');
    expect(fake.calls).to.have.length(2);
    expect(el.messages.map(m => m.text)).to.deep.equal(['Question', 'Answer']);
    expect(recorder.events.find(e => e.type === 'sse-chat-send' && e.detail.retry)).to.exist;
    again.response.close();
  });

  it('answers replaced by Regenerate leave nothing behind: their markdown decorators (and sources) are forgotten', async () => {
    const { el, fake } = await chatFixture();
    const answer = async (text: string) => {
      const call = await fake.nextCall();
      call.response.send({ sources: [{ url: 'https://example.com/a', title: 'A' }] }, 'sources');
      call.response.send({ delta: text }, 'text-delta');
      call.response.send({}, 'done');
      await until(() => el.messages[1]?.status === 'done' && el.messages[1].text === text, 10_000, text);
      await el.updateComplete;
      call.response.close();
    };
    void el.send('Question');
    await answer('First [1]');
    for (let n = 2; n <= 6; n++) {
      void el.retry();
      await answer(`Answer ${n} [1]`);
    }
    expect(el.messages).to.have.length(2);
    const decorators = (el as unknown as { decorators: { size: number } }).decorators;
    expect(decorators.size, 'decorators kept for 6 answers of which 1 is left').to.be.at.most(1);
  });

  it('removing the element mid-stream aborts the request and reports no error', async () => {
    const { el, fake } = await chatFixture();
    const finished = el.send('Hi');
    const call = await fake.nextCall();
    call.response.send({ delta: 'x' }, 'text-delta');
    await until(() => el.messages[1]?.text === 'x', 10_000, 'text');
    el.remove();
    await finished;
    expect(call.signal.aborted).to.equal(true);
    call.response.send({ delta: 'late' }, 'text-delta');
    await aTimeout(30);
    expect(recorder.names()).not.to.include('sse-chat-error');
    expect(el.messages[1]).to.include({ text: 'x', status: 'stopped' });
  });

  it('keeps reading briefly after done, so a notice that trails it is shown', async () => {
    const { el, fake } = await chatFixture({ dialect: 'auto' });
    const finished = el.send('Trade?');
    const call = await fake.nextCall();
    // The trading-advice seed: data-only JSON with chunk / done / email_sent.
    call.response.send({ type: 'chunk', content: 'Buy low.' });
    call.response.send({ type: 'done', is_complete: true });
    await finished;
    expect(el.messages[1].status).to.equal('done');
    expect(call.signal.aborted).to.equal(false);
    call.response.send({ type: 'email_sent', message: 'Summary e-mailed to you' });
    call.response.close();
    await until(() => part(el, 'notice')?.textContent?.includes('Summary e-mailed to you') ?? false, 10_000, 'notice');
    expect(el.messages[1].status).to.equal('done');
    expect(TRAILING_READ_MS).to.be.at.most(5000);
  });

  it('a new send ends the trailing read of the previous answer', async () => {
    const { el, fake } = await chatFixture();
    const first = el.send('one');
    const call = await fake.nextCall();
    call.response.send({}, 'done');
    await first;
    void el.send('two');
    expect(call.signal.aborted).to.equal(true);
    (await fake.nextCall()).response.close();
  });

  it('a long conversation stays sendable: its history is bounded by size as well as turns, to fit a 64 KiB body', async () => {
    const { el, fake } = await chatFixture();
    const sizes: number[] = [];
    for (let turn = 0; turn < 12; turn++) {
      const finished = el.send(`Question ${turn}`);
      const call = await fake.nextCall();
      sizes.push(new TextEncoder().encode(call.body).length);
      call.response.send({ delta: `Answer ${turn}: ${'A long, detailed answer line. '.repeat(300)}` }, 'text-delta'); // ~9 KB
      call.response.send({}, 'done');
      call.response.close();
      await finished;
    }
    expect(Math.max(...sizes)).to.be.below(64 * 1024);
    expect(el.history, 'the turn limit is still 10').to.equal(10);
  });

  it('HTTP 413 says the conversation is too long to send and offers Clear, not a Retry that cannot work', async () => {
    const { el, fake } = await chatFixture({ respond: () => ({ status: 413, text: 'Payload Too Large' }) });
    await el.send('Hi');
    await fake.nextCall();
    await el.updateComplete;
    const shown = part(el, 'error')!;
    expect(shown.textContent).to.include('This conversation is too long to send.');
    expect(shown.querySelector('[part~="retry-button"]')).to.equal(null);
    const clear = shown.querySelector<HTMLButtonElement>('[part~="clear-button"]')!;
    expect(clear.textContent!.trim()).to.equal('Clear conversation');
    clear.click();
    await el.updateComplete;
    expect(el.messages).to.have.length(0);
  });

  it('an HTTP error shows its code-specific text, the server message, Retry-After and a Retry button', async () => {
    const { el, fake } = await chatFixture({
      respond: () => ({
        status: 503,
        headers: { 'content-type': 'application/json', 'retry-after': '7' },
        text: JSON.stringify({ error: { message: 'Model is overloaded' } }),
      }),
    });
    await el.send('Hi');
    await fake.nextCall();
    const error = el.messages[1].error!;
    expect(error).to.include({ code: 'http', status: 503, retryAfter: 7 });
    expect(recorder.names().at(-1)).to.equal('sse-chat-error');
    expect(recorder.events.at(-1)!.detail.error).to.deep.equal(error);
    await el.updateComplete;
    expect(el.getAttribute('status')).to.equal('error');
    const shown = part(el, 'error')!;
    expect(shown.getAttribute('role')).to.equal('alert');
    expect(shown.textContent).to.include('HTTP 503');
    expect(shown.textContent).to.include('Model is overloaded');
    expect(shown.textContent).to.include('Try again in about 7 s');
    expect(part(el, 'retry-button')).to.exist;
  });

  it('a server error event fails the turn with the server text, as text', async () => {
    const { el, fake } = await chatFixture();
    const finished = el.send('Hi');
    const call = await fake.nextCall();
    call.response.send({ delta: 'so far' }, 'text-delta');
    call.response.send({ message: '<img src=x onerror=alert(1)>quota exceeded' }, 'error');
    await finished;
    await el.updateComplete;
    expect(call.signal.aborted).to.equal(true);
    const shown = part(el, 'error')!;
    expect(shown.textContent).to.include('The server reported an error.');
    expect(shown.textContent).to.include('<img src=x onerror=alert(1)>quota exceeded');
    expect(shown.querySelector('img')).to.equal(null);
    expect(el.messages[1].text).to.equal('so far');
  });

  it('a stream cut off without done is an error, with Retry', async () => {
    const { el, fake } = await chatFixture();
    const finished = el.send('Hi');
    const call = await fake.nextCall();
    call.response.send({ delta: 'half an ans' }, 'text-delta');
    call.response.close();
    await finished;
    await el.updateComplete;
    expect(el.messages[1].error?.code).to.equal('cut-off');
    expect(part(el, 'error')!.textContent).to.include('cut off');
    expect(part(el, 'retry-button')).to.exist;
  });

  it('a dropped connection is reported as connection-lost', async () => {
    const { el, fake } = await chatFixture();
    const finished = el.send('Hi');
    const call = await fake.nextCall();
    call.response.send({ delta: 'a' }, 'text-delta');
    await until(() => el.messages[1]?.text === 'a', 10_000, 'text');
    call.response.fail();
    await finished;
    expect(el.messages[1].error?.code).to.equal('connection-lost');
    expect(recorder.names().at(-1)).to.equal('sse-chat-error');
  });

  it('pagehide aborts the request', async () => {
    const { el, fake } = await chatFixture();
    const finished = el.send('Hi');
    const call = await fake.nextCall();
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    await finished;
    expect(call.signal.aborted).to.equal(true);
    expect(el.messages[1].status).to.equal('stopped');
  });

  it('passes idle-timeout to the transport: a stalled stream fails visibly and can be retried', async () => {
    const { el, fake } = await chatFixture();
    el.idleTimeout = 80;
    const finished = el.send('Hi');
    await fake.nextCall();
    await finished;
    await el.updateComplete;
    expect(el.messages[1].error).to.include({ code: 'stalled', retryable: true });
    expect(part(el, 'error')!.textContent).to.include('stalled');
    expect(part(el, 'retry-button')).to.exist;
  });

  it('clear() stops the answer and empties the conversation', async () => {
    const { el, fake } = await chatFixture();
    const finished = el.send('Hi');
    const call = await fake.nextCall();
    el.clear();
    await finished;
    expect(call.signal.aborted).to.equal(true);
    expect(el.messages).to.have.length(0);
    await el.updateComplete;
    expect(el.getAttribute('status')).to.equal('idle');
  });

  it('generates a session id once and keeps it across requests', async () => {
    const { el, fake } = await chatFixture();
    expect(el.sessionId).to.match(/^[0-9a-f-]{36}$/);
    const first = el.send('a');
    const call = await fake.nextCall();
    call.response.send({}, 'done');
    call.response.close();
    await first;
    void el.send('b');
    const second = await fake.nextCall();
    expect(JSON.parse(second.body).session_id).to.equal(JSON.parse(call.body).session_id);
    expect(JSON.parse(call.body).session_id).to.equal(el.sessionId);
    el.stop();
  });
});

describe('<sse-chat> rendering cadence', () => {
  it('batches renders per frame however many messages arrive at once', async () => {
    const { el, fake } = await chatFixture();
    void el.send('count');
    const call = await fake.nextCall();
    await el.updateComplete;
    let renders = 0;
    const chat = el as unknown as { render: () => unknown };
    const render = chat.render;
    chat.render = function () {
      renders += 1;
      return render.call(this);
    };
    for (let i = 0; i < 60; i++) call.response.send({ delta: `${i} ` }, 'text-delta');
    await until(() => el.messages[1]?.text.startsWith('0 1 2') && el.messages[1].text.endsWith('59 '), 10_000, 'all deltas');
    await nextFrame();
    await el.updateComplete;
    // One render for the status change to streaming, then one per frame (or per fallback timer in a page that gets
    // no frames): a loaded machine may spread the 60 messages over a few, never one render per message.
    expect(renders, 'renders for 60 messages').to.be.within(1, 14);
    el.stop();
  });

  it('shows a long answer arriving at once over later frames: the host renders it again, never twice in one task', async () => {
    const { el, fake } = await chatFixture();
    void el.send('long');
    const call = await fake.nextCall();
    await el.updateComplete;
    // Task boundaries seen: a frame began (a rAF loop), or a message posted by the last render was delivered (Chromium
    // may run frames first after a long task). Two renders with the same count ran in one task.
    let boundaries = 0;
    let counting = true;
    const channel = new MessageChannel();
    channel.port1.onmessage = () => boundaries++;
    const frame = () => {
      boundaries++;
      if (counting) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    const shown = () => el.shadowRoot!.querySelectorAll('[part~="content"] p').length;
    // Renders of the finished answer: the ones that only catch up (its text and status no longer change).
    const catchUps: { boundaries: number; shown: number }[] = [];
    const chat = el as unknown as { render: () => unknown };
    const render = chat.render;
    chat.render = function () {
      if (el.messages[1]?.status === 'done') catchUps.push({ boundaries, shown: shown() });
      channel.port2.postMessage(0);
      return render.call(this);
    };
    call.response.send({ delta: Array.from({ length: 3000 }, (_, i) => `Line ${i}`).join('\n\n') }, 'text-delta');
    call.response.send({}, 'done');
    try {
      await until(() => shown() === 3000, 60_000, 'every line shown');
    } finally {
      counting = false;
      channel.port1.close();
      chat.render = render;
    }
    // 512 lines a render (256 paragraphs): the host rendered the finished answer ~11 times, each in a task of its own.
    expect(catchUps.length, 'host renders of the finished answer').to.be.at.least(8);
    for (let i = 1; i < catchUps.length; i++) {
      expect(catchUps[i]!.shown, 'each showed more').to.be.above(catchUps[i - 1]!.shown);
      expect(catchUps[i]!.boundaries, 'one catch-up a task').to.be.above(catchUps[i - 1]!.boundaries);
    }
  });

  it('puts streamed text in the DOM in the same update that renders it, not a frame later', async () => {
    const { el, fake } = await chatFixture();
    void el.send('latency');
    const call = await fake.nextCall();
    await el.updateComplete;
    const chat = el as unknown as { render: () => unknown };
    const render = chat.render;
    // Resolves inside the first host update that has the text (the frame-batched one: a frame, or its fallback
    // timer in a background tab); what follows runs in its microtasks, before any later frame renders anything.
    const hostRendered = new Promise<void>(resolve => {
      chat.render = function () {
        if (el.messages[1]?.text === 'Fresh words arrive') resolve();
        return render.call(this);
      };
    });
    call.response.send({ delta: 'Fresh words arrive' }, 'text-delta');
    await hostRendered;
    await el.updateComplete;
    const contents = parts(el, 'content');
    expect(contents[contents.length - 1]!.textContent).to.contain('Fresh words arrive');
    el.stop();
  });

  // Issue 11: the reader reads a cut-short answer at leisure, so it keeps the repaired look of its last frame.
  it('shows a stopped or failed answer as its last streaming frame (repaired, no cursor); messages keep the raw text', async () => {
    const raw = 'A **st';
    const contentOf = async (end: (call: Awaited<ReturnType<typeof fake.nextCall>>, el: typeof chat) => void) => {
      const finished = chat.send('Q');
      const call = await fake.nextCall();
      call.response.send({ delta: raw + ' and `co' }, 'text-delta');
      await until(() => chat.messages.at(-1)?.text === raw + ' and `co', 2000, 'partial text');
      end(call, chat);
      await finished;
      await chat.updateComplete;
      const contents = parts(chat, 'content');
      return contents[contents.length - 1]!;
    };
    const { el: chat, fake } = await chatFixture();

    const stopped = await contentOf(() => chat.stop());
    expect(chat.messages[1]).to.include({ status: 'stopped', text: raw + ' and `co' });
    expect(stopped.innerHTML).to.equal('<div class="blocks"><p>A <strong>st and <code>co</code></strong></p>\n</div>');

    const failed = await contentOf(call => call.response.close());
    expect(chat.messages[3]).to.include({ status: 'error', text: raw + ' and `co' });
    expect(failed.innerHTML).to.equal('<div class="blocks"><p>A <strong>st and <code>co</code></strong></p>\n</div>');
  });
});
