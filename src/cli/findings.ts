import { MessageStatus } from '../state/message.js';
import { ErrorCode } from '../transport/error-code.js';
import type { ObservedMessage, Observation } from './observe.js';
import { checkAgentDialect } from './agent-advice.js';

/**
 * What a backend author should know about their stream, judged from one {@link Observation}. Every check is a
 * small pure function so each can be tested on hand-made observations; docs/checker.md explains every code.
 */

/** How much a finding matters: `error` fails the check, `warning` will bite some users, `advice` is good practice. */
export const FindingLevel = {
  Error: 'error',
  Warning: 'warning',
  Advice: 'advice',
} as const;
export type FindingLevel = (typeof FindingLevel)[keyof typeof FindingLevel];

/** Stable identifiers of findings, for `--json` consumers and the docs. */
export const FindingCode = {
  HttpError: 'http-error',
  ContentType: 'content-type',
  TurnFailed: 'turn-failed',
  NoCompletion: 'no-completion',
  NoDialect: 'no-dialect',
  InvalidJson: 'invalid-json',
  Buffered: 'buffered',
  Silence: 'silence',
  Compression: 'compression',
  CacheControl: 'cache-control',
  AccelBuffering: 'x-accel-buffering',
  CrLineBreaks: 'cr-line-breaks',
  UnterminatedBlock: 'unterminated-block',
  Resumed: 'resumed',
  PlainText: 'plain-text',
  DatalessEvent: 'data-less-event',
  Cors: 'cors',
  DialectAdvice: 'dialect-advice',
} as const;
export type FindingCode = (typeof FindingCode)[keyof typeof FindingCode];

/** One thing worth telling the backend author, with what to do about it. */
export interface Finding {
  code: FindingCode;
  level: FindingLevel;
  /** What was observed, in one or two sentences. */
  message: string;
  /** How to fix it, where there is something to do. */
  advice?: string;
}

/** Thresholds of the timing checks (the brief's numbers; the silence limit comes from `--silence-warning`). */
export interface FindingThresholds {
  silenceWarningMs: number;
  /** A response shorter than this cannot be told apart from a fast one, so it is never called buffered. */
  bufferMinDurationMs: number;
  /** "At the end" means within this many ms of the last message. */
  bufferWindowMs: number;
  /** The share of messages in that window that makes it a burst. */
  bufferShare: number;
}

/** Defaults for {@link FindingThresholds}: proxies commonly drop connections idle for 30–60 s, so warn at 15 s. */
export const DEFAULT_THRESHOLDS: FindingThresholds = {
  silenceWarningMs: 15_000,
  bufferMinDurationMs: 1_000,
  bufferWindowMs: 50,
  bufferShare: 0.9,
};

/** Fewer messages than this say nothing about buffering (a one-shot answer is legitimately one burst). */
const BURST_MIN_MESSAGES = 3;

const isSuccess = (status: number) => status >= 200 && status < 300;

