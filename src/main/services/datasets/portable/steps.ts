/**
 * One operation as a SELECT for another engine: the first output column is "__cairn_row" (the
 * row order, renumbered by the caller), then the step's columns. Each case mirrors the
 * operation's definition in ../operations/ops; the comments there define the semantics.
 */
import type { Column, ColumnType, Operation } from '../../../../shared/operations';
import { analyzeExpression } from '../expression';
import { checkReplacement, compileUserRegex } from '../operations/regex';
import { convertValue } from '../operations/values';
import { cellFor, editTarget } from '../operations/ops/cells';
import { mix32 } from '../operations/text';
import {
  DIALECT_NAMES,
  JS_WHITESPACE,
  Untranslatable,
  boolLiteral,
  boolToInt,
  cast,
  collate,
  floatLiteral,
  mix32Steps,
  q,
  textLiteral,
  valueToText,
  type SqlDialect,
} from './dialect';
import { ExpressionRenderer, jsTrim, lowerSql, upperSql } from './expression';
import { escapeLiteral, translatePattern, translateReplacement } from './regex';

export interface StepSql {
  select: string;
  /** Statements that must run before the step's table is made; they stop the script on bad data. */
  guards: string[];
}

const ROW = q('__cairn_row');

type Op<K extends Operation['op']> = Extract<Operation, { op: K }>;

function selectCols(columns: readonly Column[], exprs: ReadonlyMap<string, string>, qualifier = ''): string {
  return columns.map((c) => `${exprs.get(c.name) ?? `${qualifier}${q(c.name)}`} AS ${q(c.name)}`).join(', ');
}

function literalFor(d: SqlDialect, value: bigint | number | string | null, type: ColumnType): string {
  if (value === null) return 'NULL';
  if (type === 'boolean') return boolLiteral(value === 1n);
  if (type === 'integer') return String(value);
  if (type === 'float') return floatLiteral(d, Number(value));
  return textLiteral(String(value));
}

/** Linear-interpolation percentile (p in 0…1) of a column: SQLite's percentile(), pandas' quantile(). */
function percentile(d: SqlDialect, column: string, source: string, p: number): string {
  const x = q(column);
  if (d === 'duckdb') return `(SELECT quantile_cont(${x}, ${p}) FROM ${source})`;
  if (d === 'postgres') return `(SELECT percentile_cont(${p}) WITHIN GROUP (ORDER BY ${x}) FROM ${source})`;
  // The shell has no percentile(): rank the values and interpolate between the two neighbours.
  const ranked = `SELECT ${x} AS v, row_number() OVER (ORDER BY ${x}) - 1 AS k, count(*) OVER () AS n FROM ${source} WHERE ${x} IS NOT NULL`;
  const at = `(${p} * (n - 1))`;
  return `(SELECT min(CASE WHEN k = CAST(${at} AS INTEGER) THEN v END) + (${at} - CAST(${at} AS INTEGER)) * (coalesce(min(CASE WHEN k = CAST(${at} AS INTEGER) + 1 THEN v END), min(CASE WHEN k = CAST(${at} AS INTEGER) THEN v END)) - min(CASE WHEN k = CAST(${at} AS INTEGER) THEN v END)) FROM (${ranked}))`;
}

function roundToInteger(d: SqlDialect, expr: string): string {
  // Half away from zero, like SQLite's round(); Postgres' round(double) would round half to even.
  return d === 'postgres'
    ? cast(d, `round(CAST(${expr} AS NUMERIC))`, 'integer')
    : cast(d, `round(${expr})`, 'integer');
}

// ---- cast_type -----------------------------------------------------------------------------

// [-+], not [+-]: the sqlite3 shell's regexp reads "+-]" as a range.
const INT_RE = '^[-+]?[0-9]+(\\.0*)?$';
const FLOAT_RE = '^[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?$';
const DATETIME_RE =
  '^([0-9]{4}-[0-9]{2}-[0-9]{2})([Tt ]([01][0-9]|2[0-3]):([0-5][0-9])(:([0-5][0-9])(\\.[0-9]{1,9})?)?([Zz]|[-+]([01][0-9]|2[0-3]):?[0-5][0-9])?)?$';

