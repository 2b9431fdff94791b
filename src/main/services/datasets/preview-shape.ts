import type { OperationPreview } from '../../../shared/datasets';
import type { Column, Operation, OperationKind } from '../../../shared/operations';
import type { PreviewResult } from '../../jobs/apply';
import { decodeRow } from './decode';
import type { CompareOptions } from './preview-changes';

/**
 * Operations whose result rows are numbered anew (a sort) or made from groups of rows: their
 * rows cannot be matched to the base's by row number, so their preview shows no changed cells.
 */
const RENUMBERING_OPS: ReadonlySet<OperationKind> = new Set(['sort', 'group_aggregate']);

/** Operations that only remove rows: their preview compares no value. */
const REMOVING_OPS: ReadonlySet<OperationKind> = new Set([
  'filter_rows',
  'drop_missing',
  'deduplicate',
  'sample',
]);

/** How a preview of `op` matches result rows to the base's (see preview-changes.ts); undefined: not at all. */
export function compareOptions(op: Operation): CompareOptions | undefined {
  if (RENUMBERING_OPS.has(op.op)) return undefined;
  if (REMOVING_OPS.has(op.op)) return { mode: 'removals' };
  return { mode: 'values', ...(changedColumnsOf(op) ? { columns: changedColumnsOf(op) } : {}) };
}

/** The columns whose values `op` may rewrite, where that is plain; undefined: compare them all. */
function changedColumnsOf(op: Operation): string[] | undefined {
  switch (op.op) {
    case 'fill_missing':
    case 'find_replace':
    case 'text_clean':
      return op.columns;
    case 'clip_outliers':
    case 'cast_type':
    case 'edit_cells':
      return [op.column];
    case 'derive_column':
      return [op.name];
    default:
      return undefined;
  }
}

type Shaped = Pick<OperationPreview, 'changes' | 'rowChanges' | 'removedRows'>;

/** The columns a person sees added, removed and renamed, named as in the base and the result. */
function columnChanges(op: Operation, base: readonly Column[], result: readonly Column[]) {
  const inBase = new Set(base.map((c) => c.name));
  const inResult = new Set(result.map((c) => c.name));
  const renamed =
    op.op === 'rename_columns'
      ? op.renames.filter((r) => r.from !== r.to && inBase.has(r.from) && inResult.has(r.to))
      : [];
  const from = new Set(renamed.map((r) => r.from));
  const to = new Set(renamed.map((r) => r.to));
  // A swap renames a→b and b→a: both names exist on both sides and neither is added nor removed.
  return {
    columnsAdded: result.filter((c) => !inBase.has(c.name) && !to.has(c.name)).map((c) => c.name),
    columnsRemoved: base.filter((c) => !inResult.has(c.name) && !from.has(c.name)).map((c) => c.name),
    columnsRenamed: renamed.map((r) => ({ from: r.from, to: r.to })),
  };
}

/**
 * The preview's change fields from a worker's (or a schema-only view's) raw result: values
 * decoded with the types of the side they come from (a cast's old values are the base's type).
 */
export function shapeChanges(
  op: Operation,
  base: readonly Column[],
  result: Column[],
  raw: PreviewResult,
  schemaOnly: boolean,
): Shaped {
  const columns = columnChanges(op, base, result);
  if (schemaOnly) {
    // A view evaluates nothing: no value changes, only columns.
    return {
      changes: { rowsRemoved: 0, rowsChanged: 0, cellsChanged: 0, columnsChanged: [], ...columns },
      rowChanges: [],
      removedRows: [],
    };
  }
  if (!raw.changes || !raw.rowChanges) {
    if (op.op !== 'sort') return { changes: null, rowChanges: [], removedRows: [] };
    // A sort keeps every row and value; only their order changes.
    return {
      changes: { rowsRemoved: 0, rowsChanged: null, cellsChanged: null, columnsChanged: [], ...columns },
      rowChanges: [],
      removedRows: [],
    };
  }
  const baseType = new Map(base.map((c) => [c.name, c]));
  const asBase = (i: number): Column => {
    const c = result[i] as Column;
    return baseType.get(c.name) ?? c;
  };
  const removedColumns = result.map((_, i) => asBase(i));
  const { changedPerColumn, rowsRemoved, rowsChanged, cellsChanged } = raw.changes;
  return {
    changes: {
      rowsRemoved,
      rowsChanged,
      cellsChanged,
      columnsChanged: result.filter((_, i) => (changedPerColumn[i] ?? 0) > 0).map((c) => c.name),
      ...columns,
    },
    rowChanges: raw.rowChanges.map((r) => ({
      row: r.row,
      changed: r.changed,
      before: decodeRow(
        r.before,
        r.changed.map((i) => asBase(i)),
      ),
    })),
    removedRows: raw.changes.removedRows.map((r) => ({
      row: r.row,
      values: decodeRow(r.values, removedColumns),
    })),
  };
}
