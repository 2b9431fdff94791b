/**
 * One definition per operation kind keeps its SQL, its summary and its pandas rendering side by
 * side (in ./ops), so the three cannot drift apart.
 */
import type { Column, ColumnType, Operation, OperationKind } from '../../../../shared/operations';
import type { PandasCode } from './python';
import { ROW, join, quoteIdent as quote, raw, sql, type Fragment } from './sql';
import { Schema, quoted } from './schema';

export interface CompileInput {
  /** The already-quoted name of the relation (table or view) holding the version's rows. */
  source: string;
  columns: Column[];
}

export interface CompiledOperation {
  /**
   * A SELECT whose first output column is "__cairn_row" (the result's row order; it need not be
   * dense or unique for operations that reorder or aggregate — the caller renumbers with
   * row_number() OVER (ORDER BY "__cairn_row")), then exactly `columns` in order.
   */
  select: string;
  /** Positional `?` parameters; user-provided values are always parameters, never spliced in. */
  params: unknown[];
  /** The output schema. */
  columns: Column[];
  /** True for select/drop/rename/reorder: the caller may store the result as a view. */
  schemaOnly: boolean;
  /**
   * SQL returning one row {n}: how many rows the operation changes, removes or fills, for the
   * preview. For cast_type: how many values cannot be converted (they become empty or refuse).
   */
  affected?: { sql: string; params: unknown[] };
  /** SQL returning {n}; if n > 0 the operation must be refused with `message`. */
  guard?: { sql: string; params: unknown[]; message: string };
}

export type OperationOf<K extends OperationKind> = Extract<Operation, { op: K }>;

export interface CompileContext {
  source: string;
  schema: Schema;
}

export interface PandasContext {
  /** The input column's type when the schema was given; undefined renders a type-neutral form. */
  typeOf(name: string): ColumnType | undefined;
  /** The input schema, or null when the caller did not pass one. */
  columns: readonly Column[] | null;
}

export interface OperationDefinition<K extends OperationKind> {
  compile(op: OperationOf<K>, ctx: CompileContext): CompiledOperation;
  summarize(op: OperationOf<K>): string;
  /** Import lines must not depend on column types, so pandasImports() can list them without a schema. */
  pandas(op: OperationOf<K>, ctx: PandasContext): PandasCode;
}

export type OperationTable = { [K in OperationKind]: OperationDefinition<K> };

/** `"a"` or `"a", "b"` for summaries. */
export function names(list: readonly string[]): string {
  return list.map(quoted).join(', ');
}

/** `column "a"` / `columns "a", "b"`. */
export function columnsPhrase(list: readonly string[]): string {
  return `${list.length === 1 ? 'column' : 'columns'} ${names(list)}`;
}

export interface Output {
  column: Column;
  /** The SQL computing it; defaults to the input column of the same name. */
  expr?: Fragment;
}

/** `SELECT <row>, <outputs> FROM <from> <rest>` with each output aliased to its name. */
export function selectList(row: Fragment, outputs: readonly Output[], qualifier?: string): Fragment {
  const items = outputs.map(({ column, expr }) => {
    const value = expr ?? raw(qualifier ? `${qualifier}.${quote(column.name)}` : quote(column.name));
    return sql`${value} AS ${raw(quote(column.name))}`;
  });
  return join([sql`${row} AS ${raw(ROW)}`, ...items], ', ');
}

export function passThrough(columns: readonly Column[]): Output[] {
  return columns.map((column) => ({ column }));
}

/** Rows whose value changed in any of `changed`, joining result and source on the row number. */
export function changedRows(
  select: Fragment,
  source: string,
  changed: readonly string[],
): CompiledOperation['affected'] {
  const tests = changed.map((name) => `a.${quote(name)} IS NOT b.${quote(name)}`).join(' OR ');
  return {
    sql: `SELECT count(*) AS n FROM (${select.sql}) AS a JOIN ${source} AS b ON a.${ROW} = b.${ROW} WHERE ${tests}`,
    params: select.params,
  };
}

/** How many rows the result has fewer than the source. */
export function removedRows(select: Fragment, source: string): CompiledOperation['affected'] {
  return {
    sql: `SELECT (SELECT count(*) FROM ${source}) - (SELECT count(*) FROM (${select.sql})) AS n`,
    params: select.params,
  };
}
