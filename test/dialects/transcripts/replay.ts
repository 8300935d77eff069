import type { Dialect } from '../../../src/dialects/dialect.js';
import type { ChatEvent } from '../../../src/dialects/chat-event.js';
import type { SseMessage } from '../../../src/transport/sse-message.js';
import { createSseParser } from '../../../src/transport/sse-parser.js';
import { applyChatEvent, createAssistantMessage, endOfStream } from '../../../src/state/message.js';
import type { ChatMessage } from '../../../src/state/message.js';

/** A recorded response: its raw event-stream text and the response headers that matter. */
export interface Transcript {
  readonly sse: string;
  readonly headers?: Record<string, string>;
}

/**
 * The SSE messages of a whole stream, parsed by the element's own parser, with the data-less signals (`event: end`)
 * in their place, as the element hands them to dialects.
 */
export function parseSse(text: string): SseMessage[] {
  const messages: SseMessage[] = [];
  const push = (message: SseMessage) => void messages.push(message);
  const parser = createSseParser({ onMessage: push, onSignal: push });
  parser.feed(text);
  parser.end();
  return messages;
}

/** The chat events a fresh mapper of `dialect` produces for a whole stream that then closed cleanly. */
export function mapAll(dialect: Dialect, text: string): ChatEvent[] {
  const mapper = dialect.createMapper();
  return [...parseSse(text).flatMap(message => mapper.map(message)), ...(mapper.end?.() ?? [])];
}

/** The assistant message a reader would see once the stream has closed: every event reduced, then end of stream. */
export function replay(dialect: Dialect, transcript: Transcript | string): ChatMessage {
  const text = typeof transcript === 'string' ? transcript : transcript.sse;
  let clock = 0;
  const message = mapAll(dialect, text).reduce((current, event) => applyChatEvent(current, event, (clock += 1)), createAssistantMessage(0));
  return endOfStream(message, clock + 1);
}

/** Writes SSE blocks: `data` objects are JSON-encoded the way vendors send them (one line). */
export function sse(...blocks: ({ event?: string; data: unknown } | string)[]): string {
  return blocks
    .map(block => {
      if (typeof block === 'string') return `data: ${block}\n\n`;
      const data = typeof block.data === 'string' ? block.data : JSON.stringify(block.data);
      return `${block.event ? `event: ${block.event}\n` : ''}data: ${data}\n\n`;
    })
    .join('');
}
