import { applyChatEvent, createAssistantMessage, createUserMessage, MessageStatus, type ChatMessage } from '../../src/state/message.js';

/** A fixed clock for the messages made here. */
export const now = 1_700_000_000_000;

/** An answer with `text`, in `status` (done unless given). */
export const answer = (text: string, status: ChatMessage['status'] = MessageStatus.Done): ChatMessage => ({
  ...applyChatEvent(createAssistantMessage(now), { type: 'text-delta', delta: text }, now),
  status,
});

/** `count` exchanges: question i, answer i. */
export const exchanges = (count: number): ChatMessage[] =>
  Array.from({ length: count }, (_, i) => [createUserMessage(`q${i}`, now), answer(`a${i}`)]).flat();
