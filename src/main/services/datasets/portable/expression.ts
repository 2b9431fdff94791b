/**
 * Cairn's typed expression tree as SQL for another engine, with every value inlined as a
 * literal. It follows ../expression/sql.ts (Cairn's own SQLite rendering) operator by operator;
 * where an engine differs it is spelled out here, and where it cannot match it is refused.
 */
import type { Typed } from '../expression';
import {
  DIALECT_NAMES,
  JS_WHITESPACE,
  Untranslatable,
  boolLiteral,
  cast,
  collate,
  floatLiteral,
  q,
  textLiteral,
  trimChars,
  valueToText,
  type SqlDialect,
} from './dialect';

const COMPARE = { '=': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' } as const;

/**
 * Unconditional full case mappings of JavaScript's toUpperCase() that DuckDB's and Postgres'
 * upper() (one character to one character) do not make; replaced first so the results agree.
 */
const UPPER_EXPANSIONS: ReadonlyArray<[string, string]> = [
  ['ß', 'SS'],
  ['ﬀ', 'FF'],
  ['ﬁ', 'FI'],
  ['ﬂ', 'FL'],
  ['ﬃ', 'FFI'],
  ['ﬄ', 'FFL'],
  ['ﬅ', 'ST'],
  ['ﬆ', 'ST'],
  ['ŉ', 'ʼN'],
];

export function lowerSql(d: SqlDialect, expr: string): string {
  if (d === 'sqlite') {
    throw new Untranslatable(
      'lowercase: the sqlite3 shell’s lower() changes ASCII letters only, Cairn changes every letter (É → é)',
    );
  }
  // JavaScript lowers İ to i + combining dot; the engines lower it to a plain i.
  return `lower(replace(${expr}, 'İ', 'i̇'))`;
}

export function upperSql(d: SqlDialect, expr: string): string {
  if (d === 'sqlite') {
    throw new Untranslatable(
      'uppercase: the sqlite3 shell’s upper() changes ASCII letters only, Cairn changes every letter (é → É)',
    );
  }
  const expanded = UPPER_EXPANSIONS.reduce(
    (acc, [from, to]) => `replace(${acc}, ${textLiteral(from)}, ${textLiteral(to)})`,
    expr,
  );
  return `upper(${expanded})`;
}

export function jsTrim(d: SqlDialect, expr: string): string {
  return trimChars(d, expr, JS_WHITESPACE);
}

const LIKE_SPECIAL = /[\\^$.|?*+()[\]{}]/;

/**
 * SQLite's LIKE outside SQLite: % and _ as wildcards, ASCII letters in either case, every other
 * character exactly (so ILIKE, which folds every letter, would match more).
 */
function likeRegex(pattern: string): string {
  return [...pattern]
    .map((ch) => {
      if (ch === '%') return '.*';
      if (ch === '_') return '.';
      if (/[a-zA-Z]/.test(ch)) return `[${ch.toLowerCase()}${ch.toUpperCase()}]`;
      return LIKE_SPECIAL.test(ch) ? `\\${ch}` : ch;
    })
    .join('');
}

export class ExpressionRenderer {
  constructor(private readonly d: SqlDialect) {}

  render(t: Typed): string {
    const d = this.d;
    switch (t.k) {
      case 'column':
        return q(t.name);
      case 'literal':
        if (t.value === null) return 'NULL';
        if (typeof t.value === 'boolean') return boolLiteral(t.value);
        if (typeof t.value === 'string') return textLiteral(t.value);
        if (typeof t.value === 'bigint') return t.value.toString();
        return floatLiteral(d, t.value);
      case 'neg':
        return `(-${this.render(t.arg)})`;
      case 'not':
        return `(NOT ${this.render(t.arg)})`;
      case 'arith':
        return this.arith(t);
      case 'compare': {
        const ordering = t.op !== '=' && t.op !== '!=';
        const left = this.render(t.left);
        return `(${ordering ? collate(d, left, t.left.type) : left} ${COMPARE[t.op]} ${this.render(t.right)})`;
      }
      case 'logic':
        return `(${this.render(t.left)} ${t.op === 'and' ? 'AND' : 'OR'} ${this.render(t.right)})`;
      case 'is_null':
        return `(${this.render(t.arg)} ${t.negated ? 'IS NOT NULL' : 'IS NULL'})`;
      case 'in':
        return `(${this.render(t.arg)} ${t.negated ? 'NOT IN' : 'IN'} (${t.items.map((i) => this.render(i)).join(', ')}))`;
      case 'like': {
        const arg = this.render(t.arg);
        if (d === 'sqlite') return `(${arg} ${t.negated ? 'NOT LIKE' : 'LIKE'} ${textLiteral(t.pattern)})`;
        const regex = likeRegex(t.pattern);
        const test =
          d === 'duckdb'
            ? `regexp_full_match(${arg}, ${textLiteral(`(?s)${regex}`)})`
            : `(${arg} ~ ${textLiteral(`^(?:${regex})$`)})`;
        return t.negated ? `(NOT ${test})` : test;
      }
      case 'between': {
        const arg = collate(d, this.render(t.arg), t.arg.type);
        return `(${arg} ${t.negated ? 'NOT BETWEEN' : 'BETWEEN'} ${this.render(t.low)} AND ${this.render(t.high)})`;
      }
      case 'call':
        return this.call(t);
    }
  }

  private arith(t: Typed & { k: 'arith' }): string {
    const d = this.d;
    const left = this.render(t.left);
    const right = this.render(t.right);
    // True division; dividing by zero gives NULL, as in SQLite (Postgres would stop with an error).
    if (t.op === '/') return `(${cast(d, left, 'float')} / NULLIF(${right}, 0))`;
    if (t.op !== '%') return `(${left} ${t.op} ${right})`;
    const integers = t.left.type === 'integer' && t.right.type === 'integer';
    let rem: string;
    if (integers) rem = `(${left} % NULLIF(${right}, 0))`;
    else if (d === 'sqlite') rem = `mod(${left}, NULLIF(${right}, 0))`;
    else if (d === 'duckdb') rem = `fmod(${left}, NULLIF(${right}, 0))`;
    else {
      throw new Untranslatable(
        'the remainder of a division of non-whole numbers: Postgres has no floating-point remainder (its numeric % rounds the operands to 15 digits first)',
      );
    }
    // Python's sign rule (the divisor's), as Cairn computes it.
    const floor = `CASE WHEN ${rem} <> 0 AND ((${rem} < 0) <> (${right} < 0)) THEN ${rem} + ${right} ELSE ${rem} END`;
    return t.type === 'integer' ? cast(d, floor, 'integer') : `(${floor})`;
  }

  private call(t: Typed & { k: 'call' }): string {
    const d = this.d;
    const args = t.args.map((a) => this.render(a));
    const [a = 'NULL', b = 'NULL', c = 'NULL'] = args;
    const asDeclared = (parts: readonly Typed[], expr: string): string =>
      t.type === 'float' && parts.some((p) => p.type === 'integer') ? cast(d, expr, 'float') : expr;
    switch (t.fn) {
      case 'lower':
        return lowerSql(d, a);
      case 'upper':
        return upperSql(d, a);
      case 'trim':
        return jsTrim(d, a);
      case 'length':
      case 'abs':
      case 'replace':
        return `${t.fn}(${args.join(', ')})`;
      case 'substr':
        return `substr(${args.join(', ')})`;
      case 'round': {
        const digits = t.args[1] ? b : '0';
        // SQLite rounds half away from zero and always returns a float.
        if (d === 'sqlite') return `round(${a}, ${digits})`;
        if (d === 'duckdb') return `CAST(round(${cast(d, a, 'float')}, ${digits}) AS DOUBLE)`;
        return cast(d, `round(CAST(${a} AS NUMERIC), ${digits})`, 'float');
      }
      case 'floor':
      case 'ceil':
        return cast(d, `${t.fn}(${a})`, 'integer');
      case 'coalesce':
        return asDeclared(t.args, `coalesce(${args.join(', ')})`);
      case 'year':
        return cast(d, `substr(${a}, 1, 4)`, 'integer');
      case 'month':
        return cast(d, `substr(${a}, 6, 2)`, 'integer');
      case 'day':
        return cast(d, `substr(${a}, 9, 2)`, 'integer');
      case 'concat': {
        // Missing values count as empty text, as in SQLite's concat() (which the shell predates).
        const pieces = t.args.map((arg, i) => {
          if (arg.type === 'null') return null;
          return `coalesce(${valueToText(d, args[i] as string, arg.type)}, '')`;
        });
        const present = pieces.filter((p): p is string => p !== null);
        return present.length === 0 ? "''" : `(${present.join(' || ')})`;
      }
      case 'if':
        return asDeclared(t.args.slice(1), `CASE WHEN ${a} THEN ${b} ELSE ${c} END`);
    }
  }
}

export function describeDialect(d: SqlDialect): string {
  return DIALECT_NAMES[d];
}
