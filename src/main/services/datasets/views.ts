import type Database from 'better-sqlite3';
import type { Column } from '../../../shared/operations';
import type { PreviewResult } from '../../jobs/apply';
import { selectList } from './materialize';
import { compareToBase, type CompareOptions } from './preview-changes';
import { quoteIdent } from './storage';
import { leavesDataUnchanged, sameColumns, type UnchangedBase } from './unchanged';

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
  /**
   * With a base: the result's rows are the base's rows by "__cairn_row" (kept, removed or
   * rewritten in place), so the preview says what changes and shows changed rows first.
   */
  compare?: CompareOptions | undefined;
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
  const compare = source.compare !== undefined && source.base !== undefined;
  const first = data
    .prepare(
      `SELECT ${compare ? '"__cairn_row", ' : ''}${selectList(source.columns)} FROM (${source.select}) ORDER BY "__cairn_row" LIMIT ${PREVIEW_ROWS}`,
    )
    .raw()
    .all(...source.params) as unknown[][];
  const count =
    rowCount ??
    (data.prepare(`SELECT count(*) AS n FROM (${source.select})`).get(...source.params) as { n: number }).n;
  const affected = source.affected
    ? (data.prepare(source.affected.sql).get(...source.affected.params) as { n: number }).n
    : null;
  if (!source.compare || !source.base) {
    return {
      rows: first,
      rowCount: count,
      affectedRows: affected,
      ...(source.base ? { unchanged: leavesDataUnchanged(data, source.base, source, count) } : {}),
    };
  }
  const base = source.base;
  const { changedRows, ...changes } = compareToBase(data, base, source, source.compare, count);
  // Changed rows first (in row order), then the first unchanged rows, PREVIEW_ROWS in all.
  const shown = new Set(changedRows.map((r) => r.row));
  const rows = changedRows.map((r) => r.values);
  const rowChanges = changedRows.map(({ row, changed, before }) => ({ row, changed, before }));
  for (const r of first) {
    if (rows.length >= PREVIEW_ROWS) break;
    const row = Number(r[0]);
    if (shown.has(row)) continue;
    rows.push(r.slice(1));
    rowChanges.push({ row, changed: [], before: [] });
  }
  // Every result row is the base row of its "__cairn_row", in the base's order: the same count
  // and no changed value is exactly an unchanged result (what leavesDataUnchanged checks).
  const unchanged =
    sameColumns(base.columns, source.columns) && count === base.rowCount && changes.rowsChanged === 0;
  return { rows, rowCount: count, affectedRows: affected, unchanged, changes, rowChanges };
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
