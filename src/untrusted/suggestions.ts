/** How many follow-up suggestions are kept, and how long each may be: chips, not paragraphs. */
const MAX_SUGGESTIONS = 5;
const MAX_SUGGESTION_LENGTH = 200;

/**
 * Follow-up suggestions from an untrusted list: non-blank strings only, trimmed, at most five. The same rule for a
 * server's `suggestions` event and for a stored conversation read back.
 */
export function readSuggestions(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  const suggestions: string[] = [];
  for (const item of raw) {
    const text = typeof item === 'string' ? item.trim() : '';
    if (text && text.length <= MAX_SUGGESTION_LENGTH && suggestions.length < MAX_SUGGESTIONS) suggestions.push(text);
  }
  return suggestions;
}
