/**
 * edit_cells: a value typed into the grid. "row" changes the one cell at a row position of the
 * version (1-based, the dense "__cairn_row"), so a replay on a re-import changes whatever sits at
 * that position; "value" changes every cell of the column equal to `match`, so a replay fixes the
 * same value wherever it now appears. Values are typed by the column as fill values are (an
 * integer column refuses "abc"); null is missing.
 */
import type { Column } from '../../../../../shared/operations';
import { CairnError } from '../../../../../shared/result';
import type { OperationDefinition, OperationOf } from '../definition';
import { col, pandas, pyStr } from '../python';
import { quoted } from '../schema';
import { ROW, param, raw, sql, type Fragment } from '../sql';
import { convertValue, type Cell } from '../values';
import { EXPECTED, pyValue } from './fill';
import { rewrite } from './text';

type Given = OperationOf<'edit_cells'>['value'];

/** A given value as the column stores it; `what` names it in the message ("The new value"). */
export function cellFor(value: Given, column: Column, what: string): Cell {
  const converted = convertValue(value, column.type);
  if (!converted.ok) {
    throw new CairnError(
      'VALIDATION',
      `${what} ${JSON.stringify(value)} is not ${EXPECTED[column.type]}, so it cannot go in ${quoted(column.name)} (${column.type}). Leave it empty for a missing value.`,
    );
  }
  return converted.value;
}

/** Which cells the edit targets, checked: the row, or the typed value to match. */
export function editTarget(
  op: OperationOf<'edit_cells'>,
  column: Column,
): { where: 'row'; row: number } | { where: 'value'; match: Cell } {
  if (op.where === 'row') {
    if (op.row === undefined) throw new CairnError('VALIDATION', 'Say which row to change.');
    return { where: 'row', row: op.row };
  }
  if (op.match === undefined) throw new CairnError('VALIDATION', 'Say which value to replace.');
  return { where: 'value', match: cellFor(op.match, column, 'The value to replace') };
}

function shown(value: Given | undefined): string {
  if (value === null || value === undefined) return 'missing';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** A given value in Python: typed by the column when the schema is known, else as given. */
function pyCell(given: Given, column: Column | undefined, what: string): string {
  if (column) {
    const value = cellFor(given, column, what);
    return value === null ? 'pd.NA' : pyValue(value, column.type);
  }
  if (given === null) return 'pd.NA';
  if (typeof given === 'boolean') return given ? 'True' : 'False';
  return typeof given === 'number' ? String(given) : pyStr(given);
}

export const editCells: OperationDefinition<'edit_cells'> = {
  compile(op, { source, schema }) {
    const [column] = schema.requireAll([op.column]) as [Column];
    const target = editTarget(op, column);
    const value = cellFor(op.value, column, 'The new value');
    const test = (c: Fragment): Fragment =>
      target.where === 'row'
        ? sql`${raw(ROW)} = ${param(BigInt(target.row))}`
        : target.match === null
          ? sql`${c} IS NULL`
          : sql`${c} = ${param(target.match)}`;
    return {
      ...rewrite(
        source,
        schema,
        [column.name],
        (c) => sql`CASE WHEN ${test(c)} THEN ${param(value)} ELSE ${c} END`,
      ),
      ...(target.where === 'row'
        ? {
            guard: {
              sql: `SELECT NOT EXISTS (SELECT 1 FROM ${source} WHERE ${ROW} = ?) AS n`,
              params: [BigInt(target.row)],
              message: `There is no row ${target.row} in this version.`,
            },
          }
        : {}),
    };
  },

  summarize(op) {
    if (op.where === 'row') return `Set ${quoted(op.column)} in row ${op.row ?? '?'} to ${shown(op.value)}`;
    return `Replace ${shown(op.match)} with ${shown(op.value)} in ${quoted(op.column)}`;
  },

  pandas(op, ctx) {
    const type = ctx.typeOf(op.column);
    const column = type ? { name: op.column, type } : undefined;
    const value = pyCell(op.value, column, 'The new value');
    const c = col(op.column);
    if (op.where === 'row') {
      // Positional, like the row number Cairn shows: the index may have gaps after a filter.
      return pandas(`df.iloc[${(op.row ?? 1) - 1}, df.columns.get_loc(${pyStr(op.column)})] = ${value}`);
    }
    const match = op.match ?? null;
    const test =
      match === null
        ? `${c}.isna()`
        : `(${c} == ${pyCell(match, column, 'The value to replace')}).fillna(False)`;
    return pandas(`${c} = ${c}.mask(${test}, ${value})`);
  },
};
