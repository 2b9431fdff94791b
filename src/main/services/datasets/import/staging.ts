import Database from 'better-sqlite3';
import { CairnError } from '../../../../shared/result';
import { normalizeHeader } from './header';
import type { Delimiter, Newline } from './detect';
import { LineFinder, type RowBatch } from './rows';
import { classify, ColumnStats, KIND_MASK } from './typing';
import { formatCount, plural } from '../../../../shared/text';
import { lineList, quoteIdent, quoteText } from './text';
import { MAX_IMPORT_COLUMNS, ROW_NUMBER_COLUMN } from './types';

/** Rows per transaction while staging. With the journal off a commit is cheap; this bounds the page cache. */
const COMMIT_ROWS = 50_000;
/** How many rows one INSERT carries (fewer for wide files, to keep the statement small). */
function rowsPerInsert(width: number): number {
  return Math.max(1, Math.min(50, Math.floor(1000 / width)));
}
/** Line numbers kept for each kind of odd row. */
const LINES_KEPT = 5;

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && (c < 9 || c > 13)) return false;
  }
  return true;
}

class OddRows {
  count = 0;
  readonly lines: number[] = [];
  add(line: () => number): void {
    this.count++;
    if (this.lines.length < LINES_KEPT) this.lines.push(line());
  }
}

/**
 * Settings for a brand-new file that is deleted if anything goes wrong: no rollback journal, no
 * syncs, one connection. The finished file is switched to WAL before it is put in place.
 */
export function applyBulkLoadPragmas(db: Database.Database, schema = 'main'): void {
  // better-sqlite3 opens connections in SQLite's defensive mode, which refuses journal_mode=OFF.
  db.unsafeMode(true);
  try {
    const mode = db.pragma(`${schema}.journal_mode = OFF`, { simple: true });
    if (mode !== 'off') throw new Error(`SQLite kept journal_mode=${String(mode)} for the import file.`);
  } finally {
    db.unsafeMode(false);
  }
  db.pragma(`${schema}.synchronous = OFF`);
  db.pragma(`${schema}.cache_size = -32768`);
}

/**
 * Receives parsed rows and stores them as text, in file order, in a table with the final layout
 * (`__cairn_row INTEGER PRIMARY KEY`, then one TEXT column per CSV column), while counting each
 * column's kinds of values for type inference. The first non-blank row is the header.
 */
export class StagingTable {
  readonly db: Database.Database;
  names: string[] = [];
  stats: ColumnStats = new ColumnStats(0);
  headerNotes: string[] = [];
  rows = 0;
  blankLines = 0;
  readonly shortRows = new OddRows();
  readonly longRows = new OddRows();
  readonly trailingEmpty = new OddRows();

  private width = 0;
  private insert: Database.Statement | null = null;
  private buffer: (string | null)[] = [];
  private fill = 0;
  private inInsert = 0;
  private perInsert = 1;
  private inTransaction = 0;
  private readonly lines: LineFinder;
  /** CRLF files are parsed on `\n`: the `\r` left at the end of a row's last cell is removed. */
  private readonly stripCarriageReturn: boolean;
  /** With tabs as delimiters, a line of tabs and spaces is blank too. */
  private readonly tabs: boolean;

  constructor(
    file: string,
    private readonly table: string,
    private readonly fileName: string,
    dialect: { delimiter: Delimiter; newline: Newline },
  ) {
    this.stripCarriageReturn = dialect.newline === '\n';
    this.tabs = dialect.delimiter === '\t';
    this.db = new Database(file);
    this.db.pragma('locking_mode = EXCLUSIVE');
    applyBulkLoadPragmas(this.db);
    this.lines = new LineFinder(dialect.newline);
  }

  get hasHeader(): boolean {
    return this.width > 0;
  }

