/**
 * The normalized chat events: the one vocabulary every dialect maps into and the state reducer understands.
 * The canonical wire form is the same vocabulary as SSE — `event: <type>` + `data: <JSON>` (see docs/protocol.md).
 */

/** Lifecycle of a progress step; the client times each step itself. */
export const StepStatus = {
  Active: 'active',
  Done: 'done',
  Error: 'error',
} as const;
export type StepStatus = (typeof StepStatus)[keyof typeof StepStatus];

/** Known progress of a step: a percentage is `{ value: 42, max: 100 }`, "3 of 5" is `{ value: 3, max: 5 }`. */
export interface StepProgress {
  value: number;
  max: number;
}

/** A citation. Every string is untrusted server text; `url` is validated before it becomes a link. */
export interface ChatSource {
  title: string;
  url?: string;
  snippet?: string;
  score?: number;
  /** Anything else the backend attached (kept, not rendered). */
  metadata?: Record<string, unknown>;
}

export type ChatEvent =
  /** A new assistant turn begins. */
  | { type: 'start'; model?: string; messageId?: string }
  /** A progress step appears or changes. Omitted fields keep their previous value. */
  | {
      type: 'step';
      id: string;
      label?: string;
      status?: StepStatus;
      progress?: StepProgress;
      detail?: string;
    }
  /** Text appended to the answer. */
  | { type: 'text-delta'; delta: string }
  /** The whole answer replaced (servers that send one final result). */
  | { type: 'text'; text: string }
  /** Citations, appended to those already received. */
  | { type: 'sources'; sources: ChatSource[] }
  /** A side event worth showing, e.g. "summary e-mailed". */
  | { type: 'notice'; message: string; kind?: string }
  /** Model, usage, anything else: kept on the message, not rendered by default. */
  | { type: 'metadata'; metadata: Record<string, unknown> }
  /** The turn failed. `retryable` says whether sending again makes sense. */
  | { type: 'error'; message: string; code?: string; retryable?: boolean }
  /** The turn is complete: the dialect's completion signal. */
  | { type: 'done'; reason?: string };

export type ChatEventType = ChatEvent['type'];
