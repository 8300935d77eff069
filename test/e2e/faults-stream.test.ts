// The client's fault model, end to end: streams that are resumed, split at every byte, huge, or a flood of tiny
// events, read by the real <sse-chat> in Chromium from the real demo server. Whatever the wire did, the final state
// must equal the same answer delivered plainly.
import { expect } from '@open-wc/testing';
import { demoServerPool } from './demo-server.js';
import {
  answeredRequests,
  chatAt,
  cleanAnswer,
  entries,
  lastAnswer,
  MULTI_BYTE_QUESTION,
  NON_ASCII_QUESTION,
  observable,
  OTHER_QUESTION,
  parts,
  readBeforeDrops,
  shownError,
  statusOf,
  visibleText,
} from './faults-helpers.js';

/** The text of `big-event:BYTES` (docs/testing.md): this sentence repeated and cut to BYTES characters. */
const bigEventText = (bytes: number) => 'The quick brown fox jumps over the lazy dog. '.repeat(Math.ceil(bytes / 45)).slice(0, bytes);
/** The text of `flood:N`: delta i is the digit i % 10. */
const floodText = (count: number) => '0123456789'.repeat(Math.ceil(count / 10)).slice(0, count);
/** The transport's default largest event (4 MiB, in characters); the element does not expose a way to change it. */
const DEFAULT_MAX_EVENT_SIZE = 4 * 1024 * 1024;

