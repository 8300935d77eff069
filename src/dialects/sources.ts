import type { ChatSource } from './chat-event.js';
import { firstNumber, firstString, isObject, ownObject, safeRecord, stringOf } from '../untrusted/json-values.js';

/**
 * Citations read from server JSON: the canonical form's source objects (and other formats' under their own field
 * names), and the url + title pairs vendors send.
 */

/**
 * Reads one citation: one with a title, a URL or an excerpt. Without a title of its own, a source with a URL keeps an
 * empty title (the view names it by its link's host, or "Source 3" for a link it will not open), one with only an
 * excerpt takes the excerpt's first words; untitled sources stay distinct (the reducer de-duplicates by URL and title).
 */
export function readSource(raw: unknown, keys: SourceKeys = CANONICAL_SOURCE_KEYS): ChatSource | undefined {
  if (!isObject(raw)) return undefined;
  const meta = ownObject(raw, 'metadata');
  const pick = (names: readonly string[]) => firstString(raw, names) ?? firstString(meta, names);
  const url = pick(keys.url);
  const snippet = pick(keys.snippet);
  const title = pick(keys.title) ?? (url === undefined ? snippet && excerpt(snippet) : '');
  if (title === undefined) return undefined;
  const source: ChatSource = { title };
  if (url !== undefined) source.url = url;
  if (snippet !== undefined) source.snippet = snippet;
  const score = firstNumber(raw, keys.score) ?? firstNumber(meta, keys.score);
  if (score !== undefined) source.score = score;
  if (meta) source.metadata = safeRecord(meta);
  return source;
}

const EXCERPT_LENGTH = 60;
/** The first words of a long text, for a title. */
function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= EXCERPT_LENGTH ? flat : `${flat.slice(0, EXCERPT_LENGTH - 1).trimEnd()}…`;
}

/** Which fields of a source object hold its title, link, excerpt and relevance. */
export interface SourceKeys {
  title: readonly string[];
  url: readonly string[];
  snippet: readonly string[];
  score: readonly string[];
}

/** The canonical wire form's source fields. */
const CANONICAL_SOURCE_KEYS: SourceKeys = { title: ['title'], url: ['url'], snippet: ['snippet'], score: ['score'] };

/** Reads an array of citations, skipping entries that are not usable objects. */
export function readSources(raw: unknown, keys?: SourceKeys): ChatSource[] {
  if (!Array.isArray(raw)) return [];
  const sources: ChatSource[] = [];
  for (const item of raw) {
    const source = readSource(item, keys);
    if (source) sources.push(source);
  }
  return sources;
}

/**
 * A source from a url and title as vendors send them; without a title it keeps an empty one, as {@link readSource}
 * does (the view names it by its link's host; the link is validated before it becomes one).
 */
export function urlSource(url: unknown, title: unknown, snippet?: unknown): ChatSource | undefined {
  const href = stringOf(url);
  const name = stringOf(title)?.trim();
  if (!href && !name) return undefined;
  const source: ChatSource = { title: name || '' };
  if (href) source.url = href;
  const text = stringOf(snippet);
  if (text) source.snippet = text;
  return source;
}