function matches(d: SqlDialect, expr: string, re: string): string {
  if (d === 'sqlite') return `(${expr} REGEXP ${textLiteral(re)})`;
  if (d === 'duckdb') return `regexp_matches(${expr}, ${textLiteral(re)})`;
  return `(${expr} ~ ${textLiteral(re)})`;
}

/** A real calendar day for "YYYY-MM-DD…" text, with the Gregorian leap-year rule. */
function validDay(d: SqlDialect, t: string): string {
  const y = cast(d, `substr(${t}, 1, 4)`, 'integer');
  const m = cast(d, `substr(${t}, 6, 2)`, 'integer');
  const day = cast(d, `substr(${t}, 9, 2)`, 'integer');
  const leap = `((${y} % 4 = 0 AND ${y} % 100 <> 0) OR ${y} % 400 = 0)`;
  const last = `CASE WHEN ${m} = 2 THEN CASE WHEN ${leap} THEN 29 ELSE 28 END WHEN ${m} IN (4, 6, 9, 11) THEN 30 ELSE 31 END`;
  return `(${m} BETWEEN 1 AND 12 AND ${day} BETWEEN 1 AND ${last})`;
}

function group(d: SqlDialect, t: string, n: number): string {
  if (d === 'duckdb') return `NULLIF(regexp_extract(${t}, ${textLiteral(DATETIME_RE)}, ${n}), '')`;
  return `(regexp_match(${t}, ${textLiteral(DATETIME_RE)}))[${n}]`;
}

/** `x` converted from `from` to `to` by ../operations/values, or NULL where that fails. */
function conversion(d: SqlDialect, x: string, from: ColumnType, to: ColumnType): string {
  if (from === to) return x;
  if (to === 'text') return valueToText(d, x, from);
  if (from === 'boolean') {
    if (to === 'integer') return boolToInt(d, x);
    if (to === 'float') return cast(d, boolToInt(d, x), 'float');
  }
  if (from === 'integer' || from === 'float') {
    if (to === 'float') return cast(d, x, 'float');
    if (to === 'boolean') return `CASE WHEN ${x} = 1 THEN TRUE WHEN ${x} = 0 THEN FALSE END`;
    if (to === 'integer')
      return `CASE WHEN ${x} = floor(${x}) AND ${x} >= -9223372036854775808.0 AND ${x} < 9223372036854775808.0 THEN ${cast(d, x, 'integer')} END`;
  }
  if (from === 'date' && to === 'datetime') return `(${x} || 'T00:00:00')`;
  if (from === 'datetime' && to === 'date') return `substr(${x}, 1, 10)`;
  // From text: trimmed as JavaScript trims; blank text is missing.
  const t = `NULLIF(${jsTrim(d, x)}, '')`;
  switch (to) {
    case 'integer': {
      const dot = d === 'postgres' ? `strpos(${t}, '.')` : `instr(${t}, '.')`;
      const whole = `CASE WHEN ${dot} > 0 THEN substr(${t}, 1, ${dot} - 1) ELSE ${t} END`;
      const digits = `ltrim(ltrim(${whole}, '+-'), '0')`;
      const limit = `CASE WHEN substr(${t}, 1, 1) = '-' THEN '9223372036854775808' ELSE '9223372036854775807' END`;
      const inRange = `(length(${digits}) < 19 OR (length(${digits}) = 19 AND ${collate(d, digits, 'text')} <= ${limit}))`;
      return `CASE WHEN ${matches(d, t, INT_RE)} AND ${inRange} THEN ${cast(d, whole, 'integer')} END`;
    }
    case 'float':
      return `CASE WHEN ${matches(d, t, FLOAT_RE)} THEN ${cast(d, t, 'float')} END`;
    case 'boolean':
      return `CASE lower(${t}) WHEN 'true' THEN TRUE WHEN 'yes' THEN TRUE WHEN '1' THEN TRUE WHEN 'false' THEN FALSE WHEN 'no' THEN FALSE WHEN '0' THEN FALSE END`;
    case 'date':
      return `CASE WHEN ${matches(d, t, DATETIME_RE)} AND ${validDay(d, t)} THEN substr(${t}, 1, 10) END`;
    default: {
      if (d === 'sqlite') {
        throw new Untranslatable(
          'text to datetime: reshaping the time and zone needs regular-expression groups, which the sqlite3 shell lacks',
        );
      }
      const g = (n: number): string => group(d, t, n);
      const zone = g(8);
      const offset = `CASE WHEN ${zone} IS NULL THEN '' WHEN upper(${zone}) = 'Z' THEN 'Z' ELSE substr(${zone}, 1, 3) || ':' || substr(${zone}, length(${zone}) - 1, 2) END`;
      const value = `${g(1)} || 'T' || coalesce(${g(3)}, '00') || ':' || coalesce(${g(4)}, '00') || ':' || coalesce(${g(6)}, '00') || coalesce(${g(7)}, '') || ${offset}`;
      return `CASE WHEN ${matches(d, t, DATETIME_RE)} AND ${validDay(d, t)} THEN ${value} END`;
    }
  }
}

