import { dialectStrings, type DialectStrings } from '../dialects/dialect-strings.js';
import { CORS_MESSAGE, ErrorCode, ErrorMessage } from '../transport/error-code.js';

/**
 * Every piece of UI text the element shows, so a page can translate or reword it through the `strings` property
 * (a partial object: keys left out keep their default). Templates use `{name}` placeholders, filled by
 * {@link formatString}, so a translation can move them around and strings can live in plain JSON files. It includes
 * the sentences dialects write ({@link dialectStrings}: "Thinking", finish notices…), shown in the page's wording.
 */
export interface SseChatStrings extends DialectStrings {
  /** Accessible name of the message list. */
  conversationLabel: string;
  /** Accessible name of the text box (shown visually only as its placeholder). */
  inputLabel: string;
  /** Placeholder of the text box when the `placeholder` attribute is not set. */
  inputPlaceholder: string;
  /** Accessible name of the composer form. */
  composerLabel: string;
  send: string;
  stop: string;
  /** Describes the text box while an answer streams: Enter waits, Stop is explicit. */
  busyHint: string;
  retry: string;
  /** The button shown when the reader has scrolled away from the newest message. */
  jumpToLatest: string;
  /** Accessible name of the launcher's round button (`layout="launcher"`); `aria-expanded` tells open from closed. */
  launcherLabel: string;
  /** Title and accessible name of the launcher's panel (the header slot replaces the visible title). */
  panelLabel: string;
  /** Accessible name of the panel's close button. */
  closeLabel: string;
  /** Hidden label before the user's own message, for screen readers. */
  userLabel: string;
  /** Hidden label before an answer, for screen readers. */
  assistantLabel: string;
  /** Shown under an answer the user stopped. */
  stopped: string;
  /** Announced (politely) when an answer has finished: short, the log is there to read. */
  answerFinished: string;
  /** Announced when the user stopped an answer. */
  answerStopped: string;
  /** Hidden status words before a step's label. */
  stepActive: string;
  stepDone: string;
  stepError: string;
  /** A step's known progress as a count, e.g. "3 of 5". */
  progressOf: string;
  /** The collapsible summary of an answer's steps: `{steps}` is the counted steps, `{duration}` the whole run's time. */
  stepsSummary: string;
  /** `{count}` steps, by plural category (Intl.PluralRules of the closest `lang`): one step, and any other count. */
  stepsCountOne: string;
  stepsCountOther: string;
  /** Accessible name of the list of sources. */
  sourcesLabel: string;
  /** A source with neither title nor link; `{number}` is its position. */
  untitledSource: string;
  /** Accessible name of an inline citation link: `{number}` of the source card and its `{title}`. */
  citationLabel: string;
  /** Accessible name of the row of buttons under a finished answer. */
  answerActions: string;
  /** Copies an answer's markdown. */
  copy: string;
  /** Shown on a copy button, and announced, for a moment after copying. */
  copied: string;
  /** Announced when the browser refused to copy. */
  copyFailed: string;
  /** A code block's copy button. */
  copyCode: string;
  /** Asks again for the last answer, replacing it. */
  regenerate: string;
  /** Accessible names of the thumbs up and down under a finished answer (`feedback`); `aria-pressed` tells which is given. */
  feedbackUp: string;
  feedbackDown: string;
  /** The button under a question that opens it for editing; its accessible name. */
  editMessage: string;
  /** Accessible name of the box a question is edited in. */
  editLabel: string;
  /** Sends the edited question (the answers after it are replaced). */
  editSend: string;
  /** Leaves the question as it was. */
  editCancel: string;
  /** Accessible name of the row of suggested follow-up questions under the last answer. */
  suggestionsLabel: string;
  /** Empties the conversation at once (no confirmation, no undo). */
  clearConversation: string;
  /** Ends a list of sources or steps that shows only some of them: `{count}` are not shown. */
  moreItems: string;
  /** A source's relevance score; `{score}` is already formatted. */
  sourceScore: string;
  /** Appended to an error when the server asked us to wait; `{seconds}` is a whole number. */
  retryAfter: string;
  /** One message per {@link ErrorCode}; `{status}` is the HTTP status where there is one. */
  errorServer: string;
  errorHttp: string;
  errorNetwork: string;
  errorConnectionLost: string;
  errorCutOff: string;
  errorNoAnswer: string;
  errorUnexpectedResponse: string;
  errorStalled: string;
  errorTurnTimeout: string;
  errorTooLarge: string;
  errorOffline: string;
  errorInvalidEvent: string;
  /** The detail under `errorNetwork` when the endpoint is on another origin than the page. */
  errorCors: string;
  errorAnswerTooLarge: string;
  /** The page's setup is wrong (`setup`): shown with the message that says what (no endpoint, a throwing `buildBody()`). */
  errorSetup: string;
  errorFile: string;
  /** For an error code this list does not know (a server's own code). */
  errorUnknown: string;
  /** HTTP 413: the request (the conversation sent with it) was too large; Clear is offered instead of Retry. */
  errorConversationTooLong: string;
  /** The composer's attach button (`attachments`). */
  attachFiles: string;
  /** Accessible name of the list of files attached to a message, in the composer and on a sent message. */
  attachmentsLabel: string;
  /** The remove button of an attached file; `{name}` is the file's. */
  removeAttachment: string;
  /** Shown and announced when a file is refused: not an `accept`ed type, or over `max-file-size`. */
  fileRefused: string;
  fileTooLarge: string;
  /** Over `max-attachments-size` together, or past `max-attachments` files: `{max}` is the limit. */
  filesTooLarge: string;
  tooManyFiles: string;
}

