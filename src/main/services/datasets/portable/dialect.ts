/**
 * The building blocks of recipes that run on other engines: SQL literals, types and the few
 * functions whose spelling differs between the stock sqlite3 shell, DuckDB and Postgres. Where an
 * engine has no faithful equivalent of what Cairn computes, a renderer throws `Untranslatable`
 * with the reason, and the export names the step — it never emits something that computes a
 * different result.
 */
import type { ColumnType } from '../../../../shared/operations';
import type { SqlDialect } from '../../../../shared/datasets';
import { quoteIdent } from '../operations/sql';

export type { SqlDialect };

export const DIALECT_NAMES: Readonly<Record<SqlDialect, string>> = {
  sqlite: 'SQLite (the sqlite3 shell)',
  duckdb: 'DuckDB',
  postgres: 'Postgres',
};

/** A step Cairn can run but this engine cannot reproduce exactly; `reason` says why. */
export class Untranslatable extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export const q = quoteIdent;

export function textLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A float literal that every engine reads as a double, not as an exact decimal. */
export function floatLiteral(d: SqlDialect, value: number): string {
  const text = Number.isInteger(value) && Math.abs(value) < 1e16 ? value.toFixed(1) : String(value);
  return d === 'sqlite' ? text : `CAST(${text} AS DOUBLE PRECISION)`;
}

export function boolLiteral(value: boolean): string {
  return value ? 'TRUE' : 'FALSE';
}

/** The declared type of a column of each Cairn type. Booleans are 0/1 in SQLite, as in Cairn. */
export function sqlType(d: SqlDialect, type: ColumnType): string {
  switch (type) {
    case 'integer':
      return d === 'sqlite' ? 'INTEGER' : 'BIGINT';
    case 'float':
      return d === 'sqlite' ? 'REAL' : 'DOUBLE PRECISION';
    case 'boolean':
      return d === 'sqlite' ? 'INTEGER' : 'BOOLEAN';
    default:
      return 'TEXT';
  }
}

export function cast(d: SqlDialect, expr: string, type: ColumnType): string {
  return `CAST(${expr} AS ${sqlType(d, type)})`;
}

/** The characters JavaScript's trim() and \s remove: Cairn trims with them, SQL's trim() only spaces. */
export const JS_WHITESPACE =
  '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

/** The ASCII whitespace Cairn's import treats as blank around typed values. */
export const IMPORT_WHITESPACE = ' \t\n\v\f\r';

export function trimChars(d: SqlDialect, expr: string, chars: string): string {
  return d === 'postgres' ? `btrim(${expr}, ${textLiteral(chars)})` : `trim(${expr}, ${textLiteral(chars)})`;
}

/** Text ordering by code point, as SQLite's BINARY collation orders; Postgres would use its locale. */
export function collate(d: SqlDialect, expr: string, type: ColumnType | 'null' | 'any'): string {
  return d === 'postgres' && (type === 'text' || type === 'date' || type === 'datetime')
    ? `${expr} COLLATE "C"`
    : expr;
}

/** Booleans are stored 0/1 in SQLite; elsewhere they are BOOLEAN and must be tested as such. */
export function boolToText(d: SqlDialect, expr: string): string {
  return d === 'sqlite'
    ? `CASE ${expr} WHEN 1 THEN 'true' WHEN 0 THEN 'false' END`
    : `CASE WHEN ${expr} THEN 'true' WHEN NOT ${expr} THEN 'false' END`;
}

export function boolToInt(d: SqlDialect, expr: string): string {
  return d === 'sqlite' ? expr : `CAST(${expr} AS INTEGER)`;
}

/**
 * A value as text, the way Cairn writes it. Floats are refused outside SQLite: SQLite prints 15
 * significant digits (0.1 + 0.2 → "0.3"), DuckDB and Postgres the shortest exact form.
 */
export function valueToText(d: SqlDialect, expr: string, type: ColumnType | 'null' | 'any'): string {
  switch (type) {
    case 'boolean':
      return boolToText(d, expr);
    case 'integer':
      return `CAST(${expr} AS TEXT)`;
    case 'float':
      if (d !== 'sqlite') {
        throw new Untranslatable(
          `a float written as text: SQLite (and so Cairn) prints 15 significant digits (0.1 + 0.2 gives "0.3"), ${DIALECT_NAMES[d]} prints the shortest exact form ("0.30000000000000004")`,
        );
      }
      return `CAST(${expr} AS TEXT)`;
    default:
      return expr;
  }
}

/** `a XOR b` written with AND/OR, which all three engines spell the same way. */
function xor(a: string, b: string): string {
  return `((${a} | ${b}) - (${a} & ${b}))`;
}

/** (a × b) mod 2³² for 32-bit a and b, in halves so the product never leaves 64-bit range. */
function mulMod32(a: string, b: number): string {
  const low = b & 0xffff;
  const high = b >>> 16;
  return `(((${a} * ${low}) + (((${a} * ${high}) & 65535) << 16)) & 4294967295)`;
}

/**
 * murmur3's 32-bit finaliser (../operations/text mix32) as a chain of SELECT layers over a
 * column `h0`, so no layer repeats the previous expression (which would grow exponentially).
 * Returns the list of [name, expression] steps; the last one is the mixed value.
 */
export function mix32Steps(input: string): Array<[string, string]> {
  return [
    ['__cairn_h1', xor(input, `(${input} >> 16)`)],
    ['__cairn_h2', mulMod32('__cairn_h1', 0x85ebca6b)],
    ['__cairn_h3', xor('__cairn_h2', '(__cairn_h2 >> 13)')],
    ['__cairn_h4', mulMod32('__cairn_h3', 0xc2b2ae35)],
    ['__cairn_h5', xor('__cairn_h4', '(__cairn_h4 >> 16)')],
  ];
}
