// @ts-nocheck — type-checked by test/consumers/run.mjs against the *packed* package, with @types/react 19.
//
// <sse-chat> in React 19 JSX through the generated typings (`sse-chat/react`): every settable property with its own
// type, `onsse-chat-*` listeners with typed events, and the usual HTML attributes.
import 'sse-chat/define';
import type {} from 'sse-chat/react';

export function Chat({ token }: { token: string }) {
  return (
    <sse-chat
      endpoint="/api/chat"
      dialect="openai-chat"
      theme="dark"
      layout="launcher"
      position="bottom-left"
      persist="session"
      idleTimeout={30_000}
      allowImages
      headers={{ Authorization: `Bearer ${token}` }}
      buildBody={({ text, sessionId }) => ({ query: text, session: sessionId })}
      strings={{ send: 'Ask' }}
      onsse-chat-done={event => console.log(event.detail.message.text)}
      onsse-chat-error={event => console.log(event.detail.error.code)}
      className="support"
      style={{ height: '32rem' }}
    />
  );
}

export const wrongTheme = (
  // @ts-expect-error — only the documented themes
  <sse-chat theme="sepia" />
);
export const wrongTimeout = (
  // @ts-expect-error — idleTimeout is a number of milliseconds
  <sse-chat idleTimeout="soon" />
);
export const wrongDetail = (
  // @ts-expect-error — sse-chat-done's detail has the message, not the text
  <sse-chat onsse-chat-done={event => event.detail.text} />
);
export const readOnly = (
  // @ts-expect-error — status is read-only: not a prop
  <sse-chat status="idle" />
);
