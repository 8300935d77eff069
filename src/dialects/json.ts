import type { ChatEvent, ChatSource, StepProgress, StepStatus } from './chat-event.js';
import type { SseMessage } from '../transport/sse-message.js';
import type { Dialect, DialectMapper } from './dialect.js';
import {
  firstNumber,
  firstString,
  isObject,
  own,
  ownArray,
  ownString,
  parseJson,
  safeRecord,
  type JsonObject,
} from '../untrusted/json-values.js';
import { readSuggestions } from '../untrusted/suggestions.js';
import { SERVER_ERROR } from './dialect-strings.js';
import { readSource, type SourceKeys } from './sources.js';
import { clampProgress } from './steps.js';

/**
 * The `json` family: the home-grown `data: {"type": …, …}` streams that FastAPI/Express backends write (all five
 * seed backends in shared/seeds/). The mapping is tolerant by design — these formats are undocumented, differ in
 * field names, and put their payload in `content` as a string one time and an object the next — but it never
 * guesses silently in a way that loses the answer: unknown types with a human message become notices, JSON that
 * is not an object and data that is not JSON are answer text.
 *
 * The reducer is literal, so this mapper keeps the little state needed to make steps look right: a new status
 * message completes the previous status step, and steps still active when the answer starts are completed then.
 */

type Step = Extract<ChatEvent, { type: 'step' }>;

/** Field names, in order of preference, that each concept goes by in the wild. */
const DELTA_KEYS = ['content', 'delta', 'text', 'token', 'chunk', 'data', 'message', 'value'];
const LABEL_KEYS = ['message', 'label', 'description', 'title', 'text', 'msg'];
const STEP_ID_KEYS = ['stage', 'step', 'id', 'name', 'phase', 'key'];
const PERCENT_KEYS = ['progress', 'percentage', 'percent', 'progress_percentage', 'pct'];
const CURRENT_KEYS = ['current', 'current_step', 'step', 'stage_number', 'step_number', 'completed', 'index'];
const TOTAL_KEYS = ['total', 'total_steps', 'total_stages', 'steps', 'of', 'count'];
const ANSWER_KEYS = ['answer', 'response', 'text', 'content', 'message', 'result', 'output', 'final_answer', 'final', 'summary', 'reply', 'data'];
const RESULT_PAYLOAD_KEYS = ['result', 'data', 'response', 'answer', 'final', 'final_answer', 'output', 'content'];
const SOURCE_LIST_KEYS = ['sources', 'citations', 'references', 'documents', 'source_documents', 'documents_used', 'search_results', 'context'];
const ERROR_MESSAGE_KEYS = ['message', 'error', 'detail', 'content', 'description', 'msg'];
const NOTICE_MESSAGE_KEYS = ['message', 'text', 'detail', 'description', 'content', 'msg'];
/** Bookkeeping fields that say nothing about the answer: not shown, not kept as metadata. */
const NOISE_KEYS: ReadonlySet<string> = new Set(['type', 'event', 'timestamp', 'time', 'ts', 'id', 'session_id', 'status', 'success', 'progress']);

/** The json family's names for a source's title, link, excerpt and relevance. */
const JSON_SOURCE_KEYS: SourceKeys = {
  title: ['title', 'name', 'source', 'filename', 'file_name', 'document', 'doc_title', 'file'],
  url: ['url', 'link', 'href', 'source_url', 'uri'],
  snippet: ['snippet', 'text', 'content', 'page_content', 'excerpt', 'chunk', 'description', 'summary'],
  score: ['score', 'relevance', 'relevance_score', 'similarity', 'confidence'],
};

const DONE_WORDS: ReadonlySet<string> = new Set(['done', 'complete', 'completed', 'success', 'succeeded', 'finished', 'ok', 'end', 'ended']);
const ERROR_WORDS: ReadonlySet<string> = new Set(['error', 'failed', 'failure', 'errored']);
const ACTIVE_WORDS: ReadonlySet<string> = new Set(['active', 'start', 'started', 'running', 'in_progress', 'pending', 'processing', 'working', 'begin']);

