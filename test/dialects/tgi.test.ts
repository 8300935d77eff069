import { expect } from '@open-wc/testing';
import { tgiDialect } from '../../src/dialects/tgi.js';
import { createAssistantMessage, createUserMessage } from '../../src/state/message.js';
import { replay } from './transcripts/replay.js';
import * as t from './transcripts/tgi.js';

describe('dialects/tgi', () => {
  it('streams token text, skips special tokens and completes on the message with generated_text', () => {
    const m = replay(tgiDialect, t.basic);
    expect(m.text).to.equal('Deep learning is');
    expect(m.status).to.equal('done');
    expect(m.metadata).to.deep.equal({ details: { finish_reason: 'eos_token', generated_tokens: 4, seed: null } });
  });

  it('adds a notice when the token limit was reached', () => {
    const m = replay(tgiDialect, t.lengthLimit);
    expect(m.text).to.equal('Once upon');
    expect(m.notices.map(n => n.kind)).to.deep.equal(['finish-length']);
  });

  it('uses generated_text only when no text streamed', () => {
    const m = replay(tgiDialect, t.onlyFinalText);
    expect(m.text).to.equal('Paris');
    expect(m.status).to.equal('done');
  });

  it('fails retryably on a generation error, keeping the partial text', () => {
    const m = replay(tgiDialect, t.generationError);
    expect(m.text).to.equal('Deep');
    expect(m.error).to.deep.include({ code: 'generation', retryable: true });
    expect(m.error?.message).to.contain('CUDA out of memory');
  });

  it('fails without retry on a validation error', () => {
    expect(replay(tgiDialect, t.validationError).error).to.deep.include({ code: 'validation', retryable: false });
  });

  it('emits no done when the stream ends before the final message', () => {
    expect(replay(tgiDialect, t.cutOff).error?.code).to.equal('cut-off');
  });

  it('fails visibly on a payload that is not JSON', () => {
    expect(replay(tgiDialect, 'data:{"token":\n\n').error?.code).to.equal('invalid-event');
  });

  it('builds a prompt from the history and the question', () => {
    const body = tgiDialect.buildBody!({
      text: 'And 3+3?',
      history: [createUserMessage('2+2?', 0), { ...createAssistantMessage(1), text: '4' }],
      sessionId: 's',
    });
    expect(body).to.deep.equal({ inputs: 'User: 2+2?\nAssistant: 4\nUser: And 3+3?\nAssistant:', parameters: { max_new_tokens: 1024 } });
  });
});
