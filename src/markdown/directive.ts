import { noChange } from 'lit';
import { Directive, directive, type ElementPart } from 'lit/directive.js';
import { StreamingMarkdown, type MarkdownDecorator, type RenderOptions } from './streaming-markdown.js';

/** Options of the `streamingMarkdown` directive: how to show the text (see RenderOptions), and how to render it. */
export interface StreamingMarkdownDirectiveOptions extends RenderOptions {
  /** Render images (remote images load). Default false: images show as links. */
  allowImages?: boolean;
  /**
   * Adds trusted DOM (citation links, code block headers) to each rendered fragment. A different function
   * renders the answer again from scratch, so pass the same function while its output would not change.
   */
  decorate?: MarkdownDecorator | undefined;
}

/**
 * New lines one render shows at most; more wait for the next frame. 10,000 headings arriving at once took 0.5–2.5 s
 * of CPU in one task; 512 lines of the smallest blocks cost tens of milliseconds.
 */
const LINES_PER_FRAME = 512;

class StreamingMarkdownDirective extends Directive {
  #view: StreamingMarkdown | undefined;
  #element: Element | undefined;
  #allowImages = false;
  #decorate: MarkdownDecorator | undefined;
  /** The arguments of the last render, which a continuation repeats until the view has caught up. */
  #last!: [string, RenderOptions];
  #frame = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  override render(_text: string, _options?: StreamingMarkdownDirectiveOptions): unknown {
    return noChange;
  }

  override update(part: ElementPart, [text, options = {}]: [string, StreamingMarkdownDirectiveOptions?]): unknown {
    const allowImages = options.allowImages === true;
    const { decorate } = options;
    if (!this.#view || this.#element !== part.element || this.#allowImages !== allowImages || this.#decorate !== decorate) {
      this.#element = part.element;
      this.#allowImages = allowImages;
      this.#decorate = decorate;
      this.#view = new StreamingMarkdown(part.element, { allowImages, decorate, linesPerRender: LINES_PER_FRAME });
    }
    // Rendered within the host's update, not a frame later: the host already batches token-rate updates to one
    // per animation frame (ChatTurnController does), so the text reaches the DOM in the frame that brought it,
    // and a finished answer is final within this render (no cursor or repaired tail outlives `done`) unless it
    // brought more than LINES_PER_FRAME new lines: those are shown over the next frames.
    this.#last = [text ?? '', options];
    this.#renderLast();
    return noChange;
  }

  /** Renders the last arguments; while the view is behind, again in the next frame (or after 100 ms in a background tab). */
  readonly #renderLast = () => {
    cancelAnimationFrame(this.#frame);
    clearTimeout(this.#timer);
    const view = this.#view!;
    view.render(...this.#last);
    if (!view.pending) return;
    // Whichever comes first: rAF stops in a background tab.
    this.#frame = requestAnimationFrame(this.#renderLast);
    this.#timer = setTimeout(this.#renderLast, 100);
  };
}

/**
 * Renders streaming markdown into the element it is placed on (an element binding only), incrementally:
 * `<div part="content" ${streamingMarkdown(message.text, { streaming: message.status === 'streaming' })}></div>`.
 * It renders synchronously in each host update that reaches it (unchanged text costs nothing), so the host must
 * batch token-rate updates to one per animation frame, as `<sse-chat>` does. Keeps one StreamingMarkdown per
 * element.
 */
export const streamingMarkdown = directive(StreamingMarkdownDirective);
