import { LitElement, adoptStyles, html, nothing, type PropertyValues } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { linkCitations } from './actions/citations.js';
import { codeOfCopyButton, decorateCodeBlocks, makeTablesScrollable } from './actions/code-blocks.js';
import { AutoScrollController } from './controllers/auto-scroll-controller.js';
import { ChatTurnController } from './controllers/chat-turn-controller.js';
import { ClockController } from './controllers/clock-controller.js';
import { CopyController } from './controllers/copy-controller.js';
import { LauncherController } from './controllers/launcher-controller.js';
import { PersistenceController } from './controllers/persistence-controller.js';
import { createSessionId, type HeadersOption } from './controllers/request.js';
import type { DialectName, MapEventFunction, RequestContext } from './dialects/dialect.js';
import type { Highlighter } from './highlight/highlighter.js';
import { streamingMarkdown } from './markdown/directive.js';
import type { MarkdownDecorator } from './markdown/streaming-markdown.js';
import { ErrorCode, MessageStatus, type ChatMessage, type ChatStep } from './state/message.js';
import { ChatStatus } from './status.js';
import { styles } from './sse-chat.styles.js';
import { arrowDownIcon, chatIcon, closeIcon, retryIcon, sendIcon, stepIcons, stopIcon } from './view/icons.js';
import { renderSources, sourceId, sourceTitle } from './view/sources.js';
import {
  errorText,
  formatElapsed,
  formatNumber,
  formatProgress,
  formatStepCount,
  formatString,
  resolveStrings,
  speakableText,
  type SseChatStrings,
} from './strings.js';


