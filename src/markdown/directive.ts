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
  /**
   * Called when a render left the text partly shown (more than LINES_PER_FRAME new lines): the host renders the
   * directive again, with the same text, in a later frame (not in this task), and it shows the next lines. The
   * host's one frame scheduler does it, so the directive never schedules work of its own.
   */
  continueNextFrame?: (() => void) | undefined;
}

/**
 * New lines one render shows at most; more wait for the next frame. 10,000 headings arriving at once took 0.5–2.5 s
 * of CPU in one task; 512 lines of the smallest blocks cost tens of milliseconds.
 */
const LINES_PER_FRAME = 512;

class StreamingMarkdownDirective extends Directive {
  #view: StreamingMarkdown | undefined;
  #allowImages = false;
  #decorate: MarkdownDecorator | undefined;

  override render(_text: string, _options?: StreamingMarkdownDirectiveOptions): unknown {
    return noChange;
  }

  override update(part: ElementPart, [text, options = {}]: [string, StreamingMarkdownDirectiveOptions?]): unknown {
    const allowImages = options.allowImages === true;
    const { decorate } = options;
    // A directive serves one part, so one element: a view lasts while its options do.
    if (!this.#view || this.#allowImages !== allowImages || this.#decorate !== decorate) {
      this.#allowImages = allowImages;
      this.#decorate = decorate;
      this.#view = new StreamingMarkdown(part.element, { allowImages, decorate, linesPerRender: LINES_PER_FRAME });
    }
    // Rendered within the host's update, not a frame later: the host already batches token-rate updates to one
    // per animation frame (ChatTurnController does), so the text reaches the DOM in the frame that brought it,
    // and a finished answer is final within this render (no cursor or repaired tail outlives `done`) unless it
    // brought more than LINES_PER_FRAME new lines: the host shows those over its next frames.
    this.#view.render(text, options);
    if (this.#view.pending) options.continueNextFrame?.();
    return noChange;
  }
}

/**
 * Renders streaming markdown into the element it is placed on (an element binding only), incrementally:
 * `<div part="content" ${streamingMarkdown(message.text, { streaming: message.status === 'streaming' })}></div>`.
 * It renders synchronously in each host update that reaches it (unchanged text costs nothing), so the host must
 * batch token-rate updates to one per animation frame, as `<sse-chat>` does, and render it again when it asks
 * (`continueNextFrame`). Keeps one StreamingMarkdown per element.
 */
export const streamingMarkdown = directive(StreamingMarkdownDirective);