describe('e2e faults: resumed, split, huge and flooded streams', () => {
  const { serve, stopAll } = demoServerPool();
  afterEach(stopAll);

  it('a dropped resumable stream is resumed once with Last-Event-ID, and the answer equals the unbroken one', async function () {
    const server = await serve({ holdDrops: true });
    const clean = await cleanAnswer(server, NON_ASCII_QUESTION);
    const transient = readBeforeDrops(server, [40]);
    const el = await chatAt(`${server.url}/api/chat?fault=ids&fault=drop-after:40`, { fetch: transient.fetch });
    await el.send(NON_ASCII_QUESTION);

    expect(observable(lastAnswer(el))).to.deep.equal(observable(clean));
    expect(statusOf(el)).to.equal('idle');
    expect(parts(el, 'error')).to.have.length(0);
    // One resume, naming the 40th event: the last one the dropped connection gave the page.
    expect(transient.lastIdsReceived[0]).to.match(/\.40$/);
    expect(transient.lastEventIds).to.deep.equal([transient.lastIdsReceived[0]]);
    const log = await server.log();
    expect(entries(log, 'resume').map(entry => entry.detail)).to.deep.equal([
      `stream ${transient.lastEventIds[0].split('.')[0]} after event 40`,
    ]);
    expect(entries(log, 'fault').map(entry => entry.detail)).to.deep.equal(['connection cut after 40 events']);
    // The baseline, the first connection and the resumed one.
    expect(answeredRequests(log)).to.have.length(3);
    expect(entries(log, 'complete')).to.have.length(2);
  });

  it('a stream made resumable by the X-Resumable header is resumed too', async function () {
    const server = await serve({ holdDrops: true });
    const clean = await cleanAnswer(server, NON_ASCII_QUESTION);
    const transient = readBeforeDrops(server, [40]);
    const el = await chatAt(`${server.url}/api/chat?fault=drop-after:40`, {
      headers: { 'X-Resumable': '1' },
      fetch: transient.fetch,
    });
    await el.send(NON_ASCII_QUESTION);

    expect(observable(lastAnswer(el))).to.deep.equal(observable(clean));
    expect(transient.lastIdsReceived[0]).to.match(/\.40$/);
    expect(transient.lastEventIds).to.deep.equal([transient.lastIdsReceived[0]]);
    const log = await server.log();
    expect(entries(log, 'resume')).to.have.length(1);
    expect(answeredRequests(log)).to.have.length(3);
    expect(entries(log, 'complete'), 'the baseline and the resumed connection').to.have.length(2);
  });

  it('a stream that drops twice is resumed twice and still ends exactly', async function () {
    const server = await serve({ holdDrops: true });
    const clean = await cleanAnswer(server, OTHER_QUESTION);
    const transient = readBeforeDrops(server, [30, 120]);
    const el = await chatAt(`${server.url}/api/chat?fault=ids&fault=drop-after:30&fault=drop-after:120`, { fetch: transient.fetch });
    await el.send(OTHER_QUESTION);

    expect(observable(lastAnswer(el))).to.deep.equal(observable(clean));
    // Each resume names the last event its dropped connection gave the page: the 30th, then the 120th.
    expect(transient.lastEventIds.map(id => id.split('.')[1])).to.deep.equal(['30', '120']);
    expect(transient.lastEventIds).to.deep.equal(transient.lastIdsReceived.slice(0, 2));
    const log = await server.log();
    expect(entries(log, 'resume')).to.have.length(2);
    expect(entries(log, 'fault')).to.have.length(2);
    expect(answeredRequests(log)).to.have.length(4);
  });

  it('without event ids a dropped stream is not retried: one request, and the error is shown', async function () {
    const server = await serve({ holdDrops: true });
    const el = await chatAt(`${server.url}/api/chat?fault=drop-after:40`, { fetch: readBeforeDrops(server, [40]).fetch });
    await el.send(NON_ASCII_QUESTION);
    await new Promise(resolve => setTimeout(resolve, 1500)); // past the 1 s resume delay

    expect(lastAnswer(el).error?.code).to.equal('connection-lost');
    const log = await server.log();
    expect(answeredRequests(log)).to.have.length(1);
    expect(entries(log, 'resume')).to.have.length(0);
  });

  it('a stream split at every byte (multi-byte UTF-8 included) ends exactly as the plain one', async function () {
    const server = await serve();
    const plain = await chatAt(`${server.url}/api/chat`);
    await plain.send(MULTI_BYTE_QUESTION);
    // The test needs many characters of more than one byte in what is streamed back: the step details name the
    // question's terms; the answer (which does not echo them) has a few of its own (›, —, …).
    const multiByte = (text: string) => [...text].filter(char => char.charCodeAt(0) > 0x7f).length;
    expect(multiByte(lastAnswer(plain).text)).to.be.greaterThan(3);
    expect(multiByte(JSON.stringify(observable(lastAnswer(plain))))).to.be.greaterThan(15);
    const el = await chatAt(`${server.url}/api/chat?fault=bytewise`);
    await el.send(MULTI_BYTE_QUESTION);

    expect(observable(lastAnswer(el))).to.deep.equal(observable(lastAnswer(plain)));
    expect(lastAnswer(el).text).not.to.contain('\ufffd');
    expect(visibleText(parts(el, 'content')[0])).to.equal(visibleText(parts(plain, 'content')[0]));
  });

  it('a single 1 MB event arrives whole and is rendered', async function () {
    const server = await serve();
    const el = await chatAt(`${server.url}/api/chat?fault=big-event:1000000`);
    await el.send('Hello?');

    const answer = lastAnswer(el);
    expect(answer.status, answer.error?.message).to.equal('done');
    expect(answer.text.length).to.equal(1_000_000);
    expect(answer.text === bigEventText(1_000_000), 'the exact 1 MB text').to.equal(true);
    await el.updateComplete;
    const shown = visibleText(parts(el, 'content')[0]);
    expect(shown.length).to.equal(bigEventText(1_000_000).trim().length);
  });

  it('a flood of 10,000 tiny events loses, doubles and reorders none', async function () {
    const server = await serve();
    const el = await chatAt(`${server.url}/api/chat?fault=flood:10000`);
    await el.send('Hello?');

    const answer = lastAnswer(el);
    expect(answer.status, answer.error?.message).to.equal('done');
    expect(answer.text === floodText(10_000), 'the exact flood text').to.equal(true);
    await el.updateComplete;
    expect(visibleText(parts(el, 'content')[0])).to.equal(floodText(10_000));
  });

  it('an event over the size limit (4 MiB) is a clear "too large" error, not a hang', async function () {
    const server = await serve();
    const el = await chatAt(`${server.url}/api/chat?fault=big-event:${DEFAULT_MAX_EVENT_SIZE + 100_000}`);
    await el.send('Hello?'); // it ends: a hang would run into the test's timeout

    const answer = lastAnswer(el);
    expect(answer.status).to.equal('error');
    expect(answer.error?.code).to.equal('too-large');
    expect(answer.error?.retryable).to.equal(false);
    expect(statusOf(el)).to.equal('error');
    expect(await shownError(el)).to.match(/too large/i);
    expect(answer.text).to.equal('');
    expect(answeredRequests(await server.log())).to.have.length(1);
  });
});
