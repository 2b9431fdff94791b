import { quoteColumnName } from '../../../shared/expression-functions';
import {
  COLUMN_TYPES,
  operationSchema,
  type Column,
  type ColumnType,
  type Operation,
  type OperationKind,
} from '../../../shared/operations';

/** The catalogue as the Transform menu lists it. */
export const OPERATIONS: { op: OperationKind; label: string; hint: string }[] = [
  { op: 'filter_rows', label: 'Filter rows', hint: 'Keep the rows where an expression is true.' },
  { op: 'sort', label: 'Sort', hint: 'Order the rows by one or more columns.' },
  { op: 'select_columns', label: 'Select columns', hint: 'Keep only some columns.' },
  { op: 'drop_columns', label: 'Drop columns', hint: 'Remove columns.' },
  { op: 'rename_columns', label: 'Rename columns', hint: 'Give columns new names.' },
  { op: 'reorder_columns', label: 'Reorder columns', hint: 'Change the order of the columns.' },
  { op: 'cast_type', label: 'Change column type', hint: 'Convert a column to another type.' },
  { op: 'fill_missing', label: 'Fill missing values', hint: 'Replace empty cells.' },
  { op: 'drop_missing', label: 'Drop rows with missing values', hint: 'Remove rows with empty cells.' },
  { op: 'deduplicate', label: 'Remove duplicates', hint: 'Keep one row of each set of duplicates.' },
  { op: 'derive_column', label: 'Derive column', hint: 'Add a column computed by an expression.' },
  { op: 'find_replace', label: 'Find and replace', hint: 'Replace text in columns.' },
  { op: 'text_clean', label: 'Clean text', hint: 'Trim, change case, collapse whitespace.' },
  { op: 'split_column', label: 'Split column', hint: 'Split one column into several.' },
  { op: 'merge_columns', label: 'Merge columns', hint: 'Join several columns into one.' },
  { op: 'clip_outliers', label: 'Clip outliers', hint: 'Limit extreme numbers.' },
  { op: 'group_aggregate', label: 'Group and aggregate', hint: 'Summarise rows by groups.' },
  { op: 'sample', label: 'Sample rows', hint: 'Keep the first rows or a random sample.' },
];

export function operationLabel(op: OperationKind): string {
  return OPERATIONS.find((o) => o.op === op)?.label ?? op;
}

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
    into: column ? `${column}_1\n${column}_2` : '',
    keepOriginal: false,
    separator: ' ',
    clipMethod: 'iqr',
    factor: '',
    lower: '',
    upper: '',
    aggregations: [{ column: '', fn: 'count', as: 'count' }],
    sampleMethod: 'first',
    sampleBy: 'n',
    n: '1000',
    fraction: '0.1',
    seed: '42',
  };
}

/** How a column is written in an expression: bare when it is a plain name, else in double quotes. */
/** A column as an expression writes it (see the shared catalogue). */
export const refOf = quoteColumnName;

export type FieldErrors = Record<string, string>;

type Parsed = { ok: true; operation: Operation } | { ok: false; errors: FieldErrors };

function numberField(text: string, key: string, errors: FieldErrors, integer = false): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    errors[key] = integer ? 'Enter a whole number.' : 'Enter a number.';
    return undefined;
  }
  return n;
}

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** A fill value typed like the columns it fills: numbers for numeric columns, booleans for boolean ones. */
function fillValue(text: string, columns: Column[], chosen: string[]): string | number | boolean {
  const types = new Set(columns.filter((c) => chosen.includes(c.name)).map((c) => c.type));
  const trimmed = text.trim();
  if (types.size > 0 && [...types].every((t) => t === 'integer' || t === 'float')) {
    const n = Number(trimmed);
    if (trimmed !== '' && Number.isFinite(n)) return n;
  }
  if (types.size > 0 && [...types].every((t) => t === 'boolean')) {
    if (/^(true|false)$/i.test(trimmed)) return trimmed.toLowerCase() === 'true';
  }
  return text;
}

