import { expect } from '@open-wc/testing';
import {
  checkBuffering,
  checkCompletion,
  checkContentType,
  checkDialect,
  checkFraming,
  checkHeaders,
  checkHttpStatus,
  checkJsonPayloads,
  checkSilences,
  checkTurnFailure,
  collectFindings,
  DEFAULT_THRESHOLDS,
  FindingCode,
  FindingLevel,
  mediaType,
} from '../../src/cli/findings.js';
import type { Observation, ObservedMessage } from '../../src/cli/observe.js';
import type { ChatEvent } from '../../src/dialects/chat-event.js';
import { createAssistantMessage, MessageStatus, type ChatMessage } from '../../src/state/message.js';
import { ErrorCode } from '../../src/transport/error-code.js';

/** The checks are pure functions of an Observation; these are hand-made ones, each with one thing wrong. */

const GOOD_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' };

function message(atMs: number, data: string, events: ChatEvent[] = [{ type: 'text-delta', delta: 'x' }]): ObservedMessage {
  return { atMs, message: { event: 'message', data, id: '' }, events, held: false };
}

function answer(status: ChatMessage['status'], error: ChatMessage['error'] = null): ChatMessage {
  return { ...createAssistantMessage(0), text: 'hi', status, error };
}

/** A healthy turn: streamed over two seconds in many reads, canonical events, the right headers. */
function observation(overrides: Partial<Observation> = {}): Observation {
  const messages = [message(100, '{"delta":"a"}'), message(1000, '{"delta":"b"}'), message(2000, '{}', [{ type: 'done' } as ChatEvent])];
  return {
    request: { method: 'POST', url: 'http://127.0.0.1/chat', headers: {}, body: '{}' },
    startedAt: 0,
    durationMs: 2000,
    connections: 1,
    response: { atMs: 50, status: 200, statusText: 'OK', headers: new Headers(GOOD_HEADERS) },
    reads: messages.map(observed => ({ atMs: observed.atMs, bytes: 20 })),
    comments: [],
    bodyHead: '',
    framing: { bytes: 60, crOnlyLineBreaks: 0, endsWithBlankLine: true },
    messages,
    flushed: [],
    dialect: { requested: 'auto', detected: 'canonical' },
    outcome: { kind: 'closed' },
    answer: answer(MessageStatus.Done),
    ...overrides,
  };
}

const withHeaders = (headers: Record<string, string>, status = 200) =>
  observation({ response: { atMs: 50, status, statusText: status === 200 ? 'OK' : 'Not Found', headers: new Headers(headers) } });

