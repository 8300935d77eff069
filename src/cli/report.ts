import type { ChatEvent, ChatSource, StepProgress } from '../dialects/chat-event.js';
import { MessageStatus } from '../state/message.js';
import type { ChatError } from '../state/message.js';
import { collectFindings, DEFAULT_THRESHOLDS, FindingLevel } from './findings.js';
import type { Finding, FindingThresholds } from './findings.js';
import type { Observation } from './observe.js';

/**
 * The check's result as plain JSON-ready data: what `--json` prints and what the text formatter renders.
 * Times are milliseconds since the request started, so two runs compare line by line.
 */

/** The response headers that matter to streaming, in display order. */
export const RELEVANT_HEADERS = [
  'content-type',
  'cache-control',
  'x-accel-buffering',
  'content-encoding',
  'transfer-encoding',
  'content-length',
  'connection',
  'retry-after',
] as const;

/** One SSE message in the timeline. */
export interface TimelineEntry {
  atMs: number;
  event: string;
  id: string;
  data: string;
  chatEvents: ChatEvent[];
  /** Held back while `auto` was still detecting; its events come with the message that settled detection. */
  held: boolean;
}

/** One progress step of the answer, timed by the client as the element would. */
export interface ReportStep {
  id: string;
  label: string;
  status: string;
  progress?: StepProgress;
  detail?: string;
  startedAtMs?: number;
  durationMs?: number;
}

/** The machine-readable result of one check. */
export interface CheckReport {
  /** Whether the turn completed cleanly: done, no error, no error-level finding. */
  ok: boolean;
  /** The process exit status: 0 when `ok`, else 1. */
  exitCode: 0 | 1;
  request: Observation['request'];
  response: {
    status: number;
    statusText: string;
    atMs: number;
    /** Only {@link RELEVANT_HEADERS} that were present, lower-case names. */
    headers: Record<string, string>;
  } | null;
  dialect: { requested: string; detected: string | null };
  stats: {
    durationMs: number;
    messages: number;
    reads: number;
    /** Comment lines (heartbeats) received. */
    comments: number;
    bytes: number;
    connections: number;
    /** When the first body byte arrived. */
    firstByteMs: number | null;
    /** When the first text of the answer arrived. */
    firstTextMs: number | null;
  };
  timeline: TimelineEntry[];
  /** Chat events of messages still held for detection when the stream ended. */
  flushedEvents: ChatEvent[];
  answer: {
    status: string;
    text: string;
    model?: string;
    steps: ReportStep[];
    sources: ChatSource[];
    notices: { message: string; kind?: string; atMs: number }[];
    metadata: Record<string, unknown>;
    error: ChatError | null;
  };
  findings: Finding[];
}

function relevantHeaders(headers: Headers): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of RELEVANT_HEADERS) {
    const value = headers.get(name);
    if (value !== null) picked[name] = value;
  }
  return picked;
}

/** Builds the report of one observed turn. Pure: same observation, same report. */
export function buildReport(observation: Observation, thresholds: FindingThresholds = DEFAULT_THRESHOLDS): CheckReport {
  const { answer, startedAt, response, messages, reads } = observation;
  const since = (epoch: number | undefined) => (epoch === undefined ? undefined : epoch - startedAt);
  const findings = collectFindings(observation, thresholds);
  const ok =
    answer.status === MessageStatus.Done && answer.error === null && !findings.some(finding => finding.level === FindingLevel.Error);
  const firstText = messages.find(observed => observed.events.some(event => event.type === 'text-delta' || event.type === 'text'));
  return {
    ok,
    exitCode: ok ? 0 : 1,
    request: observation.request,
    response: response
      ? { status: response.status, statusText: response.statusText, atMs: response.atMs, headers: relevantHeaders(response.headers) }
      : null,
    dialect: { ...observation.dialect },
    stats: {
      durationMs: observation.durationMs,
      messages: messages.length,
      reads: reads.length,
      comments: observation.comments.length,
      bytes: observation.framing.bytes,
      connections: observation.connections,
      firstByteMs: reads[0]?.atMs ?? null,
      firstTextMs: firstText?.atMs ?? null,
    },
    timeline: messages.map(({ atMs, message, events, held }) => ({
      atMs,
      event: message.event,
      id: message.id,
      data: message.data,
      chatEvents: events,
      held,
    })),
    flushedEvents: observation.flushed,
    answer: {
      status: answer.status,
      text: answer.text,
      model: answer.model,
      steps: answer.steps.map(step => ({
        id: step.id,
        label: step.label,
        status: step.status,
        progress: step.progress,
        detail: step.detail,
        startedAtMs: since(step.startedAt),
        durationMs: step.startedAt !== undefined && step.endedAt !== undefined ? step.endedAt - step.startedAt : undefined,
      })),
      sources: [...answer.sources],
      notices: answer.notices.map(notice => ({ message: notice.message, kind: notice.kind, atMs: notice.at - startedAt })),
      metadata: { ...answer.metadata },
      error: answer.error,
    },
    findings,
  };
}
