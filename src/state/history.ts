import { MessageStatus, type ChatMessage } from './message.js';

const utf8 = new TextEncoder();

/**
 * The earlier turns sent along with a new message: the last `turns` exchanges that were answered (done, or
 * stopped with some text the user saw), oldest first, without messages that carry neither text nor files, and no more than
 * `maxBytes` of their text (UTF-8): the oldest go first, so a long conversation stays under the server's body
 * limit. Failed answers are left out: they would teach the model an error page. `messages` must not include the
 * message being sent.
 * The one place history is chosen: dialects build their bodies from exactly this list.
 */
export function selectHistory(messages: readonly ChatMessage[], turns: number, maxBytes = Infinity): ChatMessage[] {
  const limit = Number.isFinite(turns) ? Math.max(0, Math.floor(turns)) : 0;
  const picked: ChatMessage[] = [];
  let bytes = 0;
  // Walk backwards so only the turns that are kept are looked at.
  for (let i = messages.length - 1; i > 0 && picked.length < limit * 2; i--) {
    const answer = messages[i];
    const question = messages[i - 1];
    if (answer.role !== 'assistant' || question.role !== 'user') continue;
    const answered =
      answer.status === MessageStatus.Done || (answer.status === MessageStatus.Stopped && answer.text !== '');
    if (answered) {
      bytes += utf8.encode(question.text).length + utf8.encode(answer.text).length;
      if (bytes > maxBytes) break;
      picked.push(answer, question);
    }
    i--;
  }
  // An answer made only of steps or sources has no text; a model would read it as an empty reply. A question made
  // only of files is kept: its files are what it asked about.
  return picked.reverse().filter(message => message.text.trim() !== '' || message.attachments?.length);
}
