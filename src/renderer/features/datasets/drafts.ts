import { quoteColumnName } from '../../../shared/expression-functions';
import type { Column, ColumnType, OperationKind } from '../../../shared/operations';

export const AGGREGATES = ['count', 'sum', 'mean', 'min', 'max', 'median', 'count_distinct'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

export interface SortKeyDraft {
  column: string;
  direction: 'asc' | 'desc';
  nulls: 'first' | 'last';
}

export interface AggregationDraft {
  column: string;
  fn: Aggregate;
  as: string;
}

/** One form state for every operation: each form uses the fields it needs. */
export interface Draft {
  op: OperationKind;
  columns: string[];
  column: string;
  renames: { from: string; to: string }[];
  order: string[];
  to: ColumnType;
  onError: 'null' | 'fail';
  expression: string;
  name: string;
  strategy: 'value' | 'mean' | 'median' | 'mode' | 'forward' | 'backward';
  value: string;
  how: 'any' | 'all';
  keep: 'first' | 'last';
  sortKeys: SortKeyDraft[];
  find: string;
  replace: string;
  mode: 'exact' | 'contains' | 'regex';
  caseSensitive: boolean;
  trim: boolean;
  textCase: 'none' | 'lower' | 'upper' | 'title';
  collapseWhitespace: boolean;
  delimiter: string;
  into: string;
  keepOriginal: boolean;
  separator: string;
  clipMethod: 'iqr' | 'zscore' | 'bounds';
  factor: string;
  lower: string;
  upper: string;
  aggregations: AggregationDraft[];
  sampleMethod: 'first' | 'random';
  sampleBy: 'n' | 'fraction';
  n: string;
  fraction: string;
  seed: string;
  /** edit_cells: one cell by its row, or every cell equal to `match`. */
  where: 'row' | 'value';
  row: string;
  match: string;
}

/** A fresh form for an operation; `column` preselects the column a header menu was opened on. */
export function newDraft(op: OperationKind, columns: Column[], column?: string): Draft {
  const numeric = columns.filter((c) => c.type === 'integer' || c.type === 'float').map((c) => c.name);
  const first =
    op === 'clip_outliers'
      ? column && numeric.includes(column)
        ? column
        : (numeric[0] ?? '')
      : (column ?? columns[0]?.name ?? '');
  const chosen = column ? [column] : [];
  return {
    op,
    columns: chosen,
    column: first,
    renames: [{ from: first, to: '' }],
    order: columns.map((c) => c.name),
    to: 'text',
    onError: 'null',
    expression: column && op === 'filter_rows' ? `${refOf(column)} IS NOT NULL` : '',
    name: '',
    strategy: 'value',
    value: '',
    how: 'any',
    keep: 'first',
    sortKeys: [{ column: first, direction: 'asc', nulls: 'last' }],
    find: '',
    replace: '',
    mode: 'contains',
    caseSensitive: true,
    trim: true,
    textCase: 'none',
    collapseWhitespace: false,
    delimiter: ',',
    into: splitNames(first),
    keepOriginal: false,
    separator: ' ',
    clipMethod: 'iqr',
    factor: '',
    lower: '',
    upper: '',
    aggregations: [{ column: '', fn: 'count', as: aggregateName({ column: '', fn: 'count' }) }],
    sampleMethod: 'first',
    sampleBy: 'n',
    n: '1000',
    fraction: '0.1',
    seed: '42',
    where: 'row',
    row: '',
    match: '',
  };
}

/** How a column is written in an expression: bare when it is a plain name, else in double quotes. */
/** A column as an expression writes it (see the shared catalogue). */
export const refOf = quoteColumnName;

export type FieldErrors = Record<string, string>;

export function numberField(
  text: string,
  key: string,
  errors: FieldErrors,
  integer = false,
): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    errors[key] = integer ? 'Enter a whole number.' : 'Enter a number.';
    return undefined;
  }
  return n;
}

export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function friendly(message: string): string {
  if (/expected number/i.test(message)) return 'Enter a number.';
  if (/too small.*>0|>0/i.test(message)) return 'Enter a number above zero.';
  if (/Too small: expected string/i.test(message)) return 'This cannot be empty.';
  return message;
}

/** The names a split suggests for a column until the person writes their own. */
export function splitNames(column: string): string {
  return column ? `${column}_1\n${column}_2` : '';
}

/** The result name an aggregation suggests: `count` for counted rows, else `sum_price` and the like. */
export function aggregateName(a: Pick<AggregationDraft, 'column' | 'fn'>): string {
  return a.column ? `${a.fn}_${a.column}` : a.fn;
}
