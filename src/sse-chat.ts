import { LitElement, adoptStyles, html, nothing, type PropertyValues } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import { AttachmentsController } from './controllers/attachments-controller.js';
import { AutoScrollController } from './controllers/auto-scroll-controller.js';
import { MessageSizeController } from './controllers/message-size-controller.js';
import { ChatTurnController } from './controllers/chat-turn-controller.js';
import { ClockController } from './controllers/clock-controller.js';
import { CopyController } from './controllers/copy-controller.js';
import { LauncherController } from './controllers/launcher-controller.js';
import { PersistenceController } from './controllers/persistence-controller.js';
import { createSessionId } from './state/session-id.js';
import type { HeadersOption } from './transport/request.js';
import { DEFAULT_IDLE_TIMEOUT, DEFAULT_RESPONSE_TIMEOUT, DEFAULT_TURN_TIMEOUT } from './transport/call-control.js';
import { DEFAULT_MAX_ANSWER_CHARS } from './state/turn.js';
import type { DialectName, MapEventFunction, RequestContext } from './dialects/dialect.js';
import type { Highlighter } from './markdown/decorate/highlighter.js';
import { answerMarkdown, catchUps } from './view/answer-markdown.js';
import { addMarkdownPlugin, markdownPlugins, type MarkdownPlugin } from './markdown/plugins.js';
import { MessageStatus, type ChatMessage, type Feedback } from './state/message.js';
import { textGrowth } from './state/text-log.js';
import { SseChatFeedbackEvent } from './events/dom-events.js';
import { ChatStatus } from './state/status.js';
import { controlStyles, messageStyles, shellStyles } from './sse-chat.styles.js';
import { resolveStrings, type SseChatStrings } from './view/strings.js';
import { AnswerDecorators, clickInAnswer } from './view/answer-content.js';
import { Announcer } from './view/announcement.js';
import { composer } from './view/composer.js';
import { closestLang } from './view/locale.js';
import type { ChatHandlers, ViewContext } from './view/context.js';
import { answerMessage, clickInMessages, userMessage } from './view/message.js';
import { clearButton, jumpButton, launcherButton, panelHeader } from './view/panel.js';
import { rememberStepsToggle, stepsPanel } from './view/steps.js';

/**
 * Messages per group in the list. The browser lays out a box's children again whenever one of them changes size,
 * so one flat list of 400 messages costs 400 per streamed frame (and per message scrolled into view); in groups,
 * the streaming answer's group and the groups themselves: about 32 + 13.
 */
const GROUP_SIZE = 32;

/** `messages` in consecutive groups of GROUP_SIZE: a message keeps its group (messages only go at the end). */
const groupsOf = (messages: readonly ChatMessage[]) =>
  Array.from({ length: Math.ceil(messages.length / GROUP_SIZE) }, (_, i) => messages.slice(i * GROUP_SIZE, (i + 1) * GROUP_SIZE));

/** The chats on the page, which render again when a markdown plugin is added. */
const connectedChats = new Set<SseChat>();

