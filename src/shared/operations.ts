import { z } from 'zod';

/**
 * The catalogue of transformations. An operation is data (JSON), never code: it is validated
 * here, checked against the version's schema, compiled to parameterised SQL, and rendered as a
 * human summary and as pandas. A version's recipe is the list of operations from the root.
 */

export const COLUMN_TYPES = ['integer', 'float', 'boolean', 'date', 'datetime', 'text'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export const columnSchema = z.object({ name: z.string(), type: z.enum(COLUMN_TYPES) });
export type Column = z.infer<typeof columnSchema>;

const columnName = z.string().min(1, 'A column name cannot be empty.').max(500);
const columnList = z.array(columnName).min(1, 'Choose at least one column.');
/** An expression in Cairn's small language, e.g. `age >= 18 AND city IN ('NY', 'LA')`. */
const expression = z.string().trim().min(1, 'Write an expression.').max(10_000);
/** A cell's value as a person gives it; typed by its column when compiled. null is missing. */
const cellValue = z.union([z.string().max(100_000), z.number(), z.boolean(), z.null()]);

export const operationSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('select_columns'), columns: columnList }),
  z.object({ op: z.literal('drop_columns'), columns: columnList }),
  z.object({
    op: z.literal('rename_columns'),
    renames: z.array(z.object({ from: columnName, to: columnName })).min(1),
  }),
  /** The full new order: every column exactly once. */
  z.object({ op: z.literal('reorder_columns'), columns: columnList }),
  z.object({
    op: z.literal('cast_type'),
    column: columnName,
    to: z.enum(COLUMN_TYPES),
    /** What happens to a value that cannot be converted: it becomes empty, or the operation is refused. */
    onError: z.enum(['null', 'fail']).default('null'),
  }),
  z.object({ op: z.literal('filter_rows'), expression }),
  z.object({
    op: z.literal('fill_missing'),
    columns: columnList,
    strategy: z.enum(['value', 'mean', 'median', 'mode', 'forward', 'backward']),
    value: z.union([z.string(), z.number(), z.boolean()]).optional(),
  }),
  z.object({
    op: z.literal('drop_missing'),
    /** Omitted: every column. */
    columns: z.array(columnName).optional(),
    how: z.enum(['any', 'all']).default('any'),
  }),
  z.object({
    op: z.literal('deduplicate'),
    /** Omitted: whole rows. */
    columns: z.array(columnName).optional(),
    keep: z.enum(['first', 'last']).default('first'),
  }),
  z.object({
    op: z.literal('sort'),
    keys: z
      .array(
        z.object({
          column: columnName,
          direction: z.enum(['asc', 'desc']).default('asc'),
          nulls: z.enum(['first', 'last']).default('last'),
        }),
      )
      .min(1),
  }),
  z.object({ op: z.literal('derive_column'), name: columnName, expression }),
  z.object({
    op: z.literal('find_replace'),
    columns: columnList,
    find: z.string().min(1, 'Say what to find.'),
    replace: z.string(),
    mode: z.enum(['exact', 'contains', 'regex']).default('contains'),
    caseSensitive: z.boolean().default(true),
  }),
  z.object({
    op: z.literal('text_clean'),
    columns: columnList,
    trim: z.boolean().default(true),
    case: z.enum(['none', 'lower', 'upper', 'title']).default('none'),
    collapseWhitespace: z.boolean().default(false),
  }),
  z.object({
    op: z.literal('split_column'),
    column: columnName,
    delimiter: z.string().min(1),
    into: z.array(columnName).min(2, 'Name at least two new columns.'),
    keepOriginal: z.boolean().default(false),
  }),
  z.object({
    op: z.literal('merge_columns'),
    columns: z.array(columnName).min(2, 'Choose at least two columns.'),
    separator: z.string().default(' '),
    into: columnName,
    keepOriginals: z.boolean().default(false),
  }),
  z.object({
    op: z.literal('clip_outliers'),
    column: columnName,
    method: z.enum(['iqr', 'zscore', 'bounds']),
    /** IQR multiplier (default 1.5) or z-score threshold (default 3). */
    factor: z.number().positive().optional(),
    lower: z.number().optional(),
    upper: z.number().optional(),
  }),
  z.object({
    op: z.literal('group_aggregate'),
    by: z.array(columnName),
    aggregations: z
      .array(
        z.object({
          column: columnName.optional(),
          fn: z.enum(['count', 'sum', 'mean', 'min', 'max', 'median', 'count_distinct']),
          as: columnName,
        }),
      )
      .min(1),
  }),
  /**
   * A change made in the grid: the cell in one row (its 1-based position in the version), or every
   * cell of the column equal to `match` (null: every missing cell), becomes `value`.
   */
  z.object({
    op: z.literal('edit_cells'),
    column: columnName,
    where: z.enum(['row', 'value']),
    row: z.number().int().positive().optional(),
    match: cellValue.optional(),
    value: cellValue,
  }),
  z.object({
    op: z.literal('sample'),
    method: z.enum(['first', 'random']),
    n: z.number().int().positive().optional(),
    fraction: z.number().gt(0).lte(1).optional(),
    seed: z.number().int().default(42),
  }),
]);

export type Operation = z.infer<typeof operationSchema>;
export type OperationInput = z.input<typeof operationSchema>;
export type OperationKind = Operation['op'];

/** Operations that only change the schema: their versions are zero-copy views. */
export const SCHEMA_ONLY_OPS: ReadonlySet<OperationKind> = new Set([
  'select_columns',
  'drop_columns',
  'rename_columns',
  'reorder_columns',
]);

export const recipeSchema = z.object({
  format: z.literal('cairn-recipe'),
  version: z.literal(1),
  /** The columns the first operation expects, checked before a replay. */
  columns: z.array(columnSchema),
  operations: z.array(operationSchema),
});
export type Recipe = z.infer<typeof recipeSchema>;