/** How much of a finished answer the polite live region reads out. */
const ANNOUNCED_CHARS = 1200;
/**
 * All `sse-chat-*` events bubble and are composed (they reach `document` from inside other shadow roots); only
 * `sse-chat-send` is cancelable. Every turn that starts ends with exactly one of done, stop or error. The
 * read-only `status` attribute (`idle`, `connecting`, `streaming`, `error`) is there for CSS and tests.
 *
 * `layout="launcher"` turns the chat into a round button in a corner of the viewport that opens it as a floating,
 * non-modal panel (the whole viewport on narrow screens). Whether it is open is remembered for the tab
 * (sessionStorage, per endpoint), so a reload or the site's next page shows it as the reader left it.
 * `persist="local"` or `"session"` keeps the conversation (its last 50 messages and its session id) in
 * localStorage or sessionStorage, per endpoint and page-given `session-id`, and restores it on load; an answer
 * cut short by leaving the page comes back marked stopped, never as if complete.
 *
 * UI text comes from `strings`; numbers, percentages, durations and scores follow the closest `lang`; the layout
 * follows the inherited direction (`dir="rtl"`).
 *
 * @summary A streaming chat for any Server-Sent-Events endpoint: steps with timing, streamed markdown with a
 * typing cursor, sources, clear errors with Retry, and a Stop that really aborts the request.
 *
 * @slot header - Above the messages (a title, a model picker…); in the launcher's panel it replaces the title.
 * @slot empty - Shown in the message list while there are no messages (a greeting, example questions).
 * @slot footer - Below the composer (a disclaimer…).
 *
 * @event {SseChatSendEvent} sse-chat-send - The user is about to send `detail.text` (`detail.retry` for Retry). Cancelable: `preventDefault()` and nothing is sent.
 * @event {SseChatStartEvent} sse-chat-start - The response opened: `detail.message`, `detail.dialect`, `detail.status` (HTTP).
 * @event {SseChatStreamEvent} sse-chat-event - One SSE message was applied: `detail.message`, `detail.raw` ({event, data, id}), `detail.events` (chat events).
 * @event {SseChatDoneEvent} sse-chat-done - The answer is complete: `detail.message`.
 * @event {SseChatStopEvent} sse-chat-stop - The answer was stopped: `detail.message` (the partial answer).
 * @event {SseChatErrorEvent} sse-chat-error - The turn failed: `detail.message`, `detail.error` ({code, message, status, retryAfter, retryable}).
 * @event {SseChatToggleEvent} sse-chat-toggle - The launcher's panel opened or closed: `detail.open`. Not fired for the state at load.
 *
 * @csspart launcher - The round button that opens and closes the chat (`layout="launcher"`).
 * @csspart panel - The chat itself; in the launcher layout, the floating panel (`role="dialog"`, not modal).
 * @csspart close-button - Closes the launcher's panel.
 *
 * @csspart messages - The scrolling message list (`role="log"`).
 * @csspart message - Each message; `data-role` (`user`, `assistant`) and `data-status` (`streaming`, `done`, `stopped`, `error`) say whose it is and how it ended.
 * @csspart message-user - Also on each of the user's messages.
 * @csspart message-assistant - Also on each answer.
 * @csspart bubble - The user's text.
 * @csspart steps-panel - The disclosure (`<details>`) around an answer's steps: open while only steps show, closed once text starts unless the reader opened it.
 * @csspart steps-summary - Its summary line, e.g. "3 steps · 2.4s": how many steps and how long they ran in all.
 * @csspart steps - The list of progress steps of an answer.
 * @csspart step - One step; `data-status` is `active`, `done` or `error`.
 * @csspart step-label - A step's label.
 * @csspart step-detail - A step's detail line.
 * @csspart step-progress - A step's progress bar (`role="progressbar"`).
 * @csspart step-progress-text - "42%" or "3 of 5".
 * @csspart step-time - How long the step took (or has been running).
 * @csspart content - The answer's rendered markdown.
 * @csspart citation - An inline citation: `[2]` in the answer's text, as a link to source card 2 (only when it exists; never inside code).
 * @csspart code-header - The bar above a code block: its language and, once the block is finished, its Copy button.
 * @csspart code-language - A code block's language, from its fence.
 * @csspart code-copy-button - Copies a finished code block's text.
 * @csspart cursor - The typing cursor at the end of a streaming answer.
 * @csspart notice - A side notice such as "summary e-mailed".
 * @csspart sources - The numbered list of sources.
 * @csspart source - One source card; `id="source-<message id>-<n>"`, the target of citation `n`, which highlights it briefly.
 * @csspart source-link - A source's title when it has an http(s) URL.
 * @csspart source-title - A source's title when it has none.
 * @csspart source-snippet - A source's excerpt.
 * @csspart source-score - A source's relevance score.
 * @csspart actions - The buttons under a finished or stopped answer.
 * @csspart copy-button - Copies the answer's markdown source; reads "Copied" for a moment after.
 * @csspart regenerate-button - Under the last finished answer: asks again, replacing that answer (as `retry()`).
 * @csspart clear-button - Under the conversation while no answer streams: empties it at once, like `clear()`; no confirmation, no undo.
 * @csspart stopped - The marker under a stopped answer.
 * @csspart error - The error under a failed answer (`role="alert"`).
 * @csspart retry-button - Sends the last message again.
 * @csspart jump-button - "Jump to latest", shown when the reader scrolled up.
 * @csspart composer - The form at the bottom.
 * @csspart input - The text box.
 * @csspart send-button - Send.
 * @csspart stop-button - Stop (replaces Send while an answer streams).
 *
 * @cssprop [--sse-chat-font=system-ui, sans-serif] - Font of the whole chat.
 * @cssprop [--sse-chat-font-size=0.9375rem] - Base font size.
 * @cssprop [--sse-chat-mono-font=ui-monospace, SFMono-Regular, Menlo, monospace] - Font of code.
 * @cssprop [--sse-chat-background=light-dark(#ffffff, #17181c)] - Background of the chat.
 * @cssprop [--sse-chat-text=light-dark(#1f2328, #e6e7ea)] - Text colour.
 * @cssprop [--sse-chat-muted=light-dark(#656d76, #9499a3)] - Secondary text (steps, times, snippets).
 * @cssprop [--sse-chat-border=light-dark(#d8dce1, #30333a)] - Hairlines and card borders.
 * @cssprop [--sse-chat-surface=light-dark(#f4f5f7, #22242a)] - Cards, code blocks and the composer.
 * @cssprop [--sse-chat-accent=light-dark(#2563eb, #7aa2ff)] - Buttons, links, progress, focus rings.
 * @cssprop [--sse-chat-on-accent=light-dark(#ffffff, #0d1117)] - Text on the accent colour.
 * @cssprop [--sse-chat-user-background=light-dark(#e8effd, #243152)] - The user's message bubble.
 * @cssprop [--sse-chat-user-text=inherit] - Text in the user's bubble.
 * @cssprop [--sse-chat-danger=light-dark(#c4291c, #ff8178)] - Errors and failed steps.
 * @cssprop [--sse-chat-success=light-dark(#1a7f37, #5bd180)] - Finished steps.
 * @cssprop [--sse-chat-radius=14px] - Corner radius of bubbles, cards and the composer.
 * @cssprop [--sse-chat-gap=1rem] - Space between messages.
 * @cssprop [--sse-chat-max-width=48rem] - Width of the reading column.
 * @cssprop [--sse-chat-panel-width=24rem] - Width of the launcher's panel.
 * @cssprop [--sse-chat-panel-height=40rem] - Height of the launcher's panel (at most the viewport's).
 * @cssprop [--sse-chat-z-index=1000] - Stacking level of the launcher and its panel above the page.
 */
