import { canonicalDialect } from './canonical.js';
import { createAutoMapper, createCustomMapper, createFixedMapper, type DetectingMapper } from './detect.js';
import type { ChatEvent } from './chat-event.js';
import type { Dialect, DialectName, MapEventFunction, RequestContext } from './dialect.js';
import { buildBodyWithFiles } from './attachments.js';
import { jsonDialect } from './json.js';
import { textDialect } from './text.js';
import { vendorDialects } from './vendors.js';

/**
 * The dialect registry: look a dialect up by name, make the mapper for one response, build a request body.
 * `auto` asks the candidates most specific first: text (a plain body is unmistakable), the vendor dialects, then
 * canonical, then json.
 */

export { canonicalDialect } from './canonical.js';
export { jsonDialect } from './json.js';
export { textDialect } from './text.js';
export { DETECTION_WINDOW, type DetectingMapper } from './detect.js';

/**
 * Candidates for detection, most specific first (a plain-text body is unmistakable). Read on each call: the vendor
 * list is another module's.
 */
function detectionOrder(): readonly Dialect[] {
  return [textDialect, ...vendorDialects, canonicalDialect, jsonDialect];
}

/** The dialect called `name`, or `undefined` for `auto` (no dialect is called that) and for names nobody registered. */
export function getDialect(name: string): Dialect | undefined {
  return detectionOrder().find(dialect => dialect.name === name);
}

/**
 * The mapper for one response. A page's `mapEvent` wins over everything (it was set deliberately); an explicit
 * dialect name is used as is; `auto` (or a name nobody registered) detects from `headers` and the first messages.
 */
export function createDialectMapper(name: DialectName, headers: Headers, mapEvent?: MapEventFunction): DetectingMapper {
  if (mapEvent) return createCustomMapper(mapEvent);
  const dialect = getDialect(name);
  if (dialect) return createFixedMapper(dialect);
  return createAutoMapper(detectionOrder(), jsonDialect, headers);
}

/**
 * The house request body: `{ message, session_id, history: [{ role, content, attachments? }], attachments? }`,
 * oldest turn first. `attachments` lists the new message's files (`{ name, type, size, data }`, data base64); an
 * earlier turn's lists them without `data`.
 */
export function buildDefaultBody(context: RequestContext): {
  message: string;
  session_id: string;
  history: { role: string; content: string }[];
  attachments?: RequestContext['files'];
} {
  return {
    message: context.text,
    session_id: context.sessionId,
    history: context.history.map(({ role, text, attachments }) => ({ role, content: text, ...(attachments?.length && { attachments }) })),
    ...(context.files?.length && { attachments: context.files }),
  };
}

/** The request body for dialect `name`: the dialect's own (vendor APIs), else the house default (also for `auto`). */
export function buildRequestBody(name: DialectName, context: RequestContext): unknown {
  const dialect = getDialect(name);
  return dialect?.buildBody ? buildBodyWithFiles(dialect, context) : buildDefaultBody(context);
}

/**
 * Source links resolved against the endpoint's URL, not the page's: a relative `/docs/a` from an API on another
 * site is a page of that site. A URL that does not parse is left for the view to refuse.
 */
export function resolveSourceUrls(events: ChatEvent[], endpoint: string): ChatEvent[] {
  const resolve = (url: string) => {
    try {
      // No document in Node (`sse-chat check`): there the endpoint is already absolute.
      return new URL(url, new URL(endpoint, globalThis.document?.baseURI)).href;
    } catch {
      return url;
    }
  };
  return events.map(event =>
    event.type === 'sources'
      ? { ...event, sources: event.sources.map(source => (source.url ? { ...source, url: resolve(source.url) } : source)) }
      : event,
  );
}
