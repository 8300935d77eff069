import { expect } from '@open-wc/testing';
import { DEFAULT_KEPT_MESSAGES, fromStoredConversation, toStoredConversation } from '../../src/persistence/conversation.js';
import { applyChatEvent, createAssistantMessage, createUserMessage, MessageStatus } from '../../src/state/message.js';
import { answer, exchanges, now } from '../helpers/conversations.js';

/** Round-trips through JSON, as storage does. */
const stored = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('stored conversations', () => {
  it('keeps the last messages, starting at a question', () => {
    const record = toStoredConversation(exchanges(30), 'session-1');
    expect(record.sessionId).to.equal('session-1');
    expect(record.messages).to.have.length(DEFAULT_KEPT_MESSAGES);
    expect(record.messages[0].text).to.equal('q5');
    // An odd limit would cut an exchange in half: the orphaned answer is dropped.
    expect(toStoredConversation(exchanges(3), 's', 3).messages.map(m => m.text)).to.deep.equal(['q2', 'a2']);
    expect(toStoredConversation(exchanges(3), 's', 0).messages).to.deep.equal([]);
  });

  it('reads back what it wrote, each message with a fresh id', () => {
    const messages = exchanges(2);
    const restored = fromStoredConversation(stored(toStoredConversation(messages, 's')), now)!;
    expect(restored.sessionId).to.equal('s');
    expect(restored.messages.map(m => [m.role, m.text, m.status])).to.deep.equal(messages.map(m => [m.role, m.text, m.status]));
    expect(restored.messages.map(m => m.id)).not.to.include.members(messages.map(m => m.id));
    expect(new Set(restored.messages.map(m => m.id)).size).to.equal(4);
  });

  it('brings a half-streamed answer back as stopped, with its partial text and its step timers stopped', () => {
    let streaming = applyChatEvent(createAssistantMessage(now), { type: 'step', id: 'search', label: 'Searching' }, now);
    streaming = applyChatEvent(streaming, { type: 'text-delta', delta: 'Half an ans' }, now);
    expect(streaming.status).to.equal(MessageStatus.Streaming);
    const restored = fromStoredConversation(stored(toStoredConversation([createUserMessage('q', now), streaming], 's')), now + 5)!;
    const [, last] = restored.messages;
    expect(last.status).to.equal(MessageStatus.Stopped);
    expect(last.text).to.equal('Half an ans');
    expect(last.steps[0].endedAt, 'its step timer stopped').to.equal(now + 5);
    expect(last.endedAt).to.equal(now + 5);
  });

  it('ignores records it cannot trust: missing, another version, malformed; skips malformed messages', () => {
    expect(fromStoredConversation(undefined, now)).to.equal(undefined);
    expect(fromStoredConversation('text', now)).to.equal(undefined);
    expect(fromStoredConversation({ version: 2, sessionId: 's', messages: [] }, now)).to.equal(undefined);
    expect(fromStoredConversation({ version: 1, messages: [] }, now)).to.equal(undefined);
    const record = stored(toStoredConversation(exchanges(1), 's'));
    record.messages.push({ role: 'system', text: 'x', status: 'done' }, { role: 'user', text: 3, status: 'done' }, null, {
      role: 'assistant',
      text: 'no arrays',
      status: 'done',
    });
    const restored = fromStoredConversation(record, now)!;
    expect(restored.messages.map(m => m.text)).to.deep.equal(['q0', 'a0', 'no arrays']);
    expect(restored.messages[2]).to.deep.include({ steps: [], sources: [], notices: [], error: null, metadata: {} });
  });
});

describe('stored feedback', () => {
  it('keeps an answer\'s feedback and drops any value but up or down', () => {
    const record = stored(toStoredConversation([createUserMessage('q', now), { ...answer('a'), feedback: 'down' }], 's'));
    expect(fromStoredConversation(record, now)!.messages[1].feedback).to.equal('down');
    record.messages[1].feedback = '<img onerror=x>';
    expect('feedback' in fromStoredConversation(record, now)!.messages[1]).to.equal(false);
  });
});