/** A statement that stops the script with `message` when `failing` (a WHERE condition) holds for a row. */
function guard(d: SqlDialect, source: string, failing: string, message: string): string {
  const exists = `EXISTS (SELECT 1 FROM ${source} WHERE ${failing})`;
  if (d === 'duckdb') return `SELECT CASE WHEN ${exists} THEN error(${textLiteral(message)}) END;`;
  if (d === 'postgres') {
    return `DO $cairn$ BEGIN IF ${exists} THEN RAISE EXCEPTION '%', ${textLiteral(message)}; END IF; END $cairn$;`;
  }
  // The shell has no RAISE outside triggers: a CHECK named after the message fails instead.
  return `CREATE TEMP TABLE IF NOT EXISTS "cairn_stop" (n INTEGER CONSTRAINT ${q(message)} CHECK (n = 0));\nINSERT INTO "cairn_stop" SELECT count(*) FROM ${source} WHERE ${failing};`;
}

function castType(d: SqlDialect, op: Op<'cast_type'>, source: string, columns: Column[]): StepSql {
  const from = columns.find((c) => c.name === op.column)?.type ?? 'text';
  const x = q(op.column);
  const converted = conversion(d, x, from, op.to);
  const exprs = new Map([[op.column, converted]]);
  const guards =
    op.onError === 'fail' && converted !== x
      ? [
          guard(
            d,
            source,
            `${from === 'text' ? `NULLIF(${jsTrim(d, x)}, '')` : x} IS NOT NULL AND (${converted}) IS NULL`,
            `Some values in "${op.column}" cannot be converted to ${op.to}.`,
          ),
        ]
      : [];
  return { select: `SELECT ${ROW}, ${selectCols(columns, exprs)} FROM ${source}`, guards };
}

// ---- fill_missing --------------------------------------------------------------------------

function statistic(d: SqlDialect, op: 'mean' | 'median' | 'mode', column: Column, source: string): string {
  const x = q(column.name);
  if (op === 'mode') {
    return `(SELECT ${x} FROM ${source} WHERE ${x} IS NOT NULL GROUP BY ${x} ORDER BY count(*) DESC, ${collate(d, x, column.type)} LIMIT 1)`;
  }
  const value = op === 'mean' ? `(SELECT avg(${x}) FROM ${source})` : percentile(d, column.name, source, 0.5);
  return column.type === 'integer' ? roundToInteger(d, value) : value;
}

