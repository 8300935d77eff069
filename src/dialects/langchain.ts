import type { ChatEvent, ChatSource } from './chat-event.js';
import type { SseMessage } from '../transport/sse-message.js';
import type { Dialect, DialectMapper, RequestContext } from './dialect.js';
import {
  arrayOf,
  isObject,
  objectOf,
  own,
  ownArray,
  ownObject,
  ownString,
  parseJson,
  safeRecord,
  stringOf,
  type JsonObject,
} from '../untrusted/json-values.js';
import { readSource } from './sources.js';
import { textDelta, vendorError } from './vendor-mapper.js';
import { historyTurns } from './request-body.js';

/**
 * LangChain's streams: LangServe `/stream` and `/stream_events`, LangChain.js `streamEvents(…, { encoding:
 * 'text/event-stream' })` (both `event: data` + JSON, then `event: end` with no data), and the LangGraph server's
 * run streams (`event: values | updates | messages | messages/partial | events | metadata | error | end`).
 * One mapper reads them all; `langchain` and `langgraph` differ only in the request body they build.
 */

/** The runnables a reader cares about. Chains, prompts, parsers and lambdas are plumbing and make no steps. */
const STEP_KINDS = new Set(['chat_model', 'llm', 'tool', 'retriever']);

/** A serialized LangChain object: LangChain.js writes `{ lc: 1, type: 'constructor', id, kwargs }`, Python plain fields. */
function unwrap(value: unknown): JsonObject | undefined {
  return (own(value, 'lc') === 1 && ownObject(value, 'kwargs')) || objectOf(value);
}

/** Whether a serialized message is the model's (not the user's, a tool's or the system's). */
function isAiMessage(message: unknown): boolean {
  return /^(ai|AIMessage(Chunk)?)$/.test(ownString(message, 'type') ?? stringOf(ownArray(message, 'id').at(-1)) ?? '');
}

/** A message's text: `content` as a string, or the text parts of a content-block list (Anthropic-style models). */
function messageText(message: unknown): string {
  const content = own(message, 'content');
  if (typeof content === 'string') return content;
  return arrayOf(content)
    .map(part => (own(part, 'type') === 'text' && ownString(part, 'text')) || '')
    .join('');
}

const DOCUMENT_KEYS = {
  title: ['title', 'source', 'name'],
  url: ['url', 'source', 'link'],
  snippet: ['page_content', 'pageContent'],
  score: ['score', 'relevance_score'],
};

/**
 * Retrieved documents (`page_content` / `pageContent`, `metadata.title` / `source` / `url`) as sources. `source` is
 * often a file path: only a web address becomes a link.
 */
