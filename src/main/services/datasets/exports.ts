import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Column } from '../../../shared/operations';
import { CairnError } from '../../../shared/result';
import { decodeRow, type CellValue } from './decode';
import { quoteIdent } from './storage';
import type Database from 'better-sqlite3';

/**
 * Text a spreadsheet may run as a formula: a sign (= + - @, or their full-width forms, which
 * some spreadsheets fold to ASCII) after any run of spaces, control or invisible characters
 * (spreadsheets skip those before reading a formula), or a leading tab or carriage return.
 */
const FORMULA_START = /^(?:[\s\p{Cc}\p{Cf}]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|[\t\r])/u;

/** RFC 4180 quoting; optionally defuses text a spreadsheet would run as a formula. */
export function csvCell(value: CellValue, type: Column['type'], escapeFormulas: boolean): string {
  if (value === null) return '';
  let text = typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value);
  if (escapeFormulas && type === 'text' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface CsvProgress {
  rowsWritten: number;
  bytesWritten: number;
}

export interface WriteCsvOptions {
  escapeFormulas: boolean;
  /** Checked between chunks: an abort stops the export and removes what was written. */
  signal?: AbortSignal;
  /** Called at most every `progressIntervalMs` while writing, and once more when complete. */
  onProgress?: (progress: CsvProgress) => void;
  progressIntervalMs?: number;
}

/**
 * Small enough that one chunk's SQLite reads and formatting keep the event loop busy only for a
 * few milliseconds, so cancels and other calls are served promptly during a long export.
 */
const CHUNK_CHARS = 256 * 1024;

/** Reached only through an abort: the caller's signal says why, so the message is generic. */
function cancelled(): CairnError {
  return new CairnError('CANCELLED', 'Export cancelled.');
}

/**
 * Streams a relation to a CSV file without holding it in memory: rows are iterated from SQLite
 * and written in chunks. The file appears under its final name only when complete; a cancelled
 * or failed export leaves nothing behind.
 */
export async function writeCsv(
  /** A connection of the export's own: the iteration keeps it busy across awaits. */
  data: Database.Database,
  relation: string,
  columns: Column[],
  file: string,
  options: WriteCsvOptions,
): Promise<{ rows: number; bytes: number }> {
  const { escapeFormulas, signal, onProgress, progressIntervalMs = 100 } = options;
  if (signal?.aborted) throw cancelled();
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  } catch (error) {
    throw writeError(error, file);
  }
  // Unique per export, so two exports to one name never write into (or delete) each other's file.
  const partial = `${file}.${randomBytes(4).toString('hex')}.partial`;
  const out = fs.createWriteStream(partial, { encoding: 'utf8', flags: 'wx' });
  // A write stream's 'error' with no listener would crash the process (a full disk, a folder the
  // person may not write to): it is turned into a rejection every await below races against.
  const failed = new Promise<never>((_resolve, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  const list = columns.map((c) => quoteIdent(c.name)).join(', ');
  let rows = 0;
  let bytes = 0;
  let reportedAt = Date.now();
  const flush = async (chunk: string): Promise<void> => {
    bytes += Buffer.byteLength(chunk, 'utf8');
    // Yield on every chunk, not only on backpressure, so an abort is always seen between chunks.
    const written = out.write(chunk)
      ? nextTurn()
      : new Promise<void>((resolve) => out.once('drain', () => resolve()));
    await Promise.race([written, failed]);
    if (signal?.aborted) throw cancelled();
    const now = Date.now();
    if (onProgress && now - reportedAt >= progressIntervalMs) {
      reportedAt = now;
      onProgress({ rowsWritten: rows, bytesWritten: bytes });
    }
  };
  try {
    let chunk = `${columns.map((c) => csvCell(c.name, 'text', escapeFormulas)).join(',')}\r\n`;
    for (const raw of data
      .prepare(`SELECT ${list} FROM ${quoteIdent(relation)} ORDER BY "__cairn_row"`)
      .raw()
      .iterate() as IterableIterator<unknown[]>) {
      const values = decodeRow(raw, columns);
      chunk += `${values.map((v, i) => csvCell(v, columns[i]?.type ?? 'text', escapeFormulas)).join(',')}\r\n`;
      rows += 1;
      if (chunk.length > CHUNK_CHARS) {
        await flush(chunk);
        chunk = '';
      }
    }
    bytes += Buffer.byteLength(chunk, 'utf8');
    await Promise.race([new Promise<void>((resolve) => out.end(chunk, () => resolve())), failed]);
    // The last chance to cancel: nothing awaits between the rename and the caller's answer.
    if (signal?.aborted) throw cancelled();
    fs.renameSync(partial, file);
    onProgress?.({ rowsWritten: rows, bytesWritten: bytes });
    return { rows, bytes };
  } catch (error) {
    // Closed before removal: Windows cannot delete a file that is still open.
    if (!out.closed) {
      const closed = new Promise<void>((resolve) => out.once('close', () => resolve()));
      out.destroy();
      await closed;
    }
    fs.rmSync(partial, { force: true });
    throw error instanceof CairnError ? error : writeError(error, file);
  }
}

/** File system failures said in words a person can act on; anything else stays internal. */
function writeError(error: unknown, file: string): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new CairnError('FORBIDDEN', `Cairn may not write to ${path.dirname(file)}.`);
    case 'ENOSPC':
    case 'EDQUOT':
      return new CairnError('UNAVAILABLE', `There is no space left to write ${path.basename(file)}.`);
    case 'EISDIR':
    case 'ENOTDIR':
    case 'ENOENT':
    case 'EEXIST':
      return new CairnError('UNAVAILABLE', `Cairn could not write ${file} (${code}).`);
    default:
      return error;
  }
}

/** Exports in the web host's download folder are kept this long, then removed at start-up. */
export const EXPORT_KEEP_MS = 24 * 60 * 60 * 1000;

/**
 * Removes files in the exports folder last written before `before` (ms since the epoch): a
 * browser downloads an export right after it is written, so older copies only fill the disk.
 * Returns the names removed; a folder that does not exist is nothing to do.
 */
export function removeStaleExports(dir: string, before: number): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      const stat = fs.statSync(file);
      if (stat.isFile() && stat.mtimeMs < before) {
        fs.rmSync(file, { force: true });
        removed.push(`exports/${name}`);
      }
    } catch {
      // Gone meanwhile, or unreadable: either way not ours to worry about at start-up.
    }
  }
  return removed;
}
