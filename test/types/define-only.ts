// @ts-nocheck — type-checked by test/consumers/run.mjs against the *packed* package (see consumer.ts).
//
// The README's way, and nothing else: `import 'sse-chat/define'` alone types the tag and its events' `detail`.
import 'sse-chat/define';

const chat = document.querySelector('sse-chat');
chat?.addEventListener('sse-chat-done', event => {
  const text: string = event.detail.message.text;
  void text;
});
chat?.addEventListener('sse-chat-error', event => {
  const retryable: boolean = event.detail.error.retryable;
  void retryable;
});
document.addEventListener('sse-chat-toggle', event => {
  const open: boolean = event.detail.open;
  void open;
});
if (chat) {
  chat.theme = 'dark';
  chat.layout = 'launcher';
  chat.persist = 'local';
}

// @ts-expect-error — sse-chat-done's detail has the message, not the text
chat?.addEventListener('sse-chat-done', event => event.detail.text);
// @ts-expect-error — detail is typed, not any
chat?.addEventListener('sse-chat-send', event => event.detail.retry.toUpperCase());