/** A step status from a word such as `"started"` or `"complete"`; `undefined` when the word is not one of them. */
function statusWord(value: unknown): StepStatus | undefined {
  if (typeof value !== 'string') return undefined;
  const word = value.toLowerCase().replace(/[\s-]/g, '_');
  if (DONE_WORDS.has(word)) return 'done';
  if (ERROR_WORDS.has(word)) return 'error';
  if (ACTIVE_WORDS.has(word)) return 'active';
  return undefined;
}

/** `vector_search` → `Vector search`: a readable label for a stage that came without one. */
export function humanize(name: string): string {
  const words = name.replace(/[_\-.]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : name;
}

/** Normalized event type: `Text-Delta`, `text.delta` and `text_delta` are one type. */
function normalizeType(type: string): string {
  return type.trim().toLowerCase().replace(/[\s.-]+/g, '_');
}

/** The event object itself plus the objects that commonly wrap its payload, searched in that order. */
function layers(event: JsonObject): JsonObject[] {
  const found = [event];
  for (const key of ['content', 'data', 'payload', 'details', 'error']) {
    const value = own(event, key);
    if (isObject(value)) found.push(value);
  }
  return found;
}

/** The first of `keys` that `read` finds in any of `objects`, searched object by object. */
function findIn<T>(objects: readonly JsonObject[], keys: readonly string[], read: (object: JsonObject, keys: readonly string[]) => T | undefined): T | undefined {
  for (const object of objects) {
    const value = read(object, keys);
    if (value !== undefined) return value;
  }
  return undefined;
}

const findString = (objects: readonly JsonObject[], keys: readonly string[]) => findIn(objects, keys, firstString);
const findNumber = (objects: readonly JsonObject[], keys: readonly string[]) => findIn(objects, keys, firstNumber);

/** Drops the keys whose value says nothing (`null`, `undefined`, `{}`) from a record about to be kept. */
function dropEmpty(record: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (value === null || value === undefined || (isObject(value) && Object.keys(value).length === 0)) delete record[key];
  }
  return record;
}

/** Reads "n of m" where the server gives both, else a percentage (a fraction such as `0.3` is read as 30 %). */
function readProgress(objects: readonly JsonObject[]): StepProgress | undefined {
  for (const object of objects) {
    const nested = own(object, 'progress');
    const max = firstNumber(nested, ['max', 'total', 'of']);
    const value = firstNumber(nested, ['value', 'current', 'completed', 'done']);
    if (value !== undefined && max !== undefined) return clampProgress(value, max);
  }
  const current = findNumber(objects, CURRENT_KEYS);
  const total = findNumber(objects, TOTAL_KEYS);
  if (current !== undefined && total !== undefined && total > 0) return clampProgress(current, total);
  const percent = findNumber(objects, PERCENT_KEYS);
  if (percent === undefined) return undefined;
  return clampProgress(percent > 0 && percent < 1 ? percent * 100 : percent, 100);
}

const HTTP_LINK = /^https?:\/\//i;

/** A LangChain-style `source` (own or in `metadata`) when it is an http(s) link rather than a file name. */
function sourceLink(raw: unknown): string | undefined {
  for (const object of [raw, own(raw, 'metadata')]) {
    const value = ownString(object, 'source');
    if (value !== undefined && HTTP_LINK.test(value)) return value;
  }
  return undefined;
}

function readJsonSources(raw: readonly unknown[]): ChatSource[] {
  const sources: ChatSource[] = [];
  for (const item of raw) {
    const source = readSource(item, JSON_SOURCE_KEYS);
    if (!source) continue;
    const link = source.url ?? sourceLink(item);
    if (link !== undefined) source.url = link;
    sources.push(source);
  }
  return sources;
}

