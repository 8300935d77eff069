// The strict policy the CSP consumer case serves its page with, and the hostile answer it streams. Kept here, next
// to the page, so the README's "Content Security Policy" section and this test can be compared line by line.

/**
 * Trusted Types policy names the bundle creates: Lit's template policy, and the one policy both sanitizer instances
 * share (src/markdown/sanitize.ts). Nothing else may create a policy, DOMPurify's default `dompurify` included.
 */
export const TRUSTED_TYPES_POLICIES = ['lit-html', 'sse-chat'];

/** The Content-Security-Policy header: no inline script or style, no eval, same-origin everything, Trusted Types. */
export const STRICT_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "require-trusted-types-for 'script'",
  `trusted-types ${TRUSTED_TYPES_POLICIES.join(' ')}`,
].join('; ');

const PWN = "window.__pwned='csp'";

/** Markdown an attacker could get into an answer: every line would run script or load something if it got through. */
export const HOSTILE_MARKDOWN = [
  '# Hostile answer',
  '',
  `Visible paragraph <img src=x onerror="${PWN}"> with an image that must not load.`,
  '',
  `<script>${PWN}</script>`,
  '',
  `[a javascript link](javascript:${PWN}) and [a data link](data:text/html,<script>${PWN}</script>)`,
  '',
  `<a href="java\tscript:${PWN}">tabbed scheme</a> <svg onload="${PWN}"><script>${PWN}</script></svg>`,
  '',
  `<iframe srcdoc="<script>parent.__pwned='srcdoc'</script>"></iframe><object data="data:text/html,<script>${PWN}</script>"></object>`,
  '',
  `<style>@import url(/evil.css); body { display: none }</style><p style="background:url(/evil.png)">styled</p>`,
  '',
  `<form action="javascript:${PWN}"><button formaction="javascript:${PWN}">press</button></form>`,
  '',
  `<meta http-equiv="refresh" content="0;url=javascript:${PWN}"><base href="https://evil.example/">`,
  '',
  `<math><mtext><table><mglyph><style><img src=x onerror="${PWN}"></style></mglyph></table></mtext></math>`,
  '',
  `![tracking pixel](/pixel.png "pixel")`,
  '',
  '```html',
  `<img src=x onerror="${PWN}">`,
  '```',
  '',
  'Last visible line.',
].join('\n');

/** The hostile canonical SSE stream: steps, sources and the markdown above in small deltas, then done. */
export function hostileStream() {
  const block = (event, data) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
  const blocks = [
    block('step', { id: 'search', label: `<img src=x onerror="${PWN}">`, status: 'active', progress: { value: 1, max: 3 } }),
    block('step', { id: 'search', status: 'done', detail: `<script>${PWN}</script>` }),
    block('sources', {
      sources: [
        { title: 'javascript source', url: `javascript:${PWN}`, snippet: `<svg onload="${PWN}">` },
        { title: 'same-origin source', url: '/docs/page', snippet: 'relative, resolved on this origin' },
      ],
    }),
  ];
  // Small deltas, so half-written markup is rendered (and must stay inert) on the way.
  for (let i = 0; i < HOSTILE_MARKDOWN.length; i += 7) blocks.push(block('text-delta', { delta: HOSTILE_MARKDOWN.slice(i, i + 7) }));
  blocks.push(block('notice', { message: `<iframe srcdoc="<script>parent.__pwned=1</script>">` }), block('done', {}));
  return blocks;
}