/** The built-in English UI text. */
export const defaultStrings: Readonly<SseChatStrings> = Object.freeze({
  conversationLabel: 'Conversation',
  inputLabel: 'Message',
  inputPlaceholder: 'Ask anything…',
  composerLabel: 'Write a message',
  send: 'Send',
  stop: 'Stop',
  busyHint: 'Stop the answer to send a new message',
  retry: 'Retry',
  jumpToLatest: 'Jump to latest',
  launcherLabel: 'Chat',
  panelLabel: 'Chat',
  closeLabel: 'Close chat',
  userLabel: 'You said:',
  assistantLabel: 'Answer:',
  stopped: 'Stopped',
  answerFinished: 'Answer complete.',
  answerStopped: 'Answer stopped.',
  stepActive: 'In progress:',
  stepDone: 'Done:',
  stepError: 'Failed:',
  progressOf: '{value} of {max}',
  stepsSummary: '{steps} · {duration}',
  stepsCountOne: '{count} step',
  stepsCountOther: '{count} steps',
  sourcesLabel: 'Sources',
  untitledSource: 'Source {number}',
  citationLabel: 'Source {number}: {title}',
  answerActions: 'Answer actions',
  copy: 'Copy',
  copied: 'Copied',
  copyFailed: 'Could not copy.',
  copyCode: 'Copy code',
  regenerate: 'Regenerate',
  feedbackUp: 'Good answer',
  feedbackDown: 'Bad answer',
  suggestionsLabel: 'Suggested follow-ups',
  editMessage: 'Edit',
  editLabel: 'Edit your message',
  editSend: 'Send',
  editCancel: 'Cancel',
  clearConversation: 'Clear conversation',
  moreItems: '+ {count} more',
  sourceScore: 'score {score}',
  retryAfter: 'Try again in about {seconds} s.',
  errorHttp: 'The server answered with an error (HTTP {status}).',
  errorNetwork: ErrorMessage.Network,
  errorConnectionLost: ErrorMessage.ConnectionLost,
  errorCutOff: ErrorMessage.CutOff,
  errorNoAnswer: ErrorMessage.NoAnswer,
  errorUnexpectedResponse: 'The server did not answer with an event stream.',
  errorStalled: 'The answer stalled: nothing arrived for too long.',
  errorTurnTimeout: 'The answer took too long and was stopped.',
  errorTooLarge: 'The server sent an event that was too large.',
  errorOffline: ErrorMessage.Offline,
  errorCors: CORS_MESSAGE,
  errorAnswerTooLarge: 'The answer was too long and was cut off.',
  errorSetup: 'This chat is not set up correctly.',
  errorFile: 'A file could not be read.',
  errorUnknown: 'Something went wrong.',
  errorConversationTooLong: 'This conversation is too long to send. Clear it to start over.',
  attachFiles: 'Attach files',
  attachmentsLabel: 'Attached files',
  removeAttachment: 'Remove {name}',
  fileRefused: '{name}: this type of file is not accepted.',
  fileTooLarge: '{name} is {size}: too large (at most {max}).',
  filesTooLarge: '{name}: too large with the others (at most {max} together).',
  tooManyFiles: '{name}: too many files (at most {max}).',
  ...dialectStrings,
});

let defaultKeys: Map<string, keyof SseChatStrings> | undefined;
/**
 * Text a dialect wrote from a default string (a "Thinking" step, a finish notice), in the page's wording: `text`
 * equal to a default string becomes that key's string in `strings`; any other text (the server's own) is kept.
 */
export function localizeText(text: string, strings: SseChatStrings): string {
  if (strings === defaultStrings) return text;
  defaultKeys ??= new Map(Object.entries(defaultStrings).map(([key, value]) => [value, key as keyof SseChatStrings]));
  const key = defaultKeys.get(text);
  return key ? strings[key] : text;
}

