// React 19 using <sse-chat> directly, no wrapper and no JSX build step. React 19 sets a prop as a property when
// the element has it (`buildBody`, a function) and turns `on<event-name>` props into event listeners.
import 'sse-chat/define';
import { createElement as h, useState } from 'react';
import { createRoot } from 'react-dom/client';

const endpoint = new URL(location.href).searchParams.get('endpoint') ?? '';
/** What the page saw, for the runner: the questions buildBody was called with. */
window.consumer = { builtBodies: [] };

// The endpoint is OpenAI-compatible and reads only `messages`, not the element's default body: only a working
// property gets an answer.
function buildBody({ text }) {
  window.consumer.builtBodies.push(text);
  return { model: 'demo', messages: [{ role: 'user', content: text }], stream: true };
}

function App() {
  const [answer, setAnswer] = useState('');
  return h(
    'main',
    null,
    h('sse-chat', { endpoint, buildBody, 'onsse-chat-done': event => setAnswer(event.detail.message.text) }),
    h('output', { id: 'answer' }, answer),
  );
}

createRoot(document.querySelector('#root')).render(h(App));
