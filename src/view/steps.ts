import { html, nothing } from 'lit';
import { MessageStatus, type ChatMessage, type ChatStep } from '../state/message.js';
import { formatElapsed, formatProgress, formatStepCount, formatString, localizeText } from './strings.js';
import { DisplayLimit, displayText, moreItems } from './display-text.js';
import { stepIcons } from './icons.js';
import type { ViewContext } from './context.js';

/** Whether an answer's steps panel opens by itself: until its text starts. */
const opensByItself = (message: ChatMessage) => message.text === '';

/**
 * The steps in a disclosure whose summary counts them and times the whole run (those still running by the
 * render's clock). It is open while the steps are all there is to see and closes by itself when the answer's text
 * starts, unless the reader chose otherwise: `chosen` holds the panels the reader opened or closed, by message id
 * (see {@link rememberStepsToggle}).
 */
export function stepsPanel(view: ViewContext, message: ChatMessage, chosen: ReadonlyMap<string, boolean>) {
  const { strings, locale, host, now } = view;
  const steps = message.steps;
  if (steps.length === 0) return nothing;
  const streaming = message.status === MessageStatus.Streaming;
  // A step still open when the answer ended (stopped, failed) ran until the answer did.
  const end = (step: ChatStep) => step.endedAt ?? (streaming ? now : (message.endedAt ?? step.startedAt ?? 0));
  // Loops, not Math.max(...list): spreading 100,000 steps as arguments overflows the stack.
  let first = Infinity;
  let last = -Infinity;
  for (const step of steps) {
    if (step.startedAt === undefined) continue;
    first = Math.min(first, step.startedAt);
    last = Math.max(last, end(step));
  }
  const duration = first === Infinity ? undefined : last - first;
  const status = steps.some(step => step.status === 'error') ? 'error' : streaming && steps.some(step => step.status === 'active') ? 'active' : 'done';
  const count = formatStepCount(steps.length, strings, locale);
  const summary = duration === undefined ? count : formatString(strings.stepsSummary, { steps: count, duration: formatElapsed(duration, locale) });
  const auto = opensByItself(message);
  // Open as the reader left it (`chosen`), else by itself. data-auto: the automatic state as this render saw it,
  // which the toggle event (a task later, when the answer may have text not rendered yet) is judged against.
  return html`<details part="steps-panel" class="steps-panel" data-message-id=${message.id} data-auto=${auto}
    ?open=${chosen.get(message.id) ?? auto} @toggle=${host.handleStepsToggle}
    ><summary part="steps-summary" class="steps-summary" data-status=${status}
      ><span class="step-icon" aria-hidden="true">${stepIcons[status]}</span>${summary}</summary
    ><ol part="steps" class="steps">${moreItems(view, steps.length - DisplayLimit.items)}${steps
      .slice(-DisplayLimit.items) // only the latest (the running ones are last); the earlier ones are counted
      .map(step => stepItem(view, step))}</ol></details
  >`;
}

function stepItem({ strings, locale, now }: ViewContext, step: ChatStep) {
  const statusWord = { active: strings.stepActive, done: strings.stepDone, error: strings.stepError }[step.status];
  const progress = step.progress && step.progress.max > 0 ? step.progress : undefined;
  const elapsed = step.startedAt === undefined ? undefined : (step.endedAt ?? now) - step.startedAt;
  const label = displayText(localizeText(step.label, strings), DisplayLimit.title);
  // The bar's fraction goes in through CSSOM (`.style`), never a style attribute: strict CSP (style-src 'self') refuses those.
  return html`<li part="step" class="step" data-status=${step.status}>
    <span class="step-icon" aria-hidden="true">${stepIcons[step.status]}</span>
    <span class="step-text">
      <span class="visually-hidden">${statusWord}</span>
      <span part="step-label" class="step-label">${label}</span>
      ${step.detail ? html`<span part="step-detail" class="step-detail">${displayText(step.detail, DisplayLimit.body)}</span>` : nothing}
    </span>
    ${progress
      ? html`<span
            part="step-progress"
            class="step-progress"
            role="progressbar"
            aria-label=${label}
            aria-valuemin="0"
            aria-valuemax=${progress.max}
            aria-valuenow=${Math.min(progress.value, progress.max)}
            ><span class="bar" .style=${`--_fraction: ${Math.min(1, Math.max(0, progress.value / progress.max))}`}></span
          ></span>
          <span part="step-progress-text" class="step-progress-text">${formatProgress(progress.value, progress.max, strings, locale)}</span>`
      : nothing}
    ${elapsed === undefined ? nothing : html`<span part="step-time" class="step-time">${formatElapsed(elapsed, locale)}</span>`}
  </li>`;
}

/**
 * Tells the reader's toggles from ours: a panel whose state differs from the reader's last choice, or without one
 * from its automatic state as last rendered (`data-auto`, not the answer as it is now: text may have arrived
 * since), was toggled by the reader, whose choice then wins over the automatic one for that answer.
 */
export function rememberStepsToggle(details: HTMLDetailsElement, chosen: Map<string, boolean>) {
  const id = details.dataset.messageId!;
  if (details.open !== (chosen.get(id) ?? details.dataset.auto === 'true')) chosen.set(id, details.open);
}