describe('cli/findings', () => {
  it('a healthy turn has no findings', () => {
    expect(collectFindings(observation())).to.deep.equal([]);
  });

  it('mediaType drops parameters and case', () => {
    expect(mediaType('Text/Event-Stream; charset=utf-8')).to.equal('text/event-stream');
    expect(mediaType(null)).to.equal('');
  });

  it('checkHttpStatus is an error with the server message and advice fitting the status', () => {
    const notFound = observation({
      response: { atMs: 5, status: 404, statusText: 'Not Found', headers: new Headers() },
      bodyHead: 'no such route',
      outcome: { kind: 'failed', error: { message: '', code: ErrorCode.Http, retryable: false } },
    });
    const finding = checkHttpStatus(notFound)!;
    expect(finding.level).to.equal(FindingLevel.Error);
    expect(finding.message).to.equal('HTTP 404 Not Found: no such route.');
    expect(finding.advice).to.match(/accepts POST/);
    expect(checkHttpStatus(observation())).to.equal(null);
  });

  it('checkContentType tolerates text/plain as a warning and calls an HTML page an error', () => {
    expect(checkContentType(withHeaders({ ...GOOD_HEADERS, 'content-type': 'text/plain' }))!.level).to.equal(FindingLevel.Warning);
    const html = checkContentType(withHeaders({ ...GOOD_HEADERS, 'content-type': 'text/html; charset=utf-8' }))!;
    expect(html.level).to.equal(FindingLevel.Error);
    expect(html.message).to.match(/login redirect/);
    expect(checkContentType(observation())).to.equal(null);
  });

  it('checkTurnFailure explains a stall, and leaves cut-off turns to checkCompletion', () => {
    const stalled = observation({ answer: answer(MessageStatus.Error, { message: 'No data', code: ErrorCode.Stalled, retryable: true }) });
    expect(checkTurnFailure(stalled)!.advice).to.match(/heartbeat/);
    const cutOff = observation({ answer: answer(MessageStatus.Error, { message: 'cut', code: ErrorCode.CutOff, retryable: true }) });
    expect(checkTurnFailure(cutOff)).to.equal(null);
    expect(checkCompletion(cutOff)!.code).to.equal(FindingCode.NoCompletion);
  });

  it('checkTurnFailure gives every failure code advice of its own, not the server-error fallback', () => {
    const explained = new Set<string>([ErrorCode.Http, ErrorCode.CutOff, ErrorCode.NoAnswer, ErrorCode.Server]);
    const fallback = checkTurnFailure(observation({ answer: answer(MessageStatus.Error, { message: 'x', code: ErrorCode.Server, retryable: false }) }))!.advice;
    for (const code of Object.values(ErrorCode).filter(code => !explained.has(code))) {
      const failed = observation({ answer: answer(MessageStatus.Error, { message: 'x', code, retryable: false }) });
      expect(checkTurnFailure(failed)?.advice, code).to.be.a('string').and.not.equal(fallback);
    }
    // A server's own code is any string: one named like an Object member gets the server-error advice, not a function.
    const inherited = observation({ answer: answer(MessageStatus.Error, { message: 'x', code: 'constructor', retryable: true }) });
    const advice = checkTurnFailure(inherited)!.advice;
    expect(typeof advice).to.equal('string');
    expect(advice).to.equal(fallback);
  });

  it('checkDialect warns when no message became a chat event', () => {
    const unread = observation({ messages: [message(10, '{"foo":1}', []), message(20, '{"foo":2}', [])], dialect: { requested: 'auto', detected: null } });
    expect(checkDialect(unread)!.message).to.match(/None of the 2 message\(s\).*"auto"/);
  });

  it('checkJsonPayloads names a broken payload but accepts [DONE]', () => {
    const broken = observation({ messages: [message(10, '{"delta":'), message(20, '[DONE]')] });
    expect(checkJsonPayloads(broken)!.message).to.match(/^1 of 2 message\(s\).*"\{\\"delta\\":"/);
  });

  it('checkBuffering: one read for everything, or nearly every message in the last 50 ms', () => {
    const oneRead = observation();
    oneRead.reads = [oneRead.reads[0]];
    expect(checkBuffering(oneRead)!.code).to.equal(FindingCode.Buffered);
    const burst = observation({ messages: [message(10, '{}'), ...Array.from({ length: 19 }, (_, i) => message(1980 + i, '{}'))] });
    expect(checkBuffering(burst)!.message).to.match(/^19 of 20 messages arrived within 50 ms/);
    expect(checkBuffering(observation())).to.equal(null);
  });

  it('checkBuffering: a burst read as the checker recovers from being held up most of the time is advice, not a warning', () => {
    const oneRead = (stalls: Observation['stalls']) => {
      const observed = observation({ stalls });
      observed.reads = [{ atMs: 2000, bytes: 60 }];
      return checkBuffering(observed)!;
    };
    // Held up 0.1–0.9 s and 1.2–2.0 s: 1.6 s of the 2 s, the read as the last stall ended.
    const busy = oneRead([{ from: 100, to: 900 }, { from: 1200, to: 2000 }]);
    expect(busy.level).to.equal(FindingLevel.Advice);
    expect(busy.message).to.match(/^All 3 messages arrived in a single network read after 2\.0 s, but this checker could not run for 1\.6 s/);
    // Held up as long, but running when the bytes came: the server sent them late.
    expect(oneRead([{ from: 100, to: 1700 }]).level).to.equal(FindingLevel.Warning);
    // The read followed a stall, but the checker ran most of the time before it.
    expect(oneRead([{ from: 1500, to: 2000 }]).level).to.equal(FindingLevel.Warning);
    expect(oneRead(undefined).level).to.equal(FindingLevel.Warning);
  });

  it('checkSilences measures gaps without a byte against the threshold', () => {
    const quiet = observation({ durationMs: 40_000 });
    expect(checkSilences(quiet)!.message).to.match(/^1 silence\(s\) longer than 15\.0 s.*the longest lasted 38\.0 s/);
    expect(checkSilences(quiet, { ...DEFAULT_THRESHOLDS, silenceWarningMs: 60_000 })).to.equal(null);
  });

  it('checkHeaders and checkFraming advise on compression, caching, proxies and line endings', () => {
    const codes = checkHeaders(withHeaders({ 'content-type': 'text/event-stream', 'content-encoding': 'gzip' })).map(f => f.code);
    expect(codes).to.deep.equal([FindingCode.Compression, FindingCode.CacheControl, FindingCode.AccelBuffering]);
    const framing = observation({ framing: { bytes: 60, crOnlyLineBreaks: 3, endsWithBlankLine: false } });
    expect(checkFraming(framing).map(f => f.code)).to.deep.equal([FindingCode.CrLineBreaks, FindingCode.UnterminatedBlock]);
  });

  it('collectFindings puts errors before warnings before advice', () => {
    // text/plain is a warning found before the stall (an error); cache-control advice comes last.
    const messy = observation({
      response: { atMs: 50, status: 200, statusText: 'OK', headers: new Headers({ 'content-type': 'text/plain', 'x-accel-buffering': 'no' }) },
      answer: answer(MessageStatus.Error, { message: 'No data', code: ErrorCode.Stalled, retryable: true }),
      outcome: { kind: 'failed', error: { message: 'No data', code: ErrorCode.Stalled, retryable: true } },
      connections: 2,
    });
    expect(collectFindings(messy).map(f => [f.level, f.code])).to.deep.equal([
      [FindingLevel.Error, FindingCode.TurnFailed],
      [FindingLevel.Warning, FindingCode.ContentType],
      [FindingLevel.Warning, FindingCode.Resumed],
      [FindingLevel.Advice, FindingCode.CacheControl],
    ]);
  });
});