function fillMissing(d: SqlDialect, op: Op<'fill_missing'>, source: string, columns: Column[]): StepSql {
  const targets = columns.filter((c) => op.columns.includes(c.name));
  if (op.strategy === 'forward' || op.strategy === 'backward') {
    const dir = op.strategy === 'forward' ? 'ASC' : 'DESC';
    const groups = targets.map(
      (t, i) => `count(${q(t.name)}) OVER (ORDER BY ${ROW} ${dir}) AS "__cairn_fill_${i}"`,
    );
    const exprs = new Map(
      targets.map((t, i) => [
        t.name,
        `first_value(s.${q(t.name)}) OVER (PARTITION BY s."__cairn_fill_${i}" ORDER BY s.${ROW} ${dir})`,
      ]),
    );
    const inner = `SELECT *, ${groups.join(', ')} FROM ${source}`;
    return {
      select: `SELECT s.${ROW}, ${selectCols(columns, exprs, 's.')} FROM (${inner}) AS s`,
      guards: [],
    };
  }
  const exprs = new Map(
    targets.map((t) => {
      const fill =
        op.strategy === 'value'
          ? literalFor(d, convertOk(op.value as string | number | boolean, t.type), t.type)
          : statistic(d, op.strategy as 'mean' | 'median' | 'mode', t, source);
      return [t.name, `coalesce(${q(t.name)}, ${fill})`];
    }),
  );
  return { select: `SELECT ${ROW}, ${selectCols(columns, exprs)} FROM ${source}`, guards: [] };
}

function convertOk(value: string | number | boolean, type: ColumnType): bigint | number | string | null {
  const converted = convertValue(value, type);
  return converted.ok ? converted.value : null;
}

// ---- rows ------------------------------------------------------------------------------------

function dropMissing(op: Op<'drop_missing'>, source: string, columns: Column[]): StepSql {
  const cols = op.columns ?? columns.map((c) => c.name);
  const tests = cols.map((name) => `${q(name)} IS NOT NULL`).join(op.how === 'any' ? ' AND ' : ' OR ');
  return {
    select: `SELECT ${ROW}, ${selectCols(columns, new Map())} FROM ${source} WHERE (${tests})`,
    guards: [],
  };
}

function deduplicate(op: Op<'deduplicate'>, source: string, columns: Column[]): StepSql {
  const keys = (op.columns ?? columns.map((c) => c.name)).map(q).join(', ');
  const order = op.keep === 'first' ? 'ASC' : 'DESC';
  const inner = `SELECT *, row_number() OVER (PARTITION BY ${keys} ORDER BY ${ROW} ${order}) AS "__cairn_rank" FROM ${source}`;
  return {
    select: `SELECT s.${ROW}, ${selectCols(columns, new Map(), 's.')} FROM (${inner}) AS s WHERE s."__cairn_rank" = 1`,
    guards: [],
  };
}

function sortRows(d: SqlDialect, op: Op<'sort'>, source: string, columns: Column[]): StepSql {
  const typeOf = (name: string): ColumnType => columns.find((c) => c.name === name)?.type ?? 'text';
  const order = op.keys.map(
    (k) =>
      `${collate(d, `s.${q(k.column)}`, typeOf(k.column))} ${k.direction === 'asc' ? 'ASC' : 'DESC'} NULLS ${k.nulls === 'first' ? 'FIRST' : 'LAST'}`,
  );
  return {
    select: `SELECT row_number() OVER (ORDER BY ${order.join(', ')}, s.${ROW}) AS ${ROW}, ${selectCols(columns, new Map(), 's.')} FROM ${source} AS s`,
    guards: [],
  };
}

function sample(d: SqlDialect, op: Op<'sample'>, source: string, columns: Column[]): StepSql {
  // floor(x + 0.5): round half up, as Cairn rounds the (never negative) row count.
  const limit =
    op.n !== undefined
      ? String(op.n)
      : `(SELECT CAST(floor(${floatLiteral(d, op.fraction ?? 0)} * count(*) + 0.5) AS BIGINT) FROM ${source})`;
  let keyed: string;
  if (op.method === 'first') {
    keyed = `SELECT *, ${ROW} AS "__cairn_key" FROM ${source}`;
  } else {
    // The same keys as Cairn's sampleKey(): mix32(row + mix32(seed)), in 32-bit arithmetic.
    const offset = mix32(op.seed >>> 0);
    let layer = `SELECT *, ((${ROW} + ${offset}) & 4294967295) AS "__cairn_h0" FROM ${source}`;
    let previous = '"__cairn_h0"';
    for (const [name, expr] of mix32Steps(previous)) {
      layer = `SELECT *, ${expr} AS ${name} FROM (${layer}) AS l`;
      previous = name;
    }
    keyed = `SELECT *, ${previous} AS "__cairn_key" FROM (${layer}) AS m`;
  }
  const ranked = `SELECT *, row_number() OVER (ORDER BY "__cairn_key", ${ROW}) AS "__cairn_pick" FROM (${keyed}) AS k`;
  return {
    select: `SELECT s.${ROW}, ${selectCols(columns, new Map(), 's.')} FROM (${ranked}) AS s WHERE s."__cairn_pick" <= ${limit}`,
    guards: [],
  };
}

