import { expect } from '@open-wc/testing';
import {
  applyChatEvent,
  createAssistantMessage,
  endOfStream,
  failMessage,
  stopMessage,
  MessageStatus,
} from '../../src/state/message.js';
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
});
