/** The typed tree as parameterised SQL: user values only ever become `?` parameters. */
import { FN } from '../operations/functions';
import { ident, join, param, raw, sql, type Fragment } from '../operations/sql';
import type { Typed } from './check';
import { LIMIT_FN } from './limits';

const COMPARE_SQL = { '=': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' } as const;

/** Booleans are stored 0/1; as text they read "true"/"false", as in a cast. */
function asText(t: Typed, fragment: Fragment): Fragment {
  return t.type === 'boolean' ? sql`CASE ${fragment} WHEN 1 THEN 'true' WHEN 0 THEN 'false' END` : fragment;
}

/** A float-typed result whose branches include integers is made REAL, so every row has one type. */
function asDeclared(t: Typed, parts: readonly Typed[], fragment: Fragment): Fragment {
  return t.type === 'float' && parts.some((p) => p.type === 'integer')
    ? sql`CAST(${fragment} AS REAL)`
    : fragment;
}

function call(name: string, args: readonly Fragment[]): Fragment {
  return sql`${raw(name)}(${join(args, ', ')})`;
}

/** Whole-number results that could overflow are checked row by row (see limits.ts). */
function checkedInt(t: Typed, fragment: Fragment): Fragment {
  return t.type === 'integer' ? call(LIMIT_FN.checkedInt, [fragment]) : fragment;
}

export function toSql(t: Typed): Fragment {
  switch (t.k) {
    case 'column':
      return ident(t.name);
    case 'literal':
      return param(t.value);
    case 'neg':
      return checkedInt(t, sql`(-${toSql(t.arg)})`);
    case 'not':
      return sql`(NOT ${toSql(t.arg)})`;
    case 'arith': {
      const left = toSql(t.left);
      const right = toSql(t.right);
      // True division, as in pandas: SQLite would truncate 7 / 2 to 3.
      if (t.op === '/') return sql`(CAST(${left} AS REAL) / ${right})`;
      // Python's modulo (sign of the divisor), so the pandas rendering gives the same numbers.
      if (t.op === '%') {
        const mod = call(FN.mod, [left, right]);
        return t.type === 'integer' ? sql`CAST(${mod} AS INTEGER)` : mod;
      }
      return checkedInt(t, sql`(${left} ${raw(t.op)} ${right})`);
    }
    case 'compare':
      return sql`(${toSql(t.left)} ${raw(COMPARE_SQL[t.op])} ${toSql(t.right)})`;
    case 'logic':
      return sql`(${toSql(t.left)} ${raw(t.op === 'and' ? 'AND' : 'OR')} ${toSql(t.right)})`;
    case 'is_null':
      return sql`(${toSql(t.arg)} ${raw(t.negated ? 'IS NOT NULL' : 'IS NULL')})`;
    case 'in':
      return sql`(${toSql(t.arg)} ${raw(t.negated ? 'NOT IN' : 'IN')} (${join(t.items.map(toSql), ', ')}))`;
    case 'like':
      return sql`(${toSql(t.arg)} ${raw(t.negated ? 'NOT LIKE' : 'LIKE')} ${param(t.pattern)})`;
    case 'between':
      return sql`(${toSql(t.arg)} ${raw(t.negated ? 'NOT BETWEEN' : 'BETWEEN')} ${toSql(t.low)} AND ${toSql(t.high)})`;
    case 'call':
      return callToSql(t);
  }
}

function callToSql(t: Typed & { k: 'call' }): Fragment {
  const args = t.args.map(toSql);
  const [a = raw('NULL'), b = raw('NULL'), c = raw('NULL')] = args;
  switch (t.fn) {
    case 'lower':
      return call(FN.lower, [a]);
    case 'upper':
      return call(FN.upper, [a]);
    case 'trim':
      return call(FN.trim, [a]);
    case 'abs':
      return t.type === 'integer' ? call(LIMIT_FN.absInt, [a]) : call('abs', args);
    case 'replace':
      return call(LIMIT_FN.checkedText, [call('replace', args)]);
    case 'length':
    case 'round':
    case 'substr':
      return call(t.fn, args);
    case 'floor':
    case 'ceil':
      return sql`CAST(${call(t.fn, [a])} AS INTEGER)`;
    case 'coalesce':
      return asDeclared(t, t.args, call('coalesce', args));
    case 'year':
      return sql`CAST(substr(${a}, 1, 4) AS INTEGER)`;
    case 'month':
      return sql`CAST(substr(${a}, 6, 2) AS INTEGER)`;
    case 'day':
      return sql`CAST(substr(${a}, 9, 2) AS INTEGER)`;
    case 'concat':
      // SQLite's concat() treats NULL as empty text.
      return call(LIMIT_FN.checkedText, [
        call(
          'concat',
          t.args.map((arg, i) => asText(arg, args[i] as Fragment)),
        ),
      ]);
    case 'if':
      return asDeclared(t, t.args.slice(1), sql`CASE WHEN ${a} THEN ${b} ELSE ${c} END`);
  }
}