export class SseChat extends LitElement {
  /** Registers the element under `tag` (once) and returns the class. */
  static define(tag = 'sse-chat', registry: CustomElementRegistry = customElements) {
    if (!registry.get(tag)) registry.define(tag, this);
    return this;
  }

  static override styles = styles;

  static override properties = {
    endpoint: {},
    dialect: {},
    model: {},
    placeholder: {},
    sessionId: { attribute: 'session-id' },
    credentials: {},
    history: { type: Number },
    idleTimeout: { type: Number, attribute: 'idle-timeout' },
    turnTimeout: { type: Number, attribute: 'turn-timeout' },
    allowImages: { type: Boolean, attribute: 'allow-images' },
    theme: { reflect: true },
    layout: { reflect: true },
    position: { reflect: true },
    open: { type: Boolean, reflect: true },
    persist: {},
    headers: { attribute: false },
    buildBody: { attribute: false },
    mapEvent: { attribute: false },
    fetch: { attribute: false },
    strings: { attribute: false },
    highlighter: { attribute: false },
    draft: { state: true },
  };

  /** The URL the chat POSTs each message to. */
  declare endpoint: string;
  /** The stream format: `auto` (default) detects it from the response; a name forces one. */
  declare dialect: DialectName;
  /** The model name sent to APIs that need one (`openai-chat`, `anthropic`…). */
  declare model: string | undefined;
  /** The text box's placeholder; defaults to `strings.inputPlaceholder`. */
  declare placeholder: string | undefined;
  /** Sent with every request so the server can keep the conversation; generated once when not given. */
  declare sessionId: string;
  /** Whether cookies go with the request, as `fetch`'s `credentials` (default `same-origin`). */
  declare credentials: RequestCredentials;
  /**
   * How many earlier exchanges (question and answer) are sent with each message (default 10): bounds the request
   * size. Exchanges restored by `persist` count too; failed answers are never sent.
   */
  declare history: number;
  /** Milliseconds without a byte (or heartbeat) before the answer fails as stalled (default 60000). */
  declare idleTimeout: number;
  /** Milliseconds a whole answer may take before it fails (default 600000). */
  declare turnTimeout: number;
  /** Whether markdown images in answers are shown (off by default: an image is a request to a server's choice). */
  declare allowImages: boolean;
  /** `auto` follows the system's light or dark preference; `light` and `dark` force one. Reflected. */
  declare theme: 'auto' | 'light' | 'dark';
  /** `inline` (default) fills its container; `launcher` is a round button in a corner that opens a panel. Reflected. */
  declare layout: 'inline' | 'launcher';
  /** The launcher's corner: `bottom-right` (default) or `bottom-left`. Reflected. */
  declare position: 'bottom-right' | 'bottom-left';
  /** Whether the launcher's panel is open. Reflected; remembered for the tab per endpoint, which wins over the attribute at load. */
  declare open: boolean;
  /** Keeps the conversation across reloads: `local` (localStorage), `session` (sessionStorage) or unset (off, default). */
  declare persist: 'local' | 'session' | undefined;
  /** Extra request headers: a record, or a function returning one (or a promise of one), called per request. */
  declare headers: HeadersOption | undefined;
  /** Builds the JSON request body from the message, history and session (default: the dialect's own body). */
  declare buildBody: ((context: RequestContext) => unknown) | undefined;
  /** Maps SSE messages of a format no dialect knows to chat events. */
  declare mapEvent: MapEventFunction | undefined;
  /** The function that makes requests (default `globalThis.fetch`): a seam for tests, proxies and auth wrappers. */
  declare fetch: typeof globalThis.fetch | undefined;
  /** UI text to replace (any subset of the documented keys), e.g. for translation. */
  declare strings: Partial<SseChatStrings> | undefined;
  /**
   * Colours finished code blocks: `(code, language) => tokens | Node | null`, called once per block. None by
   * default, so the script-tag bundle carries no highlighter; `import { highlight } from 'sse-chat/highlight'` is
   * a small one (its colours read `--sse-chat-code-*`). Tokens become `<span class="tok-<type>">` text; HTML
   * strings are never parsed. The function's `styles` (CSS for its tokens) are adopted while it is set.
   */
  declare highlighter: Highlighter | undefined;
  private declare draft: string;
  /** `strings` merged over the defaults, kept between renders so the per-message guards see the same object. */
  private resolvedStrings = resolveStrings(undefined);

