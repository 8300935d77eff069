/**
 * The HTTP side of one chat request: its headers and its body's encoding. Pure, so they are tested without a
 * network or an element. Which turns go along is the state's (`state/history.ts`); the body's shape is the
 * dialect's (`buildRequestBody`).
 */

/** Extra request headers: a record, or a function returning one (or a promise of one), called once per request. */
export type HeadersOption =
  | Record<string, string>
  | (() => Record<string, string> | Promise<Record<string, string>>);

/** The headers of a chat POST: JSON in, an event stream out, then the page's own (which may override them). */
export async function resolveHeaders(option: HeadersOption | undefined): Promise<Record<string, string>> {
  const extra = typeof option === 'function' ? await option() : option;
  return { 'Content-Type': 'application/json', Accept: 'text/event-stream', ...extra };
}

/** The request body: a string a page built itself is sent as is; anything else as JSON. */
export function encodeBody(body: unknown): string {
  return typeof body === 'string' ? body : JSON.stringify(body);
}
