import type { Token, Tokens, TokensList } from 'marked';

/**
 * What the fast paths for a long open table or list share with the StreamingMarkdown they serve: the same
 * lexer, definitions, sanitizer and decorator as the whole-tail path, so a piece they render is rendered exactly
 * as it would be there.
 */
export interface TailRenderer {
  /** Block tokens of raw `markdown` (no inline lexing, no repair): the structure the whole-tail path decides on. */
  blockTokens(markdown: string): Token[];
  /** Lexes `markdown` with the tail's definitions, renders, sanitizes and decorates it as the streaming tail. */
  render(markdown: string): { tokens: TokensList; fragment: DocumentFragment };
}

/**
 * A fast path that keeps a long open block up to date by rendering only its end. It changes nothing unless it
 * can show exactly what the whole-tail path would show.
 */
export interface OpenBlock {
  readonly kind: 'table' | 'list';
  /**
   * Shows `text`, which extends the text last shown, by rendering only the block's open end.
   * @param repaired the tail (the text from the offset the block was taken over with) after `repairMarkdownTail`,
   *   exactly what the whole-tail path would lex: the block uses it from where it starts re-rendering on, after
   *   checking that the repair left everything before that alone.
   * @returns false, with the DOM untouched, when the whole tail must be rendered instead.
   */
  append(text: string, repaired: string): boolean;
}

/** The table the tail ends with, running to the end of the text with its header and delimiter rows complete. */
export interface OpenTableAt {
  token: Tokens.Table;
  /** Offset of the table in the text. */
  start: number;
  /** Offset of its first body row (just after the delimiter row's newline). */
  rowsStart: number;
}

/** The list the tail ends with (only blank lines may follow it). */
export interface OpenListAt {
  token: Tokens.List;
  /** Offset of each item in the text. */
  itemStarts: number[];
}

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
 * The table or list that the tail's unfinished blocks end with, if it is still open at the end of the text.
 * @param unfinished the tail's block tokens after its finished blocks (raw text, no repair).
 * @param start offset of the first of them in `text`.
 */
export function openBlockAtEnd(unfinished: Token[], start: number, text: string): OpenTableAt | OpenListAt | null {
  const { last, lastStart } = lastBlockAt(unfinished, start);
  if (last?.type === 'table') {
    // Trailing blank lines end a table (a single newline belongs to its last row).
    if (lastStart + last.raw.length !== text.length) return null;
    const headerEnd = last.raw.indexOf('\n');
    const delimiterEnd = last.raw.indexOf('\n', headerEnd + 1);
    // A delimiter row still being typed can still turn the table into a paragraph.
    if (delimiterEnd === -1) return null;
    return { token: last as Tokens.Table, start: lastStart, rowsStart: lastStart + delimiterEnd + 1 };
  }
  if (last?.type === 'list') {
    const list = last as Tokens.List;
    const itemStarts: number[] = [];
    let itemStart = lastStart;
    for (const item of list.items) {
      itemStarts.push(itemStart);
      itemStart += item.raw.length;
    }
    return { token: list, itemStarts };
  }
  return null;
}

/**
 * Whether the repaired tail holds the text's characters from `from` to `to` unchanged, at the same place: then the
 * repair left that stretch alone and what was rendered from the text there still holds.
 * @param tailOffset where the tail starts in `text`.
 */
export function unrepaired(text: string, repaired: string, tailOffset: number, from: number, to: number): boolean {
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
