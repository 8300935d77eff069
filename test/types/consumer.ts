// @ts-nocheck — type-checked by test/consumers/run.mjs against the *packed* package (with test/types/tsconfig.json),
// where the runner removes this line; the project's own type-check cannot resolve 'sse-chat' before a build.
//
// What an app developer's TypeScript sees after `npm install sse-chat`: the tag is known to the DOM typings,
// events are typed by name, and wrong usage is an error (each `@ts-expect-error` fails the check if it is not one).
import 'sse-chat/define';
import { SseChat, SseChatDoneEvent, type ChatMessage, type SseChatErrorDetail } from 'sse-chat';

/** Whether two types are the same (not merely assignable either way). */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | void {}

const chat = document.querySelector('sse-chat');
assertType<Equals<typeof chat, SseChat | null>>();
const created = document.createElement('sse-chat');
assertType<Equals<typeof created, SseChat>>();

if (chat) {
  chat.endpoint = '/api/chat';
  chat.headers = { Authorization: 'Bearer token' };
  chat.buildBody = ({ text, sessionId }) => ({ query: text, session: sessionId });
  const finished: Promise<void> = chat.send('Hello');
  void finished;

  chat.addEventListener('sse-chat-done', event => {
    assertType<Equals<typeof event, SseChatDoneEvent>>();
    const text: string = event.detail.message.text;
    const message: ChatMessage = event.detail.message;
    void text;
    void message;
  });
  chat.addEventListener('sse-chat-error', event => {
    const detail: SseChatErrorDetail = event.detail;
    void detail.error.code;
  });
  chat.addEventListener('sse-chat-send', event => event.preventDefault());
  // Listening on an ancestor works too: the events are registered for every element.
  document.body.addEventListener('sse-chat-stop', event => void event.detail.message.id);
  chat.feedback = true;
  chat.addEventListener('sse-chat-feedback', event => {
    const value: 'up' | 'down' | undefined = event.detail.value;
    void [value, event.detail.messageId, event.detail.text];
  });

  // @ts-expect-error — endpoint is a URL string
  chat.endpoint = 42;
  // @ts-expect-error — send needs the text
  void chat.send();
  // @ts-expect-error — sse-chat-done's detail has the message, not the text
  chat.addEventListener('sse-chat-done', event => event.detail.text);
  // @ts-expect-error — the request context has `text`, not `prompt`
  chat.buildBody = ({ prompt }) => prompt;
  // @ts-expect-error — status is read-only
  chat.status = 'idle';
  // @ts-expect-error — only the documented themes
  chat.theme = 'sepia';
}

// The class is usable under another tag.
const Registered: typeof SseChat = SseChat.define('my-chat');
void Registered;

// Markdown plugins: tokenizers, renderers and the lexer's emStrongMask hook. Whole-document passes would never run
// (answers render block by block as they stream), so the type refuses them.
SseChat.use({ extension: { extensions: [], hooks: { emStrongMask: (src: string) => src } }, decorate: () => {} });
// @ts-expect-error — walkTokens never runs on a streamed answer
SseChat.use({ extension: { walkTokens: () => {} }, decorate: () => {} });
// @ts-expect-error — nor does a preprocess hook
SseChat.use({ extension: { hooks: { preprocess: (markdown: string) => markdown } }, decorate: () => {} });