/**
 * All `sse-chat-*` events bubble and are composed (they reach `document` from inside other shadow roots); only
 * `sse-chat-send` is cancelable. Every turn that starts ends with exactly one of done, stop or error. The
 * read-only `status` attribute (`idle`, `connecting`, `streaming`, `error`) is there for CSS and tests.
 *
 * `layout="launcher"` turns the chat into a round button in a corner of the viewport that opens it as a floating,
 * non-modal panel; on narrow screens it fills the viewport as a modal dialog (the page behind inert). Whether it
 * is open is remembered for the tab (sessionStorage, per endpoint), so a reload or the site's next page shows it
 * as the reader left it.
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
 * @event {SseChatSendEvent} sse-chat-send - The user is about to send `detail.text` (`detail.retry` for Retry, `detail.editOf` the replaced question's id for an edit). Cancelable: `preventDefault()` and nothing is sent.
 * @event {SseChatStartEvent} sse-chat-start - The response opened: `detail.message`, `detail.dialect`, `detail.status` (HTTP).
 * @event {SseChatStreamEvent} sse-chat-event - One SSE message was applied: `detail.message`, `detail.raw` ({event, data, id}), `detail.events` (chat events).
 * @event {SseChatDoneEvent} sse-chat-done - The answer is complete: `detail.message`.
 * @event {SseChatStopEvent} sse-chat-stop - The answer was stopped: `detail.message` (the partial answer).
 * @event {SseChatErrorEvent} sse-chat-error - The turn failed: `detail.message`, `detail.error` ({code, message, status, retryAfter, retryable}).
 * @event {SseChatFeedbackEvent} sse-chat-feedback - The reader gave, changed or withdrew a thumbs up or down (`feedback` attribute): `detail.messageId`, `detail.value` (`up`, `down` or undefined), `detail.text`.
 * @event {SseChatToggleEvent} sse-chat-toggle - The launcher's panel opened or closed: `detail.open`. Not fired for the state at load.
 *
 * @csspart launcher - The round button that opens and closes the chat (`layout="launcher"`).
 * @csspart panel - The chat itself; in the launcher layout, the floating panel (`role="dialog"`; modal while it fills a narrow screen).
 * @csspart close-button - Closes the launcher's panel.
 *
 * @csspart messages - The scrolling message list (`role="log"`).
 * @csspart message - Each message; `data-role` (`user`, `assistant`) and `data-status` (`streaming`, `done`, `stopped`, `error`) say whose it is and how it ended.
 * @csspart message-user - Also on each of the user's messages.
 * @csspart message-assistant - Also on each answer.
 * @csspart bubble - The user's text.
 * @csspart edit-button - Under each question while no answer streams: opens it for editing (`edit()`).
 * @csspart edit-form - The question being edited: its text box, Cancel and Send (Escape cancels, Enter sends).
 * @csspart edit-input - The text box of the question being edited.
 * @csspart edit-cancel-button - Leaves the question as it was.
 * @csspart edit-send-button - Sends the edited question; the answers after it are replaced.
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
 * @csspart more - "+ 12 more" closing a long list of sources, or opening a long list of steps (only the latest show).
 * @csspart actions - The buttons under a finished or stopped answer.
 * @csspart copy-button - Copies the answer's markdown source; reads "Copied" for a moment after.
 * @csspart feedback-button - A thumbs up (`name="up"`) or down (`name="down"`) under a finished answer (`feedback`); `aria-pressed` says which is given.
 * @csspart suggestions - The row of follow-up questions the server suggested (`suggestions` event), under the last finished answer only.
 * @csspart suggestion - One suggested follow-up: a button that sends its text.
 * @csspart regenerate-button - Under the last finished answer: asks again, replacing that answer (as `retry()`).
 * @csspart clear-button - Under the conversation while no answer streams, and in place of Retry when a request was too large (HTTP 413): empties it at once, like `clear()`; no confirmation, no undo.
 * @csspart stopped - The marker under a stopped answer.
 * @csspart error - The error under a failed answer (`role="alert"`).
 * @csspart retry-button - Sends the last message again.
 * @csspart jump-button - "Jump to latest", shown when the reader scrolled up.
 * @csspart composer - The form at the bottom.
 * @csspart input - The text box.
 * @csspart send-button - Send.
 * @csspart stop-button - Stop (replaces Send while an answer streams).
 * @csspart attach-button - Opens the file picker (`attachments`).
 * @csspart attachments - The files attached to a message: in the composer, and above a sent question.
 * @csspart attachment - One attached file: its name, size and, in the composer, a thumbnail for an image and a remove button.
 * @csspart attachment-thumbnail - An attached image's thumbnail, in the composer.
 * @csspart attachment-name - An attached file's name.
 * @csspart attachment-size - An attached file's size ("4.2MB").
 * @csspart attachment-remove-button - Removes a file from the composer.
 * @csspart attachment-error - Says which files were not attached, and why (`role="alert"`).
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
export class SseChat extends LitElement implements ChatHandlers {
  /** Registers the element under `tag` (once) and returns the class. */
  static define(tag = 'sse-chat', registry: CustomElementRegistry = customElements) {
    if (!registry.get(tag)) registry.define(tag, this);
    return this;
  }

  /**
   * Adds opt-in markdown syntax to every chat on the page, e.g. maths: `sse-chat/math` and `sse-chat.math.js`
   * call this themselves. Answers already shown render again with it.
   */
  static use(plugin: MarkdownPlugin) {
    if (addMarkdownPlugin(plugin)) for (const chat of connectedChats) chat.requestUpdate();
  }

  // The messages' sheet joins when the first message renders (adoptSheets): an empty chat does not parse it.
  static override styles = [shellStyles, controlStyles];

  static override properties = {
    endpoint: {},
    dialect: {},
    model: {},
    placeholder: {},
    sessionId: { attribute: 'session-id' },
    credentials: {},
    history: { type: Number },
    historyBytes: { type: Number, attribute: 'history-bytes' },
    idleTimeout: { type: Number, attribute: 'idle-timeout' },
    turnTimeout: { type: Number, attribute: 'turn-timeout' },
    responseTimeout: { type: Number, attribute: 'response-timeout' },
    maxAnswerChars: { type: Number, attribute: 'max-answer-chars' },
    allowImages: { type: Boolean, attribute: 'allow-images' },
    feedback: { type: Boolean },
    attachments: { type: Boolean },
    accept: {},
    maxFileSize: { type: Number, attribute: 'max-file-size' },
    maxAttachmentsSize: { type: Number, attribute: 'max-attachments-size' },
    maxAttachments: { type: Number, attribute: 'max-attachments' },
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
    editing: { state: true },
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
  /**
   * The most bytes (UTF-8) of earlier exchanges' text sent with each message (default 32768): the oldest are left
   * out first, so a long conversation stays under a server's body limit (64 KiB is a common one).
   */
  declare historyBytes: number;
  /** Milliseconds without a byte (or heartbeat), once the response has begun, before the answer fails as stalled (default 60000). */
  declare idleTimeout: number;
  /**
   * Milliseconds to wait for the server's response headers before the answer fails as stalled (default 300000).
   * Longer than `idle-timeout`: browsers open 6 connections per host, so a 7th chat's request waits in a queue.
   */
  declare responseTimeout: number;
  /** Milliseconds a whole answer may take before it fails (default 600000). */
  declare turnTimeout: number;
  /**
   * The longest answer, in characters (default 2000000, about 2 MB of text): past it the answer ends with an
   * `answer-too-large` error, keeping the text up to the limit. `0` turns the limit off.
   */
  declare maxAnswerChars: number;
  /** Whether markdown images in answers are shown (off by default: an image is a request to a server's choice). */
  declare allowImages: boolean;
  /**
   * Shows thumbs up and down beside Copy under each finished answer. A click sets the answer's `feedback` (`up` or
   * `down`; the same thumb again withdraws it), dispatches `sse-chat-feedback` and is kept with the conversation
   * (`persist`). Off by default.
   */
  declare feedback: boolean;
  /**
   * Lets the reader attach files to a message: an attach button in the composer, paste and drag-and-drop of files.
   * They show as chips (name, size, a thumbnail for images) with a remove button, and go with the message in the
   * dialect's own shape (docs/protocol.md); the conversation keeps their names, types and sizes, never their bytes.
   * Off by default. `send(text, { files })` attaches files from script either way.
   */
  declare attachments: boolean;
  /** Which files may be attached, as `<input accept>`: MIME types (`image/*`, `application/pdf`) and extensions (`.csv`), comma-separated. Unset: any. */
  declare accept: string | undefined;
  /** The largest file, in bytes (default 5242880, 5 MiB: Anthropic's limit for an image). */
  declare maxFileSize: number;
  /**
   * The most bytes of one message's files together (default 10485760, 10 MiB): base64 makes them a third larger in
   * the request, which keeps it under Gemini's 20 MB and Anthropic's 32 MB request limits.
   */
  declare maxAttachmentsSize: number;
  /** The most files one message may carry (default 10). */
  declare maxAttachments: number;
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
  /** The id of the question the reader is editing, if any. */
  private declare editing: string | undefined;
  /** Files in the composer, waiting to be sent, and the last ones refused. */
  private readonly attached = new AttachmentsController(this);
  /** Whether the messages' sheet is adopted (from the first message on). */
  private messagesStyled = false;
  /** `strings` merged over the defaults, kept between renders so the per-message guards see the same object. */
  private resolvedStrings = resolveStrings(undefined);

  private readonly turns = new ChatTurnController(this, () => ({
    endpoint: this.endpoint,
    dialect: this.dialect,
    model: this.model,
    sessionId: this.sessionId,
    credentials: this.credentials,
    history: this.history,
    historyBytes: this.historyBytes,
    idleTimeout: this.idleTimeout,
    responseTimeout: this.responseTimeout,
    turnTimeout: this.turnTimeout,
    maxAnswerChars: this.maxAnswerChars,
    headers: this.headers,
    buildBody: this.buildBody,
    mapEvent: this.mapEvent,
    fetch: this.fetch,
  }));
  private readonly autoScroll = new AutoScrollController(this, {
    scroller: () => this.renderRoot.querySelector<HTMLElement>('[part="messages"]'),
    content: () => this.renderRoot.querySelector('.message-list'),
  });
  private readonly clock = new ClockController(this, () => this.turns.busy);
  private readonly copies = new CopyController(this);
  /** Steps panels the reader opened or closed against the automatic choice, by message id. */
  private readonly stepsOpen = new Map<string, boolean>();
  private readonly decorators = new AnswerDecorators(() => closestLang(this), () => this.messages);
  private readonly announcer = new Announcer();
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
    // Only the host calls it (addController): no field, which nothing would read.
    new MessageSizeController(this, {
      list: () => this.renderRoot.querySelector<HTMLElement>('.message-list'),
      busy: () => this.turns.busy,
      count: () => this.turns.messages.length,
      group: '.message-group',
    });
    this.endpoint = '';
    this.dialect = 'auto';
    this.sessionId = this.ownSessionId;
    this.credentials = 'same-origin';
    this.history = 10;
    this.historyBytes = 32_768;
    this.idleTimeout = DEFAULT_IDLE_TIMEOUT;
    this.responseTimeout = DEFAULT_RESPONSE_TIMEOUT;
    this.turnTimeout = DEFAULT_TURN_TIMEOUT;
    this.maxAnswerChars = DEFAULT_MAX_ANSWER_CHARS;
    this.allowImages = false;
    this.feedback = false;
    this.attachments = false;
    this.maxFileSize = 5_242_880;
    this.maxAttachmentsSize = 10_485_760;
    this.maxAttachments = 10;
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

  /**
   * The conversation so far, oldest first (read-only snapshots; use `send`, `retry` and `clear` to change it). A
   * streaming answer's `steps`, `sources` and `notices` grow in place; its `revision` changes when they do.
   */
  get messages(): readonly ChatMessage[] {
    return this.turns.messages;
  }

  /**
   * Sends `text`, with `files` attached if given, and resolves when its answer ends (done, stopped or failed); failures
   * show, never reject. Files that `accept`, `max-file-size`, `max-attachments-size` or `max-attachments` refuse
   * are not sent: nothing is, and the reason shows (and is announced) as it does in the composer.
   */
  send(text: string, options: { files?: readonly File[] } = {}): Promise<void> {
    const files = options.files ?? [];
    if (!this.attached.allows(files)) return Promise.resolve();
    this.autoScroll.jumpToLatest();
    return this.turns.send(text, files).finished;
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
    this.attached.clear();
    this.persistence.clear();
    this.stepsOpen.clear();
    this.decorators.clear();
    // What markdown plugins keep between renders (the maths' rendered formulas) goes with the conversation.
    for (const plugin of markdownPlugins) plugin.release?.();
    if (this.sessionId === this.ownSessionId) this.sessionId = this.ownSessionId = createSessionId();
  }

  /**
   * Replaces the question `messageId` by `text` and asks again: the answers after it (and later questions) are
   * removed, so the conversation forks there. `sse-chat-send` reports it with `detail.editOf`. A streaming answer is
   * stopped first (the Edit button itself shows only while none streams). Resolves when the new answer ends.
   */
  edit(messageId: string, text: string): Promise<void> {
    this.editing = undefined;
    this.autoScroll.jumpToLatest();
    return this.turns.edit(messageId, text).finished;
  }

  /** Sends the last message again, replacing its answer (failed, stopped or finished: Regenerate); resolves when the new answer ends. */
  retry(): Promise<void> {
    this.autoScroll.jumpToLatest();
    return this.turns.retry();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    connectedChats.add(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    connectedChats.delete(this);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // The highlighter brings its own token styles, so the element's stay free of them.
    if (changed.has('highlighter') && (this.highlighter?.styles || changed.get('highlighter')?.styles)) this.adoptSheets();
  }

  /** The element's sheets, with the messages' between shell and controls once a message shows, then the highlighter's. */
  private adoptSheets() {
    const sheets = [...SseChat.elementStyles];
    if (this.messagesStyled) sheets.splice(sheets.indexOf(controlStyles), 0, messageStyles);
    if (this.highlighter?.styles) sheets.push(this.highlighter.styles);
    adoptStyles(this.renderRoot as ShadowRoot, sheets);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('strings')) this.resolvedStrings = resolveStrings(this.strings);
    if (changed.has('attachments') && !this.attachments) this.attached.files = [];
    if (!this.hasUpdated) this.launcher.restore();
    if (changed.has('persist') || changed.has('endpoint') || changed.has('sessionId')) this.persistence.restore();
    // In the update that renders the first message (sent or restored), so it is painted styled.
    if (!this.messagesStyled && this.messages.length) {
      this.messagesStyled = true;
      this.adoptSheets();
    }
    // Reflected by hand because `status` is read-only: it belongs to the turn controller.
    if (this.getAttribute('status') !== this.status) this.setAttribute('status', this.status);
  }

  override render() {
    const view: ViewContext = { strings: this.resolvedStrings, locale: closestLang(this), now: this.clock.now, host: this };
    const { strings, locale } = view;
    const messages = this.messages;
    const busy = this.turns.busy;
    const attached = this.attached;
    const last = messages[messages.length - 1];
    const launcher = this.layout === 'launcher';
    // One panel in both layouts (`display: contents` inline), so switching layouts keeps the rendered answers. The
    // live regions come after it, outside, so a launcher closed mid-answer still says when the answer finished.
    // Whitespace only inside tags: Lit keeps a template's text, in the bundle and as text nodes.
    return html`${launcher ? launcherButton(view, { open: this.open, modal: this.launcher.modal }) : nothing}<div part="panel" id="panel" class="panel"
        role=${launcher ? 'dialog' : nothing} aria-label=${launcher ? strings.panelLabel : nothing} aria-modal=${this.launcher.modal ? 'true' : nothing}
        ?hidden=${launcher && !this.open} @keydown=${this.handlePanelKeydown}
        >${launcher ? panelHeader(view) : html`<slot name="header"></slot>`}<div part="messages" class="messages" role="log" aria-live="off"
          aria-label=${strings.conversationLabel} aria-busy=${busy ? 'true' : 'false'} tabindex="0"
          ><div class="message-list" @click=${this.handleMessagesClick}
            >${messages.length === 0
              ? html`<slot name="empty"></slot>`
              : groupsOf(messages).map(group => html`<div class="message-group">${repeat(
                  group,
                  message => message.id,
                  message =>
                    guard(
                      [
                        message,
                        strings,
                        locale,
                        this.allowImages,
                        this.feedback,
                        this.highlighter,
                        markdownPlugins.length,
                        message === last,
                        this.editing === message.id,
                        this.copies.copied === message.id,
                        message.status === MessageStatus.Streaming && view.now,
                        catchUps.get(message),
                      ],
                      () => this.renderMessage(view, message, message === last),
                    ),
                )}</div>`)}${messages.length > 0 && !busy ? clearButton(view) : nothing}</div
        ></div
        >${this.autoScroll.showJump ? jumpButton(view) : nothing}${composer(view, {
          draft: this.draft,
          placeholder: this.placeholder,
          busy,
          attach: this.attachments || attached.refused.length
            ? { files: attached.files, accept: this.accept, refused: attached.refused, picker: this.attachments, thumbnail: attached.thumbnail }
            : undefined,
        })}<slot name="footer"></slot></div
      ><div class="visually-hidden" role="status" aria-live="polite">${this.announcer.next(last, view)}</div
      ><div class="visually-hidden" role="status" aria-live="polite">${this.copies.announcement}</div>`;
  }

  /** One message, rendered again only when its guard's inputs change: the user's bubble, or an answer. */
  protected renderMessage(view: ViewContext, message: ChatMessage, isLast: boolean) {
    if (message.role === 'user') return userMessage(view, message, this.editing === message.id);
    const streaming = message.status === MessageStatus.Streaming;
    const cutShort = message.status === MessageStatus.Stopped || message.status === MessageStatus.Error;
    const decorate = this.decorators.for(message, view.strings, this.highlighter);
    return answerMessage(view, message, {
      isLast,
      copied: this.copies.copied === message.id,
      feedback: this.feedback,
      steps: stepsPanel(view, message, this.stepsOpen),
      markdown: answerMarkdown(message, { streaming, cutShort, allowImages: this.allowImages, decorate, growth: textGrowth(message) }, this.turns),
    });
  }

  // The reader's acts (`ChatHandlers`): public only so the view's templates can bind them; not API.

  /** @internal Escape anywhere in the chat stops a streaming answer first; only then does it close the launcher's panel. */
  handlePanelKeydown(event: KeyboardEvent) {
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

  /** @internal The launcher and the panel's close button (shown only while it is open) toggle it. */
  handleLauncherClick() {
    this.open = !this.open;
  }

  /** @internal */
  handleJumpClick() {
    this.autoScroll.jumpToLatest();
  }

  /** @internal */
  handleClearClick() {
    this.clear();
    this.input?.focus();
  }

  /** @internal */
  handleInput(event: InputEvent) {
    this.draft = (event.target as HTMLTextAreaElement).value;
  }

  /** @internal */
  handleSubmit(event: SubmitEvent) {
    event.preventDefault();
    this.sendDraft();
  }

  /** @internal Enter sends (not while an answer streams), Shift+Enter is a new line. */
  handleComposerKeydown(event: KeyboardEvent) {
    // isComposing: Enter that confirms an IME candidate must not send half a word.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.target === this.input) {
      event.preventDefault();
      this.sendDraft();
    }
  }

  /** @internal */
  handleStopClick() {
    this.stop();
    this.input?.focus();
  }

  /** @internal */
  handleAttachClick() {
    this.renderRoot.querySelector<HTMLInputElement>('#files')?.click();
  }

  /** @internal Files picked, pasted or dropped on the composer. */
  handleFiles(event: Event) {
    this.attached.receive(event);
  }

  /** @internal Focus goes to the text box, since the button it was on is gone. */
  handleAttachmentRemove(event: MouseEvent) {
    this.attached.remove(Number((event.currentTarget as HTMLButtonElement).value));
    this.input?.focus();
  }

  /** @internal */
  handleRetryClick() {
    void this.retry();
    this.input?.focus();
  }

  /** @internal */
  handleMessagesClick(event: MouseEvent) {
    clickInMessages(event, this);
  }

  /** @internal */
  handleCopyClick(button: HTMLButtonElement) {
    const message = this.messages.find(candidate => candidate.id === button.value);
    const strings = this.resolvedStrings;
    if (message) void this.copies.copy(message.text, message.id, { copied: strings.copied, failed: strings.copyFailed });
  }

  /** @internal The same thumb again withdraws the feedback; the other one changes it. */
  handleFeedbackClick({ value: id, name }: HTMLButtonElement) {
    const value = name as Feedback;
    const current = this.messages.find(candidate => candidate.id === id);
    if (!current) return;
    const message = this.turns.setFeedback(id, current.feedback === value ? undefined : value);
    if (message) this.dispatchEvent(new SseChatFeedbackEvent({ messageId: id, value: message.feedback, text: message.text }));
  }

  /** @internal */
  async handleEditClick(button: HTMLButtonElement) {
    this.editing = button.value;
    await this.updateComplete;
    const box = this.renderRoot.querySelector<HTMLTextAreaElement>('[part="edit-input"]');
    box?.focus();
    box?.select();
  }

  /** @internal */
  handleEditSubmit(event: SubmitEvent) {
    event.preventDefault();
    const box = (event.currentTarget as HTMLFormElement).querySelector('textarea');
    if (this.editing && box?.value.trim()) {
      void this.edit(this.editing, box.value);
      this.input?.focus();
    }
  }

  /** @internal Enter resends (Shift+Enter is a new line); Escape cancels, and goes no further (no Stop, no close). */
  handleEditKeydown(event: KeyboardEvent) {
    if (event.isComposing) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      this.handleEditCancel();
    } else if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      (event.currentTarget as HTMLFormElement).requestSubmit();
    }
  }

  /** @internal Focus goes back to the question's Edit button. */
  async handleEditCancel() {
    const id = this.editing;
    this.editing = undefined;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>(`[part="edit-button"][value="${id}"]`)?.focus();
  }

  /** @internal A suggested follow-up is sent as if typed; the draft in the box stays. */
  handleSuggestionClick(button: HTMLButtonElement) {
    void this.send(button.textContent ?? '');
    this.input?.focus();
  }

  /** @internal */
  handleContentClick(event: MouseEvent) {
    clickInAnswer(event, { root: this.renderRoot as ShadowRoot, copy: this.copies.copy.bind(this.copies), strings: this.resolvedStrings });
  }

  /** @internal */
  handleStepsToggle(event: Event) {
    rememberStepsToggle(event.currentTarget as HTMLDetailsElement, this.stepsOpen);
  }

  private get input() {
    return this.renderRoot.querySelector<HTMLTextAreaElement>('#input');
  }

  private sendDraft() {
    // Enter or a submit while an answer streams does nothing: the text stays for when the reader stops or it ends.
    if (this.turns.busy) return;
    const { accepted } = this.turns.send(this.draft, this.attached.files);
    if (!accepted) return;
    this.draft = '';
    this.attached.clear();
    this.autoScroll.jumpToLatest();
    this.input?.focus();
  }
}
