import { css } from 'lit';

/*
 * The look of `<sse-chat>`, in three sheets that keep one cascade order: shell, messages, controls. An empty chat
 * parses only the first and last; the element adopts the messages' sheet in the update that renders the first
 * message (before it is painted), so a chat that never gets a message never parses it.
 */

/**
 * The host and the message list's box. Public custom properties (`--sse-chat-*`) are only *read*, into private
 * `--_*` locals on `:host`; they are never declared there, so a value set on `:root` or any ancestor still reaches
 * the element. Colours use `light-dark()`, so `color-scheme` alone switches themes: the system's by default, forced
 * by `theme`.
 */
export const shellStyles = css`
  :host {
    --_font: var(--sse-chat-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size: var(--sse-chat-font-size, 0.9375rem);
    --_mono: var(--sse-chat-mono-font, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace);
    --_bg: var(--sse-chat-background, light-dark(#ffffff, #17181c));
    --_text: var(--sse-chat-text, light-dark(#1f2328, #e6e7ea));
    --_muted: var(--sse-chat-muted, light-dark(#656d76, #9499a3));
    --_border: var(--sse-chat-border, light-dark(#d8dce1, #30333a));
    --_surface: var(--sse-chat-surface, light-dark(#f4f5f7, #22242a));
    --_accent: var(--sse-chat-accent, light-dark(#2563eb, #7aa2ff));
    --_on-accent: var(--sse-chat-on-accent, light-dark(#ffffff, #0d1117));
    --_user-bg: var(--sse-chat-user-background, light-dark(#e8effd, #243152));
    --_user-text: var(--sse-chat-user-text, inherit);
    --_danger: var(--sse-chat-danger, light-dark(#c4291c, #ff8178));
    --_success: var(--sse-chat-success, light-dark(#1a7f37, #5bd180));
    --_radius: var(--sse-chat-radius, 14px);
    --_gap: var(--sse-chat-gap, 1rem);
    --_max-width: var(--sse-chat-max-width, 48rem);
    --_panel-width: var(--sse-chat-panel-width, 24rem);
    --_panel-height: var(--sse-chat-panel-height, 40rem);
    --_z: var(--sse-chat-z-index, 1000);

    color-scheme: light dark;
    display: flex;
    flex-direction: column;
    height: 100%;
    min-height: 0;
    /* A flex or grid item never grows past its track for a wide code line (the page's min-width: auto would). */
    min-width: 0;
    position: relative;
    box-sizing: border-box;
    background: var(--_bg);
    color: var(--_text);
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: 1.55;
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }

  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }

  /* ── the message list ─────────────────────────────────────────── */
  .messages {
    flex: 1 1 auto;
    min-height: 0;
    /* Its content never widens the chat: wide code and tables scroll in their own block instead. */
    contain: inline-size;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: var(--_gap);
  }
  .messages:focus-visible {
    outline-offset: -2px;
  }
  .message-list,
  .message-group {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
    contain-intrinsic-block-size: auto 100vh; /* a group's height remembered from the start, as for messages */
  }
  .message-list {
    max-width: var(--_max-width);
    margin: 0 auto;
  }
`;

