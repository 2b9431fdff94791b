import fs from 'node:fs';
import path from 'node:path';
import type { Column } from '../../../shared/operations';
import { decodeRow, type CellValue } from './engine';
import { quoteIdent } from './storage';
import type Database from 'better-sqlite3';

const FORMULA_START = /^[=+\-@\t\r]/;

/** RFC 4180 quoting; optionally defuses text a spreadsheet would run as a formula. */
export function csvCell(value: CellValue, type: Column['type'], escapeFormulas: boolean): string {
  if (value === null) return '';
  let text = typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value);
  if (escapeFormulas && type === 'text' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Streams a relation to a CSV file without holding it in memory: rows are iterated from SQLite
 * and written in chunks. The file appears under its final name only when complete.
 */
export async function writeCsv(
  /** A connection of the export's own: the iteration keeps it busy across awaits. */
  data: Database.Database,
  relation: string,
  columns: Column[],
  file: string,
  escapeFormulas: boolean,
): Promise<number> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  const out = fs.createWriteStream(partial, { encoding: 'utf8' });
  const list = columns.map((c) => quoteIdent(c.name)).join(', ');
  let rows = 0;
  try {
    let chunk = `${columns.map((c) => csvCell(c.name, 'text', escapeFormulas)).join(',')}\r\n`;
    for (const raw of data
      .prepare(`SELECT ${list} FROM ${quoteIdent(relation)} ORDER BY "__cairn_row"`)
      .raw()
      .iterate() as IterableIterator<unknown[]>) {
      const values = decodeRow(raw, columns);
      chunk += `${values.map((v, i) => csvCell(v, columns[i]?.type ?? 'text', escapeFormulas)).join(',')}\r\n`;
      rows += 1;
      if (chunk.length > 1 << 20) {
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
        chunk = '';
      }
    }
    await new Promise<void>((resolve, reject) => out.end(chunk, () => resolve()).once('error', reject));
    fs.renameSync(partial, file);
    return rows;
  } catch (error) {
    out.destroy();
    fs.rmSync(partial, { force: true });
    throw error;
  }
}
