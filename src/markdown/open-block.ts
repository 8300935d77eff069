import type { Token, TokensList } from 'marked';

/**
 * A fast path that keeps a long open block at the end of a streaming answer up to date by rendering only its end:
 * a code fence (OpenFence), a table (OpenTable) or a list (OpenList). It changes nothing unless it can show exactly
 * what the whole-tail path would show.
 */
export interface OpenBlock {
  readonly kind: 'fence' | 'table' | 'list';
  /**
   * Shows `text`, which extends the text last shown, by rendering only the block's open end.
   * @returns false, with the DOM untouched, when the whole tail must be rendered instead.
   */
  append(text: string): boolean;
}

/**
 * What the fast paths share with the StreamingMarkdown they serve: the same lexer, definitions, repair, sanitizer
 * and decorator as the whole-tail path, so a piece they render is rendered exactly as it would be there.
 */
export interface TailRenderer {
  /** Block tokens of raw `markdown` (no inline lexing, no repair): the structure the whole-tail path decides on. */
  blockTokens(markdown: string): Token[];
  /** Lexes `markdown` with the tail's definitions, renders, sanitizes and decorates it as the streaming tail. */
  render(markdown: string): { tokens: TokensList; fragment: DocumentFragment };
  /**
   * The tail of `text` (from the offset the block was taken over with) after `repairMarkdownTail`: exactly what the
   * whole-tail path would lex. A block uses it from where it starts re-rendering on, after checking that the repair
   * left everything before that alone.
   */
  repairedTail(text: string): string;
}

/** A text and its tail as the repair left it, to check what the repair changed (see unrepaired). */
export interface RepairedTail {
  text: string;
  /** Where the tail starts in `text`. */
  tailOffset: number;
  /** The tail, repaired. */
  repaired: string;
}

/** The tail as the whole-tail path has just shown it, for a fast path to take over its last block. */
export interface ShownTail extends RepairedTail {
  /** The tail as rendered (lexed from `repaired`). */
  tokens: TokensList;
  /** The container's last element, which should show the block. */
  element: Element | null;
  renderer: TailRenderer;
}

/**
 * Takes over the tail's last block (raw block token `block` at offset `start` of the text), if it is still open at
 * the end of the text and the live DOM is laid out as expected; null otherwise.
 */
export type TakeOver = (block: Token, start: number, shown: ShownTail) => OpenBlock | null;

/**
 * The last block that is not blank space among the tail's unfinished blocks, and its offset in the text.
 * @param start offset of the first of them in the text.
 */
export function lastBlockAt(unfinished: Token[], start: number): { last: Token | undefined; lastStart: number } {
  let offset = start;
  let last: Token | undefined;
  let lastStart = start;
  for (const block of unfinished) {
    if (block.type !== 'space') {
      last = block;
      lastStart = offset;
    }
    offset += block.raw.length;
  }
  return { last, lastStart };
}

/**
 * Whether the repaired tail holds the text's characters from `from` to `to` unchanged, at the same place: then the
 * repair left that stretch alone and what was rendered from the text there still holds.
 */
export function unrepaired({ text, tailOffset, repaired }: RepairedTail, from: number, to: number): boolean {
  return to - tailOffset <= repaired.length && repaired.startsWith(text.slice(from, to), from - tailOffset);
}

/** The single block `tokens` consist of (spacing after it allowed), if it has this type. */
export function onlyBlock<T extends Token['type']>(tokens: Token[], type: T): Extract<Token, { type: T }> | null {
  const first = tokens[0];
  if (first?.type !== type) return null;
  for (let i = 1; i < tokens.length; i++) if (tokens[i]!.type !== 'space') return null;
  return first as Extract<Token, { type: T }>;
}

/** The last block of `tokens` that is not spacing. */
export function lastBlock(tokens: Token[]): Token | undefined {
  for (let i = tokens.length - 1; i >= 0; i--) if (tokens[i]!.type !== 'space') return tokens[i];
  return undefined;
}

/** Removes `node` and every sibling after it. */
export function removeFrom(node: ChildNode | null): void {
  while (node) {
    const next: ChildNode | null = node.nextSibling;
    node.remove();
    node = next;
  }
}

/** How many newlines `text` holds. */
export function countLines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
