import type { ChatEvent, StepProgress, StepStatus } from './chat-event.js';
import { dialectStrings as defaults } from './dialect-strings.js';
import { finiteNumber } from '../untrusted/json-values.js';

/**
 * The step pieces dialects share: a step's progress and status read from server JSON, the one "Thinking" step of
 * formats that stream reasoning beside the answer, and step details that arrive in pieces.
 */

/** Clamps a progress report into `0 ≤ value ≤ max`, `max > 0`; `undefined` when it is not a usable report. */
export function clampProgress(value: unknown, max: unknown = 100): StepProgress | undefined {
  const v = finiteNumber(value);
  const m = finiteNumber(max);
  if (v === undefined || m === undefined || m <= 0) return undefined;
  return { value: Math.min(Math.max(v, 0), m), max: m };
}

const STEP_STATUSES: ReadonlySet<string> = new Set(['active', 'done', 'error']);

/** `value` when it is one of the step statuses, else `undefined`. */
export function stepStatus(value: unknown): StepStatus | undefined {
  return typeof value === 'string' && STEP_STATUSES.has(value) ? (value as StepStatus) : undefined;
}

/** The label of a model's reasoning step: every vendor's "thinking" becomes this one step kind. */
export const THINKING_LABEL = defaults.stepThinking;

const LEADING_HEADING = /^\s*\*\*([^*\n]{1,80})\*\*/;

/**
 * The bold heading a reasoning summary opens with (`**Checking the docs**\n\n…`, as OpenAI's and Gemini's
 * summaries do), to label that reasoning step with; `undefined` when it has none (yet).
 */
function reasoningHeading(text: string): string | undefined {
  return LEADING_HEADING.exec(text)?.[1]?.trim() || undefined;
}

/**
 * The one "Thinking" step of formats that stream reasoning as text beside the answer (Chat Completions' reasoning
 * deltas, Gemini's thought parts): each piece grows the step's detail, and the answer's first text completes it.
 */
export class ThinkingStep {
  static readonly id = 'thinking';
  #text: string | undefined;
  #done = false;

  /** The step, active, with all reasoning text so far. */
  append(text: string): ChatEvent {
    this.#text = (this.#text ?? '') + text;
    return { type: 'step', id: ThinkingStep.id, label: THINKING_LABEL, status: 'active', detail: this.#text };
  }

  /** Completes the step once, if there was any reasoning. */
  end(): ChatEvent[] {
    if (this.#text === undefined || this.#done) return [];
    this.#done = true;
    return [{ type: 'step', id: ThinkingStep.id, status: 'done' }];
  }
}

/**
 * Step details that arrive in pieces (reasoning text, tool arguments), accumulated per step id. Reasoning that
 * opens with a bold heading (OpenAI's and the AI SDK's summaries) is labelled by that heading, once it is complete.
 */
export class StepDetails {
  readonly #details = new Map<string, string>();

  /**
   * The step's update for one more piece: its whole detail so far, and a label when a heading just completed.
   * Nothing without an id or a piece.
   */
  append(id: string | undefined, delta: string | undefined, reasoning = false): ChatEvent[] {
    if (!id || !delta) return [];
    const previous = this.#details.get(id) ?? '';
    const detail = previous + delta;
    this.#details.set(id, detail);
    const label = reasoning && !reasoningHeading(previous) ? reasoningHeading(detail) : undefined;
    return [{ type: 'step', id, ...(label ? { label } : {}), detail }];
  }
}