/** Messages: bubbles, steps, the answer's markdown, sources, errors, actions, code blocks, citations. */
export const messageStyles = css`
  .message {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    min-width: 0;
  }
  /*
   * Long conversations stay smooth: the browser skips layout and paint of finished messages out of view. The
   * padding (taken back by the margin) keeps focus rings and highlights inside the paint containment this implies.
   */
  .message[data-role='assistant'] {
    /*
     * On every answer, streaming too, so the browser has remembered its real height by the time it finishes: the
     * frame that first applies content-visibility would otherwise lay it out at 8rem and throw the list's scroll.
     */
    contain-intrinsic-block-size: auto 8rem;
  }
  /* Earlier groups of messages too (sse-chat.ts): the list's layout, and visibility tracking, then cost per group. */
  .message-group:has(+ .message-group) {
    content-visibility: auto;
  }
  .message[data-role='assistant']:not([data-status='streaming']) {
    content-visibility: auto;
    padding: 4px; /* MessageSizeController takes it off what it measures */
    margin: -4px;
  }
  .message[data-role='user'] {
    align-items: end; /* the inline end: the right, or the left in right-to-left text */
  }
  .bubble {
    max-width: min(85%, 38rem);
    padding: 0.55rem 0.9rem;
    border-radius: var(--_radius);
    border-end-end-radius: 4px;
    background: var(--_user-bg);
    color: var(--_user-text);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }

  /* ── steps ────────────────────────────────────────────────────── */
  .steps {
    list-style: none;
    margin: 0;
    padding-block: 0.15rem;
    padding-inline: 0.75rem 0;
    border-inline-start: 2px solid var(--_border);
    display: grid;
    gap: 0.3rem;
    font-size: 0.875em;
    color: var(--_muted);
  }
  .step {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 0.25rem 0.5rem;
  }
  .step-icon {
    display: inline-grid;
    place-items: center;
    width: 1rem;
    height: 1rem;
    flex: none;
  }
  :is(.step, .steps-summary)[data-status='done'] .step-icon {
    color: var(--_success);
  }
  :is(.step, .steps-summary)[data-status='error'] .step-icon,
  .step[data-status='error'] .step-label {
    color: var(--_danger);
  }
  .step[data-status='active'] .step-label {
    color: var(--_text);
  }
  .step-text {
    display: inline-flex;
    flex-wrap: wrap;
    gap: 0 0.4rem;
    min-width: 0;
  }
  .step-detail::before {
    content: '· ';
  }
  .step-progress {
    position: relative;
    width: 5rem;
    height: 0.3rem;
    border-radius: 999px;
    background: var(--_border);
    overflow: hidden;
  }
  .step-progress .bar {
    position: absolute;
    inset: 0;
    background: var(--_accent);
    transform-origin: left;
    transform: scaleX(var(--_fraction, 0));
    transition: transform 0.2s ease-out;
  }
  .step-progress .bar:dir(rtl) {
    transform-origin: right;
  }
  .step-progress-text,
  .step-time {
    font-variant-numeric: tabular-nums;
  }
  .step-time {
    margin-inline-start: auto;
  }
  .spinner {
    width: 0.75rem;
    height: 0.75rem;
    border-radius: 50%;
    border: 2px solid color-mix(in srgb, var(--_accent) 25%, transparent);
    border-top-color: var(--_accent);
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }

  /* ── the answer's markdown ────────────────────────────────────── */
  .content {
    overflow-wrap: anywhere;
    min-width: 0;
  }
  .content:empty {
    display: none;
  }
  .content > :first-child {
    margin-top: 0;
  }
  .content > :last-child,
  .blocks:last-child > :last-child {
    margin-bottom: 0;
  }
  .content :is(p, ul, ol, pre, blockquote, table) {
    margin: 0 0 0.75em;
  }
  /*
   * A long answer stays linear to stream: its blocks skip style, layout and paint while out of view, so a frame
   * costs what is on screen, not the whole answer (the block being written is on screen). Every block, not "all but
   * the last": a selector counting from the end would restyle every block each time one is added. Their height is
   * remembered once shown (auto), so the list's scroll never jumps. A contained block keeps its
   * children's margins inside: lists and quotes are their own formatting context always, with the last margin
   * dropped as it would have collapsed, so a block lays out the same contained or not and nothing shifts when a
   * stream ends. Focus rings and citation marks may paint a little past a block's edge. An answer's blocks come
   * in groups of 32 (div.blocks, see src/markdown/block-groups.ts), and a group is skipped as a whole: a frame then
   * restyles and lays out a few groups, not thousands of blocks. A group keeps its last block's bottom margin, so
   * the next group's first block has no top margin. Blocks are written into their group and never moved, so each
   * keeps its remembered height; each is its own paint layer, so a frame repaints the block being written, not
   * every block of its group.
   */
  .blocks > :is(ul, ol, blockquote) {
    display: flow-root;
  }
  .blocks > :is(ul, ol) > li:last-child > :last-child,
  .blocks > blockquote > :last-child {
    margin-bottom: 0;
  }
  .blocks > :first-child {
    margin-top: 0;
  }
  .content > * {
    content-visibility: auto;
    contain-intrinsic-block-size: auto 3em;
  }
  .content > *,
  .blocks > * {
    contain: paint;
    overflow-clip-margin: 4px;
  }
  /* Text the parser was not given, as-is: its pieces (4 KB each, laid out only in view) read as one text. */
  .content > .plain-text {
    margin: 0;
    white-space: pre-wrap;
  }
  /*
   * A finished answer of ordinary length (no data-long) lays out whole, once: its blocks are not tracked one by one
   * (that tracking runs on every scrolled frame, for every block of every earlier turn); the message itself is still
   * skipped while out of view. The block rules above keep its layout the same either way.
   */
  .message:not([data-status='streaming'], [data-long]) .content > * {
    content-visibility: visible;
    /* Nor is its size remembered: the browser checks every such box's size on every frame. */
    contain-intrinsic-block-size: none;
  }
  .content :is(h1, h2, h3, h4, h5, h6) {
    margin: 1.1em 0 0.5em;
    line-height: 1.3;
    font-weight: 650;
  }
  .content h1 {
    font-size: 1.35em;
  }
  .content h2 {
    font-size: 1.2em;
  }
  .content :is(h3, h4, h5, h6) {
    font-size: 1.05em;
  }
  .content :is(ul, ol) {
    padding-inline-start: 1.4em;
  }
  .content li + li {
    margin-top: 0.2em;
  }
  .content a {
    color: var(--_accent);
    text-underline-offset: 2px;
  }
  .content code {
    font-family: var(--_mono);
    font-size: 0.9em;
    padding: 0.1em 0.35em;
    border-radius: 5px;
    background: var(--_surface);
  }
  .content pre {
    padding: 0.75rem 0.9rem;
    border-radius: calc(var(--_radius) * 0.7);
    background: var(--_surface);
    border: 1px solid var(--_border);
    overflow-x: auto;
    line-height: 1.45;
  }
  .content pre code {
    padding: 0;
    background: none;
    font-size: 0.875em;
  }
  .content blockquote {
    padding-inline-start: 0.9em;
    border-inline-start: 3px solid var(--_border);
    color: var(--_muted);
  }
  .content table {
    border-collapse: collapse;
    display: block;
    overflow-x: auto;
  }
  .content :is(th, td) {
    border: 1px solid var(--_border);
    padding: 0.3em 0.6em;
    text-align: start;
  }
  .content img {
    max-width: 100%;
    border-radius: calc(var(--_radius) * 0.5);
  }
  .content hr {
    border: none;
    border-top: 1px solid var(--_border);
    margin: 1.2em 0;
  }

  /* The typing cursor, placed by the markdown directive at the end of the last block while streaming. */
  .cursor {
    display: none;
  }
  :host([status='streaming']) .message[data-status='streaming'] .cursor {
    display: inline-block;
    width: 0.5em;
    height: 1.1em;
    margin-inline-start: 0.1em;
    vertical-align: text-bottom;
    border-radius: 2px;
    background: currentColor;
    animation: blink 1s steps(1) infinite;
  }
  @keyframes blink {
    50% {
      opacity: 0;
    }
  }
  /* While waiting for the first byte: three soft dots where the answer will appear. */
  .message[data-role='assistant'][data-status='streaming']:not(:has(> .steps-panel, > .content:not(:empty)))::after {
    content: '';
    width: 2.25rem;
    height: 0.5rem;
    background: radial-gradient(circle closest-side, var(--_muted) 90%, transparent) 0 50% / 0.75rem 0.5rem repeat-x;
    animation: pulse 1.2s ease-in-out infinite;
  }
  @keyframes pulse {
    50% {
      opacity: 0.35;
    }
  }

  /* ── notices, sources, stopped, errors ────────────────────────── */
  .notice {
    margin: 0;
    padding: 0.45rem 0.75rem;
    border-radius: calc(var(--_radius) * 0.7);
    background: var(--_surface);
    color: var(--_muted);
    font-size: 0.875em;
  }
  .sources {
    list-style: none;
    margin: 0.25rem 0 0;
    padding: 0;
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr));
    gap: 0.5rem;
  }
  .source {
    display: flex;
    gap: 0.55rem;
    padding: 0.6rem 0.7rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.7);
    background: var(--_bg);
    font-size: 0.85em;
    min-width: 0;
    transition: border-color 0.15s;
  }
  .source:hover {
    border-color: color-mix(in srgb, var(--_accent) 45%, var(--_border));
  }
  .source-number {
    flex: none;
    display: inline-grid;
    place-items: center;
    width: 1.35rem;
    height: 1.35rem;
    border-radius: 50%;
    background: var(--_surface);
    color: var(--_muted);
    font-size: 0.8em;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .source-body {
    display: flex;
    flex-direction: column;
    gap: 0.15rem;
    min-width: 0;
  }
  .source-title {
    font-weight: 600;
    color: var(--_text);
    overflow-wrap: anywhere;
  }
  a.source-title {
    color: var(--_accent);
    text-decoration: none;
  }
  a.source-title:hover {
    text-decoration: underline;
  }
  .more {
    list-style: none;
    color: var(--_muted);
  }
  .source-host,
  .source-score {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .source-snippet {
    margin: 0;
    color: var(--_muted);
    display: -webkit-box;
    -webkit-line-clamp: 3;
    -webkit-box-orient: vertical;
    overflow: hidden;
  }
  .stopped {
    margin: 0;
    display: flex;
    align-items: center;
    gap: 0.6rem;
    color: var(--_muted);
    font-size: 0.85em;
  }
  .error {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 0.5rem 0.75rem;
    padding: 0.6rem 0.8rem;
    border-radius: calc(var(--_radius) * 0.7);
    border: 1px solid color-mix(in srgb, var(--_danger) 40%, transparent);
    background: color-mix(in srgb, var(--_danger) 8%, var(--_bg));
  }
  .error-text {
    margin: 0;
    flex: 1 1 16rem;
    display: flex;
    flex-direction: column;
    gap: 0.1rem;
  }
  .error-summary {
    color: var(--_danger);
    font-weight: 600;
  }
  .error-detail,
  .error-wait {
    color: var(--_muted);
    font-size: 0.9em;
    overflow-wrap: anywhere;
  }

  /* ── steps disclosure, answer actions, code blocks, citations ──── */
  /* The summary keeps the browser's disclosure triangle: it turns when open and mirrors in right-to-left text. */
  .steps-summary {
    cursor: pointer;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .steps-summary .step-icon {
    vertical-align: -0.2em;
    margin-inline-end: 0.4rem;
  }
  .steps-panel > .steps {
    margin-top: 0.4rem;
  }
  .actions {
    display: flex;
    gap: 0.25rem;
  }
  .conversation-end {
    text-align: center;
  }
  .action-button {
    display: inline-flex;
    align-items: center;
    gap: 0.35rem;
    padding: 0.25rem 0.55rem;
    border: none;
    border-radius: 999px;
    background: none;
    color: var(--_muted);
    font-size: 0.8rem;
  }
  .action-button:hover {
    background: var(--_surface);
    color: var(--_text);
  }
  /*
   * Edit waits for the streaming answer to end: hidden (out of reach of Tab, clicks and screen readers), not
   * removed, so starting or ending a turn leaves every earlier question's DOM and height as it was. A class of its
   * own: a status change then restyles these buttons only.
   */
  :host(:is([status='connecting'], [status='streaming'])) .edit {
    visibility: hidden;
  }
  .edit-form {
    width: min(85%, 38rem);
  }
  .edit-form .input {
    width: 100%;
  }
  .edit-form .actions {
    justify-content: end;
  }
  .suggestions {
    flex-wrap: wrap;
    margin-top: 0.5rem;
  }
  .suggestion {
    border: 1px solid var(--_border);
    color: var(--_text);
    text-align: start;
  }
  .action-button[aria-pressed='true'] {
    color: var(--_accent);
  }
  .action-button[data-copied] {
    color: var(--_success);
  }
  .content .code-header {
    display: flex;
    align-items: center;
    padding: 0.2rem 0.3rem 0.2rem 0.9rem;
    border: 1px solid var(--_border);
    border-bottom: none;
    border-radius: calc(var(--_radius) * 0.7) calc(var(--_radius) * 0.7) 0 0;
    background: var(--_surface);
    color: var(--_muted);
    font: 0.8em var(--_mono);
  }
  .content .code-header + pre {
    border-radius: 0 0 calc(var(--_radius) * 0.7) calc(var(--_radius) * 0.7);
  }
  .code-copy {
    margin-inline-start: auto;
    font-family: var(--_font);
  }
  .citation-ref {
    line-height: 0;
  }
  .content .citation {
    padding: 0 0.3em;
    border: 1px solid color-mix(in srgb, var(--_accent) 40%, transparent);
    border-radius: 999px;
    font-weight: 600;
    text-decoration: none;
  }
`;