/** The media type of a Content-Type header, lower-cased, parameters dropped (`''` when absent). */
export function mediaType(contentType: string | null): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** A non-2xx status, with the server's own message when the transport or the body carried one. */
export function checkHttpStatus(observation: Observation): Finding | null {
  const { response, outcome, bodyHead } = observation;
  if (!response || isSuccess(response.status)) return null;
  const transportMessage = outcome.kind === 'failed' ? outcome.error.message : '';
  const retryAfter = outcome.kind === 'failed' && outcome.error.retryAfter !== undefined ? ` Retry-After: ${outcome.error.retryAfter} s.` : '';
  const body = bodyHead.trim();
  const shown = transportMessage || body;
  return {
    code: FindingCode.HttpError,
    level: FindingLevel.Error,
    message: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${shown ? `: ${shown}` : ''}${/[.!?]$/.test(shown) ? '' : '.'}${retryAfter}`,
    advice:
      response.status === 404 || response.status === 405
        ? 'Check the URL and that the route accepts POST.'
        : response.status === 401 || response.status === 403
          ? 'Pass credentials with --header "Authorization: Bearer …".'
          : response.status === 400 || response.status === 422
            ? 'The server rejected the request body: pass the body it expects with --data \'{…}\' or pick its --dialect.'
            : 'Answer errors with a JSON body such as {"error":{"message":"…"}} so clients can show the reason.',
  };
}

/** The Content-Type of a successful response: `text/event-stream` is right, `text/plain` merely tolerated. */
export function checkContentType(observation: Observation): Finding | null {
  const { response } = observation;
  if (!response || !isSuccess(response.status) || isPlainText(observation)) return null;
  const type = mediaType(response.headers.get('content-type'));
  if (type === 'text/event-stream') return null;
  const advice = 'Send "Content-Type: text/event-stream" (FastAPI: StreamingResponse(..., media_type="text/event-stream")).';
  if (type === '' || type === 'text/plain') {
    return {
      code: FindingCode.ContentType,
      level: FindingLevel.Warning,
      message: `${type ? 'Content-Type is text/plain' : 'The response has no Content-Type'}: <sse-chat> reads it, but EventSource refuses it and proxies may buffer or sniff it.`,
      advice,
    };
  }
  const hint =
    type === 'text/html'
      ? ' An HTML page here is usually a login redirect, an error page, or an SPA fallback for an unknown route.'
      : type === 'application/json'
        ? ' A JSON body means the endpoint answered in one piece instead of streaming.'
        : '';
  return {
    code: FindingCode.ContentType,
    level: FindingLevel.Error,
    message: `Content-Type is ${type}, not an event stream: clients refuse it.${hint}`,
    advice,
  };
}

/** Whether the body was read as plain text: it was not SSE framing. */
const isPlainText = (observation: Observation) => observation.messages.some(observed => observed.message.kind === 'text');

/** A body that is plain text, not SSE framing (the AI SDK's `toTextStreamResponse()`, a raw `StreamingResponse`). */
export function checkPlainText(observation: Observation): Finding | null {
  if (!isPlainText(observation)) return null;
  return {
    code: FindingCode.PlainText,
    level: FindingLevel.Warning,
    message:
      'The body is plain text, not an event stream: <sse-chat> shows it as the answer (dialect "text") and takes a clean close as done, but plain text cannot carry steps, sources or errors, and a dropped connection looks finished.',
    advice:
      'Stream SSE instead (Content-Type: text/event-stream; canonical events, see docs/protocol.md). With the AI SDK use toUIMessageStreamResponse() rather than toTextStreamResponse(). To keep plain text, set dialect="text".',
  };
}

/** A named block without a data line (`event: done`): EventSource dispatches nothing for it; sse-chat reads it. */
export function checkDatalessEvents(observation: Observation): Finding | null {
  const names = [...new Set(observation.messages.filter(observed => observed.message.kind === 'signal').map(observed => observed.message.event))];
  if (names.length === 0) return null;
  return {
    code: FindingCode.DatalessEvent,
    level: FindingLevel.Advice,
    message: `The stream sent ${names.map(name => `"event: ${name}"`).join(', ')} without a data line. <sse-chat> reads it as a signal (e.g. the end of the turn), but EventSource and most SSE libraries dispatch nothing for it.`,
    advice: 'Add a data line, e.g. "event: done" + "data: {}", so every client sees it.',
  };
}

const CORS_ADVICE =
  'If the chat page is served from another origin, answer the OPTIONS preflight and the POST with Access-Control-Allow-Origin: <the page origin> (or *), Access-Control-Allow-Headers naming the request headers (at least content-type) and Access-Control-Allow-Methods: POST (FastAPI: CORSMiddleware; Express: cors(); Hono: cors()).';

/** Whether a CORS allow-list header (`*`, or a comma-separated list) names `name`. */
const allows = (list: string | null, name: string) =>
  list !== null && list.split(',').some(item => ['*', name].includes(item.trim().toLowerCase()));

/** What a page on another origin would meet: a preflight or a POST without the CORS headers it needs. */
export function checkCors(observation: Observation): Finding | null {
  const { cors } = observation;
  if (!cors) return null;
  const { preflight, postAllowOrigin, origin, requestHeaders } = cors;
  const originAllowed = (value: string | null) => value === '*' || value === origin;
  const problems: string[] = [];
  if (preflight.status === null) problems.push('the preflight (OPTIONS) request failed');
  else if (!isSuccess(preflight.status)) problems.push(`the preflight (OPTIONS) was answered with HTTP ${preflight.status}`);
  else if (!originAllowed(preflight.allowOrigin)) problems.push(`the preflight sent ${preflight.allowOrigin === null ? 'no Access-Control-Allow-Origin' : `Access-Control-Allow-Origin: ${preflight.allowOrigin}`}`);
  else {
    const missing = requestHeaders.filter(name => !allows(preflight.allowHeaders, name));
    if (missing.length) problems.push(`the preflight's Access-Control-Allow-Headers does not name ${missing.join(', ')}`);
  }
  if (observation.response && !originAllowed(postAllowOrigin)) {
    problems.push(`the POST's response sent ${postAllowOrigin === null ? 'no Access-Control-Allow-Origin' : `Access-Control-Allow-Origin: ${postAllowOrigin}`}`);
  }
  if (problems.length === 0) return null;
  // No CORS header at all is how a same-origin deployment looks: worth knowing, not a fault. A half-done setup is.
  const configured = [preflight.allowOrigin, preflight.allowHeaders, postAllowOrigin].some(value => value !== null);
  return {
    code: FindingCode.Cors,
    level: configured ? FindingLevel.Warning : FindingLevel.Advice,
    message: `A page on another origin (${origin}) cannot use this endpoint: ${problems.join('; ')}. Same-origin pages are not affected; the browser reports this only as "Could not reach the server".`,
    advice: CORS_ADVICE,
  };
}