function sources(documents: unknown): ChatEvent[] {
  const list: ChatSource[] = [];
  for (const document of arrayOf(documents)) {
    const source = readSource(unwrap(document), DOCUMENT_KEYS);
    if (source?.url && !/^https?:\/\//i.test(source.url)) delete source.url;
    if (source) list.push(source);
  }
  return list.length ? [{ type: 'sources', sources: list }] : [];
}


class LangChainMapper implements DialectMapper {
  #finished = false;
  /** The LangGraph server ends a run by closing the stream (langgraph-api writes no `end`): a clean close is done. */
  #langGraph = false;
  /** Text so far per message id, for LangGraph's `messages/partial`, which repeats the whole message each time. */
  readonly #partial = new Map<string, string>();

  map(message: SseMessage): ChatEvent[] {
    if (this.#finished) return [];
    // LangGraph names subgraph events `messages|child:1`: the part before `|` is the kind.
    const kind = message.event.split('|')[0];
    const data = parseJson(message.data);
    this.#langGraph ||= LANGGRAPH_EVENTS.test(kind) || own(data, 'attempt') !== undefined;
    switch (kind) {
      case 'end':
        this.#finished = true;
        return [{ type: 'done' }];
      case 'error': {
        // LangServe: `{ status_code, message }`; the LangGraph server: `{ error: 'ValueError', message }`; or plain text.
        this.#finished = true;
        const status = own(data, 'status_code');
        return [
          vendorError(
            isObject(data) ? (own(data, 'message') ?? own(data, 'detail') ?? own(data, 'error')) : message.data,
            own(data, 'error'),
            !(typeof status === 'number' && status >= 400 && status < 500),
          ),
        ];
      }
      case 'metadata':
        return isObject(data) ? [{ type: 'metadata', metadata: safeRecord(data) }] : [];
      case 'data':
      case 'events':
        return typeof own(data, 'event') === 'string' ? this.#streamEvent(data as JsonObject) : this.#chunk(data);
      case 'messages': {
        // `stream_mode: "messages-tuple"`: `[message chunk, metadata]`.
        const chunk = unwrap(arrayOf(data)[0]);
        return isAiMessage(chunk) ? textDelta(messageText(chunk)) : [];
      }
      case 'messages/partial':
      case 'messages/complete':
        return arrayOf(data).flatMap(item => this.#partialMessage(unwrap(item)));
      case 'values':
        return this.#whole(ownArray(data, 'messages').at(-1));
      case 'updates':
        return Object.entries(objectOf(data) ?? {}).flatMap(([node, update]): ChatEvent[] =>
          node.startsWith('__') ? [] : [{ type: 'step', id: `node-${node}`, label: node, status: 'done' }, ...this.#whole(ownArray(update, 'messages').at(-1))],
        );
    }
    return [];
  }

  /** Called on a clean close. */
  end(): ChatEvent[] {
    return this.#langGraph && !this.#finished ? [{ type: 'done' }] : [];
  }

  /**
   * The newest message of a LangGraph state (`values`, `updates`): a model's text replaces the answer so far, its
   * tool calls become steps, and a tool's result completes its step.
   */
  #whole(message: unknown): ChatEvent[] {
    const raw = unwrap(message);
    if (own(raw, 'type') === 'tool') return [{ type: 'step', id: `tool-${ownString(raw, 'tool_call_id')}`, label: ownString(raw, 'name'), status: 'done' }];
    if (!isAiMessage(raw)) return [];
    const events = ownArray(raw, 'tool_calls').map(
      (call): ChatEvent => ({ type: 'step', id: `tool-${ownString(call, 'id')}`, label: ownString(call, 'name'), status: 'active', detail: JSON.stringify(own(call, 'args')) }),
    );
    const text = messageText(raw);
    return text ? [...events, { type: 'text', text }] : events;
  }

  #partialMessage(message: JsonObject | undefined): ChatEvent[] {
    if (!isAiMessage(message)) return [];
    const id = ownString(message, 'id') ?? '';
    const text = messageText(message);
    const before = this.#partial.get(id) ?? '';
    this.#partial.set(id, text);
    return text.startsWith(before) ? textDelta(text.slice(before.length)) : this.#whole(message);
  }

  /** One LangServe `/stream` chunk: a string, a message chunk, or a piece of a dict output (`answer`, `context`). */
  #chunk(data: unknown): ChatEvent[] {
    if (typeof data === 'string') return textDelta(data);
    const chunk = unwrap(data);
    if (isAiMessage(chunk)) return textDelta(messageText(chunk));
    return [...sources(own(chunk, 'context') ?? own(chunk, 'source_documents')), ...textDelta(ownString(chunk, 'answer') ?? ownString(chunk, 'output'))];
  }

  /** One `streamEvents` v2 event (`on_chat_model_stream`, `on_tool_start`, …). */
  #streamEvent(event: JsonObject): ChatEvent[] {
    const [, kind = '', phase = ''] = /^on_(\w+?)_(start|stream|end|error)$/.exec(ownString(event, 'event') ?? '') ?? [];
    const data = ownObject(event, 'data');
    if (phase === 'stream' && (kind === 'chat_model' || kind === 'llm')) {
      const chunk = unwrap(own(data, 'chunk'));
      return textDelta(kind === 'llm' ? ownString(chunk, 'text') : messageText(chunk));
    }
    if (!STEP_KINDS.has(kind) || phase === 'stream') return [];
    const id = `run-${ownString(event, 'run_id')}`;
    if (phase === 'start') {
      const input = own(data, 'input');
      const detail = kind === 'tool' && input !== undefined ? (stringOf(input) ?? JSON.stringify(input)) : undefined;
      return [{ type: 'step', id, label: ownString(event, 'name') || kind, status: 'active', ...(detail ? { detail } : {}) }];
    }
    // LangChain.js appends the stack trace to the message: only its first line is for a reader.
    if (phase === 'error') return [{ type: 'step', id, status: 'error', detail: ownString(data, 'error')?.split('\n')[0] }];
    const output = own(data, 'output');
    return [
      { type: 'step', id, status: 'done' },
      // Python's v1 events wrap the documents: `{ documents: [...] }`.
      ...(kind === 'retriever' ? sources(Array.isArray(output) ? output : own(output, 'documents')) : []),
    ];
  }
}

