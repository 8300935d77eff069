import type { Token, Tokens } from 'marked';
import { syncChildren } from './dom-sync.js';
import { countLines, lastBlock, onlyBlock, removeFrom, unrepaired, type OpenBlock, type RepairedTail, type ShownTail, type TailRenderer } from './open-block.js';

/**
 * The fast path for a long table still streaming: each frame renders only the rows from the last line on (plus
 * any the repair touched) and puts them at the end of the live `<tbody>`, so a frame costs the new text, not the
 * table.
 *
 * Why that shows what rendering the whole tail would: a GFM table's body rows are lines, each rendered on its own
 * (its cells split and lexed inline against the header's column count and alignments), and whether a line is a row
 * or ends the table depends on that line alone (a blank line, or one that starts another block). So the rows of
 * complete lines that the repair left alone never change, and the header and delimiter rows followed by the rest,
 * lexed as a small table of their own, give the other rows exactly.
 */
export class OpenTable implements OpenBlock {
  readonly kind = 'table';

  readonly #renderer: TailRenderer;
  readonly #tailOffset: number;
  readonly #table: Element;
  #body: Element | null;
  /** The header and delimiter rows with their newlines: lexed again with the new rows each frame. */
  readonly #head: string;
  /** Offset of the first line whose row is rendered again next frame; the rows before it are final. */
  #openFrom: number;
  /** The live row showing the line at `#openFrom`, or null when no row shows it (yet). */
  #openRow: Element | null;

  private constructor({ renderer, tailOffset }: ShownTail, { table, body, head, from, row }: TableStart) {
    this.#renderer = renderer;
    this.#tailOffset = tailOffset;
    this.#table = table;
    this.#body = body;
    this.#head = head;
    this.#openFrom = from;
    this.#openRow = row;
  }

  /**
   * Takes over a table the whole-tail path has just shown, if it runs to the end of the text with its header and
   * delimiter rows complete and the live DOM is laid out as expected.
   * @param block the table's raw block token, at offset `start` of the text.
   */
  static takeOver(this: void, block: Token, start: number, shown: ShownTail): OpenTable | null {
    const { text, tailOffset, element } = shown;
    // Trailing blank lines end a table (a single newline belongs to its last row).
    if (block.type !== 'table' || start + block.raw.length !== text.length) return null;
    const headerEnd = block.raw.indexOf('\n');
    const delimiterEnd = block.raw.indexOf('\n', headerEnd + 1);
    // A delimiter row still being typed can still turn the table into a paragraph.
    if (delimiterEnd === -1) return null;
    const rowsStart = start + delimiterEnd + 1;
    const rendered = lastBlock(shown.tokens);
    if (rendered?.type !== 'table' || element?.nodeName !== 'TABLE') return null;
    const rows = (rendered as Tokens.Table).rows.length;
    const body = element.lastElementChild?.nodeName === 'TBODY' ? element.lastElementChild : null;
    if ((body?.childElementCount ?? 0) !== rows || !unrepaired(shown, tailOffset, rowsStart)) return null;
    const openFrom = finalRowsEnd(shown, rowsStart);
    const finalRows = countLines(text.slice(rowsStart, openFrom));
    if (rows < finalRows) return null;
    return new OpenTable(shown, { table: element, body, head: text.slice(start, rowsStart), from: openFrom, row: body?.children[finalRows] ?? null });
  }

  append(text: string): boolean {
    const from = this.#openFrom;
    // The lines from `from` on must still be rows of this table running to the end (a blank line, or a line
    // that starts another block, ends it), and the rows before it must still be what the repaired tail shows.
    const raw = onlyBlock(this.#renderer.blockTokens(this.#head + text.slice(from)), 'table');
    if (!raw || raw.raw.length !== this.#head.length + text.length - from) return false;
    const repaired = this.#renderer.repairedTail(text);
    const tail: RepairedTail = { text, tailOffset: this.#tailOffset, repaired };
    if (!unrepaired(tail, this.#tailOffset, from)) return false;

    const { tokens, fragment } = this.#renderer.render(this.#head + repaired.slice(from - this.#tailOffset));
    const table = onlyBlock(tokens, 'table');
    const openFrom = finalRowsEnd(tail, from);
    const finalRows = countLines(text.slice(from, openFrom));
    const rendered = fragment.firstElementChild;
    const body = rendered?.nodeName === 'TABLE' && rendered.lastElementChild?.nodeName === 'TBODY' ? rendered.lastElementChild : null;
    if (!table || table.rows.length < finalRows || (body?.childElementCount ?? 0) !== table.rows.length) return false;

    let keptRows = this.#body?.childElementCount ?? 0;
    for (let row = this.#openRow; row; row = row.nextElementSibling) keptRows--;
    // Patched, not replaced: the cursor in the last cell stays (see keepInPlace), and so does a selection.
    if (body && this.#body) syncChildren(this.#body, body, this.#openRow ? this.#openRow.previousSibling : this.#body.lastChild);
    else {
      removeFrom(this.#openRow);
      if (body) this.#table.append((this.#body = body));
      else if (this.#body && keptRows === 0) {
        // No rows at all: marked writes no <tbody>.
        this.#body.remove();
        this.#body = null;
      }
    }
    this.#openRow = this.#body?.children[keptRows + finalRows] ?? null;
    this.#openFrom = openFrom;
    return true;
  }
}

/** Where an OpenTable starts: the live table as the whole-tail path showed it, and which of its rows are final. */
interface TableStart {
  table: Element;
  /** Its `<tbody>`, or null while the table has no rows. */
  body: Element | null;
  /** The header and delimiter rows with their newlines. */
  head: string;
  /** Offset of the first line whose row is rendered again next frame (see finalRowsEnd). */
  from: number;
  /** The live row showing that line, or null when none does. */
  row: Element | null;
}

/**
 * Where the rows that are final end, searching the text's lines from `from`: at the start of the last line (the row
 * still being written), or of the line before it when the repair changed the last complete row (a repair may close
 * what the last row left open while the line after it is still empty); `from` when neither holds.
 */
function finalRowsEnd(tail: RepairedTail, from: number): number {
  const { text } = tail;
  const lastLine = text.lastIndexOf('\n') + 1;
  for (const candidate of [lastLine, text.lastIndexOf('\n', lastLine - 2) + 1]) {
    if (candidate > from && unrepaired(tail, from, candidate)) return candidate;
    if (candidate <= from) break;
  }
  return from;
}
