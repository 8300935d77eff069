import { MessageStatus, type ChatMessage } from '../state/message.js';
import { formatString, speakableText, type SseChatStrings } from '../strings.js';

/** How much of a finished answer the polite live region reads out. */
const ANNOUNCED_CHARS = 1200;

/** The polite announcement: finished answers as plain text, and stops. Errors announce themselves (role=alert). */
export function announcement(last: ChatMessage | undefined, strings: SseChatStrings) {
  if (last?.role !== 'assistant') return '';
  // The opening of the answer is announced, not all of it: a live region read of a 100 kB answer helps no one, and
  // this runs on every render after the answer ends. The whole answer stays in the log to read.
  if (last.status === MessageStatus.Done) {
    const opening = last.text.length > ANNOUNCED_CHARS ? `${last.text.slice(0, ANNOUNCED_CHARS)}…` : last.text;
    return formatString(strings.answerFinished, { text: speakableText(opening) });
  }
  if (last.status === MessageStatus.Stopped) return strings.answerStopped;
  return '';
}
