import type Database from 'better-sqlite3';
import type { Column } from '../../../shared/operations';
import type { ChangedRow, RawChanges } from '../../jobs/apply';
import { quoteIdent } from './storage';
import type { UnchangedBase } from './unchanged';

/**
 * What an operation changes in the version it applies to, for its preview: counts over every
 * row, and a bounded sample of the changed and removed rows. Rows are matched by "__cairn_row",
 * which every operation that keeps, removes or rewrites rows in place carries through from its
 * source (the caller does not ask for operations that renumber rows: sort, group_aggregate). It
 * evaluates the operation's SQL, so it runs in the apply worker like the rest of a preview.
 */

/** How many changed (and removed) rows a preview carries at most: the hot path stays bounded. */
export const CHANGED_ROWS_SAMPLE = 50;

export interface ChangeSource {
  select: string;
  params: unknown[];
  columns: Column[];
}

const ROW = '"__cairn_row"';

/**
 * `values`: the operation may rewrite values in place (and add or drop columns); `removals`: it
 * only removes rows (a filter, a sample), so no value is compared. Either way every result row
 * is a base row: `resultRows` of them are kept.
 */
export type CompareMode = 'values' | 'removals';

export interface CompareOptions {
  mode: CompareMode;
  /**
   * With `values`: the only columns whose values the operation may change (the rest pass through
   * untouched, and comparing them would cost a pass for nothing). Undefined: every column.
   */
  columns?: string[] | undefined;
}

export function compareToBase(
  data: Database.Database,
  base: UnchangedBase,
  source: ChangeSource,
  options: CompareOptions,
  resultRows: number,
): RawChanges {
  const baseNames = new Set(base.columns.map((c) => c.name));
  const compared = options.columns ? new Set(options.columns) : null;
  const common =
    options.mode === 'values'
      ? source.columns
          .map((c, i) => ({ name: c.name, index: i }))
          .filter((c) => baseNames.has(c.name) && (compared === null || compared.has(c.name)))
      : [];
  const from = `(${source.select}) AS a JOIN ${quoteIdent(base.relation)} AS b ON b.${ROW} = a.${ROW}`;
  const differs = common.map((c) => `(a.${quoteIdent(c.name)} IS NOT b.${quoteIdent(c.name)})`);
  const anyDiffers = differs.length > 0 ? differs.join(' OR ') : '0';
  const changedPerColumn = source.columns.map(() => 0);
  let rowsChanged = 0;
  if (common.length > 0) {
    // One join gives every count. The inner LIMIT keeps SQLite from flattening it, which would
    // evaluate the operation's expression once per reference rather than once per row.
    const flags = common.map((_, k) => `d${k}`);
    const totals = data
      .prepare(
        `SELECT coalesce(sum(${flags.join(' OR ')}), 0)${flags.map((f) => `, coalesce(sum(${f}), 0)`).join('')} FROM (SELECT ${differs.map((d, k) => `${d} AS d${k}`).join(', ')} FROM ${from} LIMIT -1)`,
      )
      .raw()
      .get(...source.params) as number[];
    rowsChanged = Number(totals[0]);
    common.forEach((c, k) => {
      changedPerColumn[c.index] = Number(totals[1 + k]);
    });
  }
  const cellsChanged = changedPerColumn.reduce((sum, n) => sum + n, 0);

  let changedRows: ChangedRow[] = [];
  if (rowsChanged > 0) {
    const width = source.columns.length;
    const sample = data
      .prepare(
        `SELECT a.${ROW}, ${source.columns.map((c) => `a.${quoteIdent(c.name)}`).join(', ')}, ${common
          .map((c) => `b.${quoteIdent(c.name)}`)
          .join(
            ', ',
          )}, ${differs.join(', ')} FROM ${from} WHERE ${anyDiffers} ORDER BY a.${ROW} LIMIT ${CHANGED_ROWS_SAMPLE}`,
      )
      .raw()
      .all(...source.params) as unknown[][];
    changedRows = sample.map((r) => {
      const olds = r.slice(1 + width, 1 + width + common.length);
      const flags = r.slice(1 + width + common.length);
      const changed: number[] = [];
      const before: unknown[] = [];
      common.forEach((c, k) => {
        if (Number(flags[k]) === 1) {
          changed.push(c.index);
          before.push(olds[k]);
        }
      });
      return { row: Number(r[0]), values: r.slice(1, 1 + width), changed, before };
    });
  }

  const rowsRemoved = Math.max(0, base.rowCount - resultRows);
  let removedRows: RawChanges['removedRows'] = [];
  if (rowsRemoved > 0) {
    const ids = firstRemoved(data, base.relation, source);
    if (ids.length > 0) {
      const list = source.columns.map((c) => (baseNames.has(c.name) ? `b.${quoteIdent(c.name)}` : 'NULL'));
      removedRows = (
        data
          .prepare(
            `SELECT b.${ROW}, ${list.join(', ')} FROM ${quoteIdent(base.relation)} AS b WHERE b.${ROW} IN (${ids.map(() => '?').join(', ')}) ORDER BY b.${ROW}`,
          )
          .raw()
          .all(...ids) as unknown[][]
      ).map((r) => ({ row: Number(r[0]), values: r.slice(1) }));
    }
  }
  return { rowsRemoved, rowsChanged, cellsChanged, changedPerColumn, changedRows, removedRows };
}

/**
 * The first removed rows' numbers: both sides walked in row order side by side, stopping at the
 * CHANGED_ROWS_SAMPLE-th gap (a NOT IN would evaluate and index the whole result first).
 */
function firstRemoved(data: Database.Database, relation: string, source: ChangeSource): number[] {
  const base = data.prepare(`SELECT ${ROW} FROM ${quoteIdent(relation)} ORDER BY ${ROW}`).pluck();
  const kept = data.prepare(`SELECT ${ROW} FROM (${source.select}) ORDER BY ${ROW}`).pluck();
  const baseRows = base.iterate() as IterableIterator<number | bigint>;
  const keptRows = kept.iterate(...source.params) as IterableIterator<number | bigint>;
  const removed: number[] = [];
  try {
    let next = keptRows.next();
    for (const raw of baseRows) {
      const row = Number(raw);
      while (!next.done && Number(next.value) < row) next = keptRows.next();
      if (next.done || Number(next.value) !== row) {
        removed.push(row);
        if (removed.length >= CHANGED_ROWS_SAMPLE) break;
      }
    }
  } finally {
    baseRows.return?.();
    keptRows.return?.();
  }
  return removed;
}
