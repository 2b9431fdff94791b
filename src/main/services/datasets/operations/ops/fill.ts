/**
 * fill_missing. Mean and median fill number columns only; in an integer column the statistic is
 * rounded half away from zero (SQLite's round()) so the column stays integer — a fill must not
 * change a column's type. Mode takes the most common value, the smallest on a tie (as pandas'
 * mode() sorts). Forward/backward fill carry the nearest earlier/later value in row order with
 * window functions (one pass each, no correlated subqueries); leading/trailing gaps stay empty.
 */
import type { Column, ColumnType } from '../../../../../shared/operations';
import { CairnError } from '../../../../../shared/result';
import { changedRows, columnsPhrase, selectList, type OperationDefinition } from '../definition';
import { NUMPY_IMPORT, col, colList, pandas, pyNumber, pyStr } from '../python';
import { helperName, quoted } from '../schema';
import { ROW, ident, join, param, raw, sql, type Fragment } from '../sql';
import { convertValue, type Cell } from '../values';

/** What a value of each column type looks like, for messages. */
export const EXPECTED: Readonly<Record<ColumnType, string>> = {
  integer: 'a whole number',
  float: 'a number',
  boolean: 'true or false',
  date: 'a date (YYYY-MM-DD)',
  datetime: 'a date-time (YYYY-MM-DDTHH:MM:SS)',
  text: 'text',
};

const STRATEGY_WORDS = {
  mean: 'the mean',
  median: 'the median',
  mode: 'the most common value',
  forward: 'the previous value',
  backward: 'the next value',
} as const;

/** The fill value as the column stores it, or a VALIDATION error naming the column. */
function fillValue(value: string | number | boolean, column: Column): Cell {
  const converted = convertValue(value, column.type);
  if (!converted.ok || converted.value === null) {
    throw new CairnError(
      'VALIDATION',
      `The fill value ${JSON.stringify(value)} is not ${EXPECTED[column.type]}, so it cannot fill ${quoted(column.name)} (${column.type}).`,
    );
  }
  return converted.value;
}

export function pyValue(value: Cell, type: ColumnType): string {
  if (type === 'boolean') return value === 1n ? 'True' : 'False';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return pyNumber(value);
  return pyStr(String(value));
}

function statistic(op: 'mean' | 'median' | 'mode', column: Column, source: string): Fragment {
  const c = ident(column.name);
  const src = raw(source);
  if (op === 'mode') {
    return sql`(SELECT ${c} FROM ${src} WHERE ${c} IS NOT NULL GROUP BY ${c} ORDER BY count(*) DESC, ${c} LIMIT 1)`;
  }
  const value = op === 'mean' ? sql`avg(${c})` : sql`median(${c})`;
  return column.type === 'integer'
    ? sql`(SELECT CAST(round(${value}) AS INTEGER) FROM ${src})`
    : sql`(SELECT ${value} FROM ${src})`;
}