/** LangGraph's own event names (`stream_mode` values / updates / messages / events). */
const LANGGRAPH_EVENTS = /^(values|updates|messages(\/partial|\/complete|\/metadata)?|events)(\|.*)?$/;

/**
 * The run's opening `event: metadata` (LangServe: `{ run_id }`; the LangGraph server: `{ run_id, attempt }`, maybe
 * with the thread or assistant), which canonical's `metadata` would otherwise take: a run id and nothing but those keys.
 */
function runMetadata(message: SseMessage, graph: boolean): boolean {
  const data = objectOf(parseJson(message.data)) ?? {};
  return (
    message.event === 'metadata' &&
    typeof own(data, 'run_id') === 'string' &&
    Object.keys(data).every(key => /^(run_id|attempt|thread_id|assistant_id)$/.test(key)) &&
    (own(data, 'attempt') !== undefined) === graph
  );
}

/** `event: data` carrying a `streamEvents` event, a message chunk or a bare string: LangServe and LangChain.js. */
function detectLangChain(message: SseMessage): boolean {
  if (runMetadata(message, false)) return true;
  if (message.event !== 'data') return false;
  const data = parseJson(message.data);
  if (typeof data === 'string') return true;
  const object = unwrap(data);
  return /^on_\w+_(start|stream|end)$/.test(ownString(object, 'event') ?? '') || isAiMessage(object);
}

/** The earlier turns and the new question as LangChain messages (`{ type: 'human' | 'ai', content }`). */
function langChainMessages(context: RequestContext, roleKey: 'type' | 'role'): Record<string, string>[] {
  const turns = [...historyTurns(context.history), { role: 'user' as const, text: context.text }];
  return turns.map(turn => ({ [roleKey]: roleKey === 'type' ? (turn.role === 'user' ? 'human' : 'ai') : turn.role, content: turn.text }));
}

/** LangServe (`POST …/stream` or `…/stream_events`): `{ input: [messages], config: {}, kwargs: {} }`. */
export const langChainDialect: Dialect = {
  name: 'langchain',
  createMapper: () => new LangChainMapper(),
  detect: detectLangChain,
  buildBody: context => ({ input: langChainMessages(context, 'type'), config: {}, kwargs: {} }),
};

/**
 * LangGraph server runs (`POST /runs/stream`, `/threads/{id}/runs/stream`): the `model` attribute names the
 * assistant (graph), `agent` by default; streams model tokens and the final state.
 */
export const langGraphDialect: Dialect = {
  name: 'langgraph',
  createMapper: () => new LangChainMapper(),
  detect: message => LANGGRAPH_EVENTS.test(message.event) || runMetadata(message, true),
  buildBody: context => ({
    assistant_id: context.model || 'agent',
    input: { messages: langChainMessages(context, 'role') },
    stream_mode: ['messages-tuple', 'values'],
  }),
};