  private readonly turns = new ChatTurnController(this, () => ({
    endpoint: this.endpoint,
    dialect: this.dialect,
    model: this.model,
    sessionId: this.sessionId,
    credentials: this.credentials,
    history: this.history,
    idleTimeout: this.idleTimeout,
    turnTimeout: this.turnTimeout,
    headers: this.headers,
    buildBody: this.buildBody,
    mapEvent: this.mapEvent,
    fetch: this.fetch,
  }));
  private readonly autoScroll = new AutoScrollController(
    this,
    () => this.renderRoot.querySelector<HTMLElement>('[part="messages"]'),
    () => this.renderRoot.querySelector('.message-list'),
  );
  private readonly clock = new ClockController(this, () => this.turns.busy);
  private readonly copies = new CopyController(this);
  /** Steps panels the reader opened or closed against the automatic choice, by message id. */
  private readonly stepsOpen = new Map<string, boolean>();
  /** One markdown decorator per answer, kept while its inputs hold: a new one re-renders the answer. */
  private readonly decorators = new Map<string, { count: number; strings: SseChatStrings; highlighter: Highlighter | undefined; decorate: MarkdownDecorator }>();
  /** The session id the element made up (or restored), as opposed to one the page set. */
  private ownSessionId = createSessionId();
  private readonly persistence = new PersistenceController(this, {
    settings: () => ({
      area: this.persist,
      endpoint: this.endpoint,
      pageSessionId: this.sessionId === this.ownSessionId ? undefined : this.sessionId,
      sessionId: this.sessionId,
    }),
    messages: () => this.turns.messages,
    busy: () => this.turns.busy,
    restore: ({ sessionId, messages }) => {
      // A page-given session id stays; a generated one gives way to the stored conversation's own.
      if (this.sessionId === this.ownSessionId) this.sessionId = this.ownSessionId = sessionId;
      this.turns.restore(messages);
    },
  });
  private readonly launcher = new LauncherController(this, {
    launcher: () => this.renderRoot.querySelector<HTMLElement>('[part="launcher"]'),
    input: () => this.input,
  });

  constructor() {
    super();
    this.endpoint = '';
    this.dialect = 'auto';
    this.sessionId = this.ownSessionId;
    this.credentials = 'same-origin';
    this.history = 10;
    this.idleTimeout = 60_000;
    this.turnTimeout = 600_000;
    this.allowImages = false;
    this.theme = 'auto';
    this.layout = 'inline';
    this.position = 'bottom-right';
    this.open = false;
    this.draft = '';
  }

  /** What the chat is doing: `idle`, `connecting`, `streaming` or `error`. Read-only; reflected to `status`. */
  get status(): ChatStatus {
    return this.turns.status;
  }

  /** The conversation so far, oldest first (read-only snapshots; use `send`, `retry` and `clear` to change it). */
  get messages(): readonly ChatMessage[] {
    return this.turns.messages;
  }

  /** Sends `text` and resolves when its answer ends (done, stopped or failed); failures show, never reject. */
  send(text: string): Promise<void> {
    this.autoScroll.jumpToLatest();
    return this.turns.send(text).finished;
  }

  /** Stops the streaming answer at once, keeping what arrived; the next message can be sent right away. */
  stop(): void {
    this.turns.stop();
  }

  /**
   * Stops any answer, empties the conversation and forgets the stored one (`persist`). A generated session id is
   * replaced by a new one, so the server does not carry on a conversation the reader cleared; a page-given one stays.
   */
  clear(): void {
    this.turns.clear();
    this.persistence.clear();
    this.stepsOpen.clear();
    this.decorators.clear();
    if (this.sessionId === this.ownSessionId) this.sessionId = this.ownSessionId = createSessionId();
  }

  /** Sends the last message again, replacing its failed or stopped answer; resolves when the new answer ends. */
  retry(): Promise<void> {
    this.autoScroll.jumpToLatest();
    return this.turns.retry();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // The highlighter brings its own token styles, so the element's stay free of them.
    if (changed.has('highlighter') && (this.highlighter?.styles || changed.get('highlighter')?.styles)) {
      const extra = this.highlighter?.styles;
      adoptStyles(this.renderRoot as ShadowRoot, extra ? [...SseChat.elementStyles, extra] : SseChat.elementStyles);
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('strings')) this.resolvedStrings = resolveStrings(this.strings);
    if (!this.hasUpdated) this.launcher.restore();
    if (changed.has('persist') || changed.has('endpoint') || changed.has('sessionId')) this.persistence.restore();
    // Reflected by hand because `status` is read-only: it belongs to the turn controller.
    if (this.getAttribute('status') !== this.status) this.setAttribute('status', this.status);
  }

