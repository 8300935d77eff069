import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BufferedTurn } from '../../demo/testing/buffered-stream.mjs';
import { parseResumeId } from '../../demo/testing/resume.mjs';
import { fixtureServers, waitFor } from './helpers.mjs';
import { canonicalAnswer, eventBlocks, rawPost } from './raw-client.mjs';

const { startServer, withServer } = fixtureServers({ settle: true });

const QUESTION = { message: 'How do I cancel a request?' };

/** @param {number} ms */
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/**
 * A stream with ids cut after its 8th event: its URL, the whole answer (from an uncut stream) and the first
 * connection's text and events.
 * @param {{ url: string }} server
 */
async function cutAfterEighthEvent(server) {
  const url = `${server.url}/api/chat?fault=drop-after:8&fault=ids`;
  const whole = canonicalAnswer((await rawPost(`${server.url}/api/chat`, QUESTION)).text);
  const first = await rawPost(url, QUESTION);
  assert.equal(first.ended, 'reset');
  const firstEvents = eventBlocks(first.text);
  assert.equal(firstEvents.length, 8);
  return { url, whole, first, firstEvents };
}

describe('resumable streams', () => {
  it('?fault=ids gives every event an id <streamId>.<seq>, numbered from 1 without gaps', async () => {
    await withServer({}, async ({ server }) => {
      const result = await rawPost(`${server.url}/api/chat?fault=ids`, QUESTION);
      const events = eventBlocks(result.text);
      const ids = events.map(e => parseResumeId(e.id ?? ''));
      assert.ok(ids.every(Boolean), 'every event has an id of that form');
      assert.equal(new Set(ids.map(id => id?.streamId)).size, 1, 'one stream id');
      assert.deepEqual(
        ids.map(id => id?.seq),
        events.map((_, i) => i + 1),
      );
      assert.equal(events.at(-1)?.event, 'done');
      const other = await rawPost(`${server.url}/api/chat?fault=ids`, QUESTION);
      assert.notEqual(parseResumeId(eventBlocks(other.text)[0].id ?? '')?.streamId, ids[0]?.streamId, 'a fresh id per stream');
    });
  });

  it('/api/chat is resumable with the header X-Resumable: 1 or the body field resumable: true, not otherwise', async () => {
    await withServer({}, async ({ server }) => {
      const url = `${server.url}/api/chat`;
      const byHeader = await rawPost(url, QUESTION, { headers: { 'x-resumable': '1' } });
      const byBody = await rawPost(url, { ...QUESTION, resumable: true });
      const plain = await rawPost(url, QUESTION);
      assert.ok(eventBlocks(byHeader.text).every(e => parseResumeId(e.id ?? '')));
      assert.ok(eventBlocks(byBody.text).every(e => parseResumeId(e.id ?? '')));
      assert.ok(eventBlocks(plain.text).every(e => e.id === undefined));
      assert.equal(canonicalAnswer(byHeader.text), canonicalAnswer(plain.text));
    });
  });

  it('drop-after:N, then Last-Event-ID: the replay continues after N, with no gap and no duplicate', async () => {
    await withServer({ tokenDelayMs: 2 }, async ({ server, log }) => {
      const { url, whole, first, firstEvents } = await cutAfterEighthEvent(server);
      const lastId = /** @type {string} */ (firstEvents.at(-1)?.id);

      const second = await rawPost(url, QUESTION, { headers: { 'last-event-id': lastId } });
      assert.equal(second.status, 200);
      assert.equal(second.ended, 'end');
      const secondEvents = eventBlocks(second.text);
      const seqs = [...firstEvents, ...secondEvents].map(e => parseResumeId(e.id ?? '')?.seq);
      assert.deepEqual(seqs, seqs.map((_, i) => i + 1), 'ids run on from the first connection');
      assert.equal(secondEvents.at(-1)?.event, 'done');
      assert.equal(canonicalAnswer(first.text + second.text), whole, 'the final text is exact');
      assert.ok(log.some(e => e.event === 'resume' && /after event 8/.test(e.detail ?? '')));
      assert.equal(server.stats().totalStreams, 2, 'a resume continues a stream, it does not start one');
    });
  });

  it('a cut happens once per stream: a resume from before it (the page lost the last events) is not cut there again', async () => {
    await withServer({ tokenDelayMs: 2 }, async ({ server, log }) => {
      const { url, whole, first, firstEvents } = await cutAfterEighthEvent(server);

      // As a starved page does: Chromium discarded events 4 to 8 with the dropped connection, so it resumes after 3.
      const fourth = first.text.indexOf(`${firstEvents[3].id}\n`);
      const kept = first.text.slice(0, first.text.lastIndexOf('\n\n', fourth) + 2);
      assert.equal(eventBlocks(kept).length, 3);
      const second = await rawPost(url, QUESTION, { headers: { 'last-event-id': /** @type {string} */ (firstEvents[2].id) } });
      assert.equal(second.status, 200);
      assert.equal(second.ended, 'end', 'the cut after event 8 already happened: not again');
      assert.equal(canonicalAnswer(kept + second.text), whole, 'the final text is exact');
      assert.equal(log.filter(e => e.event === 'fault').length, 1);
    });
  });

  it('keeps generating while the client is away, and a resume gets the missed events, then the live ones', async () => {
    // 50 ms tokens: the (short) answer is still being generated when the check comes, even on a loaded machine.
    await withServer({ tokenDelayMs: 50 }, async ({ server }) => {
      const url = `${server.url}/api/chat?fault=ids`;
      const first = await rawPost(url, QUESTION, { stopWhen: text => text.includes('event: text-delta') });
      const lastId = /** @type {string} */ (eventBlocks(first.text).at(-1)?.id);
      await waitFor(() => server.stats().activeStreams === 0, 'the server to see the client leave');
      await sleep(100); // ~2 tokens are generated meanwhile
      assert.ok(server.stats().timers > 0, 'generation goes on during the grace period');
      const second = await rawPost(url, QUESTION, { headers: { 'last-event-id': lastId } });
      const whole = canonicalAnswer((await rawPost(`${server.url}/api/chat`, QUESTION)).text);
      assert.equal(canonicalAnswer(first.text + second.text), whole);
      // The missed events arrive at once in the first chunk; the rest come live, one token at a time.
      assert.ok(second.chunks.length > 3, 'live events follow the replay');
    });
  });

  it('resumes vendor and seed routes too, replacing a seed’s own numeric ids', async () => {
    await withServer({}, async ({ server }) => {
      const body = { message: 'cancel a request' };
      const url = `${server.url}/seeds/rag?fault=ids&fault=drop-after:4`;
      const first = await rawPost(url, body);
      const firstEvents = eventBlocks(first.text);
      assert.ok(firstEvents.every(e => parseResumeId(e.id ?? '')), 'ids replace the seed’s 1, 2, 3…');
      const second = await rawPost(url, body, { headers: { 'last-event-id': /** @type {string} */ (firstEvents.at(-1)?.id) } });
      const all = [...firstEvents, ...eventBlocks(second.text)];
      assert.equal(JSON.parse(all.at(-1)?.data ?? '{}').type, 'done');
      assert.equal(new Set(all.map(e => e.id)).size, all.length, 'no event twice');

      const gemini = `${server.url}/v1beta/models/demo:streamGenerateContent?fault=ids&fault=drop-after:2`;
      const geminiBody = { contents: [{ role: 'user', parts: [{ text: 'cancel a request' }] }] };
      const cut = await rawPost(gemini, geminiBody);
      const resumed = await rawPost(gemini, geminiBody, { headers: { 'last-event-id': /** @type {string} */ (eventBlocks(cut.text).at(-1)?.id) } });
      assert.match(resumed.text, /^id: [\w-]+\.3\r\ndata: /, 'ids keep the route’s CRLF line endings');
      assert.match(resumed.text, /"finishReason":"STOP"/);
    });
  });

  it('a resume takes over from a connection the server still thinks is open', async () => {
    await withServer({ faultCapMs: 5000 }, async ({ server }) => {
      const url = `${server.url}/api/chat?fault=ids&fault=stall-after:3`;
      let seen = '';
      const stalled = rawPost(url, QUESTION, { onText: text => (seen = text) });
      await waitFor(() => eventBlocks(seen).length === 3, 'three events, then the stall');
      const second = await rawPost(url, QUESTION, { headers: { 'last-event-id': /** @type {string} */ (eventBlocks(seen)[2].id) } });
      assert.equal(parseResumeId(eventBlocks(second.text)[0].id ?? '')?.seq, 4);
      assert.equal(eventBlocks(second.text).at(-1)?.event, 'done');
      assert.equal((await stalled).ended, 'reset', 'the old connection is cut');
    });
  });

  it('refuses what it cannot resume: 409 for an id it did not give out or another route, 410 for an expired stream', async () => {
    // A 3 s time to live: the four asks before the replay fit in it even on a loaded machine (100 ms did not).
    await withServer({ resume: { ttlMs: 3000 } }, async ({ server }) => {
      const url = `${server.url}/api/chat?fault=ids`;
      const done = await rawPost(url, QUESTION);
      const [first] = eventBlocks(done.text);
      const streamId = parseResumeId(first.id ?? '')?.streamId;
      const ask = (/** @type {string} */ id, path = '/api/chat?fault=ids', body = /** @type {unknown} */ (QUESTION)) =>
        rawPost(`${server.url}${path}`, body, { headers: { 'last-event-id': id } });
      const expect = async (/** @type {Promise<import('./raw-client.mjs').RawResult>} */ pending, /** @type {number} */ status, /** @type {string} */ code) => {
        const result = await pending;
        assert.equal(result.status, status, result.text);
        assert.equal(JSON.parse(result.text).error.code, code);
        return JSON.parse(result.text).error.message;
      };
      assert.match(await expect(ask('17'), 409, 'resume_unsupported'), /not an id of a resumable stream/);
      await expect(ask(`${streamId}.99999`), 409, 'resume_conflict');
      await expect(ask(`${streamId}.2`, '/seeds/rag?fault=ids', { message: 'x' }), 409, 'resume_conflict');
      await expect(ask(`${'A'.repeat(22)}.2`), 410, 'stream_expired');
      const replay = await ask(`${streamId}.2`);
      assert.equal(replay.status, 200, 'within the time to live');
      assert.equal(eventBlocks(replay.text).length, eventBlocks(done.text).length - 2);
      await sleep(3100);
      assert.match(await expect(ask(`${streamId}.2`), 410, 'stream_expired'), /has expired/);
    });
  });

  it('stops generating when nobody resumes within the grace period', async () => {
    await withServer({ tokenDelayMs: 20, resume: { graceMs: 60 } }, async ({ server }) => {
      const url = `${server.url}/api/chat?fault=ids`;
      const first = await rawPost(url, QUESTION, { stopWhen: text => text.includes('event: step') });
      const lastId = /** @type {string} */ (eventBlocks(first.text).at(-1)?.id);
      await waitFor(() => server.stats().activeStreams === 0, 'the server to see the client leave');
      await waitFor(() => server.stats().timers === 0, 'generation to stop after the grace period');
      const late = await rawPost(url, QUESTION, { headers: { 'last-event-id': lastId } });
      assert.equal(late.status, 410);
    });
  });

  it('drops twice with two drop-after faults, each counted by the stream position', async () => {
    await withServer({}, async ({ server }) => {
      const url = `${server.url}/api/chat?fault=ids&fault=drop-after:3&fault=drop-after:7&fault=flood:20`;
      const first = await rawPost(url, QUESTION);
      const id = (/** @type {import('./raw-client.mjs').RawResult} */ result) => /** @type {string} */ (eventBlocks(result.text).at(-1)?.id);
      const second = await rawPost(url, QUESTION, { headers: { 'last-event-id': id(first) } });
      const third = await rawPost(url, QUESTION, { headers: { 'last-event-id': id(second) } });
      assert.deepEqual([first.ended, second.ended, third.ended], ['reset', 'reset', 'end']);
      assert.deepEqual([eventBlocks(first.text).length, eventBlocks(second.text).length], [3, 4]);
      assert.equal(canonicalAnswer(first.text + second.text + third.text), '01234567890123456789');
    });
  });

  it('close() stops a stream waiting for a resume at once', async () => {
    const { server } = await startServer({ tokenDelayMs: 20 });
    await rawPost(`${server.url}/api/chat?fault=ids`, QUESTION, { stopWhen: text => text.includes('event: step') });
    await waitFor(() => server.stats().activeStreams === 0, 'the server to see the client leave');
    assert.ok(server.stats().timers > 0, 'generating during the grace period');
    await server.close();
    assert.equal(server.stats().timers, 0);
  });

  it('bounds what it keeps: events per stream, and streams', async () => {
    await withServer({ resume: { maxEvents: 5, maxStreams: 2 } }, async ({ server }) => {
      const url = `${server.url}/api/chat?fault=ids`;
      const stream = async () => eventBlocks((await rawPost(url, QUESTION)).text);
      const a = await stream();
      const resume = (/** @type {string | undefined} */ id) => rawPost(url, QUESTION, { headers: { 'last-event-id': id ?? '' } });
      assert.equal((await resume(a[1].id)).status, 410, 'the early events were dropped');
      const tail = await resume(a.at(-4)?.id);
      assert.equal(tail.status, 200, 'the last ones are kept');
      assert.deepEqual(eventBlocks(tail.text).map(e => e.id), a.slice(-3).map(e => e.id));
      await stream();
      await stream();
      assert.equal((await resume(a.at(-2)?.id)).status, 410, 'the oldest stream is forgotten first');
    });
  });
});

