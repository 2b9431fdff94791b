import type Database from 'better-sqlite3';
import type { Column, ColumnType } from '../../../shared/operations';
import { quoteIdent } from './storage';

const SQL_TYPES: Record<ColumnType, string> = {
  integer: 'INTEGER',
  float: 'REAL',
  boolean: 'INTEGER',
  date: 'TEXT',
  datetime: 'TEXT',
  text: 'TEXT',
};

/** What writing a compiled operation as a table needs; it crosses to the apply worker as is. */
export interface TableSource {
  select: string;
  params: unknown[];
  columns: Column[];
}

/** DROP VIEW on a table (or the reverse) is an error in SQLite, so look first. */
export function dropIfExists(data: Database.Database, relation: string): void {
  const found = data.prepare(`SELECT type FROM sqlite_master WHERE name = ?`).get(relation) as
    { type: string } | undefined;
  if (found?.type === 'view') data.prepare(`DROP VIEW ${quoteIdent(relation)}`).run();
  else if (found?.type === 'table') data.prepare(`DROP TABLE ${quoteIdent(relation)}`).run();
}

export function selectList(columns: Column[]): string {
  return columns.map((c) => quoteIdent(c.name)).join(', ');
}

/**
 * Writes a compiled operation's rows as the table `relation`, renumbered 1..N in the operation's
 * order, in one transaction; returns the row count. Only the apply worker calls it (a new
 * version's table, or an evicted one's rebuilt): the SELECT may run a caller's expressions.
 */
export function writeTable(data: Database.Database, relation: string, source: TableSource): number {
  const target = quoteIdent(relation);
  const columns = selectList(source.columns);
  const write = data.transaction(() => {
    dropIfExists(data, relation);
    const defs = source.columns.map((c) => `${quoteIdent(c.name)} ${SQL_TYPES[c.type]}`).join(', ');
    data.prepare(`CREATE TABLE ${target} ("__cairn_row" INTEGER PRIMARY KEY, ${defs})`).run();
    // A NULL rowid is the next one, so rows are numbered 1..N in insertion order; when the
    // operation keeps the source's order the ORDER BY is the source's rowid order and costs no
    // sort (a row_number() window buffered and sorted every row: ~1.5x a plain copy).
    const inserted = data
      .prepare(`INSERT INTO ${target} SELECT NULL, ${columns} FROM (${source.select}) ORDER BY "__cairn_row"`)
      .run(...source.params);
    return inserted.changes;
  });
  return write();
}
