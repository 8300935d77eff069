// A Vite app that already uses Lit itself and adds the chat from npm: the build must hold one copy of Lit.
import 'sse-chat/define';
import { html, render } from 'lit';

const endpoint = new URL(location.href).searchParams.get('endpoint') ?? '';
render(html`<h1>Vite consumer</h1><sse-chat endpoint=${endpoint}></sse-chat>`, document.querySelector('#app'));
