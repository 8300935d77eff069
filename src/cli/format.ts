import type { ChatEvent } from '../dialects/chat-event.js';
import type { Finding } from './findings.js';
import type { CheckReport, TimelineEntry } from './report.js';

/**
 * Renders a {@link CheckReport} as plain text for a terminal. Readable without colour; colour is only an
 * accent. Every server-supplied string is untrusted, so control characters (terminal escape sequences!) are
 * made visible instead of being written to the terminal.
 */

/** How to render. */
export interface FormatOptions {
  /** Use ANSI colours (only when stdout is a TTY and NO_COLOR is unset). */
  color: boolean;
  /** List every timeline message instead of the first and last few. */
  verbose: boolean;
}

/** Timeline messages shown at the start and end of a long stream when not verbose. */
const TIMELINE_HEAD = 15;
const TIMELINE_TAIL = 8;
/** Characters of the answer text shown before it is cut. */
const ANSWER_PREVIEW = 800;
const DATA_PREVIEW = 48;

const ANSI = { bold: '1', dim: '2', red: '31', green: '32', yellow: '33', cyan: '36' } as const;
type Style = keyof typeof ANSI;

/** Escapes C0/C1 control characters (keeping line breaks when `multiline`), so server text cannot drive the terminal. */
export function printable(text: string, multiline = false): string {
  const pattern = multiline ? /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g : /[\u0000-\u001f\u007f-\u009f]/g;
  return text.replace(pattern, char => {
    if (char === '\n') return '\\n';
    if (char === '\t') return multiline ? '  ' : '\\t';
    if (char === '\r') return '\\r';
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** Shortens to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** Milliseconds as `+123 ms` / `+4.2 s`, right-aligned for the timeline column. */
export function formatOffset(ms: number): string {
  return `+${ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`}`.padStart(9);
}

function formatDuration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} kB` : `${bytes} B`;
}

function formatProgress(progress: { value: number; max: number } | undefined): string {
  if (!progress) return '';
  return progress.max === 100 ? `${progress.value}%` : `${progress.value}/${progress.max}`;
}

/** One chat event in a few words, for the timeline. */
export function describeChatEvent(event: ChatEvent): string {
  const quote = (text: string, max: number) => JSON.stringify(truncate(printable(text), max));
  switch (event.type) {
    case 'start':
      return event.model ? `start model=${quote(event.model, 30)}` : 'start';
    case 'step':
      return ['step', quote(event.label ?? event.id, 30), event.status ?? '', formatProgress(event.progress)].filter(Boolean).join(' ');
    case 'text-delta':
      return `text-delta ${quote(event.delta, 30)}`;
    case 'text':
      return `text (${event.text.length} chars)`;
    case 'sources':
      return `sources ×${event.sources.length}`;
    case 'notice':
      return `notice ${quote(event.message, 40)}`;
    case 'metadata':
      return `metadata {${truncate(Object.keys(event.metadata).join(', '), 40)}}`;
    case 'error':
      return `error ${quote(event.message, 50)}`;
    case 'done':
      return event.reason ? `done (${printable(event.reason)})` : 'done';
  }
}

function timelineLine(entry: TimelineEntry): string {
  const name = truncate(printable(entry.event), 16).padEnd(16);
  const id = entry.id ? ` id=${truncate(printable(entry.id), 12)}` : '';
  const data = truncate(printable(entry.data), DATA_PREVIEW);
  const produced = entry.chatEvents.length
    ? entry.chatEvents.map(describeChatEvent).join(', ')
    : entry.held
      ? '(held until the dialect is known)'
      : '(no chat event)';
  return `  ${formatOffset(entry.atMs)}  ${name}${id}  ${data}\n${' '.repeat(14)}→ ${produced}`;
}

const LEVEL_LABEL: Record<Finding['level'], string> = { error: 'ERROR  ', warning: 'WARNING', advice: 'ADVICE ' };
const LEVEL_STYLE: Record<Finding['level'], Style> = { error: 'red', warning: 'yellow', advice: 'cyan' };

/** Renders the human report. */
export function formatReport(report: CheckReport, options: FormatOptions): string {
  const paint = (style: Style, text: string) => (options.color ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text);
  const heading = (text: string) => paint('bold', text);
  const lines: string[] = [];
  const { request, response, dialect, stats, answer } = report;

  lines.push(heading(`${request.method} ${printable(request.url)}`));
  for (const [name, value] of Object.entries(request.headers)) lines.push(`  ${name}: ${printable(value)}`);
  lines.push(`  body: ${truncate(printable(request.body), 160)}`);
  lines.push('');

  if (response) {
    const statusStyle: Style = response.status >= 200 && response.status < 300 ? 'green' : 'red';
    lines.push(`${heading('Response')}  ${paint(statusStyle, `${response.status} ${printable(response.statusText)}`.trim())} after ${formatDuration(response.atMs)}`);
    for (const [name, value] of Object.entries(response.headers)) lines.push(`  ${name.padEnd(18)} ${printable(value)}`);
  } else {
    lines.push(`${heading('Response')}  none`);
  }
  lines.push('');

  const dialectText =
    dialect.requested === 'auto' ? (dialect.detected ? `${dialect.detected} (detected)` : 'not detected') : `${dialect.requested} (forced)`;
  lines.push(`${heading('Dialect')}  ${printable(dialectText)}`);
  lines.push('');

  lines.push(
    `${heading('Timeline')}  ${stats.messages} message(s), ${stats.comments} comment(s), ${stats.reads} read(s), ` +
      `${formatBytes(stats.bytes)} in ${formatDuration(stats.durationMs)}` +
      (stats.firstByteMs !== null ? `; first byte ${formatDuration(stats.firstByteMs)}` : '') +
      (stats.firstTextMs !== null ? `, first text ${formatDuration(stats.firstTextMs)}` : ''),
  );
  const timeline = report.timeline;
  const elide = !options.verbose && timeline.length > TIMELINE_HEAD + TIMELINE_TAIL + 1;
  const shown = elide ? [...timeline.slice(0, TIMELINE_HEAD), null, ...timeline.slice(-TIMELINE_TAIL)] : timeline;
  for (const entry of shown) {
    lines.push(entry ? timelineLine(entry) : paint('dim', `  … ${timeline.length - TIMELINE_HEAD - TIMELINE_TAIL} more (--verbose shows all) …`));
  }
  if (report.flushedEvents.length) {
    lines.push(`  ${'end'.padStart(9)}  held messages read as ${printable(dialect.detected ?? 'the fallback')}`);
    lines.push(`${' '.repeat(14)}→ ${report.flushedEvents.map(describeChatEvent).join(', ')}`);
  }
  lines.push('');

  const statusStyle: Style = answer.status === 'done' ? 'green' : 'red';
  lines.push(`${heading('Answer')}  ${paint(statusStyle, answer.status)}${answer.model ? `  model ${printable(answer.model)}` : ''}`);
  if (answer.text) {
    lines.push(`  text (${answer.text.length} chars):`);
    const preview = answer.text.length > ANSWER_PREVIEW ? `${answer.text.slice(0, ANSWER_PREVIEW)}…` : answer.text;
    for (const line of printable(preview, true).split('\n')) lines.push(`  │ ${line}`);
    if (answer.text.length > ANSWER_PREVIEW) lines.push(paint('dim', `  (${answer.text.length - ANSWER_PREVIEW} more characters; --json has all)`));
  } else {
    lines.push('  text: (none)');
  }
  if (answer.steps.length) {
    lines.push('  steps:');
    for (const step of answer.steps) {
      const facts = [step.status, formatProgress(step.progress), step.durationMs !== undefined ? formatDuration(step.durationMs) : '']
        .filter(Boolean)
        .join(', ');
      const detail = step.detail ? ` — ${truncate(printable(step.detail), 60)}` : '';
      lines.push(`    - ${truncate(printable(step.label), 60)} (${facts})${detail}`);
    }
  }
  if (answer.sources.length) {
    lines.push('  sources:');
    answer.sources.forEach((source, index) => {
      const url = source.url ? ` <${truncate(printable(source.url), 80)}>` : '';
      lines.push(`    ${index + 1}. ${truncate(printable(source.title), 70)}${url}`);
    });
  }
  if (answer.notices.length) {
    lines.push('  notices:');
    for (const notice of answer.notices) lines.push(`    - ${truncate(printable(notice.message), 100)}${notice.kind ? ` [${printable(notice.kind)}]` : ''}`);
  }
  if (answer.error) {
    const error = answer.error;
    const code = [error.code, error.status].filter(value => value !== undefined).join(' ');
    lines.push(`  ${paint('red', 'error')}${code ? ` (${printable(code)})` : ''}: ${truncate(printable(error.message), 300)}`);
  }
  lines.push('');

  lines.push(heading('Findings'));
  if (report.findings.length === 0) lines.push('  none: this stream looks right.');
  for (const finding of report.findings) {
    lines.push(`  ${paint(LEVEL_STYLE[finding.level], LEVEL_LABEL[finding.level])} [${finding.code}] ${printable(finding.message)}`);
    if (finding.advice) lines.push(`            fix: ${finding.advice}`);
  }
  lines.push('');

  lines.push(
    report.ok
      ? paint('green', 'PASS: the turn completed cleanly.')
      : paint('red', `FAIL: ${answer.status === 'done' ? 'the turn completed, but with errors above.' : `the turn ended with status "${answer.status}".`}`),
  );
  return `${lines.join('\n')}\n`;
}
