import { expect } from '@open-wc/testing';
import {
  applyChatEvent,
  createAssistantMessage,
  endOfStream,
  failMessage,
  stopMessage,
  toChatError,
  MessageStatus,
} from '../../src/state/message.js';
import { ErrorCode } from '../../src/transport/error-code.js';
import { TransportError } from '../../src/transport/transport-error.js';
import type { ChatEvent } from '../../src/dialects/chat-event.js';

const run = (events: ChatEvent[], start = createAssistantMessage(0)) =>
  events.reduce((message, event, i) => applyChatEvent(message, event, 10 * (i + 1)), start);

describe('state/message reducer', () => {
  it('appends text deltas and completes on done', () => {
    const m = run([{ type: 'text-delta', delta: 'Hel' }, { type: 'text-delta', delta: 'lo' }, { type: 'done' }]);
    expect(m.text).to.equal('Hello');
    expect(m.status).to.equal(MessageStatus.Done);
    expect(m.endedAt).to.equal(30);
  });

  it('replaces the text on a text event', () => {
    expect(run([{ type: 'text-delta', delta: 'draft' }, { type: 'text', text: 'final' }]).text).to.equal('final');
  });

  it('times steps and keeps earlier fields when an update omits them', () => {
    const m = run([
      { type: 'step', id: 'search', label: 'Searching', progress: { value: 1, max: 4 } },
      { type: 'step', id: 'search', progress: { value: 4, max: 4 }, status: 'done' },
    ]);
    expect(m.steps).to.deep.equal([
      { id: 'search', label: 'Searching', status: 'done', progress: { value: 4, max: 4 }, detail: undefined, startedAt: 10, endedAt: 20 },
    ]);
  });

  it('settles active steps on done, error and stop differently', () => {
    const step: ChatEvent = { type: 'step', id: 's', label: 'Work' };
    expect(run([step, { type: 'done' }]).steps[0].status).to.equal('done');
    expect(run([step, { type: 'error', message: 'boom' }]).steps[0].status).to.equal('error');
    const stopped = stopMessage(run([step]), 99);
    expect(stopped.status).to.equal('stopped');
    expect(stopped.steps[0]).to.include({ status: 'active', endedAt: 99 });
  });

  it('keeps notices, metadata and sources that trail done, and nothing else', () => {
    const m = run([
      { type: 'text-delta', delta: 'Hi' },
      { type: 'done' },
      { type: 'text-delta', delta: ' again' },
      { type: 'notice', message: 'Summary e-mailed', kind: 'email_sent' },
      { type: 'metadata', metadata: { model: 'x' } },
    ]);
    expect(m.text).to.equal('Hi');
    expect(m.notices.map(n => n.message)).to.deep.equal(['Summary e-mailed']);
    expect(m.metadata).to.deep.equal({ model: 'x' });
  });

  it('keeps one card per distinct source, and every number the server used cites a card', () => {
    // Two passages of one page are two cards ("from 3 passages" shows 3); an exact repeat shares its card.
    const page = { title: 'Stop', url: 'https://a.example/stop' };
    const m = run([{ type: 'sources', sources: [{ ...page, snippet: 'one' }, { title: 'B' }, { ...page, snippet: 'two' }, { title: 'B' }] }]);
    expect(m.sources.map(s => s.snippet ?? s.title)).to.deep.equal(['one', 'B', 'two']);
    expect(m.citations).to.deep.equal([1, 2, 3, 2]);
  });

  it('gives a mention of a page without a passage the card of that page, and its passages when it was listed without one', () => {
    // A search result, then the answer's citation of it with the cited text (Anthropic, OpenAI Responses).
    const page = { title: 'Weather', url: 'https://weather.example/nyc' };
    const m = run([
      { type: 'sources', sources: [page, { ...page, snippet: 'Sunny' }, { title: 'Other' }] },
      { type: 'sources', sources: [{ ...page, snippet: 'Rain later' }, page] },
    ]);
    expect(m.sources.map(s => s.snippet ?? s.title)).to.deep.equal(['Weather', 'Other']);
    expect(m.citations).to.deep.equal([1, 1, 2, 1, 1]);
  });

  it('reads a sources event that repeats the earlier ones as a cumulative list, and others as more sources', () => {
    const a = { title: 'A', url: 'https://a.example/' };
    const cumulative = run([{ type: 'sources', sources: [a] }, { type: 'sources', sources: [a, { title: 'B' }] }]);
    expect(cumulative.sources.map(s => s.title)).to.deep.equal(['A', 'B']);
    expect(cumulative.citations).to.deep.equal([1, 2]);
    const appended = run([{ type: 'sources', sources: [a] }, { type: 'sources', sources: [{ title: 'B' }, a] }]);
    expect(appended.citations).to.deep.equal([1, 2, 1]);
  });

  it('turns a server error event into an error that keeps the partial text', () => {
    const m = run([{ type: 'text-delta', delta: 'partial' }, { type: 'error', message: 'model overloaded', code: 'overloaded' }]);
    expect(m.status).to.equal('error');
    expect(m.text).to.equal('partial');
    expect(m.error).to.deep.equal({ message: 'model overloaded', code: 'overloaded', retryable: true });
  });

  it('calls a clean close without done cut off, or no answer when nothing came', () => {
    expect(endOfStream(run([{ type: 'text-delta', delta: 'x' }]), 1).error?.code).to.equal('cut-off');
    expect(endOfStream(createAssistantMessage(0), 1).error?.code).to.equal('no-answer');
    expect(endOfStream(run([{ type: 'text-delta', delta: 'x' }, { type: 'done' }]), 1).status).to.equal('done');
    // Done with nothing to show is no answer, never an empty finished one.
    expect(run([{ type: 'done' }]).error?.code).to.equal('no-answer');
  });

  it('never changes a finished message on failure', () => {
    const done = run([{ type: 'done' }]);
    expect(failMessage(done, { message: 'late', retryable: true }, 5)).to.equal(done);
  });

  describe('lists that grow in place (linear in the events, however many)', () => {
    const source = (i: number): ChatEvent => ({ type: 'sources', sources: [{ title: `Source ${i}`, url: `https://a.example/${i}` }] });
    const step = (i: number): ChatEvent => ({ type: 'step', id: `step-${i}`, label: `Step ${i}`, status: 'done' });
    const notice = (i: number): ChatEvent => ({ type: 'notice', message: `Notice ${i}` });

    /**
     * Elements copied by `Array.prototype.slice` and `map` while `work` runs: how the reducer copies a list. Copying
     * every list per event makes n events cost n²/2 copies; growing them in place, about none.
     */
    function countCopies(work: () => void): number {
      const { slice, map } = Array.prototype;
      let copied = 0;
      Array.prototype.slice = function (this: unknown[], ...args: [number?, number?]) {
        const result = slice.apply(this, args);
        copied += result.length;
        return result;
      };
      Array.prototype.map = function (this: unknown[], ...args: Parameters<typeof map>) {
        copied += this.length;
        return map.apply(this, args);
      } as typeof map;
      try {
        work();
      } finally {
        Array.prototype.slice = slice;
        Array.prototype.map = map;
      }
      return copied;
    }

    for (const [name, make] of [['sources', source], ['steps', step], ['notices', notice]] as const) {
      it(`appends 100,000 ${name} to one array, with a new revision each time`, () => {
        let message = applyChatEvent(createAssistantMessage(0), make(0), 1);
        const list = message[name];
        let revision = message.revision!;
        for (let i = 1; i < 100_000; i++) {
          message = applyChatEvent(message, make(i), 1);
          if (message[name] !== list || !(message.revision! > revision)) expect.fail(`event ${i} copied the ${name} or kept the revision`);
          revision = message.revision!;
        }
        expect(message[name].length).to.equal(100_000);
      });
    }

    it('grows metadata in place: 5,000 events of one new key each keep one object, a __proto__ key stays data', () => {
      let message = applyChatEvent(createAssistantMessage(0), { type: 'metadata', metadata: { k0: 0 } }, 1);
      const metadata = message.metadata;
      for (let i = 1; i < 5_000; i++) {
        const revision = message.revision!;
        message = applyChatEvent(message, { type: 'metadata', metadata: { [`k${i}`]: i } }, 1);
        if (message.metadata !== metadata || !(message.revision! > revision)) expect.fail(`event ${i} copied the metadata or kept the revision`);
      }
      expect(Object.keys(message.metadata).length).to.equal(5_000);
      message = applyChatEvent(message, { type: 'metadata', metadata: JSON.parse('{"__proto__": {"polluted": 1}}') }, 1);
      expect(Object.getPrototypeOf(message.metadata)).to.equal(Object.prototype);
      expect(Object.keys(message.metadata)).to.include('__proto__');
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      // Metadata from elsewhere (storage, the page) is copied once, never changed.
      const stored = Object.freeze({ kept: true });
      const restored = applyChatEvent({ ...createAssistantMessage(0), metadata: stored, revision: 7 }, { type: 'metadata', metadata: { more: 1 } }, 1);
      expect(stored).to.deep.equal({ kept: true });
      expect(restored.metadata).to.deep.equal({ kept: true, more: 1 });
    });

    it('copies a number of elements linear in the events: 2N events copy at most about twice what N do', () => {
      const copiesFor = (n: number) =>
        countCopies(() => {
          let message = createAssistantMessage(0);
          for (let i = 0; i < n; i++) message = applyChatEvent(message, i % 2 ? source(i) : step(i), i);
          applyChatEvent(message, { type: 'done' }, n);
        });
      const [small, large] = [copiesFor(10_000), copiesFor(20_000)];
      // Quadratic copying (every list per event) is about 50,000,000 and 200,000,000 here: a ratio of 4.
      expect(large, 'elements copied for 20,000 events').to.be.below(4 * 20_000);
      expect(large / Math.max(small, 1)).to.be.at.most(2.5);
    });

    it('keeps the lists correct through text, a fork, and the end of the turn', () => {
      let message = run([source(1), step(1), { type: 'text-delta', delta: 'a' }, source(2), notice(1)]);
      expect(message.sources.map(s => s.title)).to.deep.equal(['Source 1', 'Source 2']);
      expect(message.citations).to.deep.equal([1, 2]);
      // An earlier message reduced again reads its lists as they are now (they are shared, so with what the later
      // message added); from then on the two have lists of their own.
      const later = applyChatEvent(message, source(3), 1);
      message = applyChatEvent(message, step(2), 1);
      message = applyChatEvent(message, source(4), 1);
      const laterStill = applyChatEvent(later, source(5), 1);
      expect(laterStill.sources.map(s => s.title)).to.deep.equal(['Source 1', 'Source 2', 'Source 3', 'Source 5']);
      expect(laterStill.steps.map(s => s.id)).to.deep.equal(['step-1']);
      expect(message.sources.map(s => s.title)).to.deep.equal(['Source 1', 'Source 2', 'Source 3', 'Source 4']);
      expect(message.citations).to.deep.equal([1, 2, 3, 4]);
      expect(message.steps.map(s => s.id)).to.deep.equal(['step-1', 'step-2']);
      // A step updated in place, and settled (with a new revision) when the turn ends.
      message = applyChatEvent(message, { type: 'step', id: 'step-1', status: 'active' }, 2);
      const before = message.revision;
      const done = applyChatEvent(message, { type: 'done' }, 3);
      expect(done.steps[0]).to.include({ id: 'step-1', status: 'done', endedAt: 3 });
      expect(done.revision).to.not.equal(before);
      // Lists that came from elsewhere (storage, the page) are copied once, never changed.
      const stored = Object.freeze([{ title: 'Kept' }]);
      const restored = applyChatEvent({ ...createAssistantMessage(0), sources: stored, revision: 7 }, source(5), 1);
      expect(stored.length).to.equal(1);
      expect(restored.sources.map(s => s.title)).to.deep.equal(['Kept', 'Source 5']);
    });
  });
});