  accept(batch: RowBatch): void {
    const rows = batch.rows;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r] as string[];
      const length = row.length;
      if (this.stripCarriageReturn) {
        const last = row[length - 1] as string;
        if (last.length > 0 && last.charCodeAt(last.length - 1) === 13) row[length - 1] = last.slice(0, -1);
      }
      if (length === 1 ? isBlank(row[0] as string) : this.tabs && row.every(isBlank)) {
        this.blankLines++;
        continue;
      }
      if (this.width === 0) {
        this.start(row);
        continue;
      }
      const width = this.width;
      if (length !== width) this.checkShape(batch, r, row);
      const buffer = this.buffer;
      const counts = this.stats.counts;
      const examples = this.stats.examples;
      const flags = this.stats.flags;
      let k = this.fill;
      for (let j = 0; j < width; j++) {
        const value = row[j];
        if (value === undefined || value.length === 0) {
          buffer[k++] = null;
          continue;
        }
        buffer[k++] = value;
        const code = classify(value);
        const slot = (code & KIND_MASK) * width + j;
        if ((counts[slot] as number) === 0) examples[slot] = value;
        counts[slot] = (counts[slot] as number) + 1;
        if (code > KIND_MASK) flags[j] = (flags[j] as number) | (code >> 4);
      }
      this.fill = k;
      this.rows++;
      if (++this.inInsert === this.perInsert) {
        // Spread, not one array argument: better-sqlite3 binds separate arguments markedly faster.
        (this.insert as Database.Statement).run(...buffer);
        this.fill = 0;
        this.inInsert = 0;
      }
      if (++this.inTransaction === COMMIT_ROWS) {
        this.db.exec('COMMIT; BEGIN');
        this.inTransaction = 0;
      }
    }
  }

  /** Stores the rows still buffered and commits. */
  finish(): void {
    if (this.inInsert > 0) {
      const rest = this.db.prepare(this.insertSql(this.inInsert));
      rest.run(...this.buffer.slice(0, this.fill));
      this.fill = 0;
      this.inInsert = 0;
    }
    if (this.db.inTransaction) this.db.exec('COMMIT');
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Notes about the rows' shapes and blank lines, for the person. */
  rowNotes(): string[] {
    const notes: string[] = [];
    const columns = plural(this.width, 'column');
    if (this.shortRows.count > 0) {
      notes.push(
        `${plural(this.shortRows.count, 'row')} had fewer cells than the ${columns}; the missing cells are empty: ${lineList(this.shortRows.lines, this.shortRows.count)}.`,
      );
    }
    if (this.longRows.count > 0) {
      notes.push(
        `${plural(this.longRows.count, 'row')} had more cells than the ${columns}; the extra cells were dropped: ${lineList(this.longRows.lines, this.longRows.count)}.`,
      );
    }
    if (this.trailingEmpty.count > 0) {
      notes.push(
        `${plural(this.trailingEmpty.count, 'row')} ended with extra empty cells (a delimiter at the end of the line); they were ignored: ${lineList(this.trailingEmpty.lines, this.trailingEmpty.count)}.`,
      );
    }
    if (this.blankLines > 0) notes.push(`Skipped ${plural(this.blankLines, 'blank line')}.`);
    return notes;
  }

  private start(header: string[]): void {
    if (header.length > MAX_IMPORT_COLUMNS) {
      throw new CairnError(
        'VALIDATION',
        `${quoteText(this.fileName)} has ${formatCount(header.length)} columns, but Cairn can import at most ${formatCount(MAX_IMPORT_COLUMNS)}: a SQLite table holds at most 2,000 columns and Cairn uses one for row numbers. Split the file into narrower files (each with at most ${formatCount(MAX_IMPORT_COLUMNS)} columns) and import them separately.`,
      );
    }
    const { names, notes } = normalizeHeader(header);
    this.names = names;
    this.headerNotes = notes;
    this.width = names.length;
    this.stats = new ColumnStats(this.width);
    this.perInsert = rowsPerInsert(this.width);
    this.buffer = new Array<string | null>(this.perInsert * this.width).fill(null);
    const columns = names.map((name) => `${quoteIdent(name)} TEXT`).join(', ');
    this.db.exec(
      `CREATE TABLE ${quoteIdent(this.table)} (${quoteIdent(ROW_NUMBER_COLUMN)} INTEGER PRIMARY KEY, ${columns})`,
    );
    this.insert = this.db.prepare(this.insertSql(this.perInsert));
    this.db.exec('BEGIN');
  }

  private insertSql(rows: number): string {
    const columns = this.names.map(quoteIdent).join(', ');
    const one = `(${this.names.map(() => '?').join(', ')})`;
    return `INSERT INTO ${quoteIdent(this.table)} (${columns}) VALUES ${new Array<string>(rows).fill(one).join(', ')}`;
  }

  private checkShape(batch: RowBatch, r: number, row: string[]): void {
    const line = (): number => this.lines.lineOf(batch, r);
    if (row.length < this.width) {
      this.shortRows.add(line);
      return;
    }
    for (let j = this.width; j < row.length; j++) {
      if (!isBlank(row[j] as string)) {
        this.longRows.add(line);
        return;
      }
    }
    this.trailingEmpty.add(line);
  }
}
