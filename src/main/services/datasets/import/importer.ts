import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { Column } from '../../../../shared/operations';
import { CairnError } from '../../../../shared/result';
import {
  parseImportJobInput,
  type ImportJobProgress,
  type ImportJobResult,
  type ParsedImportJobInput,
} from '../../../jobs/import';
import {
  assertText,
  bomEncoding,
  chooseEncoding,
  createDecoder,
  decodeSample,
  isUtf8,
  SAMPLE_BYTES,
  sniffDelimiter,
  sniffNewline,
  UndecodableBytesError,
} from './detect';
import { importWorkFiles, removeImportFiles } from './leftovers';
import { countChar, RowStream } from './rows';
import { applyBulkLoadPragmas, StagingTable } from './staging';
import { plural } from '../../../../shared/text';
import { notAFileMessage, quoteIdent, quoteText } from './text';
import { DATETIME_FUNCTION, decideTypes, normalizeDatetime, type TypedColumn } from './typing';
import { ROW_NUMBER_COLUMN } from './types';

/** The finished table, in place. */
export interface ImportedTable {
  file: string;
  table: string;
  columns: Column[];
  rows: number;
}

export interface ImportContext<A = never> {
  progress(progress: ImportJobProgress): void;
  signal: AbortSignal;
  /**
   * Runs on the finished table, in place, after the `imported` message (the import is complete
   * and the app may show the data): the root's profile, read while the file's pages are still in
   * the cache. `report(done, total)` becomes `profiling` progress. A failure other than
   * cancellation only makes the result's `analysis` null; a cancel still leaves the data file.
   */
  analyze?: (table: ImportedTable, report: (done: number, total: number) => void) => Promise<A>;
}

/** Bytes read per step: small chunks keep parsed rows short-lived (measured faster than 1 MB). */
const READ_CHUNK_BYTES = 64 * 1024;
/** Rows converted per statement while typing, between progress reports and cancellation checks. */
const TYPING_BATCH_ROWS = 50_000;
const PROGRESS_INTERVAL_MS = 100;
/** Longest stretch of synchronous work before the job lets its event loop see a cancel message. */
const YIELD_INTERVAL_MS = 50;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function checkCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new CairnError('CANCELLED', 'Cancelled.');
}

/** The worker job: validates its input, then imports. */
export async function runImportJob<A = never>(
  input: unknown,
  ctx: ImportContext<A>,
): Promise<ImportJobResult & { analysis: A | null }> {
  return importCsv(parseImportJobInput(input), ctx);
}

type Phase = Extract<ImportJobProgress, { rows: number }>['phase'];

class ProgressReporter {
  private last = 0;
  private phase: Phase | null = null;

  constructor(
    private readonly send: (progress: ImportJobProgress) => void,
    private readonly totalBytes: number,
  ) {}

  report(phase: Phase, bytesRead: number, rows: number, force = false): void {
    const now = Date.now();
    if (!force && phase === this.phase && now - this.last < PROGRESS_INTERVAL_MS) return;
    this.last = now;
    this.phase = phase;
    this.send({ phase, bytesRead, totalBytes: this.totalBytes, rows });
  }
}

