/** clip_outliers and group_aggregate: operations computed from a column's statistics. */
import type { Column, ColumnType } from '../../../../../shared/operations';
import { CairnError } from '../../../../../shared/result';
import { changedRows, names, selectList, type OperationDefinition } from '../definition';
import { NUMPY_IMPORT, col, colList, pandas, pyNumber, pyStr } from '../python';
import { assertNewNames, quoted } from '../schema';
import { ROW, ident, join, param, raw, sql, type Fragment } from '../sql';

const DEFAULT_FACTOR = { iqr: 1.5, zscore: 3 } as const;

/**
 * clip_outliers. Values below the lower bound become the lower bound, above the upper bound the
 * upper bound; missing values stay missing.
 * - iqr: [Q1 − f·IQR, Q3 + f·IQR], f defaulting to 1.5; quartiles interpolate linearly (SQLite's
 *   percentile(), pandas' quantile()).
 * - zscore: mean ± f·std, f defaulting to 3, with the sample standard deviation (n − 1, pandas'
 *   std() default); fewer than two values leave the column unchanged.
 * - bounds: the given lower and/or upper bound.
 * In an integer column the bounds are rounded inwards (lower up, upper down) so clipped values
 * stay whole and inside the bounds.
 */
export const clipOutliers: OperationDefinition<'clip_outliers'> = {
  compile(op, { source, schema }) {
    const column = schema.requireType(op.column, ['integer', 'float'], 'Clipping works on number columns');
    const integer = column.type === 'integer';
    let bounds: Fragment;
    if (op.method === 'bounds') {
      if (op.factor !== undefined)
        throw new CairnError('VALIDATION', 'A factor is only used with the IQR and z-score methods.');
      if (op.lower === undefined && op.upper === undefined) {
        throw new CairnError('VALIDATION', 'Give a lower bound, an upper bound, or both.');
      }
      if (op.lower !== undefined && op.upper !== undefined && op.lower > op.upper) {
        throw new CairnError(
          'VALIDATION',
          `The lower bound (${op.lower}) is above the upper bound (${op.upper}).`,
        );
      }
      const bound = (value: number | undefined, round: (n: number) => number): Fragment =>
        value === undefined ? raw('NULL') : param(integer ? BigInt(round(value)) : value);
      bounds = sql`SELECT ${bound(op.lower, Math.ceil)} AS lo, ${bound(op.upper, Math.floor)} AS hi`;
    } else {
      if (op.lower !== undefined || op.upper !== undefined) {
        throw new CairnError('VALIDATION', 'Lower and upper bounds are only used with the "bounds" method.');
      }
      const factor = param(op.factor ?? DEFAULT_FACTOR[op.method]);
      const x = ident(op.column, 't');
      const stats =
        op.method === 'iqr'
          ? sql`SELECT q1 - ${factor} * (q3 - q1) AS lo, q3 + ${factor} * (q3 - q1) AS hi FROM (SELECT percentile(${x}, 25) AS q1, percentile(${x}, 75) AS q3 FROM ${raw(source)} AS t)`
          : sql`SELECT m - ${factor} * sd AS lo, m + ${factor} * sd AS hi FROM (SELECT avg(${x}) AS m, sqrt(sum((${x} - a.m) * (${x} - a.m)) / (count(${x}) - 1)) AS sd FROM ${raw(source)} AS t, (SELECT avg(${ident(op.column)}) AS m FROM ${raw(source)}) AS a)`;
      bounds = integer
        ? sql`SELECT CAST(ceil(lo) AS INTEGER) AS lo, CAST(floor(hi) AS INTEGER) AS hi FROM (${stats})`
        : stats;
    }
    const x = ident(op.column, 's');
    const outputs = schema.columns.map((c) =>
      c.name === op.column
        ? { column: c, expr: sql`CASE WHEN ${x} < b.lo THEN b.lo WHEN ${x} > b.hi THEN b.hi ELSE ${x} END` }
        : { column: c },
    );
    const select = sql`SELECT ${selectList(raw(`s.${ROW}`), outputs, 's')} FROM ${raw(source)} AS s CROSS JOIN (${bounds}) AS b`;
    return {
      select: select.sql,
      params: select.params,
      columns: [...schema.columns],
      schemaOnly: false,
      affected: changedRows(select, source, [op.column]),
    };
  },

  summarize(op) {
    const c = quoted(op.column);
    if (op.method === 'iqr') return `Clip outliers in ${c} beyond ${op.factor ?? DEFAULT_FACTOR.iqr} × IQR`;
    if (op.method === 'zscore')
      return `Clip outliers in ${c} beyond ${op.factor ?? DEFAULT_FACTOR.zscore} standard deviations`;
    if (op.lower !== undefined && op.upper !== undefined)
      return `Clip ${c} to between ${op.lower} and ${op.upper}`;
    return op.lower !== undefined ? `Clip ${c} to at least ${op.lower}` : `Clip ${c} to at most ${op.upper}`;
  },

  pandas(op, ctx) {
    const c = col(op.column);
    const integer = ctx.typeOf(op.column) === 'integer';
    if (op.method === 'bounds') {
      const bound = (value: number | undefined, round: (n: number) => number): string =>
        value === undefined ? 'None' : integer ? String(round(value)) : pyNumber(value);
      return pandas(
        `${c} = ${c}.clip(lower=${bound(op.lower, Math.ceil)}, upper=${bound(op.upper, Math.floor)})`,
      );
    }
    const f = pyNumber(op.factor ?? DEFAULT_FACTOR[op.method]);
    const [stats, lo, hi] =
      op.method === 'iqr'
        ? [
            `q1, q3 = ${c}.quantile(0.25), ${c}.quantile(0.75)`,
            `q1 - ${f} * (q3 - q1)`,
            `q3 + ${f} * (q3 - q1)`,
          ]
        : [`m, sd = ${c}.mean(), ${c}.std()`, `m - ${f} * sd`, `m + ${f} * sd`];
    const clip = integer
      ? `${c} = ${c}.clip(lower=np.ceil(${lo}), upper=np.floor(${hi}))`
      : `${c} = ${c}.clip(lower=${lo}, upper=${hi})`;
    return pandas([stats, clip], [NUMPY_IMPORT]);
  },
};