  override render() {
    const strings = this.resolvedStrings;
    const messages = this.messages;
    const busy = this.turns.busy;
    const locale = closestLang(this);
    const last = messages[messages.length - 1];
    const launcher = this.layout === 'launcher';
    // One panel in both layouts (`display: contents` inline), so switching layouts keeps the rendered answers.
    return html`
      ${launcher ? this.renderLauncher(strings) : nothing}
      <div
        part="panel"
        id="panel"
        class="panel"
        role=${launcher ? 'dialog' : nothing}
        aria-label=${launcher ? strings.panelLabel : nothing}
        ?hidden=${launcher && !this.open}
        @keydown=${this.handlePanelKeydown}
      >
        ${launcher ? this.renderPanelHeader(strings) : html`<slot name="header"></slot>`}
        <div
          part="messages"
          class="messages"
          role="log"
          aria-live="off"
          aria-label=${strings.conversationLabel}
          aria-busy=${busy ? 'true' : 'false'}
          tabindex="0"
        >
          <div class="message-list">
            ${messages.length === 0
              ? html`<slot name="empty"></slot>`
              : repeat(
                  messages,
                  message => message.id,
                  message =>
                    guard(
                      [
                        message,
                        strings,
                        locale,
                        this.allowImages,
                        this.highlighter,
                        message === last,
                        this.copies.copied === message.id,
                        message.status === MessageStatus.Streaming && this.clock.now,
                      ],
                      () => this.renderMessage(message, strings, locale, message === last),
                    ),
                )}
            ${messages.length > 0 && !busy ? this.renderClearButton(strings) : nothing}
          </div>
        </div>
        ${this.autoScroll.showJump
          ? html`<button part="jump-button" class="jump" type="button" @click=${this.handleJumpClick}>
              ${arrowDownIcon} ${strings.jumpToLatest}
            </button>`
          : nothing}
        ${this.renderComposer(strings, busy)}
        <slot name="footer"></slot>
      </div>
      <!-- Outside the panel, so a launcher closed mid-answer still says when the answer finished. -->
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement(last, strings)}</div>
      <div class="visually-hidden" role="status" aria-live="polite">${this.copies.announcement}</div>
    `;
  }

  /** The launcher layout's round button; its name stays the same, `aria-expanded` says whether the chat is open. */
  protected renderLauncher(strings: SseChatStrings) {
    return html`<button
      part="launcher"
      class="launcher"
      type="button"
      aria-label=${strings.launcherLabel}
      aria-expanded=${this.open ? 'true' : 'false'}
      aria-controls="panel"
      @click=${this.handleLauncherClick}
    >
      ${this.open ? closeIcon : chatIcon}
    </button>`;
  }

  /** The launcher panel's title bar: the header slot (a default title) and the close button. */
  protected renderPanelHeader(strings: SseChatStrings) {
    return html`<div class="panel-header">
      <slot name="header"><span class="panel-title">${strings.panelLabel}</span></slot>
      <button part="close-button" class="close" type="button" aria-label=${strings.closeLabel} @click=${this.handleCloseClick}>
        ${closeIcon}
      </button>
    </div>`;
  }

  protected renderMessage(message: ChatMessage, strings: SseChatStrings, locale: string | undefined, isLast: boolean) {
    if (message.role === 'user') {
      return html`<div part="message message-user" class="message" data-role="user" data-status=${message.status}>
        <span class="visually-hidden">${strings.userLabel}</span>
        <div part="bubble" class="bubble">${message.text}</div>
      </div>`;
    }
    const streaming = message.status === MessageStatus.Streaming;
    return html`<div part="message message-assistant" class="message" data-role="assistant" data-status=${message.status}>
      <span class="visually-hidden">${strings.assistantLabel}</span>
      ${this.renderSteps(message, strings, locale)}
      <div part="content" class="content" @click=${this.handleContentClick} ${streamingMarkdown(message.text, { streaming, allowImages: this.allowImages, decorate: this.decoratorFor(message, strings) })}></div>
      ${message.notices.map(notice => html`<p part="notice" class="notice" data-kind=${notice.kind ?? ''}>${notice.message}</p>`)}
      ${renderSources(message.sources, strings, locale, message.id)}
      ${message.status === MessageStatus.Stopped ? this.renderStopped(strings, isLast) : nothing}
      ${message.error ? this.renderError(message, strings, isLast) : nothing}
      ${this.renderActions(message, strings, isLast)}
    </div>`;
  }

