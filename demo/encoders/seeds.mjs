// The five seed backends' wire formats (shared/seeds/), reproduced as their documents describe them, so the demo
// can serve each one from the same canonical answer and `<sse-chat>` can be shown to read them unchanged.
//
// The seeds are FastAPI services: their JSON comes from Python's `json.dumps`, which puts a space after `,` and
// `:` and escapes every non-ASCII character as \uXXXX (`ensure_ascii`). The RAG seed's sample output is compact,
// so it uses `separators=(",", ":")`. Reproducing that is part of "exact": a client must not depend on JSON.stringify.

/**
 * Python's `json.dumps(value)` (or with compact separators): keys in insertion order, `undefined` left out.
 * @param {unknown} value
 * @param {{ compact?: boolean }} [options]
 * @returns {string}
 */
export function pythonJson(value, { compact = false } = {}) {
  const comma = compact ? ',' : ', ';
  const colon = compact ? ':' : ': ';
  const dump = item => {
    if (item === null || item === undefined) return 'null';
    if (typeof item === 'string') return JSON.stringify(item).replace(/[\u0080-\uffff]/g, ch => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
    if (typeof item === 'number') return Number.isFinite(item) ? String(item) : 'null';
    if (typeof item === 'boolean') return String(item);
    if (Array.isArray(item)) return `[${item.map(dump).join(comma)}]`;
    const entries = Object.entries(item).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${dump(k)}${colon}${dump(v)}`).join(comma)}}`;
  };
  return dump(value);
}

/** One SSE block with a single `data:` line, as the seeds write it (`f"data: {json.dumps(event)}\n\n"`). */
const dataBlock = (payload, options) => `data: ${pythonJson(payload, options)}\n\n`;

/** A string property of a request body, if it is one. */
const stringField = (body, key) => (body && typeof body === 'object' && typeof body[key] === 'string' ? body[key] : undefined);

/** The question under the seed's own key, or under the house `message` key. */
const readFrom = key => body => stringField(body, key) ?? stringField(body, 'message');

/**
 * Turns canonical steps into the "a stage has begun" moments the seeds report: the first time a step is active,
 * and when its progress changes. Returns the label to show and a percentage, or `undefined` when there is nothing
 * new to say.
 */
function createStepTracker(percentages) {
  const labels = new Map();
  const lastPercent = new Map();
  return step => {
    if (step.label) labels.set(step.id, step.label);
    if (step.status && step.status !== 'active') return undefined;
    const known = lastPercent.has(step.id);
    const percent = step.progress
      ? Math.round((step.progress.value / step.progress.max) * 100)
      : known
        ? lastPercent.get(step.id)
        : percentages[Math.min(lastPercent.size, percentages.length - 1)];
    if (known && lastPercent.get(step.id) === percent) return undefined;
    lastPercent.set(step.id, percent);
    return { label: labels.get(step.id) ?? step.id, percent, progress: step.progress };
  };
}

/** Seed 000: search progress as percentages, then one final result object with the properties found. */
function createPropertySearchEncoder() {
  const stepUpdate = createStepTracker([10, 30, 50, 70, 90]);
  let text = '';
  const found = [];
  return {
    contentType: 'text/event-stream',
    encode(event) {
      switch (event.type) {
        case 'step': {
          const update = stepUpdate(event);
          return update ? dataBlock({ type: 'progress', stage: event.id, message: update.label, progress: update.percent }) : '';
        }
        case 'text-delta':
          text += event.delta;
          return '';
        case 'text':
          text = event.text;
          return '';
        case 'sources':
          for (const source of event.sources) {
            found.push({ name: source.title, url: source.url, description: source.snippet, match_score: source.score });
          }
          return '';
        case 'error':
          return dataBlock({ type: 'error', message: event.message });
        case 'done':
          return (
            dataBlock({ type: 'progress', stage: 'complete', message: 'Complete', progress: 100 }) +
            dataBlock({ type: 'result', data: { summary: text, properties: found, landmarks: [] } })
          );
        default:
          return '';
      }
    },
  };
}

/** Seed 001: progress with step messages, `: heartbeat` comments, the whole result at the end, or an error. */
function createDocChatEncoder() {
  const stepUpdate = createStepTracker([10, 25, 40, 60, 80]);
  const started = Date.now();
  const timestamp = () => Date.now() / 1000;
  let text = '';
  const documents = [];
  return {
    contentType: 'text/event-stream',
    encode(event) {
      switch (event.type) {
        case 'step': {
          const update = stepUpdate(event);
          if (!update) return '';
          const data = { step: event.id, message: update.label, progress: update.percent };
          if (update.progress) Object.assign(data, { current: update.progress.value, total: update.progress.max });
          return dataBlock({ type: 'progress', data, timestamp: timestamp() });
        }
        case 'text-delta':
          text += event.delta;
          return '';
        case 'text':
          text = event.text;
          return '';
        case 'sources':
          for (const source of event.sources) {
            documents.push({ filename: source.title, url: source.url, content: source.snippet, relevance: source.score });
          }
          return '';
        case 'error':
          return dataBlock({ type: 'error', message: event.message, timestamp: timestamp() });
        case 'done': {
          const processingTime = Math.round((Date.now() - started) / 10) / 100;
          return (
            dataBlock({ type: 'progress', data: { step: 'complete', message: 'Response generation complete!', progress: 100 }, timestamp: timestamp() }) +
            dataBlock({ type: 'result', data: { response: text, sources: documents, processing_time: processingTime }, timestamp: timestamp() })
          );
        }
        default:
          return '';
      }
    },
    heartbeat: () => ': heartbeat\n\n',
  };
}

/** Seed 002: start/status/sources/chunk/metadata/done/error, served as `text/plain`. */
function createAssistantEncoder({ model } = {}) {
  let text = '';
  let usedModel = model ?? 'mistral';
  let metadataSent = false;
  const announced = new Set();
  const metadata = () => {
    metadataSent = true;
    return dataBlock({
      type: 'metadata',
      content: { model: usedModel, confidence: null, hallucination: null, search_mode: 'all', total_response: text },
    });
  };
  return {
    contentType: 'text/plain; charset=utf-8',
    encode(event) {
      switch (event.type) {
        case 'start':
          if (event.model && !model) usedModel = event.model;
          return dataBlock({ type: 'start', session_id: 1, model: usedModel });
        case 'step':
          // A status line when a step begins; the seed has no way to say a step finished.
          if ((event.status && event.status !== 'active') || announced.has(event.id)) return '';
          announced.add(event.id);
          return dataBlock({ type: 'status', content: event.label ?? event.id });
        case 'sources':
          return dataBlock({
            type: 'sources',
            content: event.sources.map(source => ({
              text: source.snippet ?? source.title,
              score: source.score,
              metadata: { title: source.title, source: source.url },
            })),
            chunks_used: event.sources.length,
          });
        case 'text-delta':
          text += event.delta;
          return dataBlock({ type: 'chunk', content: event.delta });
        case 'text':
          text = event.text;
          return dataBlock({ type: 'chunk', content: event.text });
        case 'metadata':
          return metadata();
        case 'done':
          return (metadataSent ? '' : metadata()) + dataBlock({ type: 'done' });
        case 'error':
          return dataBlock({ type: 'error', content: event.message });
        default:
          return '';
      }
    },
  };
}

/** Seed 003: retrieval/reranking stage events, tokens, `timestamp`s, numbered `id:` lines and a `retry:` hint. */
function createRagEncoder() {
  const compact = { compact: true };
  const stages = new Map();
  const taken = new Set();
  // The seed knows two stages by name; other steps keep their own id as the stage name.
  const seedStage = step => {
    const words = `${step.id} ${step.label ?? ''}`.toLowerCase();
    if (/rerank|\brank/.test(words)) return 'reranking';
    if (/retriev|search|fetch/.test(words)) return 'retrieval';
    return undefined;
  };
  let lastId = 0;
  const block = payload => `id: ${++lastId}\ndata: ${pythonJson({ ...payload, timestamp: new Date().toISOString() }, compact)}\n\n`;
  const stageOf = step => {
    if (!stages.has(step.id)) {
      const preferred = seedStage(step);
      const name = preferred && !taken.has(preferred) ? preferred : step.id.toLowerCase().replace(/[^a-z0-9]+/g, '_');
      taken.add(name);
      stages.set(step.id, { name, started: false, completed: false });
    }
    return stages.get(step.id);
  };
  return {
    contentType: 'text/event-stream',
    open: () => 'retry: 3000\n\n',
    encode(event) {
      switch (event.type) {
        case 'step': {
          const stage = stageOf(event);
          let out = '';
          if (!stage.started) {
            stage.started = true;
            out += block({ type: `${stage.name}_start`, content: { stage: stage.name, status: 'started' } });
          }
          if (event.status === 'done' && !stage.completed) {
            stage.completed = true;
            out += block({ type: `${stage.name}_complete`, content: { stage: stage.name, status: 'complete', doc_count: 'unknown' } });
          }
          return out;
        }
        case 'text-delta':
          return block({ type: 'token', content: event.delta });
        case 'text':
          return block({ type: 'token', content: event.text });
        case 'done':
          return block({ type: 'done', content: {} });
        case 'error':
          return block({ type: 'error', content: { message: event.message } });
        default:
          return '';
      }
    },
  };
}

/** Seed 004: chunk/done/error, and an `email_sent` side event that arrives after `done`. */
function createTradingEncoder() {
  let finished = false;
  return {
    contentType: 'text/event-stream',
    encode(event) {
      switch (event.type) {
        case 'text-delta':
          return dataBlock({ type: 'chunk', content: event.delta });
        case 'text':
          return dataBlock({ type: 'chunk', content: event.text });
        case 'done':
          finished = true;
          return dataBlock({ type: 'done', data_collected: { questions_answered: 1 }, is_complete: true });
        case 'error':
          return dataBlock({ type: 'error', message: event.message });
        default:
          return '';
      }
    },
    close: () => (finished ? dataBlock({ type: 'email_sent', message: 'A summary of this conversation was e-mailed to you.' }) : ''),
  };
}

/** @type {import('./types.mjs').DemoRoute[]} */
export const seedRoutes = [
  {
    path: '/seeds/property-search',
    name: 'Property search (seed 000)',
    dialect: 'json',
    description: 'Search progress as percentages (10 %, 30 %…), then one result object with the properties found.',
    readQuestion: readFrom('query'),
    createEncoder: () => createPropertySearchEncoder(),
    exampleBody: { query: 'homes near downtown' },
  },
  {
    path: '/seeds/doc-chat',
    name: 'Document chat (seed 001)',
    dialect: 'json',
    description: 'Progress messages and heartbeat comments; the whole answer arrives as one result at the end.',
    readQuestion: readFrom('query'),
    createEncoder: () => createDocChatEncoder(),
    exampleBody: { query: 'What are the main highlights?', auto_load_documents: true },
  },
  {
    path: '/seeds/assistant',
    name: 'AI assistant (seed 002)',
    dialect: 'json',
    description: 'start, status, sources, chunk, metadata, done — served as text/plain.',
    readQuestion: readFrom('question'),
    createEncoder: options => createAssistantEncoder(options),
    exampleBody: { question: 'Hello', model: 'mistral' },
  },
  {
    path: '/seeds/rag',
    name: 'RAG stages (seed 003)',
    dialect: 'json',
    description: 'retrieval/reranking stage events, tokens with timestamps, event ids and a retry hint.',
    readQuestion: readFrom('message'),
    createEncoder: () => createRagEncoder(),
    exampleBody: { message: 'What are the side effects of aripiprazole?', session_id: '550e8400-e29b-41d4-a716-446655440000' },
  },
  {
    path: '/seeds/trading',
    name: 'Trading advice (seed 004)',
    dialect: 'json',
    description: 'chunk and done, then an email_sent notice after done.',
    readQuestion: readFrom('message'),
    createEncoder: () => createTradingEncoder(),
    exampleBody: { message: 'What is momentum trading?', session_id: 'test-123' },
  },
];
