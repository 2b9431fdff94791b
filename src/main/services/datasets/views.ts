import type Database from 'better-sqlite3';
import type { Column } from '../../../shared/operations';
import { selectList } from './materialize';
import { quoteIdent } from './storage';
import { leavesDataUnchanged, type UnchangedBase } from './unchanged';

/**
 * The SQL of reads that evaluate what a caller wrote (an operation's expressions and patterns, a
 * grid filter) or sort a whole version. One definition, run by the apply worker (killable, with a
 * time limit) and, where the work is bounded, by the main process.
 */

/** How many rows an operation's preview shows. */
export const PREVIEW_ROWS = 50;

export interface PreviewSource {
  select: string;
  params: unknown[];
  columns: Column[];
  affected?: { sql: string; params: unknown[] } | undefined;
  /** The version the operation applies to: given, the preview also says whether nothing changes. */
  base?: UnchangedBase | undefined;
}

export interface PreviewResult {
  /** Raw SQLite values, in column order (decode with decodeRow). */
  rows: unknown[][];
  rowCount: number;
  affectedRows: number | null;
  /** True when the result equals the base exactly (only when a base was given). */
  unchanged?: boolean;
}

/**
 * The first rows of an operation's result, its row count and how many rows it changes. `rowCount`
 * given: the caller knows it (schema-only operations keep every row) and no scan is made.
 */
export function previewOperation(
  data: Database.Database,
  source: PreviewSource,
  rowCount?: number,
): PreviewResult {
  const rows = data
    .prepare(
      `SELECT ${selectList(source.columns)} FROM (${source.select}) ORDER BY "__cairn_row" LIMIT ${PREVIEW_ROWS}`,
    )
    .raw()
    .all(...source.params) as unknown[][];
  const count =
    rowCount ??
    (data.prepare(`SELECT count(*) AS n FROM (${source.select})`).get(...source.params) as { n: number }).n;
  const affected = source.affected
    ? (data.prepare(source.affected.sql).get(...source.affected.params) as { n: number }).n
    : null;
  return {
    rows,
    rowCount: count,
    affectedRows: affected,
    ...(source.base ? { unchanged: leavesDataUnchanged(data, source.base, source, count) } : {}),
  };
}

export interface GridSort {
  column: string;
  direction: 'asc' | 'desc';
}

/**
 * The row numbers (`__cairn_row`) of a sorted and/or filtered view of a version, in view order.
 * Nulls sort last; ties keep the version's order. A typed array crosses processes as one block.
 */
export function viewPositions(
  data: Database.Database,
  relation: string,
  sort: readonly GridSort[],
  where: { sql: string; params: unknown[] } | null,
): Int32Array {
  const order = [
    ...sort.map(
      (s) =>
        `${quoteIdent(s.column)} IS NULL, ${quoteIdent(s.column)} ${s.direction === 'desc' ? 'DESC' : 'ASC'}`,
    ),
    '"__cairn_row"',
  ].join(', ');
  const statement = data
    .prepare(
      `SELECT "__cairn_row" FROM ${quoteIdent(relation)}${where ? ` WHERE ${where.sql}` : ''} ORDER BY ${order}`,
    )
    .pluck();
  const out: number[] = [];
  for (const row of statement.iterate(...(where?.params ?? []))) out.push(Number(row));
  return Int32Array.from(out);
}