// ---- edit_cells ------------------------------------------------------------------------------

function editCells(d: SqlDialect, op: Op<'edit_cells'>, source: string, columns: Column[]): StepSql {
  const column = columns.find((c) => c.name === op.column) as Column;
  const target = editTarget(op, column);
  const x = q(column.name);
  const test =
    target.where === 'row'
      ? `${ROW} = ${target.row}`
      : target.match === null
        ? `${x} IS NULL`
        : `${x} = ${literalFor(d, target.match, column.type)}`;
  const value = literalFor(d, cellFor(op.value, column, 'The new value'), column.type);
  const exprs = new Map([[column.name, `CASE WHEN ${test} THEN ${value} ELSE ${x} END`]]);
  return { select: `SELECT ${ROW}, ${selectCols(columns, exprs)} FROM ${source}`, guards: [] };
}

// ---- text ------------------------------------------------------------------------------------

function findReplace(d: SqlDialect, op: Op<'find_replace'>, source: string, columns: Column[]): StepSql {
  let expr: (c: string) => string;
  const flags = op.caseSensitive ? 'g' : 'gi';
  const regexReplace = (c: string, pattern: string, replacement: string): string =>
    `regexp_replace(${c}, ${textLiteral(pattern)}, ${textLiteral(replacement)}, '${flags}')`;
  const noRegex = (what: string): never => {
    throw new Untranslatable(`${what}: the sqlite3 shell has no regular-expression replace`);
  };
  if (op.mode === 'regex') {
    if (d === 'sqlite') noRegex('a regular-expression replace');
    const parts = checkReplacement(op.replace, compileUserRegex(op.find, !op.caseSensitive));
    const pattern = translatePattern(d, op.find);
    const replacement = translateReplacement(d, parts);
    expr = (c) => regexReplace(c, pattern, replacement);
  } else if (op.mode === 'contains') {
    if (op.caseSensitive) expr = (c) => `replace(${c}, ${textLiteral(op.find)}, ${textLiteral(op.replace)})`;
    else {
      if (d === 'sqlite') noRegex('replacing text in any letter case');
      const replacement = op.replace.replace(/\\/g, '\\\\');
      expr = (c) => regexReplace(c, escapeLiteral(op.find), replacement);
    }
  } else if (op.caseSensitive) {
    expr = (c) => `CASE WHEN ${c} = ${textLiteral(op.find)} THEN ${textLiteral(op.replace)} ELSE ${c} END`;
  } else {
    let test: (c: string) => string;
    if (d === 'sqlite') {
      if ([...op.find].some((ch) => (ch.codePointAt(0) ?? 0) > 127)) {
        throw new Untranslatable(
          'matching non-ASCII letters in any case: the sqlite3 shell compares case-insensitively for ASCII letters only',
        );
      }
      // In JavaScript's case-insensitive matching K also matches the Kelvin sign and s the long s.
      test = (c) =>
        `replace(replace(${c}, char(8490), 'k'), char(383), 's') = ${textLiteral(op.find)} COLLATE NOCASE`;
    } else if (d === 'duckdb') {
      test = (c) => `regexp_full_match(${c}, ${textLiteral(`(?i)${escapeLiteral(op.find)}`)})`;
    } else test = (c) => `(${c} ~* ${textLiteral(`^(?:${escapeLiteral(op.find)})$`)})`;
    expr = (c) => `CASE WHEN ${test(c)} THEN ${textLiteral(op.replace)} ELSE ${c} END`;
  }
  const exprs = new Map(op.columns.map((name) => [name, expr(q(name))]));
  return { select: `SELECT ${ROW}, ${selectCols(columns, exprs)} FROM ${source}`, guards: [] };
}