/** Codes of transport failures that another finding already explains better. */
const EXPLAINED_ELSEWHERE = [ErrorCode.Http, ErrorCode.CutOff, ErrorCode.NoAnswer] as const;

/** What to do about each failure: every code the other findings leave has its own (the compiler keeps it so). */
const FAILURE_ADVICE: Record<Exclude<ErrorCode, (typeof EXPLAINED_ELSEWHERE)[number]>, string> = {
  [ErrorCode.Stalled]: 'Send a heartbeat (a comment line ": ping" followed by a blank line) every 10–15 s while the model works.',
  [ErrorCode.TurnTimeout]: 'The turn took longer than --timeout; raise it if the backend is just slow.',
  [ErrorCode.Network]: 'Is the server running, and is the URL (scheme, host, port) right?',
  [ErrorCode.ConnectionLost]: 'The connection dropped mid-stream: look for a proxy timeout or a crash in the server log.',
  [ErrorCode.Offline]: 'The network went away during the stream: run the check again once it is back.',
  [ErrorCode.TooLarge]: 'Split large payloads into several events.',
  [ErrorCode.AnswerTooLarge]: 'The answer grew past the size a page allows by default (max-answer-chars); shorten answers or raise the limit on the page.',
  [ErrorCode.InvalidEvent]: "Send each event's data in the form its dialect requires (JSON for the JSON dialects; see docs/protocol.md).",
  [ErrorCode.Server]: 'The server sent an error event; this is how a user would see it.',
  [ErrorCode.UnexpectedResponse]: 'Answer the chat POST with an event stream (Content-Type: text/event-stream).',
  [ErrorCode.Setup]: 'Nothing was sent: fix the endpoint URL or the --header and --data options the message names.',
  [ErrorCode.File]: 'An attachment could not be read: check that the file still exists and is readable.',
};

const explainedElsewhere = (code: string | undefined): boolean => (EXPLAINED_ELSEWHERE as readonly string[]).includes(code ?? '');

/** The advice for a code, which may be any string a server sent ("constructor" too): the table's own keys only. */
const adviceFor = (code: string | undefined): string =>
  code !== undefined && Object.hasOwn(FAILURE_ADVICE, code) ? FAILURE_ADVICE[code as keyof typeof FAILURE_ADVICE] : FAILURE_ADVICE[ErrorCode.Server];