describe('toChatError', () => {
  it('keeps a transport error\'s code, status, wait and whether a retry makes sense', () => {
    const error = new TransportError(ErrorCode.Http, 'Too many requests.', { status: 429, retryAfter: 30, retryable: true });
    expect(toChatError(error)).to.deep.equal({ message: 'Too many requests.', code: ErrorCode.Http, retryable: true, status: 429, retryAfter: 30 });
  });

  it('leaves out a status and a wait the error does not have', () => {
    const error = new TransportError(ErrorCode.Server, 'Bad body.', { retryable: false });
    expect(toChatError(error)).to.deep.equal({ message: 'Bad body.', code: ErrorCode.Server, retryable: false });
  });

  it('reads anything else thrown (the page\'s own code failed) as a setup error that a retry cannot mend, with its text', () => {
    expect(toChatError(new TypeError("Failed to construct 'Headers': Invalid name"))).to.deep.equal({ message: "Failed to construct 'Headers': Invalid name", code: ErrorCode.Setup, retryable: false });
    expect(toChatError('boom')).to.deep.equal({ message: 'boom', code: ErrorCode.Setup, retryable: false });
    expect(toChatError(undefined).code).to.equal(ErrorCode.Setup);
  });

  it('ignores a status or wait that is not a number', () => {
    const odd = { code: 'server_error', message: 'x', status: '500', retryAfter: 'soon' };
    expect(toChatError(odd)).to.deep.equal({ message: 'x', code: 'server_error', retryable: true });
  });
});
