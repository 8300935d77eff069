import type { HooksObject, MarkedExtension } from 'marked';

/**
 * Opt-in syntax for the answers' markdown, such as `sse-chat/math`: added for every chat on the page
 * (`SseChat.use(plugin)`), so the script-tag bundle carries none of it. A plugin never hands HTML to the page: its
 * renderer's output still goes through the markdown sanitizer (so it can only use markdown's own tags, e.g. a
 * `<code class="language-…">` placeholder), and `decorate` then replaces that with DOM the plugin built itself.
 */
export interface MarkdownPlugin {
  /**
   * marked tokenizers, renderers and the lexer's `emStrongMask` hook for the new syntax (inline syntax keeps block
   * structure, and streaming, as it is). Not `walkTokens` nor the `preprocess`, `postprocess` or `processAllTokens`
   * hooks: answers are lexed and rendered block by block as they stream, never as one document, so those would
   * never run (the type refuses them).
   */
  readonly extension: MarkdownExtension;
  /**
   * Runs on each rendered, sanitized fragment after the chat's own decorators, with the same contract as
   * MarkdownDecorator: the same input decorates the same way every time, and the streaming tail (`finished` false)
   * is decorated every frame, so it must stay cheap there.
   */
  readonly decorate: (fragment: DocumentFragment, finished: boolean) => void;
  /**
   * Where the syntax sits in the paragraph being streamed: `[start, end)` ranges the repair of a streaming tail
   * treats like code spans (no emphasis, link or tag inside them is closed or held back). A range may end at
   * `text.length` for syntax not closed yet.
   */
  readonly spans?: (text: string) => Array<[start: number, end: number]>;
  /** Called on Clear: drop what the plugin keeps for the conversation (caches of rendered syntax). */
  readonly release?: () => void;
}

/** The part of a marked extension that block-by-block rendering runs (see MarkdownPlugin.extension). */
export type MarkdownExtension = Omit<MarkedExtension, 'walkTokens' | 'hooks' | 'async'> & {
  readonly hooks?: Pick<HooksObject, 'emStrongMask'>;
};

const plugins: MarkdownPlugin[] = [];

/** The plugins in use, in the order they were added. */
export const markdownPlugins: readonly MarkdownPlugin[] = plugins;

/** Adds a plugin for all markdown rendered from now on; says whether it was new. */
export function addMarkdownPlugin(plugin: MarkdownPlugin): boolean {
  if (plugins.includes(plugin)) return false;
  plugins.push(plugin);
  return true;
}