/** The turn failed for a reason no other finding explains (a server error event, a stall, the network). */
export function checkTurnFailure(observation: Observation): Finding | null {
  const { answer } = observation;
  const error = answer.error;
  if (answer.status !== MessageStatus.Error || !error || explainedElsewhere(error.code)) return null;
  if (error.code === ErrorCode.UnexpectedResponse && checkContentType(observation)?.level === FindingLevel.Error) return null;
  return {
    code: FindingCode.TurnFailed,
    level: FindingLevel.Error,
    message: `The turn failed (${error.code ?? 'error'}): ${error.message}`,
    advice: adviceFor(error.code),
  };
}

/** A stream that closed cleanly without the dialect's completion signal looks cut off to every client. */
export function checkCompletion(observation: Observation): Finding | null {
  const { outcome, answer, messages } = observation;
  if (outcome.kind !== 'closed' || answer.status === MessageStatus.Done) return null;
  if (answer.error?.code !== ErrorCode.CutOff && answer.error?.code !== ErrorCode.NoAnswer) return null;
  return {
    code: FindingCode.NoCompletion,
    level: FindingLevel.Warning,
    message:
      messages.length === 0
        ? 'The stream closed before any SSE message arrived: no answer and no completion signal.'
        : `The stream closed after ${messages.length} message(s) with no completion signal, so a client shows the answer as cut off.`,
    advice:
      'End every turn with the dialect\'s completion event, e.g. "event: done" + "data: {}" (canonical), data: {"type":"done"} (json), or data: [DONE] (OpenAI).',
  };
}

/**
 * Messages arrived but not one became a chat event: the dialect (detected, fallen back to, or forced) did not
 * understand them, so a client shows nothing.
 */
export function checkDialect(observation: Observation): Finding | null {
  const { dialect, messages, flushed } = observation;
  if (messages.length === 0 || flushed.length > 0 || messages.some(observed => observed.events.length > 0)) return null;
  const reader = dialect.detected ?? dialect.requested;
  return {
    code: FindingCode.NoDialect,
    level: FindingLevel.Warning,
    message: `None of the ${messages.length} message(s) this endpoint sent became a chat event when read as "${reader}".`,
    advice:
      'Emit the canonical events (event: text-delta, data: {"delta":"…"}; see docs/protocol.md), force one with --dialect, or give the element a mapEvent function.',
  };
}

/** OpenAI-style sentinels that are not JSON by design. */
const NON_JSON_SENTINELS = new Set(['', '[DONE]']);

/** Whether a message's data should have been JSON and is not. */
function hasInvalidJson(observed: ObservedMessage): boolean {
  const data = observed.message.data.trim();
  if (NON_JSON_SENTINELS.has(data)) return false;
  try {
    JSON.parse(data);
    return false;
  } catch {
    return true;
  }
}

/**
 * Payloads that are not JSON. Every dialect `<sse-chat>` knows carries JSON in `data`; a payload that fails to
 * parse is at best read leniently (a canonical `text-delta` as literal text) and otherwise dropped.
 */
export function checkJsonPayloads(observation: Observation): Finding | null {
  const invalid = observation.messages.filter(hasInvalidJson);
  if (invalid.length === 0) return null;
  const example = invalid[0].message.data.replace(/\s+/g, ' ').slice(0, 80);
  return {
    code: FindingCode.InvalidJson,
    level: FindingLevel.Warning,
    message: `${invalid.length} of ${observation.messages.length} message(s) carry data that is not valid JSON, e.g. ${JSON.stringify(example)}; clients drop such payloads or guess.`,
    advice:
      'Serialize each payload with a JSON encoder (json.dumps / JSON.stringify) and put it on one "data:" line; never build JSON by string concatenation.',
  };
}

/**
 * The whole stream arriving at once: in one network read, or >90% of messages within the last 50 ms of a
 * response that took over a second. Something between the model and the client buffers.
 */
