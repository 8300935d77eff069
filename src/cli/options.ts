import { DialectName } from '../dialects/dialect.js';

/**
 * Command-line options of `sse-chat check`, parsed by a small pure function so the CLI has no dependency on
 * Node's own modules (the sources type-check against the DOM library only) and usage errors are testable.
 */

/** Everything `sse-chat check` was asked to do. */
export interface CheckOptions {
  /** The chat endpoint, an absolute http(s) URL. */
  url: string;
  /** The request body exactly as given with `--data` (already validated as JSON); wins over `message`. */
  data?: string;
  /** What the simulated user types; the dialect builds the request body around it. */
  message: string;
  /** Extra request headers, later `--header`s win over earlier ones and over the defaults. */
  headers: Record<string, string>;
  /** The dialect to read the stream as; `auto` detects it like the element does. */
  dialect: DialectName;
  /** The model name for vendor APIs that require one. */
  model?: string;
  /** Budget for the whole turn in ms; the transport aborts the request after it. */
  timeoutMs: number;
  /** A gap longer than this without a single byte (not even a heartbeat) is reported, in ms. */
  silenceWarningMs: number;
  /** Print the machine-readable report instead of the human one. */
  json: boolean;
  /** Print every SSE message in the timeline instead of the first and last few. */
  verbose: boolean;
}

/** The result of reading the command line: options to run, a request for help, or a usage error. */
export type ParsedArgs =
  | { kind: 'check'; options: CheckOptions }
  | { kind: 'help' }
  | { kind: 'usage-error'; message: string };

/** Defaults chosen for real backends: a minute per turn (slow RAG pipelines), 15 s silence (proxy idle limits). */
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_SILENCE_WARNING_MS = 15_000;
export const DEFAULT_MESSAGE = 'Hello';

/** The help text, printed for `--help` and after a usage error. */
export const USAGE = `Usage: sse-chat check <url> [options]

Calls a chat endpoint once, the way <sse-chat> would, and reports what a client sees:
status and headers, the detected dialect, a timeline of SSE messages and the chat events
they produced, the resulting answer, and warnings with advice.

Options:
  --data <json>            request body to POST as is (default: the dialect's body for --message)
  --message <text>         what the user asks (default: "${DEFAULT_MESSAGE}")
  --header <name:value>    extra request header; repeatable
  --dialect <name>         ${Object.values(DialectName).join(' | ')} (default: auto)
  --model <name>           model name for vendor APIs that need one
  --timeout <ms>           budget for the whole turn (default: ${DEFAULT_TIMEOUT_MS})
  --silence-warning <ms>   report gaps without any byte longer than this (default: ${DEFAULT_SILENCE_WARNING_MS})
  --verbose                list every SSE message in the timeline
  --json                   print a machine-readable report instead
  -h, --help               show this help

Exit status: 0 when the turn completed cleanly, 1 when it did not, 2 for usage errors.`;

const dialectNames: readonly string[] = Object.values(DialectName);

function positiveInteger(flag: string, value: string): number | string {
  const number = Number(value);
  return /^\d+$/.test(value) && number > 0 ? number : `${flag} expects a positive number of milliseconds, got "${value}".`;
}

/**
 * Parses the arguments that follow `sse-chat` (the first one must be the `check` command).
 * Accepts `--flag value` and `--flag=value`.
 */
export function parseCheckArgs(argv: readonly string[]): ParsedArgs {
  const args = [...argv];
  if (args.length === 0 || args.includes('-h') || args.includes('--help') || args[0] === 'help') return { kind: 'help' };
  const command = args.shift();
  if (command !== 'check') return { kind: 'usage-error', message: `Unknown command "${command}"; the only command is "check".` };

  const options: CheckOptions = {
    url: '',
    message: DEFAULT_MESSAGE,
    headers: {},
    dialect: DialectName.Auto,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    silenceWarningMs: DEFAULT_SILENCE_WARNING_MS,
    json: false,
    verbose: false,
  };
  const error = (message: string): ParsedArgs => ({ kind: 'usage-error', message });

  while (args.length > 0) {
    const arg = args.shift()!;
    if (!arg.startsWith('--')) {
      if (options.url) return error(`Unexpected argument "${arg}": give one URL.`);
      options.url = arg;
      continue;
    }
    const equals = arg.indexOf('=');
    const flag = equals === -1 ? arg : arg.slice(0, equals);
    if (flag === '--json' || flag === '--verbose') {
      if (equals !== -1) return error(`${flag} takes no value.`);
      options[flag === '--json' ? 'json' : 'verbose'] = true;
      continue;
    }
    const value = equals === -1 ? args.shift() : arg.slice(equals + 1);
    if (value === undefined) return error(`${flag} needs a value.`);
    switch (flag) {
      case '--data':
        try {
          JSON.parse(value);
        } catch {
          return error(`--data is not valid JSON: ${value}`);
        }
        options.data = value;
        break;
      case '--message':
        options.message = value;
        break;
      case '--header': {
        const colon = value.indexOf(':');
        const name = value.slice(0, colon).trim();
        if (colon === -1 || !name) return error(`--header expects "Name: value", got "${value}".`);
        options.headers[name] = value.slice(colon + 1).trim();
        break;
      }
      case '--dialect':
        if (!dialectNames.includes(value)) return error(`Unknown dialect "${value}"; one of: ${dialectNames.join(', ')}.`);
        options.dialect = value as DialectName;
        break;
      case '--model':
        options.model = value;
        break;
      case '--timeout':
      case '--silence-warning': {
        const number = positiveInteger(flag, value);
        if (typeof number === 'string') return error(number);
        if (flag === '--timeout') options.timeoutMs = number;
        else options.silenceWarningMs = number;
        break;
      }
      default:
        return error(`Unknown option "${flag}".`);
    }
  }

  if (!options.url) return error('Give the URL of the chat endpoint to check.');
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    return error(`"${options.url}" is not an absolute URL (e.g. http://localhost:8000/api/chat).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return error(`Only http and https URLs can be checked, not ${url.protocol}`);
  return { kind: 'check', options };
}
