import { expect } from '@open-wc/testing';
import { selectHistory } from '../../src/state/history.js';
import { createAssistantMessage, createUserMessage, failMessage, stopMessage, type ChatMessage } from '../../src/state/message.js';

const user = (text: string) => createUserMessage(text, 0);
const answer = (text: string, end: 'done' | 'stopped' | 'error' = 'done'): ChatMessage => {
  const streaming = { ...createAssistantMessage(0), text };
  if (end === 'stopped') return stopMessage(streaming, 1);
  if (end === 'error') return failMessage(streaming, { message: 'x', retryable: true }, 1);
  return { ...streaming, status: 'done' };
};
const texts = (messages: readonly ChatMessage[]) => messages.map(message => message.text);

describe('selectHistory', () => {
  it('selectHistory keeps the last N answered exchanges, oldest first', () => {
    const messages = [user('q1'), answer('a1'), user('q2'), answer('a2'), user('q3'), answer('a3')];
    expect(texts(selectHistory(messages, 10))).to.deep.equal(['q1', 'a1', 'q2', 'a2', 'q3', 'a3']);
    expect(texts(selectHistory(messages, 2))).to.deep.equal(['q2', 'a2', 'q3', 'a3']);
    expect(selectHistory(messages, 0)).to.deep.equal([]);
    expect(selectHistory(messages, Number.NaN)).to.deep.equal([]);
  });

  it('selectHistory leaves out failed answers and stopped ones with no text', () => {
    const messages = [user('q1'), answer('a1', 'error'), user('q2'), answer('', 'stopped'), user('q3'), answer('part', 'stopped')];
    expect(texts(selectHistory(messages, 10))).to.deep.equal(['q3', 'part']);
  });

  it('selectHistory leaves out messages without text, so no dialect sends an empty turn', () => {
    const messages = [user('q1'), answer(''), user('q2'), answer('  '), user('q3'), answer('a3')];
    expect(texts(selectHistory(messages, 10))).to.deep.equal(['q1', 'q2', 'q3', 'a3']);
  });
});