/** Buttons, the panel and launcher, the composer, and the media queries over all three sheets. */
export const controlStyles = css`
  /* ── buttons ──────────────────────────────────────────────────── */
  button {
    font: inherit;
    cursor: pointer;
  }
  .retry,
  .jump {
    display: inline-flex;
    align-items: center;
    gap: 0.35rem;
    padding: 0.3rem 0.75rem;
    border-radius: 999px;
    border: 1px solid var(--_border);
    background: var(--_bg);
    color: var(--_text);
    font-size: 0.85rem;
  }
  .retry:hover,
  .jump:hover {
    background: var(--_surface);
  }
  .jump {
    position: absolute;
    left: 50%;
    bottom: 5.25rem;
    translate: -50% 0;
    box-shadow: 0 4px 14px rgb(0 0 0 / 0.12);
    z-index: 1;
  }
  .icon {
    flex: none;
  }
  /* Icons that point somewhere (a speech bubble's tail) follow the reading direction. */
  .icon.directional:dir(rtl) {
    scale: -1 1;
  }

  /*
   * ── layout: inline or launcher ──
   * The panel is the chat's own column, so the layout never depends on the host's display: a page stylesheet
   * with sse-chat { display: block } (or inline, grid) still gets a scrolling list and a composer in view.
   */
  .panel {
    display: flex;
    flex-direction: column;
    flex: 1 1 auto;
    height: 100%;
    min-height: 0;
    min-width: 0;
  }
  :host([layout='launcher']) {
    display: block;
    height: 0;
    background: none;
  }
  .launcher {
    position: fixed;
    bottom: 1.25rem;
    right: 1.25rem;
    z-index: var(--_z);
    display: grid;
    place-items: center;
    width: 3.5rem;
    height: 3.5rem;
    border: none;
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_on-accent);
    box-shadow: 0 6px 20px rgb(0 0 0 / 0.22);
    transition: transform 0.15s ease-out;
  }
  .launcher:hover {
    transform: scale(1.05);
  }
  :host([position='bottom-left']) .launcher {
    right: auto;
    left: 1.25rem;
  }
  :host([layout='launcher']) .panel {
    position: fixed;
    bottom: 5.75rem;
    right: 1.25rem;
    z-index: var(--_z);
    display: flex;
    flex-direction: column;
    width: min(var(--_panel-width), calc(100vw - 2.5rem));
    height: min(var(--_panel-height), calc(100dvh - 7.5rem));
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 12px 40px rgb(0 0 0 / 0.25);
    overflow: hidden;
    transition: opacity 0.15s ease-out, translate 0.15s ease-out;
    @starting-style {
      opacity: 0;
      translate: 0 0.75rem;
    }
  }
  :host([layout='launcher'][position='bottom-left']) .panel {
    right: auto;
    left: 1.25rem;
  }
  :host([layout='launcher']) .panel[hidden] {
    display: none;
  }
  .panel-header {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.6rem;
    padding-inline-start: var(--_gap);
    border-block-end: 1px solid var(--_border);
  }
  .panel-header slot {
    display: block;
    flex: 1;
    min-width: 0;
  }
  .panel-title {
    font-weight: 600;
  }
  .close {
    flex: none;
    display: inline-grid;
    place-items: center;
    width: 2rem;
    height: 2rem;
    border: none;
    border-radius: 50%;
    background: transparent;
    color: var(--_muted);
  }
  .close:hover {
    background: var(--_surface);
    color: var(--_text);
  }
  /* Narrow screens: the open panel is the whole viewport, over the launcher. */
  @media (max-width: 32rem) {
    :host([layout='launcher']) .panel,
    :host([layout='launcher'][position='bottom-left']) .panel {
      inset: 0;
      width: 100%;
      height: 100dvh;
      border: none;
      border-radius: 0;
    }
  }

  /* ── the composer ─────────────────────────────────────────────── */
  .composer {
    display: flex;
    align-items: flex-end;
    gap: 0.5rem;
    width: calc(100% - 2 * var(--_gap));
    max-width: var(--_max-width);
    margin: 0 auto var(--_gap);
    padding: 0.45rem;
    padding-inline-start: 0.9rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 1.4);
    background: var(--_surface);
    transition: border-color 0.15s;
  }
  .composer:has(.input:focus-visible) {
    border-color: var(--_accent);
    outline: 2px solid color-mix(in srgb, var(--_accent) 35%, transparent);
  }
  .input {
    flex: 1;
    min-height: 2.25rem;
    max-height: 12rem;
    field-sizing: content;
    resize: none;
    padding: 0.45rem 0;
    border: none;
    background: transparent;
    color: inherit;
    font: inherit;
    line-height: 1.45;
  }
  .input:focus-visible {
    outline: none; /* the whole composer shows focus instead */
  }
  .input::placeholder {
    color: var(--_muted);
  }
  .action {
    flex: none;
    display: inline-grid;
    place-items: center;
    width: 2.25rem;
    height: 2.25rem;
    border: none;
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_on-accent);
    transition: opacity 0.15s, transform 0.1s;
  }
  .action:active:not(:disabled) {
    transform: scale(0.94);
  }
  .action:disabled {
    opacity: 0.4;
    cursor: default;
  }
  .action.stop {
    background: var(--_text);
    color: var(--_bg);
  }
  .composer,
  .attachments {
    flex-wrap: wrap;
  }
  .attachments,
  .attachment-error {
    flex-basis: 100%;
    margin: 0;
    padding: 0;
    font-size: 0.85em;
  }
  .attachments,
  .attachment {
    display: flex;
    align-items: center;
    gap: 0.4rem;
  }
  .attachment {
    max-width: 100%;
    padding: 0.2rem 0.5rem;
    border: 1px solid var(--_border);
    border-radius: 8px;
  }
  .attachment img {
    width: 2rem;
    height: 2rem;
    object-fit: cover;
  }
  [part='attachment-name'] {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .attachment-error {
    color: var(--_danger);
  }
  .action.attach {
    background: none;
    color: inherit;
  }

  /*
   * Forced colours (Windows high contrast) replace backgrounds with system colours: what has its shape or state
   * only from a background gets a border, and the progress bar's fill keeps a system colour of its own.
   */
  @media (forced-colors: active) {
    .bubble,
    .step-progress {
      border: 1px solid CanvasText;
    }
    .launcher,
    .action {
      border: 2px solid ButtonText;
    }
    .action:disabled {
      border-color: GrayText;
    }
    .step-progress .bar {
      forced-color-adjust: none;
      background: Highlight;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    :host([status='streaming']) .message[data-status='streaming'] .cursor,
    .spinner,
    .message::after {
      animation: none;
    }
    .step-progress .bar,
    .action,
    .composer,
    .launcher,
    :host([layout='launcher']) .panel {
      transition: none;
    }
    .launcher:hover {
      transform: none;
    }
  }
`;