  /**
   * The steps in a disclosure whose summary counts them and times the whole run. It is open while the steps are
   * all there is to see and closes by itself when the answer's text starts, unless the reader chose otherwise.
   */
  protected renderSteps(message: ChatMessage, strings: SseChatStrings, locale: string | undefined) {
    const steps = message.steps;
    if (steps.length === 0) return nothing;
    const streaming = message.status === MessageStatus.Streaming;
    // A step still open when the answer ended (stopped, failed) ran until the answer did.
    const end = (step: ChatStep) => step.endedAt ?? (streaming ? this.clock.now : (message.endedAt ?? step.startedAt ?? 0));
    const timed = steps.filter(step => step.startedAt !== undefined);
    const duration = timed.length ? Math.max(...timed.map(end)) - Math.min(...timed.map(step => step.startedAt!)) : undefined;
    const status = steps.some(step => step.status === 'error') ? 'error' : streaming && steps.some(step => step.status === 'active') ? 'active' : 'done';
    const count = formatStepCount(steps.length, strings, locale);
    const summary = duration === undefined ? count : formatString(strings.stepsSummary, { steps: count, duration: formatElapsed(duration, locale) });
    const open = this.stepsOpen.get(message.id) ?? message.text === '';
    return html`<details part="steps-panel" class="steps-panel" data-message-id=${message.id} ?open=${open} @toggle=${this.handleStepsToggle}
      ><summary part="steps-summary" class="steps-summary" data-status=${status}
        ><span class="step-icon" aria-hidden="true">${stepIcons[status]}</span>${summary}</summary
      ><ol part="steps" class="steps">${steps.map(step => this.renderStep(step, strings, locale))}</ol></details
    >`;
  }

  protected renderStep(step: ChatStep, strings: SseChatStrings, locale: string | undefined) {
    const statusWord = { active: strings.stepActive, done: strings.stepDone, error: strings.stepError }[step.status];
    const progress = step.progress && step.progress.max > 0 ? step.progress : undefined;
    const elapsed = step.startedAt === undefined ? undefined : (step.endedAt ?? this.clock.now) - step.startedAt;
    // The bar's fraction goes in through CSSOM (`.style`), never a style attribute: strict CSP (style-src 'self') refuses those.
    return html`<li part="step" class="step" data-status=${step.status}>
      <span class="step-icon" aria-hidden="true">${stepIcons[step.status]}</span>
      <span class="step-text">
        <span class="visually-hidden">${statusWord}</span>
        <span part="step-label" class="step-label">${step.label}</span>
        ${step.detail ? html`<span part="step-detail" class="step-detail">${step.detail}</span>` : nothing}
      </span>
      ${progress
        ? html`<span
              part="step-progress"
              class="step-progress"
              role="progressbar"
              aria-label=${step.label}
              aria-valuemin="0"
              aria-valuemax=${progress.max}
              aria-valuenow=${Math.min(progress.value, progress.max)}
              ><span class="bar" .style=${`--_fraction: ${Math.min(1, Math.max(0, progress.value / progress.max))}`}></span
            ></span>
            <span part="step-progress-text" class="step-progress-text">${formatProgress(progress.value, progress.max, strings, locale)}</span>`
        : nothing}
      ${elapsed === undefined ? nothing : html`<span part="step-time" class="step-time">${formatElapsed(elapsed, locale)}</span>`}
    </li>`;
  }

  /**
   * Under a finished or stopped answer: Copy (its markdown source) and, on the last finished answer, Regenerate.
   * A failed or stopped answer already offers Retry, so it gets no Regenerate.
   */
  protected renderActions(message: ChatMessage, strings: SseChatStrings, isLast: boolean) {
    const canCopy = message.text.trim() !== '' && (message.status === MessageStatus.Done || message.status === MessageStatus.Stopped);
    const canRegenerate = isLast && message.status === MessageStatus.Done;
    if (!canCopy && !canRegenerate) return nothing;
    const copied = this.copies.copied === message.id;
    // Compact templates: Lit keeps template whitespace in the bundle.
    return html`<div part="actions" class="actions" role="group" aria-label=${strings.answerActions}>${canCopy
      ? html`<button part="copy-button" class="action-button" type="button" data-copied=${copied ? '' : nothing} @click=${() => this.copyAnswer(message)}>${copied ? stepIcons.done : nothing}${copied ? strings.copied : strings.copy}</button>`
      : nothing}${canRegenerate
      ? html`<button part="regenerate-button" class="action-button" type="button" @click=${this.handleRetryClick}>${retryIcon}${strings.regenerate}</button>`
      : nothing}</div>`;
  }

