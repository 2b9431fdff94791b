import Papa from 'papaparse';
import { CairnError } from '../../../../shared/result';
import type { Delimiter, Newline } from './detect';
import { plural } from '../../../../shared/text';
import { lineList } from './text';

/**
 * The longest row Cairn reads (in characters). Beyond it a quote is almost certainly never
 * closed, and holding more would break the worker's memory bound.
 */
export const MAX_ROW_CHARS = 32 * 1024 * 1024;
const MAX_ROW_LABEL = '32 MB';

interface ParseResult {
  data: string[][];
  errors: { code: string; row?: number; index?: number }[];
  meta: { cursor: number };
}

/** A batch of parsed rows and what is needed to find their line numbers. */
export interface RowBatch {
  rows: string[][];
  /** The line (1-based) the first row starts on. */
  firstLine: number;
}

/** Counts `ch` in `text[from, to)`. */
export function countChar(text: string, ch: string, from = 0, to = text.length): number {
  let n = 0;
  let i = text.indexOf(ch, from);
  while (i !== -1 && i < to) {
    n++;
    i = text.indexOf(ch, i + 1);
  }
  return n;
}

/**
 * Streams decoded text through papaparse's low-level parser (`header: false`, no typing), keeping
 * the unfinished last row between chunks and the line number where it starts.
 *
 * A row longer than a chunk (an 8 MB field, or a quote never closed) is not re-parsed from its
 * start on every chunk: text is gathered until it is at least as long as the unfinished row, so
 * the work stays linear in the file size; past MAX_ROW_CHARS the import is refused.
 */
export class RowStream {
  private readonly parser: Papa.Parser;
  private readonly lineChar: string;
  private partial = '';
  private pending: string[] = [];
  private pendingLength = 0;
  /** The line on which `partial` starts. */
  private partialLine = 1;
  private readonly strayQuotes: { count: number; lines: number[] } = { count: 0, lines: [] };

  constructor(
    delimiter: Delimiter,
    newline: Newline,
    private readonly onRows: (batch: RowBatch) => void,
  ) {
    this.parser = new Papa.Parser({ delimiter, newline, quoteChar: '"' });
    this.lineChar = newline;
  }

  /** The line where text not yet turned into rows starts. */
  get line(): number {
    return this.partialLine;
  }

  /** Line breaks in text received but not yet turned into rows. */
  unparsedLineBreaks(): number {
    return (
      countChar(this.partial, this.lineChar) +
      this.pending.reduce((n, t) => n + countChar(t, this.lineChar), 0)
    );
  }

  push(text: string): void {
    if (text.length === 0) return;
    if (this.partial.length > this.pendingLength + text.length) {
      this.pending.push(text);
      this.pendingLength += text.length;
      if (this.partial.length + this.pendingLength > MAX_ROW_CHARS) this.tooLong();
      return;
    }
    const input = this.take(text);
    const result = this.parser.parse(input, 0, true) as ParseResult;
    const cursor = result.meta.cursor;
    this.noteStrayQuotes(input, result);
    if (result.data.length > 0) this.onRows({ rows: result.data, firstLine: this.partialLine });
    this.partialLine += countChar(input, this.lineChar, 0, cursor);
    this.partial = cursor === 0 ? input : input.slice(cursor);
    if (this.partial.length > MAX_ROW_CHARS) this.tooLong();
  }

  /** Parses what is left; a quote still open at the end of the file is an error naming its line. */
  end(): void {
    const input = this.take('');
    if (input.length === 0) return;
    const result = this.parser.parse(input, 0, false) as ParseResult;
    const missing = result.errors.find((e) => e.code === 'MissingQuotes');
    if (missing) {
      const line =
        this.partialLine + countChar(input, this.lineChar, 0, Math.max(0, (missing.index ?? 1) - 1));
      throw new CairnError(
        'VALIDATION',
        `The quoted value that starts on line ${line} is never closed: the file ends inside it. Add the missing closing quote (") and import again.`,
      );
    }
    this.noteStrayQuotes(input, result);
    if (result.data.length > 0) this.onRows({ rows: result.data, firstLine: this.partialLine });
  }

  /**
   * A note for quoted values whose closing quote is followed by more text (`"abc"def`): papaparse
   * keeps reading to the next closing quote, which can merge rows. Null when there were none.
   */
  strayQuotesNote(): string | null {
    const { count, lines } = this.strayQuotes;
    if (count === 0) return null;
    return `${plural(count, 'quoted value')} ${count === 1 ? 'has' : 'have'} a closing quote (") followed by more text, so ${count === 1 ? 'it was' : 'they were'} read on to the next closing quote, which may have merged rows: ${lineList(lines, count)}. Check the file around ${lines.length === 1 ? 'that line' : 'those lines'}.`;
  }

  /** Counts InvalidQuotes errors of emitted rows (not of the row held back for the next chunk). */
  private noteStrayQuotes(input: string, result: ParseResult): void {
    let lastValue = -1;
    for (const error of result.errors) {
      if (error.code !== 'InvalidQuotes' || error.row === undefined || error.row >= result.data.length)
        continue;
      // papaparse reports every stray quote of a value, all at the value's start; count it once.
      if (error.index === lastValue) continue;
      lastValue = error.index ?? -1;
      this.strayQuotes.count++;
      if (this.strayQuotes.lines.length < 5) {
        const at = Math.max(0, (error.index ?? 1) - 1);
        this.strayQuotes.lines.push(this.partialLine + countChar(input, this.lineChar, 0, at));
      }
    }
  }

  private take(text: string): string {
    let input = this.partial;
    if (this.pending.length > 0) {
      input += this.pending.join('');
      this.pending = [];
      this.pendingLength = 0;
    }
    this.partial = '';
    return input + text;
  }

  private tooLong(): never {
    // Only a quote left open makes one row run over line breaks; without one it is a long line.
    const held = [this.partial, ...this.pending];
    const openQuote = held.some((t) => t.includes('"')) && held.some((t) => t.includes(this.lineChar));
    if (!openQuote) {
      throw new CairnError(
        'VALIDATION',
        `Line ${this.partialLine} is longer than ${MAX_ROW_LABEL}, the longest row Cairn reads. Is this a CSV file with one row per line? If its rows end in another way, save it with line breaks and import again.`,
      );
    }
    throw new CairnError(
      'VALIDATION',
      `The row that starts on line ${this.partialLine} is longer than ${MAX_ROW_LABEL}, so a quote (") on it is probably never closed. Fix the quote and import again.`,
    );
  }
}

/**
 * Finds the line a row of a batch starts on: the batch's first line plus one per earlier row plus
 * the line breaks inside their (quoted) values. Walks forward from the last answer, so asking for
 * increasing rows of one batch costs one pass.
 */
export class LineFinder {
  private batch: RowBatch | null = null;
  private index = 0;
  private line = 0;

  constructor(private readonly lineChar: string) {}

  lineOf(batch: RowBatch, row: number): number {
    if (this.batch !== batch || row < this.index) {
      this.batch = batch;
      this.index = 0;
      this.line = batch.firstLine;
    }
    while (this.index < row) {
      const cells = batch.rows[this.index] as string[];
      let breaks = 1;
      for (const cell of cells) breaks += countChar(cell, this.lineChar);
      this.line += breaks;
      this.index++;
    }
    return this.line;
  }
}