/** Each error code's string: `connection-lost` (`ErrorCode.ConnectionLost`) reads `errorConnectionLost`. */
const errorKeys = Object.fromEntries(Object.entries(ErrorCode).map(([name, code]) => [code, `error${name}`])) as Record<
  ErrorCode,
  `error${keyof typeof ErrorCode}`
>;

/**
 * The localized text for an error code. A code the server made up (e.g. `overloaded`) reads as a server error,
 * because that is what it is; a missing code reads as unknown.
 */
export function errorText(strings: SseChatStrings, code: string | undefined, status?: number): string {
  // Own keys only: a server's code such as `toString` or `__proto__` must not find Object.prototype's members.
  const key = code === undefined ? 'errorUnknown' : Object.hasOwn(errorKeys, code) ? errorKeys[code as ErrorCode] : 'errorServer';
  return formatString(strings[key], { status: status ?? '' });
}

/** Fills `{name}` placeholders; an unknown placeholder is left as written so a typo is visible, not silent. */
export function formatString(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** Merges a page's partial strings over the defaults. */
export function resolveStrings(overrides: Partial<SseChatStrings> | undefined): SseChatStrings {
  return overrides ? { ...defaultStrings, ...overrides } : defaultStrings;
}

/**
 * A language tag Intl accepts. Pages write `lang="en_US"` or worse, and Intl throws `RangeError` on those; a
 * formatter must never break rendering, so `_` becomes `-` and what is still invalid falls back to `en`.
 */
export function validLocale(locale: string | undefined): string | undefined {
  if (!locale) return undefined;
  try {
    return Intl.getCanonicalLocales(locale.replace(/_/g, '-'))[0];
  } catch {
    return 'en';
  }
}

const numberFormats = new Map<string, Intl.NumberFormat>();
/** Intl formatters are costly to build and rendering asks for them per step, so they are cached by options. */
function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(validLocale(locale), options)));
  return format;
}

/**
 * An elapsed time for a step, e.g. "0.4s", "12s", "2m 5s" (narrow units: it sits in a dense row), in the reader's locale. Tenths only below ten
 * seconds, where they tell fast steps apart; beyond that they would only flicker.
 */
export function formatElapsed(ms: number, locale?: string): string {
  const seconds = Math.max(0, ms) / 1000;
  const unit = (value: number, name: string, digits = 0) =>
    numberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'narrow', maximumFractionDigits: digits }).format(value);
  if (seconds < 10) return unit(seconds, 'second', 1);
  if (seconds < 60) return unit(Math.floor(seconds), 'second');
  const minutes = Math.floor(seconds / 60);
  const rest = Math.floor(seconds % 60);
  return rest ? `${unit(minutes, 'minute')} ${unit(rest, 'second')}` : unit(minutes, 'minute');
}

/** A plain number in the reader's locale (digits, grouping and decimal sign as they expect them). */
export function formatNumber(value: number, locale?: string): string {
  return numberFormat(locale, { maximumFractionDigits: 2 }).format(value);
}

/**
 * "3 steps", pluralized by the locale's rules: `one` picks `stepsCountOne`, every other category the other. Not
 * cached like the number formats: it runs once per render of an answer with steps, not per step.
 */
export function formatStepCount(count: number, strings: SseChatStrings, locale?: string): string {
  const template = new Intl.PluralRules(validLocale(locale)).select(count) === 'one' ? strings.stepsCountOne : strings.stepsCountOther;
  return formatString(template, { count: formatNumber(count, locale) });
}

/** A step's known progress as the reader expects it: "42%" when out of 100, "3 of 5" otherwise. */
export function formatProgress(value: number, max: number, strings: SseChatStrings, locale?: string): string {
  if (max === 100) return numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(value / 100);
  return formatString(strings.progressOf, { value: formatNumber(value, locale), max: formatNumber(max, locale) });
}

/** A file size in the reader's locale: "820B", "12kB", "4.2MB" (decimal units, as file managers show them). */
export function formatBytes(bytes: number, locale?: string): string {
  const power = Math.min(Math.max(0, Math.floor(Math.log10(bytes) / 3)), 3);
  const unit = ['byte', 'kilobyte', 'megabyte', 'gigabyte'][power];
  return numberFormat(locale, { style: 'unit', unit, unitDisplay: 'narrow', maximumFractionDigits: 1 }).format(bytes / 1000 ** power);
}

/** A source's relevance score, shown with at most two decimals. */
export function formatScore(score: number, strings: SseChatStrings, locale?: string): string {
  return formatString(strings.sourceScore, { score: formatNumber(score, locale) });
}