  /** Clear conversation, under the last message: the natural place to start over once an answer is read. */
  protected renderClearButton(strings: SseChatStrings) {
    return html`<div class="conversation-end"><button part="clear-button" class="action-button" type="button" @click=${this.handleClearClick}>${strings.clearConversation}</button></div>`;
  }

  protected renderStopped(strings: SseChatStrings, isLast: boolean) {
    return html`<p part="stopped" class="stopped">
      ${strings.stopped} ${isLast ? this.renderRetryButton(strings) : nothing}
    </p>`;
  }

  protected renderError(message: ChatMessage, strings: SseChatStrings, isLast: boolean) {
    const error = message.error!;
    // Cut-off and no-answer messages are written by the client, not the server: the localized text says it all.
    const clientWritten = error.code === ErrorCode.CutOff || error.code === ErrorCode.NoAnswer;
    const summary = errorText(strings, error.code, error.status);
    const detail = !clientWritten && error.message && error.message !== summary ? error.message : '';
    return html`<div part="error" class="error" role="alert">
      <p class="error-text">
        <strong class="error-summary">${summary}</strong>
        ${detail ? html`<span class="error-detail">${detail}</span>` : nothing}
        ${error.retryAfter
          ? html`<span class="error-wait">${formatString(strings.retryAfter, { seconds: formatNumber(Math.ceil(error.retryAfter), closestLang(this)) })}</span>`
          : nothing}
      </p>
      ${isLast ? this.renderRetryButton(strings) : nothing}
    </div>`;
  }

  protected renderRetryButton(strings: SseChatStrings) {
    return html`<button part="retry-button" class="retry" type="button" @click=${this.handleRetryClick}>
      ${retryIcon} ${strings.retry}
    </button>`;
  }

  protected renderComposer(strings: SseChatStrings, busy: boolean) {
    return html`<form part="composer" class="composer" @submit=${this.handleSubmit} @keydown=${this.handleComposerKeydown}>
      <label class="visually-hidden" for="input">${strings.inputLabel}</label>
      <textarea
        id="input"
        part="input"
        class="input"
        rows="1"
        enterkeyhint="send"
        placeholder=${this.placeholder ?? strings.inputPlaceholder}
        .value=${live(this.draft)}
        @input=${this.handleInput}
      ></textarea>
      ${busy
        ? html`<button part="stop-button" class="action stop" type="button" @click=${this.handleStopClick}>
            ${stopIcon}<span class="visually-hidden">${strings.stop}</span>
          </button>`
        : html`<button part="send-button" class="action send" type="submit" ?disabled=${!this.draft.trim()}>
            ${sendIcon}<span class="visually-hidden">${strings.send}</span>
          </button>`}
    </form>`;
  }

  /** The polite announcement: finished answers as plain text, and stops. Errors announce themselves (role=alert). */
  private announcement(last: ChatMessage | undefined, strings: SseChatStrings) {
    if (last?.role !== 'assistant') return '';
    // The opening of the answer is announced, not all of it: a live region read of a 100 kB answer helps no one, and
    // this runs on every render after the answer ends. The whole answer stays in the log to read.
    if (last.status === MessageStatus.Done) {
      const opening = last.text.length > ANNOUNCED_CHARS ? `${last.text.slice(0, ANNOUNCED_CHARS)}…` : last.text;
      return formatString(strings.answerFinished, { text: speakableText(opening) });
    }
    if (last.status === MessageStatus.Stopped) return strings.answerStopped;
    return '';
  }

  private get input() {
    return this.renderRoot.querySelector<HTMLTextAreaElement>('textarea');
  }

  private handleInput(event: InputEvent) {
    this.draft = (event.target as HTMLTextAreaElement).value;
  }

  private handleSubmit(event: SubmitEvent) {
    event.preventDefault();
    this.sendDraft();
  }

  private sendDraft() {
    const { accepted } = this.turns.send(this.draft);
    if (!accepted) return;
    this.draft = '';
    this.autoScroll.jumpToLatest();
    this.input?.focus();
  }

