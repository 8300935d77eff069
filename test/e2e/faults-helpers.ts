// Shared pieces of the fault-model end-to-end tests (test/e2e/faults*.test.ts): a chat pointed at a real demo
// server, what the user sees of it, and what the server's log says it saw.
import { fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { SseChat } from '../../src/sse-chat.js';
import type { ChatMessage } from '../../src/state/message.js';
import type { DemoLogEntry, DemoServer } from './demo-server.js';

/** A question whose answer from the docs backend has non-ASCII text (em dashes, an ellipsis): multi-byte UTF-8. */
export const NON_ASCII_QUESTION = 'How does the stop button work?';
/**
 * A question the docs backend echoes (its terms appear in a step's detail): many two- and three-byte characters, so a
 * stream split at every byte splits many of them, whatever reads Chromium coalesces.
 */
export const MULTI_BYTE_QUESTION =
  'How does the stop button work — größe über café naïve résumé 日本語 中文 한국어 Ελληνικά русский язык ÆØÅ þorn ðeð?';
/** A second question with a short answer that differs from the first one's from its first words on. */
export const OTHER_QUESTION = 'How do I embed it in a page?';

/** The settable properties a test may give the chat (timeouts, headers…). */
export type ChatProps = Partial<Pick<SseChat, 'idleTimeout' | 'turnTimeout' | 'headers' | 'buildBody' | 'dialect' | 'fetch'>>;

/** A `<sse-chat>` posting to `endpoint`, with `props` applied before anything is sent. */
export async function chatAt(endpoint: string, props: ChatProps = {}): Promise<SseChat> {
  const el = await fixture<SseChat>(html`<sse-chat endpoint=${endpoint}></sse-chat>`);
  Object.assign(el, props);
  await el.updateComplete;
  return el;
}

/** All elements with a part name in the chat's shadow root. */
export const parts = (el: SseChat, name: string): HTMLElement[] =>
  Array.from(el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`));

/** The answer being streamed or last answered. */
export const lastAnswer = (el: SseChat): ChatMessage => el.messages[el.messages.length - 1];

/** The visible text of a node, whitespace collapsed. */
export const visibleText = (node: Node | undefined | null): string => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** The text of the error shown under the last answer (`''` when none is shown). */
export async function shownError(el: SseChat): Promise<string> {
  await el.updateComplete;
  return visibleText(parts(el, 'error').at(-1));
}

/** The `status` attribute, as CSS and tests see it. */
export const statusOf = (el: SseChat): string | null => el.getAttribute('status');

/** Chat POSTs that reached the route and were answered 200 (CORS preflights, answered 204, are left out). */
export const answeredRequests = (log: DemoLogEntry[], path = '/api/chat'): DemoLogEntry[] =>
  log.filter(entry => entry.event === 'request' && entry.path === path && entry.status === 200);

/** Streams the server saw the client leave. */
export const disconnects = (log: DemoLogEntry[]): DemoLogEntry[] => log.filter(entry => entry.event === 'disconnect');

/** Entries of one kind. */
export const entries = (log: DemoLogEntry[], event: string): DemoLogEntry[] => log.filter(entry => entry.event === event);

/** Waits until the answer shows at least `length` characters of text. */
export async function untilText(el: SseChat, length = 1, timeout = 30_000): Promise<void> {
  await waitUntil(() => (lastAnswer(el)?.text.length ?? 0) >= length, `fewer than ${length} characters arrived`, { timeout });
}

/** Resolves after `ms` (for "nothing happens in the meantime" checks). */
export const pause = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms));

/**
 * The answer to `question` from `server` without any fault, as the chat ends up holding it: the baseline a faulty
 * stream's final state must equal.
 */
export async function cleanAnswer(server: DemoServer, question: string, path = '/api/chat'): Promise<ChatMessage> {
  const el = await chatAt(`${server.url}${path}`);
  await el.send(question);
  const answer = lastAnswer(el);
  if (answer.status !== 'done') throw new Error(`the clean answer did not finish: ${answer.error?.message}`);
  el.remove();
  return answer;
}

/** What must be equal between two answers to the same question: everything a user sees, and how it ended. */
export const observable = (message: ChatMessage) => ({
  status: message.status,
  text: message.text,
  error: message.error,
  steps: message.steps.map(step => ({ id: step.id, label: step.label, status: step.status, detail: step.detail, progress: step.progress })),
  sources: message.sources,
  notices: message.notices.map(notice => notice.message),
});

/**
 * The element's network seam, sending the first `count` requests with `?fault=never-finish` added (the whole answer,
 * then heartbeats, never the end): a Stop on those is always a Stop mid-stream, however starved the page is (with
 * an answer that may end by itself, a page starved past its last byte would see it done and the server no
 * disconnect). Later requests go as they are.
 */
export function neverFinishingFirst(count: number) {
  let sent = 0;
  const seam: typeof fetch = (input, init) => {
    if (sent++ >= count) return fetch(input, init);
    const url = new URL(String(input instanceof Request ? input.url : input), location.href);
    url.searchParams.append('fault', 'never-finish');
    return fetch(url, init);
  };
  return seam;
}

/**
 * The element's network seam, holding every response's body back until `open()` is called: headers and status
 * come at once (the chat is `streaming`); with `hold: 'start'` the bytes (real, unchanged) only after, with
 * `hold: 'end'` all of them at once but not the body's end. Lets a test see a state that lasts as long as a stream
 * (all chats streaming at once, a stream still open while the tab is hidden) without racing the server's pace.
 */
export function heldBodies(hold: 'start' | 'end') {
  let open: () => void = () => {};
  const opened = new Promise<void>(resolve => (open = resolve));
  const seam: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (!response.body) return response;
    const held = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>(hold === 'start' ? { start: () => opened } : { flush: () => opened }),
    );
    return new Response(held, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return { fetch: seam, open };
}

/**
 * The element's network seam for a demo server started with `holdDrops: true`, passing every request and byte through
 * unchanged. The server's `drop-after:N` cuts (`cutsAfter`, in order) wait for it: once the element has been given
 * the Nth event and asks for more, the seam lets the server cut. A connection error discards what the page has not
 * read yet, and a starved page may not read the events before a cut in any fixed time; so the cut comes when it has.
 * It also notes each `Last-Event-ID` the element resumes from and, per connection, the id of the last event it got.
 */
export function readBeforeDrops(server: DemoServer, cutsAfter: number[]) {
  const lastEventIds: string[] = [];
  const lastIdsReceived: string[] = [];
  const cuts = [...cutsAfter];
  const seam: typeof fetch = async (input, init) => {
    const lastEventId = new Headers(init?.headers).get('last-event-id');
    if (lastEventId) lastEventIds.push(lastEventId);
    const response = await fetch(input, init);
    if (!response.body) return response;
    const connection = lastIdsReceived.push('') - 1;
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    let position = Number(lastEventId?.split('.')[1] ?? 0); // the events of the stream given to the element so far
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          if (cuts.length > 0 && position >= cuts[0]) {
            cuts.shift();
            await server.releaseDrop();
          }
          const { done, value } = await reader.read();
          if (done) return controller.close();
          text += decoder.decode(value, { stream: true });
          const end = text.lastIndexOf('\n\n');
          const events = text.slice(0, Math.max(end, 0)).split('\n\n').filter(block => /^[^:\n]/m.test(block));
          text = end >= 0 ? text.slice(end + 2) : text;
          position += events.length;
          const ids = events.flatMap(block => [...block.matchAll(/^id: ?(.*)$/gm)].map(match => match[1]));
          if (ids.length > 0) lastIdsReceived[connection] = ids[ids.length - 1];
          controller.enqueue(value);
        },
        cancel: reason => reader.cancel(reason),
      },
      { highWaterMark: 0 },
    );
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return { fetch: seam, lastEventIds, lastIdsReceived };
}
