import { expect } from '@open-wc/testing';
import { vendorDialects } from '../../src/dialects/vendors.js';
import type { Dialect } from '../../src/dialects/dialect.js';
import type { SseMessage } from '../../src/transport/sse-message.js';
import { parseSse } from './transcripts/replay.js';
import type { Transcript } from './transcripts/replay.js';
import * as anthropic from './transcripts/anthropic.js';
import * as gemini from './transcripts/gemini.js';
import * as openAiChat from './transcripts/openai-chat.js';
import * as openAiResponses from './transcripts/openai-responses.js';
import * as tgi from './transcripts/tgi.js';
import * as vercelAi from './transcripts/vercel-ai.js';

const byDialect: Record<string, Record<string, Transcript>> = {
  anthropic: anthropic.all,
  gemini: gemini.all,
  'openai-chat': openAiChat.all,
  'openai-responses': openAiResponses.all,
  tgi: tgi.all,
  'vercel-ai': vercelAi.all,
};

/** What `auto` would pick from a response's first message: the first dialect, in order, that says yes. */
const pick = (message: SseMessage, headers: Headers): Dialect | undefined => vendorDialects.find(d => d.detect?.(message, headers));
const first = (transcript: Transcript) => parseSse(transcript.sse)[0];

/** House `{"type": …}` payloads from the seed backends and the canonical form: no vendor dialect may claim them. */
const houseMessages: SseMessage[] = [
  { event: 'message', id: '', data: '{"type": "start", "session_id": 1, "model": "mistral"}' },
  { event: 'message', id: '', data: '{"type": "status", "content": "Searching documents..."}' },
  { event: 'message', id: '', data: '{"type": "chunk", "content": "Hello"}' },
  { event: 'message', id: '', data: '{"type":"token","content":"Aripiprazole","timestamp":"2025-11-06T10:30:42.100Z"}' },
  { event: 'message', id: '', data: '{"type":"retrieval_start","content":{"stage":"retrieval","status":"started"}}' },
  { event: 'message', id: '', data: '{"type": "progress", "percentage": 40, "message": "Searching"}' },
  { event: 'message', id: '', data: '{"type": "text-delta", "delta": "Hi"}' },
  { event: 'message', id: '', data: '{"type": "error", "content": "Error message"}' },
  { event: 'message', id: '', data: '{"type": "done"}' },
  { event: 'message', id: '', data: '{"type": "finish"}' },
  { event: 'message', id: '', data: '{"token": "Hi"}' },
  { event: 'message', id: '', data: '{"error": "Something failed"}' },
  { event: 'text-delta', id: '', data: '{"delta":"Hi"}' },
  { event: 'start', id: '', data: '{"model":"demo"}' },
  { event: 'message', id: '', data: 'plain text token' },
];

describe('dialects/vendors detection', () => {
  it('lists each vendor dialect once, most specific (header-decided Vercel) first', () => {
    expect(vendorDialects.map(d => d.name)).to.deep.equal([
      'vercel-ai',
      'ag-ui',
      'langgraph',
      'langchain',
      'anthropic',
      'openai-responses',
      'openai-chat',
      'gemini',
      'tgi',
    ]);
  });

  for (const [name, transcripts] of Object.entries(byDialect)) {
    for (const [label, transcript] of Object.entries(transcripts)) {
      if (label === 'invalidJson') continue; // its first message is valid; only its second is broken
      it(`${name}: ${label} is detected as ${name} and by no other dialect`, () => {
        const headers = new Headers(transcript.headers);
        const message = first(transcript);
        expect(pick(message, headers)?.name).to.equal(name);
        const claimedBy = vendorDialects.filter(d => d.detect?.(message, headers)).map(d => d.name);
        expect(claimedBy).to.deep.equal([name]);
      });
    }
  }

  it('detects a Vercel stream without its header from a part type only it uses', () => {
    const none = new Headers();
    const textStart: SseMessage = { event: 'message', id: '', data: '{"type":"text-start","id":"txt-0"}' };
    const textDelta: SseMessage = { event: 'message', id: '', data: '{"type":"text-delta","id":"txt-0","delta":"Hi"}' };
    expect(pick(textStart, none)?.name).to.equal('vercel-ai');
    expect(pick(textDelta, none)?.name).to.equal('vercel-ai');
    // Its `start` part is also a house word, so without the header it proves nothing.
    expect(pick({ event: 'message', id: '', data: '{"type":"start","messageId":"m"}' }, none)).to.equal(undefined);
  });

  it('claims none of the house {"type": …} payloads or canonical events', () => {
    for (const message of houseMessages) {
      expect(vendorDialects.filter(d => d.detect?.(message, new Headers())).map(d => d.name), message.data).to.deep.equal([]);
    }
  });

  it('takes no `ping` for Anthropic: house streams send `{"type":"ping"}` keep-alives too', () => {
    expect(pick({ event: 'ping', id: '', data: '{"type": "ping"}' }, new Headers())).to.equal(undefined);
    expect(pick({ event: 'message', id: '', data: '{"type": "ping"}' }, new Headers())).to.equal(undefined);
  });
});
