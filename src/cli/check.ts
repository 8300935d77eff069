import { DEFAULT_THRESHOLDS } from './findings.js';
import { formatReport } from './format.js';
import { observeEndpoint } from './observe.js';
import { parseCheckArgs, USAGE } from './options.js';
import { buildReport } from './report.js';

/**
 * `sse-chat check`: the endpoint conformance checker's entry point. Everything process-specific (arguments,
 * output streams, environment, exit) comes in through {@link CliIo}, so this module runs in Node without
 * importing Node's own modules and stays type-checked against the same DOM library as the element.
 */

export { parseCheckArgs, USAGE } from './options.js';
export type { CheckOptions, ParsedArgs } from './options.js';
export { observeEndpoint } from './observe.js';
export type { Observation, ObservedMessage } from './observe.js';
export { buildReport } from './report.js';
export type { CheckReport, TimelineEntry } from './report.js';
export { collectFindings, FindingCode, FindingLevel } from './findings.js';
export type { Finding, FindingThresholds } from './findings.js';
export { formatReport } from './format.js';

/** The process around the CLI. */
export interface CliIo {
  /** Arguments after the program name, e.g. `['check', 'http://localhost:8000/api/chat']`. */
  argv: readonly string[];
  stdout(text: string): void;
  stderr(text: string): void;
  /** Environment variables (only `NO_COLOR` is read: present and non-empty turns colour off). */
  env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal: colour is used only then. */
  isTTY: boolean;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Aborts a running check (Ctrl-C). */
  signal?: AbortSignal;
}

/** Exit statuses: the turn completed cleanly, it did not, the command line was wrong. */
export const ExitStatus = { Ok: 0, Failed: 1, Usage: 2 } as const;

/**
 * Runs the CLI and resolves to the exit status. Never throws for a misbehaving endpoint: that is a report.
 * @example
 * process.exitCode = await main({ argv: process.argv.slice(2), stdout: t => process.stdout.write(t), … });
 */
export async function main(io: CliIo): Promise<number> {
  const parsed = parseCheckArgs(io.argv);
  if (parsed.kind === 'help') {
    io.stdout(`${USAGE}\n`);
    return ExitStatus.Ok;
  }
  if (parsed.kind === 'usage-error') {
    io.stderr(`sse-chat: ${parsed.message}\n\n${USAGE}\n`);
    return ExitStatus.Usage;
  }
  const { options } = parsed;
  const observation = await observeEndpoint(options, { fetch: io.fetch ?? globalThis.fetch.bind(globalThis), signal: io.signal });
  const report = buildReport(observation, { ...DEFAULT_THRESHOLDS, silenceWarningMs: options.silenceWarningMs });
  if (options.json) {
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    // no-color.org: a NO_COLOR that is present and non-empty turns colour off.
    const color = io.isTTY && !io.env.NO_COLOR;
    io.stdout(formatReport(report, { color, verbose: options.verbose }));
  }
  return report.exitCode;
}
