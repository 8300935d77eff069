// @ts-nocheck — type-checked by test/consumers/run.mjs against the *packed* package, with Vue 3's types.
//
// What vue-tsc / Volar see for <sse-chat …> in templates once `sse-chat/vue` is imported (e.g. in env.d.ts):
// `@sse-chat-done` is the listener prop `onSseChatDone`.
import type {} from 'sse-chat/vue';
import type { GlobalComponents } from 'vue';

type Props = InstanceType<GlobalComponents['sse-chat']>['$props'];
export const props: Props = {
  endpoint: '/api/chat',
  theme: 'dark',
  layout: 'inline',
  persist: 'local',
  headers: { Authorization: 'Bearer …' },
  onSseChatDone: event => console.log(event.detail.message.text),
};
// @ts-expect-error — only the documented themes
export const wrongTheme: Props = { theme: 'sepia' };
// @ts-expect-error — sse-chat-done's detail has the message, not the text
export const wrongDetail: Props = { onSseChatDone: event => event.detail.text };
