// A few passages shipped in code, so "ask the docs" has something true to say even before docs/ is written.
// They restate DESIGN.md in a reader's words; keep them in step with what the element really does.

/** @type {ReadonlyArray<{ slug: string, markdown: string }>} */
export const BUILT_IN_DOCS = [
  {
    slug: 'at-a-glance',
    markdown: `# sse-chat at a glance

## What is sse-chat?

\`<sse-chat>\` is a Lit web component that turns any Server-Sent-Events chat endpoint into a fast, safe streaming
chat. It reads the stream your backend already sends and shows progress steps, streamed markdown, sources,
errors with Retry and a Stop button.

## Embedding it in a page

Add one script tag and one element:

\`\`\`html
<script type="module" src="/sse-chat.bundle.js"></script>
<sse-chat endpoint="/api/chat"></sse-chat>
\`\`\`

In a Vite, React or Vue app, \`npm install sse-chat\` and import the element or its class instead.

## Supported stream formats (dialects)

The \`dialect\` attribute picks how the stream is read; \`auto\` (the default) detects it from the response headers
and the first events.

- \`sse-chat\` — the canonical format: \`event: <type>\` plus \`data: <JSON>\`
- \`json\` — home-grown \`{"type": …}\` payloads: tokens, chunks, status, progress, sources, result, done
- OpenAI Chat Completions and Responses, Anthropic Messages, Google Gemini, Vercel AI SDK, Hugging Face TGI

A page can map anything else with the \`mapEvent\` property.

## Stopping a stream

The Stop button aborts the HTTP request, so the server sees the client disconnect and can stop its work. The
partial answer stays, marked as stopped, and the next message can be sent at once.

## Retries and resuming

The chat POST is never re-sent behind the user's back: not on a tab switch, a clean close or an error. When the
server gives event ids, the client may resume with the \`Last-Event-ID\` header without duplicating text. A stream
that stalls — no bytes and no heartbeat — ends in a visible error with a Retry button.

## Security of streamed content

Every string from the server is untrusted. Markdown is sanitized with DOMPurify before it reaches the page;
titles, step labels, errors and source URLs are rendered as text or validated links, never as HTML.

## Theming with CSS

Appearance is CSS: set custom properties such as \`--sse-chat-accent\` on the element or on \`:root\`, and style
structural nodes through their \`::part()\` names.

## The demo server

\`npm start\` builds the bundle and starts the demo server. Its default backend, \`POST /api/chat\`, answers
questions about these docs with BM25 search, reranking and a composed answer with citations — no keys, no
network. Other routes speak the seed backends' and vendors' wire formats from the same answer.
`,
  },
];
