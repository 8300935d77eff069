// @ts-nocheck — type-checked by test/consumers/run.mjs against the *packed* package, with svelte/elements.
//
// What svelte-check sees for <sse-chat …> in markup once `sse-chat/svelte` is imported (e.g. in src/app.d.ts).
import type {} from 'sse-chat/svelte';
import type { SvelteHTMLElements } from 'svelte/elements';

type Attributes = SvelteHTMLElements['sse-chat'];
export const attributes: Attributes = {
  endpoint: '/api/chat',
  theme: 'auto',
  layout: 'launcher',
  persist: 'session',
  class: 'support',
  'onsse-chat-done': event => console.log(event.detail.message.text),
  'on:sse-chat-error': event => console.log(event.detail.error.message),
};
// @ts-expect-error — only the documented themes
export const wrongTheme: Attributes = { theme: 'sepia' };
// @ts-expect-error — sse-chat-done's detail has the message, not the text
export const wrongDetail: Attributes = { 'onsse-chat-done': event => event.detail.text };
