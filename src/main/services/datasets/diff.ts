import type Database from 'better-sqlite3';
import type { VersionDiff } from '../../../shared/datasets';
import type { Column } from '../../../shared/operations';
import type { AppDatabase } from '../../db/connection';
import type { VersionRow } from '../../db/schema';
import { decodeRow } from './engine';
import { columnsOf } from './model';
import { quoteIdent } from './storage';

/** Pairs rows by position when the row count is unchanged, otherwise lists rows only one side has. */
export function diffVersions(
  data: Database.Database,
  _db: AppDatabase,
  a: VersionRow,
  b: VersionRow,
): VersionDiff {
  const colsA = columnsOf(a);
  const colsB = columnsOf(b);
  const byName = (cols: Column[]) => new Map(cols.map((c) => [c.name, c]));
  const mapA = byName(colsA);
  const mapB = byName(colsB);
  const renamed: { from: string; to: string }[] = [];
  const added = colsB.filter((c) => !mapA.has(c.name));
  const removed = colsA.filter((c) => !mapB.has(c.name));
  const retyped = colsB
    .filter((c) => mapA.has(c.name) && mapA.get(c.name)?.type !== c.type)
    .map((c) => ({ name: c.name, from: mapA.get(c.name)?.type ?? '', to: c.type }));
  const common = colsB.filter((c) => mapA.has(c.name)).map((c) => c.name);
  const list = (alias: string) => common.map((n) => `${alias}.${quoteIdent(n)}`).join(', ');
  const commonCols = common.map((n) => mapB.get(n)).filter((c): c is Column => c !== undefined);
  const result: VersionDiff = {
    from: a.id,
    to: b.id,
    addedColumns: added,
    removedColumns: removed,
    retypedColumns: retyped,
    renamedColumns: renamed,
    rowCountFrom: a.rowCount,
    rowCountTo: b.rowCount,
    changedRows: [],
    changedRowsColumns: common,
    changedRowCount: null,
  };
  if (common.length === 0) return result;
  const ra = quoteIdent(a.relation);
  const rb = quoteIdent(b.relation);
  if (a.rowCount === b.rowCount) {
    const differs = common.map((n) => `a.${quoteIdent(n)} IS NOT b.${quoteIdent(n)}`).join(' OR ');
    const where = `FROM ${ra} a JOIN ${rb} b ON a."__cairn_row" = b."__cairn_row" WHERE ${differs}`;
    const rows = data
      .prepare(
        `SELECT a."__cairn_row" AS row, ${list('a')}, ${list('b')} ${where} ORDER BY a."__cairn_row" LIMIT 50`,
      )
      .raw()
      .all() as unknown[][];
    result.changedRows = rows.map((r) => ({
      row: Number(r[0]),
      before: decodeRow(r.slice(1, 1 + common.length), commonCols),
      after: decodeRow(r.slice(1 + common.length), commonCols),
    }));
    result.changedRowCount = (data.prepare(`SELECT count(*) AS n ${where}`).get() as { n: number }).n;
    return result;
  }
  const only = (x: string, y: string) =>
    `SELECT ${common.map(quoteIdent).join(', ')} FROM ${x} EXCEPT SELECT ${common.map(quoteIdent).join(', ')} FROM ${y}`;
  const gone = data
    .prepare(`${only(ra, rb)} LIMIT 25`)
    .raw()
    .all() as unknown[][];
  const fresh = data
    .prepare(`${only(rb, ra)} LIMIT 25`)
    .raw()
    .all() as unknown[][];
  result.changedRows = [
    ...gone.map((r) => ({ row: 0, before: decodeRow(r, commonCols), after: null })),
    ...fresh.map((r) => ({ row: 0, before: null, after: decodeRow(r, commonCols) })),
  ];
  const countGone = (data.prepare(`SELECT count(*) AS n FROM (${only(ra, rb)})`).get() as { n: number }).n;
  const countFresh = (data.prepare(`SELECT count(*) AS n FROM (${only(rb, ra)})`).get() as { n: number }).n;
  result.changedRowCount = countGone + countFresh;
  return result;
}
