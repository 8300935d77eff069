import { html, nothing } from 'lit';
import { formatNumber, formatString } from './strings.js';
import type { TextContext } from './context.js';

/**
 * Server text shortened for display. A 1 MB source title froze a page for minutes and a 100 KB one rendered
 * 90,000 px tall; what is shown is bounded, and the full text stays in `messages` for the page to read.
 */

/** The most characters shown of each kind of server text. */
export const DisplayLimit = {
  /** A source's title, a step's label. */
  title: 300,
  /** A source's snippet, a step's detail, a notice, an error's detail. */
  body: 2000,
  /** How many source cards or steps are listed; the rest are counted ("+ 9,950 more"). */
  items: 100,
} as const;

/** "+ 9,950 more": the items of a long list that are not shown (`count` > 0), else nothing. */
export function moreItems({ strings, locale }: TextContext, count: number) {
  return count > 0 ? html`<li part="more" class="more">${formatString(strings.moreItems, { count: formatNumber(count, locale) })}</li>` : nothing;
}

/** `text` cut to at most `limit` characters plus an ellipsis (never between the halves of a surrogate pair). */
export function displayText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const high = text.charCodeAt(limit - 1);
  return `${text.slice(0, high >= 0xd800 && high <= 0xdbff ? limit - 1 : limit)}…`;
}
