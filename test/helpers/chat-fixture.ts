import { fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { SseChat } from '../../src/sse-chat.js';
import { createFakeFetch, type FakeFetch, type FakeResponseInit } from './fake-sse.js';

/** One whole turn: asks `question`, answers `reply` and `done` (the response stays open), waits for the render. */
export async function exchange(el: SseChat, fake: FakeFetch, question: string, reply: string) {
  const finished = el.send(question);
  const call = await fake.nextCall();
  call.response.send({ delta: reply }, 'text-delta');
  call.response.send({}, 'done');
  await finished;
  await el.updateComplete;
  return call;
}

/** A chat wired to a fake fetch, speaking the canonical dialect unless told otherwise. */
export async function chatFixture(
  options: { dialect?: string; respond?: (index: number) => FakeResponseInit } = {},
): Promise<{ el: SseChat; fake: FakeFetch }> {
  const fake = createFakeFetch(options.respond);
  const el = await fixture<SseChat>(
    html`<sse-chat endpoint="/api/chat" dialect=${options.dialect ?? 'sse-chat'} .fetch=${fake.fetch}></sse-chat>`,
  );
  return { el, fake };
}

/** The element's shadow root, typed. */
export const shadow = (el: SseChat): ShadowRoot => el.shadowRoot!;

/** One element by part name inside the chat (the last one when several match). */
export function part<T extends Element = HTMLElement>(el: SseChat, name: string): T | null {
  const all = shadow(el).querySelectorAll<T>(`[part~="${name}"]`);
  return all.length ? all[all.length - 1] : null;
}

/** All elements with a part name. */
export const parts = (el: SseChat, name: string): HTMLElement[] =>
  Array.from(shadow(el).querySelectorAll<HTMLElement>(`[part~="${name}"]`));

/** Records the `sse-chat-*` events that reach `document`, in order. */
export function recordEvents(): { events: CustomEvent[]; names: () => string[]; dispose: () => void } {
  const events: CustomEvent[] = [];
  const names = ['sse-chat-send', 'sse-chat-start', 'sse-chat-event', 'sse-chat-done', 'sse-chat-stop', 'sse-chat-error'];
  const listener = (event: Event) => events.push(event as CustomEvent);
  for (const name of names) document.addEventListener(name, listener);
  return {
    events,
    names: () => events.map(event => event.type),
    dispose: () => names.forEach(name => document.removeEventListener(name, listener)),
  };
}