/** Builds the operation from the form, validated with the shared schema; errors by field. */
export function toOperation(draft: Draft, columns: Column[]): Parsed {
  const errors: FieldErrors = {};
  const d = draft;
  let input: Record<string, unknown>;
  switch (d.op) {
    case 'select_columns':
    case 'drop_columns':
      input = { op: d.op, columns: d.columns };
      break;
    case 'reorder_columns':
      input = { op: d.op, columns: d.order };
      break;
    case 'rename_columns':
      input = { op: d.op, renames: d.renames.filter((r) => r.from !== '' || r.to !== '') };
      break;
    case 'cast_type':
      input = { op: d.op, column: d.column, to: d.to, onError: d.onError };
      break;
    case 'filter_rows':
      input = { op: d.op, expression: d.expression };
      break;
    case 'derive_column':
      input = { op: d.op, name: d.name.trim(), expression: d.expression };
      break;
    case 'fill_missing':
      input = {
        op: d.op,
        columns: d.columns,
        strategy: d.strategy,
        ...(d.strategy === 'value' ? { value: fillValue(d.value, columns, d.columns) } : {}),
      };
      break;
    case 'drop_missing':
      input = { op: d.op, how: d.how, ...(d.columns.length > 0 ? { columns: d.columns } : {}) };
      break;
    case 'deduplicate':
      input = { op: d.op, keep: d.keep, ...(d.columns.length > 0 ? { columns: d.columns } : {}) };
      break;
    case 'sort':
      input = { op: d.op, keys: d.sortKeys };
      break;
    case 'find_replace':
      input = {
        op: d.op,
        columns: d.columns,
        find: d.find,
        replace: d.replace,
        mode: d.mode,
        caseSensitive: d.caseSensitive,
      };
      break;
    case 'text_clean':
      input = {
        op: d.op,
        columns: d.columns,
        trim: d.trim,
        case: d.textCase,
        collapseWhitespace: d.collapseWhitespace,
      };
      if (!d.trim && d.textCase === 'none' && !d.collapseWhitespace) {
        errors.trim = 'Choose at least one thing to clean.';
      }
      break;
    case 'split_column':
      input = {
        op: d.op,
        column: d.column,
        delimiter: d.delimiter,
        into: lines(d.into),
        keepOriginal: d.keepOriginal,
      };
      break;
    case 'merge_columns':
      input = {
        op: d.op,
        // In the table's order, so the result reads left to right.
        columns: columns.map((c) => c.name).filter((n) => d.columns.includes(n)),
        separator: d.separator,
        into: d.name.trim(),
        keepOriginals: d.keepOriginal,
      };
      break;
    case 'clip_outliers': {
      const factor = numberField(d.factor, 'factor', errors);
      const lower = numberField(d.lower, 'lower', errors);
      const upper = numberField(d.upper, 'upper', errors);
      input = { op: d.op, column: d.column, method: d.clipMethod };
      if (d.clipMethod === 'bounds') {
        if (lower === undefined && upper === undefined && !errors.lower && !errors.upper) {
          errors.lower = 'Give a lower bound, an upper bound, or both.';
        }
        if (lower !== undefined && upper !== undefined && lower > upper) {
          errors.upper = 'The upper bound must not be below the lower bound.';
        }
        Object.assign(input, lower !== undefined ? { lower } : {}, upper !== undefined ? { upper } : {});
      } else if (factor !== undefined) {
        input.factor = factor;
      }
      break;
    }
    case 'group_aggregate':
      input = {
        op: d.op,
        by: d.columns,
        aggregations: d.aggregations.map((a) => ({
          fn: a.fn,
          as: a.as.trim(),
          ...(a.column ? { column: a.column } : {}),
        })),
      };
      d.aggregations.forEach((a, i) => {
        if (!a.column && a.fn !== 'count')
          errors[`aggregations.${i}.column`] = 'Choose a column to aggregate.';
      });
      break;
    case 'sample': {
      const n = d.sampleBy === 'n' ? numberField(d.n, 'n', errors, true) : undefined;
      const fraction = d.sampleBy === 'fraction' ? numberField(d.fraction, 'fraction', errors) : undefined;
      const seed = numberField(d.seed, 'seed', errors, true);
      if (d.sampleBy === 'n' && n === undefined && !errors.n) errors.n = 'Say how many rows to keep.';
      if (d.sampleBy === 'fraction' && fraction === undefined && !errors.fraction) {
        errors.fraction = 'Say which share of the rows to keep.';
      }
      input = {
        op: d.op,
        method: d.sampleMethod,
        ...(n !== undefined ? { n } : {}),
        ...(fraction !== undefined ? { fraction } : {}),
        ...(seed !== undefined ? { seed } : {}),
      };
      break;
    }
  }
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

function friendly(message: string): string {
  if (/expected number/i.test(message)) return 'Enter a number.';
  if (/too small.*>0|>0/i.test(message)) return 'Enter a number above zero.';
  if (/Too small: expected string/i.test(message)) return 'This cannot be empty.';
  return message;
}

export { COLUMN_TYPES };