const FN_WORDS = {
  count: 'count of',
  sum: 'sum of',
  mean: 'mean of',
  min: 'minimum of',
  max: 'maximum of',
  median: 'median of',
  count_distinct: 'number of distinct',
} as const;

const PANDAS_FN = {
  count: 'count',
  sum: 'sum',
  mean: 'mean',
  min: 'min',
  max: 'max',
  median: 'median',
  count_distinct: 'nunique',
} as const;

type Aggregation = { column?: string | undefined; fn: keyof typeof FN_WORDS; as: string };

function aggregationType(a: Aggregation, input: Column | undefined): ColumnType {
  switch (a.fn) {
    case 'count':
    case 'count_distinct':
      return 'integer';
    case 'mean':
    case 'median':
      return 'float';
    case 'sum':
      return input?.type === 'float' ? 'float' : 'integer';
    default:
      return input?.type ?? 'integer';
  }
}

function aggregationSql(a: Aggregation, input: Column | undefined): Fragment {
  if (!input) return raw('count(*)');
  const x = ident(input.name, 's');
  switch (a.fn) {
    case 'count':
      return sql`count(${x})`;
    case 'count_distinct':
      return sql`count(DISTINCT ${x})`;
    case 'sum':
      // The sum of no values is 0, as in pandas.
      return sql`coalesce(sum(${x}), ${raw(input.type === 'float' ? '0.0' : '0')})`;
    case 'mean':
      return sql`avg(${x})`;
    default:
      return sql`${raw(a.fn)}(${x})`;
  }
}

/**
 * group_aggregate. One row per distinct combination of the `by` columns (missing values form
 * their own group), in order of first appearance; without `by`, one row for the whole table.
 * count without a column counts rows; count, count_distinct skip missing values; sum, mean,
 * median take numbers (sum and mean also booleans, counting true), min and max any type.
 * Types: counts integer, mean and median float, sum like its column, min/max like their column.
 */
export const groupAggregate: OperationDefinition<'group_aggregate'> = {
  compile(op, { source, schema }) {
    const by = schema.requireAll(op.by);
    const aggregations = op.aggregations.map((a) => {
      if (a.column === undefined) {
        if (a.fn !== 'count')
          throw new CairnError(
            'VALIDATION',
            `Choose the column to take the ${a.fn.replace('_', ' ')} of for ${quoted(a.as)}.`,
          );
        return { a, input: undefined };
      }
      const input = schema.require(a.column);
      const numeric = input.type === 'integer' || input.type === 'float';
      if ((a.fn === 'sum' || a.fn === 'mean') && !numeric && input.type !== 'boolean') {
        throw new CairnError(
          'VALIDATION',
          `The ${a.fn} needs numbers, but ${quoted(input.name)} is ${input.type}.`,
        );
      }
      if (a.fn === 'median' && !numeric) {
        throw new CairnError(
          'VALIDATION',
          `The median needs numbers, but ${quoted(input.name)} is ${input.type}.`,
        );
      }
      return { a, input };
    });
    const outputs = [
      ...by.map((column) => ({ column })),
      ...aggregations.map(({ a, input }) => ({
        column: { name: a.as, type: aggregationType(a, input) },
        expr: aggregationSql(a, input),
      })),
    ];
    const columns = outputs.map((o) => o.column);
    assertNewNames(
      op.by,
      op.aggregations.map((a) => a.as),
    );
    const firstRow = raw(by.length > 0 ? `min(s.${ROW})` : `coalesce(min(s.${ROW}), 1)`);
    const groupBy =
      by.length > 0
        ? sql` GROUP BY ${join(
            by.map((c) => ident(c.name, 's')),
            ', ',
          )}`
        : raw('');
    const select = sql`SELECT ${selectList(firstRow, outputs, 's')} FROM ${raw(source)} AS s${groupBy}`;
    return { select: select.sql, params: select.params, columns, schemaOnly: false };
  },

  summarize(op) {
    const parts = op.aggregations.map(
      (a) =>
        `${a.column === undefined ? 'count of rows' : `${FN_WORDS[a.fn]} ${quoted(a.column)}`} as ${quoted(a.as)}`,
    );
    return op.by.length > 0
      ? `Group by ${names(op.by)}: ${parts.join(', ')}`
      : `Summarize all rows: ${parts.join(', ')}`;
  },

  pandas(op) {
    if (op.by.length === 0) {
      const values = op.aggregations.map((a) => {
        const value = a.column === undefined ? 'len(df)' : `${col(a.column)}.${PANDAS_FN[a.fn]}()`;
        return `${pyStr(a.as)}: [${value}]`;
      });
      return pandas(`df = pd.DataFrame({${values.join(', ')}})`);
    }
    const specs = op.aggregations.map((a) => {
      const spec =
        a.column === undefined
          ? `(${pyStr(op.by[0] as string)}, "size")`
          : `(${pyStr(a.column)}, ${pyStr(PANDAS_FN[a.fn])})`;
      return `${pyStr(a.as)}: ${spec}`;
    });
    return pandas(
      `df = df.groupby(${colList(op.by)}, sort=False, dropna=False).agg(**{${specs.join(', ')}}).reset_index()`,
    );
  },
};