async function statSource(sourcePath: string, fileName: string): Promise<fs.Stats> {
  try {
    const stat = await fs.promises.stat(sourcePath);
    const refusal = notAFileMessage(stat, quoteText(fileName));
    if (refusal) throw new CairnError('VALIDATION', refusal);
    return stat;
  } catch (error) {
    if (error instanceof CairnError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new CairnError('NOT_FOUND', `${quoteText(fileName)} does not exist (any more).`);
    throw new CairnError('VALIDATION', `${quoteText(fileName)} cannot be read (${code ?? 'unknown error'}).`);
  }
}

async function readSample(sourcePath: string, size: number): Promise<Uint8Array> {
  const handle = await fs.promises.open(sourcePath, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(size, SAMPLE_BYTES));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Imports one CSV file into a new SQLite file, atomically: everything is written beside
 * `dataFile` under `*.partial*` names and renamed to `dataFile` only once complete; on any error
 * or cancellation those files are removed. A killed process may leave them behind:
 * `removeImportLeftovers` clears them at start-up.
 *
 * Pipeline: sample (64 KB) → refuse binary → encoding → dialect → stream: read 64 KB chunks →
 * decode (strict) → papaparse → stage every value as TEXT while counting kinds per column →
 * choose types → one `INSERT … SELECT` with CASTs into the typed file (skipped when every column
 * is text: the staged file is then the result) → WAL → rename.
 *
 * Performance (`npm run bench`, 1M rows × 12 columns): reading is ~75% of an import and the typing
 * copy ~20%. In the reading phase the staging INSERTs take about half, and ~80% of their cost is
 * better-sqlite3 binding values one by one (hence `run(...cells)`, markedly faster than one array
 * argument); papaparse, classifying, decoding and garbage collection share the rest. Inserting on
 * a worker_thread while this thread parses was measured and not kept (bench/experiments/): binding
 * stays on the writer, so it saves at most ~20% of the reading phase and only with a second idle
 * core, and costs more CPU and memory. One JSON value per staged row (one bind instead of one per
 * cell) made the typing copy cost more than the binding it saved.
 */
export async function importCsv<A = never>(
  input: ParsedImportJobInput,
  ctx: ImportContext<A>,
): Promise<ImportJobResult & { analysis: A | null }> {
  const { sourcePath, dataFile, table, fileName, options } = input;
  const stat = await statSource(sourcePath, fileName);
  const totalBytes = stat.size;
  if (totalBytes === 0) {
    throw new CairnError('VALIDATION', `${quoteText(fileName)} is empty: there is nothing to import.`);
  }
  if (fs.existsSync(dataFile)) {
    throw new CairnError('CONFLICT', `The data file ${quoteText(path.basename(dataFile))} already exists.`);
  }

  const sample = await readSample(sourcePath, totalBytes);
  const truncated = totalBytes > sample.length;
  assertText(sample, fileName, options.encoding ?? bomEncoding(sample));
  const { encoding, note: encodingNote } = chooseEncoding(sample, truncated, options.encoding);
  const sampleText = decodeSample(sample, encoding);
  const newline = sniffNewline(sampleText);
  const delimiter = options.delimiter ?? sniffDelimiter(sampleText, newline, truncated);
  checkCancelled(ctx.signal);

  const work = importWorkFiles(dataFile);
  fs.mkdirSync(path.dirname(dataFile), { recursive: true });
  removeImportFiles(dataFile);
  const progress = new ProgressReporter(ctx.progress, totalBytes);
  progress.report('reading', 0, 0, true);

  let staging: StagingTable | null = null;
  let finalDb: Database.Database | null = null;
  let done = false;
  try {
    staging = new StagingTable(work.staging, table, fileName, { delimiter, newline });
    const stage = staging;
    const rows = new RowStream(delimiter, newline, (batch) => stage.accept(batch));
    const decoder = createDecoder(encoding);
    let bytesRead = 0;
    let chars = 0;
    let first = true;
    let lastYield = Date.now();
    const undecodable = (error: UndecodableBytesError): CairnError => {
      const line = rows.line + rows.unparsedLineBreaks() + countChar(error.textBefore, newline);
      const hint = isUtf8(encoding)
        ? 'Import it again choosing its encoding (for example windows-1252).'
        : 'Import it again choosing its encoding (latin1 accepts any byte).';
      return new CairnError(
        'VALIDATION',
        `${quoteText(fileName)} is not valid ${isUtf8(encoding) ? 'UTF-8' : encoding}: line ${line} has bytes that cannot be decoded. ${hint}`,
      );
    };
    const feed = (text: string): void => {
      if (first && text.length > 0) {
        first = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      chars += text.length;
      rows.push(text);
    };

    const stream = fs.createReadStream(sourcePath, { highWaterMark: READ_CHUNK_BYTES });
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        checkCancelled(ctx.signal);
        bytesRead += chunk.length;
        feed(decoder.write(chunk));
        progress.report('reading', bytesRead, stage.rows);
        if (Date.now() - lastYield > YIELD_INTERVAL_MS) {
          await yieldToEventLoop();
          lastYield = Date.now();
        }
      }
      feed(decoder.end());
    } catch (error) {
      throw error instanceof UndecodableBytesError ? undecodable(error) : error;
    } finally {
      stream.destroy();
    }
    rows.end();
    stage.finish();
    checkCancelled(ctx.signal);
    await assertUnchanged(sourcePath, fileName, stat, bytesRead);

    if (!stage.hasHeader) {
      throw new CairnError(
        'VALIDATION',
        chars === 0
          ? `${quoteText(fileName)} is empty: there is nothing to import.`
          : `${quoteText(fileName)} has only blank lines: there is nothing to import.`,
      );
    }
    progress.report('reading', bytesRead, stage.rows, true);

    const { columns, notes: typeNotes } = decideTypes(stage.names, stage.stats);
    const notes: string[] = [];
    if (encodingNote) notes.push(encodingNote);
    notes.push(...stage.headerNotes);
    const strayQuotes = rows.strayQuotesNote();
    if (strayQuotes) notes.push(strayQuotes);
    notes.push(...stage.rowNotes());
    if (stage.rows === 0) {
      notes.push(
        `The file has column names but no rows: the table has ${plural(columns.length, 'column')} and no rows.`,
      );
    }
    notes.push(...typeNotes);

    let finalFile = work.staging;
    if (stage.rows > 0 && columns.some((c) => c.type !== 'text')) {
      await convertTypes(stage.db, table, columns, work.typed, stage.rows, ctx.signal, (rowsDone) =>
        progress.report('typing', totalBytes, rowsDone, rowsDone === stage.rows),
      );
      finalFile = work.typed;
    }
    staging.close();

    progress.report('finishing', totalBytes, stage.rows, true);
    finalDb = new Database(finalFile);
    // What the app's connections use (see applyConnectionPragmas); WAL is stored in the file.
    finalDb.pragma('journal_mode = WAL');
    finalDb.pragma('synchronous = NORMAL');
    finalDb.close();
    finalDb = null;
    checkCancelled(ctx.signal);
    if (fs.existsSync(dataFile)) {
      throw new CairnError('CONFLICT', `The data file ${quoteText(path.basename(dataFile))} already exists.`);
    }
    fs.renameSync(finalFile, dataFile);
    done = true;
    removeImportFiles(dataFile);
    const result: ImportJobResult = {
      columns: columns.map(({ name, type }) => ({ name, type })),
      rowCount: stage.rows,
      encoding,
      delimiter,
      notes,
      bytes: totalBytes,
    };
    if (!ctx.analyze) return { ...result, analysis: null };

    // The import is complete: from here on a cancel or a failure only loses the profile.
    ctx.progress({ phase: 'imported', result });
    progress.report('profiling', totalBytes, 0, true);
    try {
      const analysis = await ctx.analyze(
        { file: dataFile, table, columns: result.columns, rows: stage.rows },
        (rowsDone, total) =>
          progress.report(
            'profiling',
            totalBytes,
            total > 0 ? Math.round((rowsDone / total) * stage.rows) : 0,
          ),
      );
      progress.report('profiling', totalBytes, stage.rows, true);
      return { ...result, analysis };
    } catch (error) {
      checkCancelled(ctx.signal);
      if (error instanceof CairnError && error.code === 'CANCELLED') throw error;
      // The dataset is good without it: the app profiles the version again on its own.
      console.error('Profiling the imported table failed', error);
      return { ...result, analysis: null };
    } finally {
      closeWal(dataFile);
    }
  } finally {
    staging?.close();
    finalDb?.close();
    if (!done) removeImportFiles(dataFile);
  }
}

/**
 * Refuses a file that changed while it was read (still being written, truncated, replaced): its
 * size or modification time now differs from the start, or fewer or more bytes were read than it
 * had. Imported anyway it would be a dataset of part of a file, under the old size.
 */
async function assertUnchanged(
  sourcePath: string,
  fileName: string,
  before: fs.Stats,
  bytesRead: number,
): Promise<void> {
  let after: fs.Stats | null = null;
  try {
    after = await fs.promises.stat(sourcePath);
  } catch {
    // Gone (deleted or moved): changed as well.
  }
  if (
    after === null ||
    after.size !== before.size ||
    after.mtimeMs !== before.mtimeMs ||
    after.ino !== before.ino ||
    bytesRead !== before.size
  ) {
    throw new CairnError(
      'VALIDATION',
      `${quoteText(fileName)} changed while it was being imported (${after === null ? 'it is gone' : 'its size or modification time is not what it was at the start'}). Nothing was imported: import it again once it is complete.`,
    );
  }
}

/**
 * Read-only connections (the profiler's) leave `-wal` and `-shm` files behind; the last writable
 * connection to close checkpoints and removes them, as after an import without profiling.
 */
function closeWal(dataFile: string): void {
  try {
    const db = new Database(dataFile, { fileMustExist: true });
    // A connection only joins the WAL (and can tidy it) once it has read something.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    db.close();
  } catch (error) {
    console.error('Could not tidy the data file after profiling', error);
  }
}

/**
 * Writes the typed table into `typedFile` from the staged text, in batches of rows (by row
 * number) so progress is reported and a cancel is seen between them.
 */
async function convertTypes(
  db: Database.Database,
  table: string,
  columns: TypedColumn[],
  typedFile: string,
  rowCount: number,
  signal: AbortSignal,
  onProgress: (rowsDone: number) => void,
): Promise<void> {
  db.function(DATETIME_FUNCTION, { deterministic: true }, normalizeDatetime);
  db.prepare('ATTACH DATABASE ? AS typed').run(typedFile);
  applyBulkLoadPragmas(db, 'typed');
  const sqlTypes = {
    integer: 'INTEGER',
    boolean: 'INTEGER',
    float: 'REAL',
    date: 'TEXT',
    datetime: 'TEXT',
    text: 'TEXT',
  };
  const target = `typed.${quoteIdent(table)}`;
  const rowColumn = quoteIdent(ROW_NUMBER_COLUMN);
  db.exec(
    `CREATE TABLE ${target} (${rowColumn} INTEGER PRIMARY KEY, ${columns
      .map((c) => `${quoteIdent(c.name)} ${sqlTypes[c.type]}`)
      .join(', ')})`,
  );
  const copy = db.prepare(
    `INSERT INTO ${target} SELECT ${rowColumn}, ${columns.map((c) => c.expression).join(', ')} FROM main.${quoteIdent(
      table,
    )} WHERE ${rowColumn} > ? AND ${rowColumn} <= ?`,
  );
  onProgress(0);
  for (let from = 0; from < rowCount; from += TYPING_BATCH_ROWS) {
    checkCancelled(signal);
    const to = Math.min(rowCount, from + TYPING_BATCH_ROWS);
    db.transaction(() => copy.run(from, to))();
    onProgress(to);
    await yieldToEventLoop();
  }
  checkCancelled(signal);
  db.exec('DETACH DATABASE typed');
}