  private handleComposerKeydown(event: KeyboardEvent) {
    // isComposing: Enter that confirms an IME candidate must not send half a word.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.target === this.input) {
      event.preventDefault();
      this.sendDraft();
    }
  }

  /** Escape anywhere in the chat stops a streaming answer first; only then does it close the launcher's panel. */
  private handlePanelKeydown(event: KeyboardEvent) {
    if (event.key !== 'Escape' || event.isComposing || event.defaultPrevented) return;
    if (this.turns.busy) {
      event.preventDefault();
      this.stop();
      this.input?.focus();
    } else if (this.layout === 'launcher' && this.open) {
      event.preventDefault();
      this.open = false;
    }
  }

  private handleLauncherClick() {
    this.open = !this.open;
  }

  private handleCloseClick() {
    this.open = false;
  }

  private handleStopClick() {
    this.stop();
    this.input?.focus();
  }

  private handleRetryClick() {
    void this.retry();
    this.input?.focus();
  }

  private handleJumpClick() {
    this.autoScroll.jumpToLatest();
  }

  private handleClearClick() {
    this.clear();
    this.input?.focus();
  }

  private copyAnswer(message: ChatMessage) {
    const strings = this.resolvedStrings;
    void this.copies.copy(message.text, message.id, { copied: strings.copied, failed: strings.copyFailed });
  }

  /** Citations and code Copy buttons live in the markdown's DOM, so their clicks are caught here, once per answer. */
  private handleContentClick(event: MouseEvent) {
    const target = event.target as Element;
    const citation = target.closest?.('a.citation');
    if (citation) {
      // The target is in the shadow root: the page's URL must not change, and there is nothing to open in a tab.
      event.preventDefault();
      this.showSource(citation.getAttribute('href')!.slice(1));
      return;
    }
    const button = target.closest?.<HTMLButtonElement>('button.code-copy');
    if (button) void this.copyCode(button);
  }

  /** Scrolls a source card into view, moves focus to it (as following a link does) and highlights it briefly. */
  private showSource(id: string) {
    const card = (this.renderRoot as ShadowRoot).getElementById(id);
    if (!card) return;
    const reduceMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
    card.scrollIntoView({ block: 'nearest', behavior: reduceMotion ? 'auto' : 'smooth' });
    card.focus({ preventScroll: true });
    // A glow that fades (a colour change, so it stays under reduced motion); Web Animations need no style attribute.
    card.animate({ boxShadow: ['0 0 0 3px var(--_accent)', 'none'] }, { duration: 1600, easing: 'ease-in' });
  }

  private async copyCode(button: HTMLButtonElement) {
    const code = codeOfCopyButton(button);
    if (code === undefined) return;
    const strings = this.resolvedStrings;
    const label = button.textContent;
    // Finished code blocks are never re-rendered, so the button's own text can carry the "Copied" state.
    const restore = () => {
      button.textContent = label;
      button.removeAttribute('data-copied');
    };
    if (await this.copies.copy(code, button, { copied: strings.copied, failed: strings.copyFailed }, restore)) {
      button.textContent = strings.copied;
      button.setAttribute('data-copied', '');
    }
  }

  /**
   * Tells the reader's toggles from ours: a panel whose state differs from the one last rendered was toggled by
   * the reader, whose choice then wins over the automatic one (open until text starts) for that answer.
   */
  private handleStepsToggle(event: Event) {
    const details = event.currentTarget as HTMLDetailsElement;
    const id = details.dataset.messageId!;
    const message = this.messages.find(candidate => candidate.id === id);
    if (!message) return;
    const rendered = this.stepsOpen.get(id) ?? message.text === '';
    if (details.open !== rendered) this.stepsOpen.set(id, details.open);
  }

  /**
   * The answer's markdown decorator: citation links for its sources, code block headers, scrollable tables. Kept
   * per answer while the source count, strings and highlighter stay the same; a new one re-renders the answer
   * from scratch (once per `sources` event, which is rare), so markers arriving before their sources link too.
   */
  private decoratorFor(message: ChatMessage, strings: SseChatStrings): MarkdownDecorator {
    const count = message.sources.length;
    const highlighter = this.highlighter;
    const cached = this.decorators.get(message.id);
    if (cached && cached.count === count && cached.strings === strings && cached.highlighter === highlighter) return cached.decorate;
    const { id, sources } = message;
    const citations = {
      count,
      href: (n: number) => `#${sourceId(id, n)}`,
      label: (n: number) => formatString(strings.citationLabel, { number: n, title: sourceTitle(sources[n - 1]!, n - 1, strings, closestLang(this)) }),
    };
    const decorate: MarkdownDecorator = (fragment, finished) => {
      linkCitations(fragment, citations);
      decorateCodeBlocks(fragment, { finished, copyLabel: strings.copyCode, highlighter });
      makeTablesScrollable(fragment);
    };
    this.decorators.set(message.id, { count, strings, highlighter, decorate });
    return decorate;
  }
}



/**
 * The language of the closest ancestor with a `lang`, looking through shadow roots to their hosts, so a chat inside
 * another component still formats numbers for the page's language.
 */
function closestLang(element: Element): string | undefined {
  for (let node: Element | null = element; node; ) {
    const lang = node.closest('[lang]');
    if (lang) return lang.getAttribute('lang') || undefined;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return undefined;
}