function textClean(d: SqlDialect, op: Op<'text_clean'>, source: string, columns: Column[]): StepSql {
  const clean = (c: string): string => {
    let out = op.trim ? jsTrim(d, c) : c;
    if (op.collapseWhitespace) {
      if (d === 'sqlite') {
        throw new Untranslatable(
          'collapsing whitespace: the sqlite3 shell has no regular-expression replace',
        );
      }
      out = `regexp_replace(${out}, ${textLiteral(`[${JS_WHITESPACE}]+`)}, ' ', 'g')`;
    }
    if (op.case === 'lower') return lowerSql(d, out);
    if (op.case === 'upper') return upperSql(d, out);
    if (op.case === 'title') {
      throw new Untranslatable(
        `title case: Cairn follows Python's str.title() (a letter after any non-letter starts a word, so 1st becomes 1St); ${d === 'postgres' ? "Postgres' initcap() treats digits as part of a word" : `${DIALECT_NAMES[d]} has no such function`}`,
      );
    }
    return out;
  };
  const exprs = new Map(op.columns.map((name) => [name, clean(q(name))]));
  return { select: `SELECT ${ROW}, ${selectCols(columns, exprs)} FROM ${source}`, guards: [] };
}

function splitColumn(d: SqlDialect, op: Op<'split_column'>, source: string, out: Column[]): StepSql {
  // Python's str.split(d, n - 1), one layer per delimiter: rest_i is what follows the i-th one.
  const delim = textLiteral(op.delimiter);
  const pos = (e: string): string => (d === 'postgres' ? `strpos(${e}, ${delim})` : `instr(${e}, ${delim})`);
  let layer = `SELECT *, ${q(op.column)} AS "__cairn_rest_0" FROM ${source}`;
  for (let i = 1; i < op.into.length; i++) {
    const prev = `"__cairn_rest_${i - 1}"`;
    layer = `SELECT *, CASE WHEN ${pos(prev)} > 0 THEN substr(${prev}, ${pos(prev)} + ${[...op.delimiter].length}) END AS "__cairn_rest_${i}" FROM (${layer}) AS l`;
  }
  const exprs = new Map<string, string>();
  op.into.forEach((name, i) => {
    const rest = `"__cairn_rest_${i}"`;
    exprs.set(
      name,
      i === op.into.length - 1
        ? rest
        : `CASE WHEN ${pos(rest)} > 0 THEN substr(${rest}, 1, ${pos(rest)} - 1) ELSE ${rest} END`,
    );
  });
  return { select: `SELECT ${ROW}, ${selectCols(out, exprs)} FROM (${layer}) AS s`, guards: [] };
}

function mergeColumns(
  d: SqlDialect,
  op: Op<'merge_columns'>,
  source: string,
  columns: Column[],
  out: Column[],
): StepSql {
  const merged = op.columns.map((name) => columns.find((c) => c.name === name) as Column);
  const sep = textLiteral(op.separator);
  // Each present value with a separator in front, then the first separator cut off: concat_ws
  // without relying on it (the Debian sqlite3 shell predates it).
  const joined = merged
    .map((c) => `coalesce(${sep} || ${valueToText(d, q(c.name), c.type)}, '')`)
    .join(' || ');
  const value = `CASE WHEN ${merged.map((c) => `${q(c.name)} IS NULL`).join(' AND ')} THEN NULL ELSE substr(${joined}, ${[...op.separator].length + 1}) END`;
  return {
    select: `SELECT ${ROW}, ${selectCols(out, new Map([[op.into, value]]))} FROM ${source}`,
    guards: [],
  };
}

// ---- numbers ---------------------------------------------------------------------------------

const DEFAULT_FACTOR = { iqr: 1.5, zscore: 3 } as const;