export const fillMissing: OperationDefinition<'fill_missing'> = {
  compile(op, { source, schema }) {
    const targets = schema.requireAll(op.columns);
    const targetNames = new Set(op.columns);
    if (op.strategy === 'value' && op.value === undefined) {
      throw new CairnError('VALIDATION', 'Say which value to fill the missing cells with.');
    }
    if (op.strategy !== 'value' && op.value !== undefined) {
      throw new CairnError(
        'VALIDATION',
        `A fill value is only used with the "value" strategy, not with "${op.strategy}".`,
      );
    }
    if (op.strategy === 'mean' || op.strategy === 'median') {
      for (const t of targets) {
        if (t.type !== 'integer' && t.type !== 'float') {
          throw new CairnError(
            'VALIDATION',
            `The ${op.strategy} needs numbers, but ${quoted(t.name)} is ${t.type}. Fill it with the most common value or a fixed value instead.`,
          );
        }
      }
    }

    let select: Fragment;
    if (op.strategy === 'forward' || op.strategy === 'backward') {
      // Each non-missing value starts a group (a running count of values); first_value spreads it.
      const direction = raw(op.strategy === 'forward' ? 'ASC' : 'DESC');
      const groups = new Map(targets.map((t, i) => [t.name, helperName(`__cairn_fill_${i}`, schema)]));
      const inner = join(
        [
          raw(ROW),
          ...schema.columns.map((c) => ident(c.name)),
          ...targets.map(
            (t) =>
              sql`count(${ident(t.name)}) OVER (ORDER BY ${raw(ROW)} ${direction}) AS ${ident(groups.get(t.name) ?? '')}`,
          ),
        ],
        ', ',
      );
      const outputs = schema.columns.map((column) => {
        const group = groups.get(column.name);
        if (group === undefined) return { column };
        const expr = sql`first_value(${ident(column.name, 's')}) OVER (PARTITION BY ${ident(group, 's')} ORDER BY ${ident('__cairn_row', 's')} ${direction})`;
        return { column, expr };
      });
      select = sql`SELECT ${selectList(raw(`s.${ROW}`), outputs, 's')} FROM (SELECT ${inner} FROM ${raw(source)}) AS s`;
    } else {
      const strategy = op.strategy;
      const outputs = schema.columns.map((column) => {
        if (!targetNames.has(column.name)) return { column };
        const fill =
          strategy === 'value'
            ? param(fillValue(op.value as string | number | boolean, column))
            : statistic(strategy, column, source);
        return { column, expr: sql`coalesce(${ident(column.name)}, ${fill})` };
      });
      select = sql`SELECT ${selectList(raw(ROW), outputs)} FROM ${raw(source)}`;
    }
    return {
      select: select.sql,
      params: select.params,
      columns: [...schema.columns],
      schemaOnly: false,
      affected: changedRows(select, source, op.columns),
    };
  },

  summarize(op) {
    const what = `Fill missing values in ${columnsPhrase(op.columns)}`;
    if (op.strategy === 'value') return `${what} with ${JSON.stringify(op.value)}`;
    return `${what} with ${STRATEGY_WORDS[op.strategy]}`;
  },

  pandas(op, ctx) {
    switch (op.strategy) {
      case 'value': {
        const entries = op.columns.map((name) => {
          const type = ctx.typeOf(name);
          const value = op.value as string | number | boolean;
          const shown = type
            ? pyValue(fillValue(value, { name, type }), type)
            : typeof value === 'boolean'
              ? value
                ? 'True'
                : 'False'
              : typeof value === 'number'
                ? String(value)
                : pyStr(value);
          return `${pyStr(name)}: ${shown}`;
        });
        return pandas(`df = df.fillna({${entries.join(', ')}})`);
      }
      case 'forward':
      case 'backward': {
        const cols = `df[${colList(op.columns)}]`;
        return pandas(`${cols} = ${cols}.${op.strategy === 'forward' ? 'ffill' : 'bfill'}()`);
      }
      case 'mode':
        return pandas(
          op.columns.flatMap((name) => [
            `mode = ${col(name)}.mode()`,
            'if not mode.empty:',
            `    ${col(name)} = ${col(name)}.fillna(mode.iloc[0])`,
          ]),
        );
      case 'mean':
      case 'median': {
        const lines = op.columns.flatMap((name) => {
          const c = col(name);
          const stat = `${c}.${op.strategy}()`;
          const type = ctx.typeOf(name);
          const rounded = (v: string): string => `np.trunc(${v} + np.copysign(0.5, ${v}))`;
          if (type === 'float') return [`${c} = ${c}.fillna(${stat})`];
          if (type === 'integer') return [`${c} = ${c}.fillna(${rounded(stat)})`];
          return [
            `fill = ${stat}`,
            `if pd.api.types.is_integer_dtype(${c}):`,
            `    fill = ${rounded('fill')}`,
            `${c} = ${c}.fillna(fill)`,
          ];
        });
        return pandas(lines, [NUMPY_IMPORT]);
      }
    }
  },
};
