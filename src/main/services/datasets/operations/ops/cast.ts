/**
 * cast_type. What converts is defined once in ../values (integers, floats, booleans
 * true/false/yes/no/1/0, ISO dates and date-times); a value that does not convert becomes empty
 * (onError 'null') or makes the operation refuse (onError 'fail', through `guard`). Blank text
 * counts as missing, not as a failure. Conversions that could never succeed (a date to a number,
 * a number to a date, a boolean to a date) are refused outright.
 */
import type { ColumnType } from '../../../../../shared/operations';
import { CairnError } from '../../../../../shared/result';
import { selectList, type OperationDefinition } from '../definition';
import { FN } from '../functions';
import { RE_IMPORT, col, pandas, pyStr } from '../python';
import { quoted } from '../schema';
import { ROW, ident, raw, sql, type Fragment } from '../sql';
import { DATETIME_PATTERN, FLOAT_PATTERN, INTEGER_PATTERN } from '../values';

const TEMPORAL: readonly ColumnType[] = ['date', 'datetime'];

/** How each target type is reached from each source type; absent pairs are refused. */
type Route = 'same' | 'convert' | 'sql';

function route(from: ColumnType, to: ColumnType): Route | undefined {
  if (from === to) return 'same';
  if (to === 'text') return 'sql';
  if (to === 'float' && from === 'integer') return 'sql';
  const fromTemporal = TEMPORAL.includes(from);
  if (TEMPORAL.includes(to)) return from === 'text' || fromTemporal ? 'convert' : undefined;
  return fromTemporal ? undefined : 'convert';
}

function conversionSql(value: Fragment, from: ColumnType, to: ColumnType): Fragment {
  switch (route(from, to)) {
    case 'same':
      return value;
    case 'convert':
      return sql`${raw(FN.convert)}(${value}, '${raw(to)}')`;
    default:
      if (to === 'float') return sql`CAST(${value} AS REAL)`;
      if (from === 'boolean') return sql`CASE ${value} WHEN 1 THEN 'true' WHEN 0 THEN 'false' END`;
      return from === 'integer' || from === 'float' ? sql`CAST(${value} AS TEXT)` : value;
  }
}

/** Lines computing `converted` from column `c`, mirroring the rules in ../values. */
function pandasConversion(c: string, from: ColumnType, to: ColumnType): string[] {
  const text = `${c}.str.strip()`;
  const fullmatch = (pattern: string): string =>
    `text.where(text.str.fullmatch(${pyStr(pattern)}).fillna(False))`;
  switch (to) {
    case 'text':
      return from === 'boolean'
        ? [`converted = ${c}.map({True: "true", False: "false"}).astype("string")`]
        : [`converted = ${c}.astype("string")`];
    case 'integer':
      if (from === 'float') return [`converted = ${c}.where(${c} % 1 == 0).astype("Int64")`];
      if (from === 'boolean') return [`converted = ${c}.astype("Int64")`];
      // Python's int() is exact at any size, so out-of-range values are caught before Int64.
      return [
        `text = ${text}`,
        `whole = ${fullmatch(INTEGER_PATTERN)}.str.replace(${pyStr('\\.0*$')}, "", regex=True)`,
        'converted = whole.map(lambda v: int(v) if -(2**63) <= int(v) < 2**63 else pd.NA, na_action="ignore").astype("Int64")',
      ];
    case 'float':
      if (from !== 'text') return [`converted = ${c}.astype("Float64")`];
      return [`text = ${text}`, `converted = pd.to_numeric(${fullmatch(FLOAT_PATTERN)}).astype("Float64")`];
    case 'boolean':
      if (from !== 'text') return [`converted = ${c}.map({1: True, 0: False}).astype("boolean")`];
      return [
        `converted = ${text}.str.lower().map({"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}).astype("boolean")`,
      ];
    case 'date':
    case 'datetime': {
      const lines = [
        `parts = ${text}.str.extract(${pyStr(DATETIME_PATTERN)}, flags=re.IGNORECASE)`,
        `valid = pd.to_datetime(parts[0], format="%Y-%m-%d", errors="coerce").notna()`,
      ];
      if (to === 'date') return [...lines, 'converted = parts[0].where(valid)'];
      return [
        ...lines,
        `zone = parts[5].str.upper().str.replace(${pyStr('^([+-][0-9]{2}):?([0-9]{2})$')}, ${pyStr('\\1:\\2')}, regex=True)`,
        'converted = (parts[0] + "T" + parts[1].fillna("00") + ":" + parts[2].fillna("00") + ":" + parts[3].fillna("00") + parts[4].fillna("") + zone.fillna("")).where(valid)',
      ];
    }
  }
}

export const castType: OperationDefinition<'cast_type'> = {
  compile(op, { source, schema }) {
    const column = schema.require(op.column);
    const how = route(column.type, op.to);
    if (how === undefined) {
      const hint = TEMPORAL.includes(column.type)
        ? ' Use year(), month() or day() in a new column instead.'
        : ' Only text and other dates convert to dates.';
      throw new CairnError(
        'VALIDATION',
        `Cannot convert ${quoted(op.column)} from ${column.type} to ${op.to}.${hint}`,
      );
    }
    const outputs = schema.columns.map((c) =>
      c.name === op.column
        ? { column: { name: c.name, type: op.to }, expr: conversionSql(ident(c.name), c.type, op.to) }
        : { column: c },
    );
    const select = sql`SELECT ${selectList(raw(ROW), outputs)} FROM ${raw(source)}`;
    const result = {
      select: select.sql,
      params: select.params,
      columns: outputs.map((o) => o.column),
      schemaOnly: false,
    };
    if (how !== 'convert') return result;
    const failures = `SELECT count(*) AS n FROM ${source} WHERE ${FN.convertFails}(${ident(op.column).sql}, '${op.to}')`;
    return {
      ...result,
      affected: { sql: failures, params: [] },
      ...(op.onError === 'fail'
        ? {
            guard: {
              sql: failures,
              params: [],
              message: `Some values in ${quoted(op.column)} cannot be converted to ${op.to}. Fix or remove them first, or let them become empty.`,
            },
          }
        : {}),
    };
  },

  summarize: (op) =>
    `Change ${quoted(op.column)} to ${op.to}${op.onError === 'fail' ? ' (stop if a value cannot be converted)' : ' (values that cannot be converted become empty)'}`,

  pandas(op, ctx) {
    const c = col(op.column);
    const from = ctx.typeOf(op.column) ?? 'text';
    const imports = TEMPORAL.includes(op.to) ? [RE_IMPORT] : [];
    if (from === op.to) return pandas(`# ${pyStr(op.column)} is already ${op.to}`, imports);
    const lines = pandasConversion(c, from, op.to);
    if (op.onError === 'fail') {
      const present = from === 'text' ? `${c}.str.strip().ne("").fillna(False)` : `${c}.notna()`;
      lines.push(
        `if (converted.isna() & ${present}).any():`,
        `    raise ValueError(${pyStr(`Some values in "${op.column}" cannot be converted to ${op.to}.`)})`,
      );
    }
    lines.push(`${c} = converted`);
    return pandas(lines, imports);
  },
};
