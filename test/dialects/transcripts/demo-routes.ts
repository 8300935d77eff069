import type { ChatEvent } from '../../../src/dialects/chat-event.js';

/** The shape of demo/encoders (plain JS modules; declared here so the tests type-check without allowJs). */
export interface WireEncoder {
  contentType: string;
  headers?: Record<string, string>;
  open?(): string;
  encode(event: ChatEvent): string;
  close?(): string;
  heartbeat?(): string;
}

export interface DemoRoute {
  path: string;
  name: string;
  dialect: string;
  readQuestion(body: unknown): string | undefined;
  createEncoder(options: { model?: string }): WireEncoder;
  exampleBody?: Record<string, unknown>;
}
