import { html, nothing } from 'lit';
import type { ChatSource } from '../dialects/chat-event.js';
import type { ChatMessage } from '../state/message.js';
import { formatNumber, formatScore, formatString } from './strings.js';
import type { TextContext, ViewContext } from './context.js';
import { DisplayLimit, displayText, moreItems } from './display-text.js';

/** The id of source card `n` (1-based) of an answer: what its citations link to. */
export const sourceId = (messageId: string, n: number) => `source-${messageId}-${n}`;

/** A source's display title: its own, else its link's host, else "Source 3" (`strings.untitledSource`). */
export function sourceTitle({ strings, locale }: TextContext, source: ChatSource, index: number): string {
  return displayText(source.title, DisplayLimit.title) || safeUrl(source.url)?.hostname || formatString(strings.untitledSource, { number: formatNumber(index + 1, locale) });
}

/** A link target for an untrusted URL: only http(s) (relative ones were resolved against the endpoint as they arrived); anything else is no link. */
export function safeUrl(url: string | undefined): URL | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url, document.baseURI);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The numbered source cards of an answer, each the target of its citations (`sourceId`). */
export function sourcesList(view: ViewContext, { sources, id: messageId }: Pick<ChatMessage, 'sources' | 'id'>) {
  if (sources.length === 0) return nothing;
  const { strings, locale } = view;
  // Only the first cards are listed: thousands of them would freeze the page, and citations point at the first.
  return html`<ol part="sources" class="sources" aria-label=${strings.sourcesLabel}>
    ${sources.slice(0, DisplayLimit.items).map((source, index) => {
      const link = safeUrl(source.url);
      const title = sourceTitle(view, source, index);
      return html`<li part="source" class="source" id=${sourceId(messageId, index + 1)} tabindex="-1">
        <span class="source-number" aria-hidden="true">${index + 1}</span>
        <div class="source-body">
          ${link
            ? html`<a part="source-link" class="source-title" href=${link.href} target="_blank" rel="noopener noreferrer">${title}</a>
                <span class="source-host">${link.hostname}</span>`
            : html`<span part="source-title" class="source-title">${title}</span>`}
          ${source.snippet ? html`<p part="source-snippet" class="source-snippet">${displayText(source.snippet, DisplayLimit.body)}</p>` : nothing}
          ${Number.isFinite(source.score)
            ? html`<span part="source-score" class="source-score">${formatScore(source.score!, strings, locale)}</span>`
            : nothing}
        </div>
      </li>`;
    })}${moreItems(view, sources.length - DisplayLimit.items)}
  </ol>`;
}
