/**
 * The English sentences the dialects write themselves (step labels, finish notices, errors), as codes: the view
 * layer's `strings` includes every key here, so a page translates them like any UI text, and the view shows a label,
 * notice or error detail equal to one of these defaults in the page's wording. Dialects use these values, never
 * literal English.
 */
export const dialectStrings = {
  errorServer: 'The server reported an error.',
  errorInvalidEvent: 'The server sent an event that could not be read.',
  stepThinking: 'Thinking',
  stepToolCall: 'Tool call',
  stepWebSearch: 'Searching the web',
  stepWebFetch: 'Fetching a page',
  stepFileSearch: 'Searching files',
  stepRunCode: 'Running code',
  stepEditFile: 'Editing a file',
  stepImage: 'Generating an image',
  stepComputer: 'Using the computer',
  stepCommand: 'Running a command',
  stepCallTool: 'Calling a tool',
  stepListTools: 'Listing tools',
  noticeLength: 'The answer was cut short: it reached the length limit.',
  noticeContentFilter: 'The answer was stopped by a content filter.',
  noticeSafety: 'The answer was stopped for safety reasons.',
  noticeRecitation: 'The answer was stopped because it recited source material.',
  noticeBlocklist: 'The answer was stopped because it contained blocked terms.',
  noticeProhibited: 'The answer was stopped because it contained prohibited content.',
  noticeSensitive: 'The answer was stopped because it contained sensitive personal information.',
  noticeRefusal: 'The model declined to answer.',
  noticeMalformedCall: 'The model produced a malformed tool call.',
  noticeIncomplete: 'The answer is incomplete.',
  errorBlocked: 'The question was blocked.',
  errorAborted: 'The answer was aborted.',
  sourceDocument: 'Document',
} as const;

/** The keys of {@link dialectStrings}, each a translatable string. */
export type DialectStrings = Record<keyof typeof dialectStrings, string>;

/** The error message when a server reports an error without saying what went wrong (the `errorServer` string). */
export const SERVER_ERROR = dialectStrings.errorServer;
