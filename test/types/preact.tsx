// @ts-nocheck — type-checked by test/consumers/run.mjs against the *packed* package, with Preact's JSX.
/** @jsxImportSource preact */
import 'sse-chat/define';
import type {} from 'sse-chat/preact';

export function Chat() {
  return (
    <sse-chat
      endpoint="/api/chat"
      theme="light"
      layout="inline"
      persist="local"
      buildBody={({ text }) => ({ q: text })}
      onsse-chat-stop={event => console.log(event.detail.message.status)}
      class="support"
    />
  );
}

// @ts-expect-error — only the documented layouts
export const wrongLayout = <sse-chat layout="sidebar" />;
