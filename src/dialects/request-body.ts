import type { HistoryTurn, RequestContext } from './dialect.js';

/** The pieces of request bodies several backends share: earlier turns, and the chat APIs' `messages` list. */

/** The earlier turns as role + text pairs (`selectHistory` already left out failed and empty ones). */
export function historyTurns(history: readonly HistoryTurn[]): { role: 'user' | 'assistant'; text: string }[] {
  return history.map(message => ({ role: message.role, text: message.text }));
}

/** The `messages` (or `input`) list of the chat APIs: earlier turns as `{ role, content }`, then the new question. */
export function chatMessages(context: RequestContext): { role: 'user' | 'assistant'; content: string }[] {
  return [...historyTurns(context.history).map(turn => ({ role: turn.role, content: turn.text })), { role: 'user', content: context.text }];
}