const MARKDOWN_SPECIAL = /[\\`*_[\]<>#|~]/g;
const escapeMarkdown = (text: string) => text.replace(MARKDOWN_SPECIAL, '\\$&').replace(/\s+/g, ' ');
const MAX_LISTED = 10;

/** One item of a structured result as a markdown bullet: its name (linked where it has an http(s) link), then a few facts. */
function renderItem(item: unknown): string {
  if (!isObject(item)) return `- ${escapeMarkdown(String(item))}`;
  const titleKey = ['name', 'title', 'address', 'label', 'id'].find(key => typeof own(item, key) === 'string' || typeof own(item, key) === 'number');
  const title = titleKey === undefined ? undefined : String(own(item, titleKey));
  const link = firstString(item, ['url', 'link', 'href']);
  const facts: string[] = [];
  for (const key of Object.keys(item)) {
    if (key === titleKey || ['url', 'link', 'href'].includes(key) || facts.length === 3) continue;
    const value = item[key];
    if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') {
      facts.push(`${escapeMarkdown(humanize(key))}: ${escapeMarkdown(String(value))}`);
    }
  }
  let head = title === undefined ? '' : escapeMarkdown(title);
  if (head && link && HTTP_LINK.test(link)) head = linkTo(head, link);
  return `- ${[head, facts.join(' · ')].filter(Boolean).join(' — ')}`;
}

/** A markdown link, or the bare label when the URL cannot be encoded (a lone surrogate): one bad field drops that field. */
function linkTo(label: string, url: string): string {
  try {
    return `[${label}](${encodeURI(url).replace(/[()]/g, encodeURIComponent)})`;
  } catch {
    return label;
  }
}

/** Lists of things a result found (properties, landmarks…) as markdown, so structured answers are still readable. */
function renderLists(leftover: Record<string, unknown>): string {
  const sections: string[] = [];
  for (const [key, value] of Object.entries(leftover)) {
    if (!Array.isArray(value) || value.length === 0) continue;
    const lines = value.slice(0, MAX_LISTED).map(renderItem);
    if (value.length > MAX_LISTED) lines.push(`- … and ${value.length - MAX_LISTED} more`);
    sections.push(`**${escapeMarkdown(humanize(key))}** (${value.length})\n\n${lines.join('\n')}`);
  }
  return sections.join('\n\n');
}

/** What a final result contained: the answer string, citations, and the rest (kept and, where listable, shown). */
interface ResultParts {
  answer?: string;
  sources: ChatSource[];
  leftover: Record<string, unknown>;
}

function splitResult(payload: unknown): ResultParts {
  if (typeof payload === 'string') return { answer: payload, sources: [], leftover: {} };
  if (Array.isArray(payload)) return { sources: [], leftover: { results: payload } };
  if (!isObject(payload)) return { sources: [], leftover: {} };
  const consumed = new Set<string>();
  let answer: string | undefined;
  for (const key of ANSWER_KEYS) {
    const value = own(payload, key);
    if (typeof value === 'string' && value !== '') {
      answer = value;
      consumed.add(key);
      break;
    }
  }
  if (answer === undefined) {
    // One level down: `{"result": {"response": {"text": "…"}}}`.
    for (const key of ANSWER_KEYS) {
      const inner = firstString(own(payload, key), ANSWER_KEYS);
      if (inner !== undefined) {
        answer = inner;
        consumed.add(key);
        break;
      }
    }
  }
  const sources: ChatSource[] = [];
  for (const key of SOURCE_LIST_KEYS) {
    const read = readJsonSources(ownArray(payload, key));
    if (read.length) {
      sources.push(...read);
      consumed.add(key);
    }
  }
  const leftover = dropEmpty(safeRecord(payload, new Set([...NOISE_KEYS, ...consumed])));
  return { answer, sources, leftover };
}

const HEARTBEAT_TYPES = ['heartbeat', 'ping', 'pong', 'keepalive', 'keep_alive', 'connected', 'connection'];
const DELTA_TYPES = ['token', 'tokens', 'chunk', 'content', 'delta', 'text', 'message', 'text_delta', 'content_delta', 'answer_chunk', 'partial', 'stream'];
const STATUS_TYPES = ['status', 'progress', 'step', 'stage', 'status_update', 'progress_update', 'stage_update', 'thinking'];
const RESULT_TYPES = ['result', 'final', 'final_result', 'final_answer', 'answer', 'response', 'output', 'full_response'];
const DONE_TYPES = ['done', 'complete', 'completed', 'end', 'finish', 'finished', 'stream_end', 'end_of_stream', 'eos'];
const ERROR_TYPES = ['error', 'failed', 'failure', 'exception', 'stream_error'];
const START_TYPES = ['start', 'stream_start', 'begin', 'started', 'session_start', 'init'];
const SOURCE_TYPES = ['sources', 'source', 'citations', 'documents', 'references', 'context', 'search_results', 'retrieved_documents'];
const METADATA_TYPES = ['metadata', 'meta', 'usage', 'stats', 'info'];

const STAGE_PATTERN =
  /^(.+?)_(start|started|begin|began|complete|completed|end|ended|done|finished|finish|success|error|failed|failure|progress|update)$/;

/** `*_start` → active, `*_complete` → done, `*_error` → error, `*_progress` → active with progress. */
function stageStatus(suffix: string): StepStatus {
  return statusWord(suffix) ?? (['began', 'progress', 'update'].includes(suffix) ? 'active' : 'done');
}

type Kind = 'heartbeat' | 'delta' | 'status' | 'result' | 'done' | 'error' | 'start' | 'sources' | 'metadata';
const KINDS = new Map<string, Kind>();
for (const [kind, types] of [
  ['heartbeat', HEARTBEAT_TYPES],
  ['delta', DELTA_TYPES],
  ['status', STATUS_TYPES],
  ['result', RESULT_TYPES],
  ['done', DONE_TYPES],
  ['error', ERROR_TYPES],
  ['start', START_TYPES],
  ['sources', SOURCE_TYPES],
  ['metadata', METADATA_TYPES],
] as const) {
  for (const type of types) KINDS.set(type, kind);
}

/** A type for payloads that carry none, from the fields they do carry. */
function inferType(event: JsonObject): string | undefined {
  if (Object.hasOwn(event, 'error')) return 'error';
  if (own(event, 'done') === true || own(event, 'finished') === true) return 'done';
  if (['token', 'delta', 'chunk'].some(key => typeof own(event, key) === 'string')) return 'token';
  if (PERCENT_KEYS.some(key => Object.hasOwn(event, key))) return 'progress';
  if (['result', 'answer', 'final_answer'].some(key => Object.hasOwn(event, key))) return 'result';
  if (['content', 'text'].some(key => typeof own(event, key) === 'string')) return 'token';
  return undefined;
}

/** Data that starts as a JSON object with a key (`{"type": …`) and failed to parse is broken JSON, not text. */
const BROKEN_JSON_OBJECT = /^\s*\{\s*"/;

class JsonFamilyMapper implements DialectMapper {
  /** Steps shown as active, in the order they started, with their labels. */
  readonly #active = new Map<string, string>();
  /** Every step id ever shown, with its label: a stage's complete event reuses its start's step. */
  readonly #known = new Map<string, string>();
  /** The step that the last status/progress message opened; the next different one completes it. */
  #statusStep: string | undefined;
  #statusCount = 0;
  #answerStarted = false;
  #malformed = 0;

  map(message: SseMessage): ChatEvent[] {
    const { data } = message;
    if (data.trim() === '[DONE]') return [{ type: 'done' }];
    const first = data.trimStart().charAt(0);
    const parsed = first === '{' || first === '"' ? parseJson(data) : undefined;
    if (typeof parsed === 'string') return this.#delta(parsed);
    // Broken JSON (a raw NUL, a truncated object) is skipped, and counted where the page and the checker see it:
    // appended as text, it would put the raw payload in the answer.
    if (parsed === undefined && BROKEN_JSON_OBJECT.test(data)) return [{ type: 'metadata', metadata: { malformedEvents: ++this.#malformed } }];
    const named = message.event !== 'message' && message.event !== '' ? message.event : undefined;
    if (!isObject(parsed)) {
      // Not a JSON object: answer text, unless a named event says what the text is (`event: error`, `event: ping`).
      return named ? this.#typed(normalizeType(named), { content: data }) : this.#delta(data);
    }
    const type = firstString(parsed, ['type']) ?? firstString(parsed, ['event']) ?? named ?? inferType(parsed);
    return type === undefined ? [] : this.#typed(normalizeType(type), parsed);
  }

  #typed(type: string, event: JsonObject): ChatEvent[] {
    switch (KINDS.get(type)) {
      case 'heartbeat':
        return [];
      case 'delta':
        return this.#delta(this.#deltaText(event));
      case 'status':
        return this.#status(event);
      case 'result':
        return this.#result(event);
      case 'done':
        return this.#done(event);
      case 'error':
        return [this.#error(event)];
      case 'start':
        return [this.#start(event)];
      case 'sources':
        return this.#sources(event);
      case 'metadata':
        return this.#metadata(event);
    }
    if (type === 'suggestions') {
      const suggestions = readSuggestions(own(event, 'suggestions'));
      return suggestions.length ? [{ type, suggestions }] : [];
    }
    const stage = STAGE_PATTERN.exec(type);
    if (stage) return this.#stage(stage[1], stageStatus(stage[2]), event);
    // Anything else that speaks to the user (e.g. `email_sent`, even after `done`) is a notice.
    const notice = findString(layers(event), NOTICE_MESSAGE_KEYS);
    return notice ? [{ type: 'notice', message: notice, kind: type }] : [];
  }

  #deltaText(event: JsonObject): string | undefined {
    const direct = firstString(event, DELTA_KEYS);
    if (direct !== undefined) return direct;
    const content = own(event, 'content') ?? own(event, 'data') ?? own(event, 'delta');
    return firstString(content, DELTA_KEYS);
  }

  /** Completes the steps still active when the answer starts: the server has moved on, whether it said so or not. */
  #beginAnswer(): ChatEvent[] {
    if (this.#answerStarted) return [];
    this.#answerStarted = true;
    this.#statusStep = undefined;
    const completed: ChatEvent[] = [...this.#active.keys()].map(id => ({ type: 'step', id, status: 'done' }));
    this.#active.clear();
    return completed;
  }

  #delta(text: string | undefined): ChatEvent[] {
    if (!text) return [];
    const events = this.#beginAnswer();
    events.push({ type: 'text-delta', delta: text });
    return events;
  }

  #emitStep(step: Step): Step {
    if (step.label) this.#known.set(step.id, step.label);
    if (step.status === 'active') this.#active.set(step.id, step.label ?? this.#known.get(step.id) ?? step.id);
    else this.#active.delete(step.id);
    return step;
  }

  #status(event: JsonObject): ChatEvent[] {
    const objects = layers(event);
    const rawStatus = findString(objects, ['status', 'state']);
    const keyword = statusWord(rawStatus);
    const label = findString(objects, LABEL_KEYS) ?? ownString(event, 'content') ?? (keyword === undefined ? rawStatus : undefined);
    const explicitId = findString(objects, STEP_ID_KEYS);
    const progress = readProgress(objects);
    if (label === undefined && explicitId === undefined && progress === undefined) return [];
    const sameAsCurrent =
      this.#statusStep !== undefined && explicitId === undefined && label !== undefined && this.#known.get(this.#statusStep) === label;
    const id = explicitId ?? (sameAsCurrent ? this.#statusStep! : `status-${++this.#statusCount}`);
    const status: StepStatus = keyword ?? (progress && progress.value >= progress.max ? 'done' : 'active');
    const events: ChatEvent[] = [];
    if (this.#statusStep !== undefined && this.#statusStep !== id && this.#active.has(this.#statusStep)) {
      events.push(this.#emitStep({ type: 'step', id: this.#statusStep, status: 'done' }));
    }
    const step: Step = { type: 'step', id, status };
    const stepLabel = label ?? (this.#known.has(id) ? undefined : humanize(id));
    if (stepLabel !== undefined) step.label = stepLabel;
    if (progress) step.progress = progress;
    const detail = findString(objects, ['detail', 'details']);
    if (detail !== undefined && detail !== stepLabel) step.detail = detail;
    events.push(this.#emitStep(step));
    this.#statusStep = id;
    return events;
  }

  #stage(name: string, status: StepStatus, event: JsonObject): ChatEvent[] {
    const objects = layers(event);
    const id = findString(objects, ['stage']) ?? name;
    const message = findString(objects, LABEL_KEYS);
    const step: Step = { type: 'step', id, status };
    // A start names the step; a complete's message is the outcome ("Found 5 documents"), so it becomes the detail.
    if (status === 'active' && message !== undefined) step.label = message;
    else if (!this.#known.has(id)) step.label = humanize(name);
    const detail = status === 'active' ? findString(objects, ['detail', 'details']) : (message ?? findString(objects, ['detail', 'details']));
    if (detail !== undefined) step.detail = detail;
    const progress = readProgress(objects);
    if (progress) step.progress = progress;
    return [this.#emitStep(step)];
  }

  #result(event: JsonObject): ChatEvent[] {
    // The payload is the first wrapper object (`{"type":"result","data":{…}}`); a string answer beside other fields
    // (`{"type":"result","answer":"…","sources":[…]}`) means the event itself is the result.
    const wrapped = RESULT_PAYLOAD_KEYS.map(key => own(event, key)).find(value => isObject(value) || Array.isArray(value));
    const { answer, sources, leftover } = splitResult(wrapped ?? event);
    const events = this.#beginAnswer();
    const lists = renderLists(leftover);
    if (answer !== undefined) events.push({ type: 'text', text: lists ? `${answer}\n\n${lists}` : answer });
    else if (lists) events.push({ type: 'text-delta', delta: lists });
    if (sources.length) events.push({ type: 'sources', sources });
    if (Object.keys(leftover).length) events.push({ type: 'metadata', metadata: { result: leftover } });
    // A final result is the whole answer: servers of this kind (seeds 000 and 001) send nothing after it.
    events.push({ type: 'done' });
    return events;
  }

  #done(event: JsonObject): ChatEvent[] {
    if (['result', 'answer', 'final_answer', 'response', 'final'].some(key => Object.hasOwn(event, key))) return this.#result(event);
    const events: ChatEvent[] = [];
    const extra = dropEmpty(safeRecord(event, new Set([...NOISE_KEYS, 'reason', 'finish_reason', 'stop_reason'])));
    if (Object.keys(extra).length) events.push({ type: 'metadata', metadata: extra });
    const reason = firstString(event, ['reason', 'finish_reason', 'stop_reason']);
    events.push(reason ? { type: 'done', reason } : { type: 'done' });
    return events;
  }

  #error(event: JsonObject): ChatEvent {
    const objects = layers(event);
    const result: ChatEvent = {
      type: 'error',
      message: findString(objects, ERROR_MESSAGE_KEYS) ?? SERVER_ERROR,
    };
    const code = findString(objects, ['code', 'error_code', 'error_type']);
    if (code !== undefined) result.code = code;
    for (const object of objects) {
      const retryable = own(object, 'retryable') ?? own(object, 'recoverable');
      if (typeof retryable === 'boolean') {
        result.retryable = retryable;
        break;
      }
    }
    return result;
  }

  #start(event: JsonObject): ChatEvent {
    const objects = layers(event);
    const result: ChatEvent = { type: 'start' };
    const model = findString(objects, ['model', 'model_name']);
    const messageId = findString(objects, ['message_id', 'messageId']);
    if (model !== undefined) result.model = model;
    if (messageId !== undefined) result.messageId = messageId;
    return result;
  }

  #sources(event: JsonObject): ChatEvent[] {
    for (const key of ['sources', 'content', 'documents', 'data', 'results', 'citations', 'items', 'references']) {
      const value = own(event, key);
      const list = Array.isArray(value) ? value : (own(value, 'sources') ?? own(value, 'documents'));
      if (!Array.isArray(list)) continue;
      const sources = readJsonSources(list);
      return sources.length ? [{ type: 'sources', sources }] : [];
    }
    return [];
  }

  #metadata(event: JsonObject): ChatEvent[] {
    const body = [own(event, 'content'), own(event, 'metadata'), own(event, 'data')].find(isObject);
    const metadata = body ? safeRecord(body) : safeRecord(event, NOISE_KEYS);
    return Object.keys(metadata).length ? [{ type: 'metadata', metadata }] : [];
  }
}

/** A fresh json-family mapper for one response. */
export function createJsonMapper(): DialectMapper {
  return new JsonFamilyMapper();
}

const isVercelStartKey = (key: string) => key === 'type' || key === 'messageId' || key === 'messageMetadata';

/** The `json` dialect: `data: {"type": …}` payloads without an `event:` name, and plain-text data. */
export const jsonDialect: Dialect = {
  name: 'json',
  createMapper: createJsonMapper,
  // Claims `{"type": "…"}` objects and plain text on unnamed events; JSON without a `type` stays undecided, so
  // `auto` keeps looking (and falls back to this dialect after a few messages anyway).
  detect(message: SseMessage): boolean {
    if (message.event !== 'message' || message.data.trim() === '') return false;
    const first = message.data.trimStart().charAt(0);
    if (first === '[') return false;
    if (first !== '{') return true;
    const parsed = parseJson(message.data);
    const type = own(parsed, 'type');
    // A bare `start` opens house streams and the Vercel UI stream alike (whose header a cross-origin page may not
    // be allowed to read): let the next message decide.
    return typeof type === 'string' && !(type === 'start' && Object.keys(parsed as object).every(isVercelStartKey));
  },
};