export function checkBuffering(observation: Observation, thresholds: FindingThresholds = DEFAULT_THRESHOLDS): Finding | null {
  const { messages, reads } = observation;
  if (messages.length < BURST_MIN_MESSAGES) return null;
  let seen: string;
  let burstAt: number;
  if (reads.length === 1) {
    burstAt = reads[0].atMs;
    seen = `All ${messages.length} messages arrived in a single network read after ${formatMs(burstAt)}`;
  } else {
    const last = messages[messages.length - 1].atMs;
    if (last < thresholds.bufferMinDurationMs) return null;
    const burst = messages.filter(observed => observed.atMs >= last - thresholds.bufferWindowMs);
    if (burst.length / messages.length <= thresholds.bufferShare) return null;
    burstAt = burst[0].atMs;
    seen = `${burst.length} of ${messages.length} messages arrived within ${thresholds.bufferWindowMs} ms at the end of a ${formatMs(last)} response`;
  }
  const heldUp = heldUpBefore(observation, burstAt);
  if (heldUp > 0) {
    return {
      code: FindingCode.Buffered,
      level: FindingLevel.Advice,
      message: `${seen}, but this checker could not run for ${formatMs(heldUp)} of that time (a busy machine), so it cannot tell whether the stream is buffered.`,
      advice: 'Run the check again on a less busy machine.',
    };
  }
  return {
    code: FindingCode.Buffered,
    level: FindingLevel.Warning,
    message: reads.length === 1 ? `${seen}: the stream was delivered in one piece, not streamed.` : `${seen}: the stream is being buffered.`,
    advice:
      'Flush after every event and turn off buffering on the way: nginx "proxy_buffering off" (or "X-Accel-Buffering: no"), no gzip/brotli on text/event-stream, no response-buffering middleware.',
  };
}

/**
 * How soon after a stall a read counts as the one that stall held back: the checker's own work on what it read and
 * a busy machine's coarse timers blur the moment the stall ended.
 */
const STALL_READ_SLACK_MS = 250;

/**
 * How long the checker itself could not run before a burst read at `burstAt`, when that explains the burst: the
 * read came as (or while) a stall ended, and the checker was held up for at least half the time until then. Bytes queue while
 * it cannot run and are read together when it can; had it run most of the time, it would have seen them arrive one
 * by one. 0 when the checker was running enough to call the burst the server's doing.
 */
function heldUpBefore(observation: Observation, burstAt: number): number {
  const stalls = (observation.stalls ?? []).filter(stall => stall.from < burstAt);
  if (!stalls.some(stall => stall.to >= burstAt - STALL_READ_SLACK_MS)) return 0;
  const heldUp = stalls.reduce((sum, stall) => sum + Math.min(stall.to, burstAt) - stall.from, 0);
  return heldUp >= burstAt / 2 ? heldUp : 0;
}

/** Gaps longer than the threshold without a single byte (a heartbeat counts), including before the headers. */
export function checkSilences(observation: Observation, thresholds: FindingThresholds = DEFAULT_THRESHOLDS): Finding | null {
  const { response, reads, durationMs } = observation;
  const instants = [0, ...(response ? [response.atMs] : []), ...reads.map(read => read.atMs), durationMs];
  const gaps: { from: number; to: number }[] = [];
  for (let index = 1; index < instants.length; index += 1) {
    if (instants[index] - instants[index - 1] > thresholds.silenceWarningMs) gaps.push({ from: instants[index - 1], to: instants[index] });
  }
  if (gaps.length === 0) return null;
  const longest = gaps.reduce((a, b) => (b.to - b.from > a.to - a.from ? b : a));
  return {
    code: FindingCode.Silence,
    level: FindingLevel.Warning,
    message: `${gaps.length} silence(s) longer than ${formatMs(thresholds.silenceWarningMs)} without a byte; the longest lasted ${formatMs(longest.to - longest.from)} (from +${formatMs(longest.from)}). Proxies and load balancers drop idle connections, and clients call them stalled.`,
    advice: 'Send a heartbeat comment (": ping" and a blank line) every 10–15 s while the backend works, and send the headers right away.',
  };
}

