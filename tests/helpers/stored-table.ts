import type Database from 'better-sqlite3';
import { quoteIdent } from '../../src/main/services/datasets/storage';
import type { Column, ColumnType } from '../../src/shared/operations';

/** A cell as a test writes it; booleans are stored as 0/1. */
export type Cell = string | number | boolean | null;

/** The declared SQLite type of each column type, as the import and the version engine create them. */
export const DECLARED_TYPES: Record<ColumnType, string> = {
  integer: 'INTEGER',
  float: 'REAL',
  boolean: 'INTEGER',
  date: 'TEXT',
  datetime: 'TEXT',
  text: 'TEXT',
};

/** CREATE TABLE for a relation in Cairn's storage format: "__cairn_row", then the data columns. */
export function createStoredTableSql(name: string, columns: Column[]): string {
  const defs = columns.map((c) => `, ${quoteIdent(c.name)} ${DECLARED_TYPES[c.type]}`).join('');
  return `CREATE TABLE ${quoteIdent(name)} ("__cairn_row" INTEGER PRIMARY KEY${defs})`;
}

/**
 * Creates `name` in Cairn's storage format and fills it: "__cairn_row" numbers the rows 1..N and
 * the data columns hold the values verbatim.
 */
export function createStoredTable(
  db: Database.Database,
  name: string,
  columns: Column[],
  rows: Cell[][],
): void {
  db.exec(createStoredTableSql(name, columns));
  const insert = db.prepare(
    `INSERT INTO ${quoteIdent(name)} VALUES (${['?', ...columns.map(() => '?')].join(', ')})`,
  );
  // One transaction: some tests store thousands of rows.
  db.transaction(() =>
    rows.forEach((row, i) =>
      insert.run(i + 1, ...row.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v))),
    ),
  )();
}