describe('BufferedTurn', () => {
  it('numbers event blocks only, and finds where a resume starts', () => {
    const turn = new BufferedTurn({ streamId: 'S'.repeat(16) });
    turn.append('retry: 3000\n\n');
    turn.append('data: a\n\n: comment\n\ndata: b\n\n');
    turn.append('event: x\ndata: c\n\n');
    assert.equal(turn.lastSeq, 3);
    assert.deepEqual(
      Array.from({ length: turn.end }, (_, i) => turn.blockAt(i)?.text),
      ['retry: 3000\n\n', `id: ${'S'.repeat(16)}.1\ndata: a\n\n`, ': comment\n\n', `id: ${'S'.repeat(16)}.2\ndata: b\n\n`, `id: ${'S'.repeat(16)}.3\nevent: x\ndata: c\n\n`],
    );
    assert.equal(turn.indexAfter(0), 1);
    assert.equal(turn.indexAfter(1), 3, 'a comment after event 1 is not replayed');
    assert.equal(turn.indexAfter(3), 5);
  });

  it('drops its oldest blocks past maxBytes, and then cannot resume from before them', () => {
    const turn = new BufferedTurn({ streamId: 'S'.repeat(16), maxBytes: 100 });
    for (let i = 0; i < 10; i++) turn.append(`data: ${'x'.repeat(20)}\n\n`);
    assert.equal(turn.blockAt(0), undefined);
    assert.equal(turn.indexAfter(2), undefined);
    assert.equal(turn.indexAfter(9), 9);
  });
});
