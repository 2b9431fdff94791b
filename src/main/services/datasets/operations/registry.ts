import type { Operation, OperationKind } from '../../../../shared/operations';
import type { OperationDefinition, OperationTable } from './definition';
import { castType } from './ops/cast';
import { editCells } from './ops/cells';
import { dropColumns, renameColumns, reorderColumns, selectColumns } from './ops/columns';
import { deriveColumn, filterRows } from './ops/expressions';
import { fillMissing } from './ops/fill';
import { clipOutliers, groupAggregate } from './ops/numbers';
import { deduplicate, dropMissing, sample, sortRows } from './ops/rows';
import { findReplace, mergeColumns, splitColumn, textClean } from './ops/text';

/** Every operation kind must have a definition: the mapped type makes a missing one a type error. */
export const OPERATIONS: OperationTable = {
  select_columns: selectColumns,
  drop_columns: dropColumns,
  rename_columns: renameColumns,
  reorder_columns: reorderColumns,
  cast_type: castType,
  filter_rows: filterRows,
  fill_missing: fillMissing,
  drop_missing: dropMissing,
  deduplicate,
  sort: sortRows,
  derive_column: deriveColumn,
  find_replace: findReplace,
  text_clean: textClean,
  split_column: splitColumn,
  merge_columns: mergeColumns,
  clip_outliers: clipOutliers,
  group_aggregate: groupAggregate,
  edit_cells: editCells,
  sample,
};

/**
 * The definition for an operation. TypeScript cannot relate `OPERATIONS[op.op]` to `op` across
 * the union, so the lookup is widened once here; the table's mapped type guarantees the pairing.
 */
export function definitionFor(op: Operation): OperationDefinition<OperationKind> {
  return OPERATIONS[op.op] as unknown as OperationDefinition<OperationKind>;
}
