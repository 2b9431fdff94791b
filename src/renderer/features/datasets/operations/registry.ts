import {
  operationSchema,
  type Column,
  type Operation,
  type OperationKind,
} from '../../../../shared/operations';
import { friendly, type Draft, type FieldErrors } from '../drafts';
import type { OperationForm } from './types';
import { castType } from './cast_type';
import { clipOutliers } from './clip_outliers';
import { deduplicate } from './deduplicate';
import { deriveColumn } from './derive_column';
import { dropColumns } from './drop_columns';
import { dropMissing } from './drop_missing';
import { editCells } from './edit_cells';
import { fillMissing } from './fill_missing';
import { filterRows } from './filter_rows';
import { findReplace } from './find_replace';
import { groupAggregate } from './group_aggregate';
import { mergeColumns } from './merge_columns';
import { renameColumns } from './rename_columns';
import { reorderColumns } from './reorder_columns';
import { sample } from './sample';
import { selectColumns } from './select_columns';
import { sort } from './sort';
import { splitColumn } from './split_column';
import { textClean } from './text_clean';

/** Every operation kind must have a form: the mapped type makes a missing one a type error. */
export const OPERATION_FORMS: { [K in OperationKind]: OperationForm<K> } = {
  filter_rows: filterRows,
  sort,
  select_columns: selectColumns,
  drop_columns: dropColumns,
  rename_columns: renameColumns,
  reorder_columns: reorderColumns,
  cast_type: castType,
  fill_missing: fillMissing,
  drop_missing: dropMissing,
  deduplicate,
  derive_column: deriveColumn,
  find_replace: findReplace,
  text_clean: textClean,
  split_column: splitColumn,
  merge_columns: mergeColumns,
  edit_cells: editCells,
  clip_outliers: clipOutliers,
  group_aggregate: groupAggregate,
  sample,
};

/** The catalogue in the order the Transform menu and the palette list it. */
export const OPERATIONS: OperationForm[] = Object.values(OPERATION_FORMS);

export function formFor(op: OperationKind): OperationForm {
  return OPERATION_FORMS[op];
}

export function operationLabel(op: OperationKind): string {
  return OPERATION_FORMS[op].label;
}

type Parsed = { ok: true; operation: Operation } | { ok: false; errors: FieldErrors };

/** Builds the operation from the form, validated with the shared schema; errors by field. */
export function toOperation(draft: Draft, columns: Column[]): Parsed {
  const errors: FieldErrors = {};
  const input = formFor(draft.op).build(draft, columns, errors);
  const parsed = operationSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.map(String).join('.') || 'form';
      errors[key] ??= friendly(issue.message);
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, operation: parsed.data };
}