/** Header advice for a streaming response: caching, proxy buffering, compression. */
export function checkHeaders(observation: Observation): Finding[] {
  const { response } = observation;
  if (!response || !isSuccess(response.status)) return [];
  const findings: Finding[] = [];
  const encoding = (response.headers.get('content-encoding') ?? '').trim().toLowerCase();
  if (encoding && encoding !== 'identity') {
    findings.push({
      code: FindingCode.Compression,
      level: FindingLevel.Warning,
      message: `The stream is compressed (Content-Encoding: ${encoding}); compressors hold bytes back until their buffer fills.`,
      advice: 'Exclude text/event-stream from gzip/brotli (Express compression filter, Cloudflare "Compression" rules, nginx gzip_types).',
    });
  }
  const cacheControl = (response.headers.get('cache-control') ?? '').toLowerCase();
  if (!/\bno-(cache|store)\b/.test(cacheControl)) {
    findings.push({
      code: FindingCode.CacheControl,
      level: FindingLevel.Advice,
      message: cacheControl ? `Cache-Control is "${cacheControl}".` : 'No Cache-Control header.',
      advice: 'Send "Cache-Control: no-cache" so no cache or CDN stores or delays the stream.',
    });
  }
  if ((response.headers.get('x-accel-buffering') ?? '').trim().toLowerCase() !== 'no') {
    findings.push({
      code: FindingCode.AccelBuffering,
      level: FindingLevel.Advice,
      message: 'No "X-Accel-Buffering: no" header.',
      advice: 'Send it so nginx (and proxies that honour it) pass each event on at once even when proxy_buffering is on.',
    });
  }
  return findings;
}

/** Line-ending quirks the transport's parser tolerated or had to drop. */
export function checkFraming(observation: Observation): Finding[] {
  const { response, framing } = observation;
  if (!response || !isSuccess(response.status) || framing.bytes === 0) return [];
  const findings: Finding[] = [];
  if (framing.crOnlyLineBreaks > 0) {
    findings.push({
      code: FindingCode.CrLineBreaks,
      level: FindingLevel.Warning,
      message: `${framing.crOnlyLineBreaks} line break(s) are a lone CR. The SSE spec allows it and <sse-chat> copes, but many clients and proxies split lines only on LF.`,
      advice: 'End lines with "\\n" and events with "\\n\\n".',
    });
  }
  if (!framing.endsWithBlankLine) {
    findings.push({
      code: FindingCode.UnterminatedBlock,
      level: FindingLevel.Warning,
      message: 'The body ended without a blank line after its last event; conformant clients discard that last event.',
      advice: 'Terminate every event, including the last, with a blank line ("\\n\\n").',
    });
  }
  return findings;
}

/** The transport had to reconnect (it resumes only when the server gave event ids). */
export function checkResume(observation: Observation): Finding | null {
  if (observation.connections <= 1) return null;
  return {
    code: FindingCode.Resumed,
    level: FindingLevel.Warning,
    message: `The connection dropped and the transport resumed it with Last-Event-ID (${observation.connections} connections).`,
    advice: 'Fine if intended; otherwise find what closes the connection mid-turn.',
  };
}

const LEVEL_ORDER: Record<FindingLevel, number> = { error: 0, warning: 1, advice: 2 };

/** Every finding for an observation, errors first. */
export function collectFindings(observation: Observation, thresholds: FindingThresholds = DEFAULT_THRESHOLDS): Finding[] {
  const findings = [
    checkHttpStatus(observation),
    checkContentType(observation),
    checkPlainText(observation),
    checkDatalessEvents(observation),
    checkCors(observation),
    checkTurnFailure(observation),
    checkCompletion(observation),
    checkDialect(observation),
    checkJsonPayloads(observation),
    checkBuffering(observation, thresholds),
    checkSilences(observation, thresholds),
    checkResume(observation),
    checkAgentDialect(observation),
    ...checkFraming(observation),
    ...checkHeaders(observation),
  ].filter((finding): finding is Finding => finding !== null);
  return findings.sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);
}