function clipOutliers(d: SqlDialect, op: Op<'clip_outliers'>, source: string, columns: Column[]): StepSql {
  const integer = columns.find((c) => c.name === op.column)?.type === 'integer';
  const num = (v: number): string => floatLiteral(d, v);
  let bounds: string;
  if (op.method === 'bounds') {
    const bound = (value: number | undefined, round: (n: number) => number): string =>
      value === undefined ? 'NULL' : integer ? String(round(value)) : num(value);
    bounds = `SELECT ${bound(op.lower, Math.ceil)} AS lo, ${bound(op.upper, Math.floor)} AS hi`;
  } else {
    const f = num(op.factor ?? DEFAULT_FACTOR[op.method]);
    const x = q(op.column);
    const stats =
      op.method === 'iqr'
        ? `SELECT q1 - ${f} * (q3 - q1) AS lo, q3 + ${f} * (q3 - q1) AS hi FROM (SELECT ${percentile(d, op.column, source, 0.25)} AS q1, ${percentile(d, op.column, source, 0.75)} AS q3) AS p`
        : d === 'sqlite'
          ? `SELECT m - ${f} * sd AS lo, m + ${f} * sd AS hi FROM (SELECT avg(t.${x}) AS m, sqrt(sum((t.${x} - a.m) * (t.${x} - a.m)) / (count(t.${x}) - 1)) AS sd FROM ${source} AS t, (SELECT avg(${x}) AS m FROM ${source}) AS a) AS z`
          : `SELECT m - ${f} * sd AS lo, m + ${f} * sd AS hi FROM (SELECT avg(${x}) AS m, stddev_samp(${x}) AS sd FROM ${source}) AS z`;
    bounds = integer
      ? `SELECT ${cast(d, 'ceil(lo)', 'integer')} AS lo, ${cast(d, 'floor(hi)', 'integer')} AS hi FROM (${stats}) AS r`
      : stats;
  }
  const x = `s.${q(op.column)}`;
  const exprs = new Map([
    [op.column, `CASE WHEN ${x} < b.lo THEN b.lo WHEN ${x} > b.hi THEN b.hi ELSE ${x} END`],
  ]);
  return {
    select: `SELECT s.${ROW}, ${selectCols(columns, exprs, 's.')} FROM ${source} AS s CROSS JOIN (${bounds}) AS b`,
    guards: [],
  };
}

function groupAggregate(
  d: SqlDialect,
  op: Op<'group_aggregate'>,
  source: string,
  columns: Column[],
  out: Column[],
): StepSql {
  const exprs = new Map<string, string>();
  // The sqlite3 shell has no median(): each median's values are ranked within their group first.
  const ranks: string[] = [];
  const partition = op.by.map(q).join(', ');
  for (const a of op.aggregations) {
    const input = a.column === undefined ? undefined : columns.find((c) => c.name === a.column);
    const outType = out.find((c) => c.name === a.as)?.type ?? 'integer';
    if (!input) {
      exprs.set(a.as, 'count(*)');
      continue;
    }
    const x = `s.${q(input.name)}`;
    const numeric = input.type === 'boolean' ? boolToInt(d, x) : x;
    switch (a.fn) {
      case 'count':
        exprs.set(a.as, `count(${x})`);
        break;
      case 'count_distinct':
        exprs.set(a.as, `count(DISTINCT ${x})`);
        break;
      case 'sum':
        exprs.set(a.as, cast(d, `coalesce(sum(${numeric}), 0)`, outType));
        break;
      case 'mean':
        exprs.set(a.as, cast(d, `avg(${numeric})`, 'float'));
        break;
      case 'median':
        if (d === 'sqlite') {
          if (op.by.length > 0) {
            const k = ranks.length / 2;
            const v = q(input.name);
            ranks.push(
              `row_number() OVER (PARTITION BY ${partition}, ${v} IS NULL ORDER BY ${v}) AS "__cairn_rank_${k}"`,
              `count(${v}) OVER (PARTITION BY ${partition}) AS "__cairn_count_${k}"`,
            );
            const [rank, count] = [`s."__cairn_rank_${k}"`, `s."__cairn_count_${k}"`];
            exprs.set(
              a.as,
              `avg(CASE WHEN ${x} IS NOT NULL AND ${rank} IN ((${count} + 1) / 2, (${count} + 2) / 2) THEN ${x} END)`,
            );
          } else exprs.set(a.as, percentile(d, input.name, source, 0.5));
        } else if (d === 'duckdb') exprs.set(a.as, `quantile_cont(${x}, 0.5)`);
        else exprs.set(a.as, `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${x})`);
        break;
      default: {
        if (d === 'postgres' && input.type === 'boolean') {
          exprs.set(a.as, `${a.fn === 'min' ? 'bool_and' : 'bool_or'}(${x})`);
        } else exprs.set(a.as, `${a.fn}(${collate(d, x, input.type)})`);
      }
    }
  }
  const row = op.by.length > 0 ? `min(s.${ROW})` : `coalesce(min(s.${ROW}), 1)`;
  const groupBy = op.by.length > 0 ? ` GROUP BY ${op.by.map((name) => `s.${q(name)}`).join(', ')}` : '';
  const from = ranks.length > 0 ? `(SELECT *, ${ranks.join(', ')} FROM ${source})` : source;
  return {
    select: `SELECT ${row} AS ${ROW}, ${selectCols(out, exprs, 's.')} FROM ${from} AS s${groupBy}`,
    guards: [],
  };
}

// ---- expressions -----------------------------------------------------------------------------

function filterRows(d: SqlDialect, op: Op<'filter_rows'>, source: string, columns: Column[]): StepSql {
  const condition = new ExpressionRenderer(d).render(analyzeExpression(op.expression, columns));
  return {
    select: `SELECT ${ROW}, ${selectCols(columns, new Map())} FROM ${source} WHERE ${condition}`,
    guards: [],
  };
}

function deriveColumn(
  d: SqlDialect,
  op: Op<'derive_column'>,
  source: string,
  columns: Column[],
  out: Column[],
): StepSql {
  const typed = analyzeExpression(op.expression, columns);
  const value = new ExpressionRenderer(d).render(typed);
  const expr = typed.type === 'float' ? cast(d, value, 'float') : value;
  return {
    select: `SELECT ${ROW}, ${selectCols(out, new Map([[op.name, expr]]))} FROM ${source}`,
    guards: [],
  };
}

/**
 * The step's SELECT. `columns` is the step's input schema and `out` its output schema (both as
 * Cairn's own compiler computed them, which has also validated the step).
 */
export function stepSql(
  d: SqlDialect,
  op: Operation,
  source: string,
  columns: Column[],
  out: Column[],
): StepSql {
  switch (op.op) {
    case 'select_columns':
    case 'drop_columns':
    case 'reorder_columns':
      return { select: `SELECT ${ROW}, ${selectCols(out, new Map())} FROM ${source}`, guards: [] };
    case 'rename_columns': {
      const from = new Map(op.renames.map((r) => [r.to, r.from]));
      const exprs = new Map(out.map((c) => [c.name, q(from.get(c.name) ?? c.name)]));
      return { select: `SELECT ${ROW}, ${selectCols(out, exprs)} FROM ${source}`, guards: [] };
    }
    case 'cast_type':
      return castType(d, op, source, columns);
    case 'filter_rows':
      return filterRows(d, op, source, columns);
    case 'derive_column':
      return deriveColumn(d, op, source, columns, out);
    case 'fill_missing':
      return fillMissing(d, op, source, columns);
    case 'drop_missing':
      return dropMissing(op, source, columns);
    case 'deduplicate':
      return deduplicate(op, source, columns);
    case 'sort':
      return sortRows(d, op, source, columns);
    case 'sample':
      return sample(d, op, source, columns);
    case 'find_replace':
      return findReplace(d, op, source, columns);
    case 'text_clean':
      return textClean(d, op, source, columns);
    case 'split_column':
      return splitColumn(d, op, source, out);
    case 'merge_columns':
      return mergeColumns(d, op, source, columns, out);
    case 'clip_outliers':
      return clipOutliers(d, op, source, columns);
    case 'group_aggregate':
      return groupAggregate(d, op, source, columns, out);
    case 'edit_cells':
      return editCells(d, op, source, columns);
  }
}
