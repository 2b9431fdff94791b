/**
 * What text (or a value of another type) converts to each column type. One definition serves the
 * SQL functions (cast_type, through registerSqlFunctions), fill values and expression literals;
 * the regular-expression sources are also rendered into the pandas code, so both sides agree.
 *
 * Rules, after trimming surrounding whitespace (blank text is missing, not a failure):
 * - integer: optional sign and digits, optionally followed by a point and zeros only ("12",
 *   "-3", "+7", "4.00"); within 64-bit range. No exponents, no thousands separators.
 *   A float converts when it is whole; a boolean becomes 0/1.
 * - float: optional sign, digits with an optional fraction (or ".5"), optional exponent
 *   ("1.5e3"); finite only (no "inf"/"nan"). Integers and booleans convert as numbers.
 * - boolean: true/false/yes/no/1/0 in any letter case; the numbers 1 and 0.
 * - date: "YYYY-MM-DD" (a valid calendar day), optionally followed by a valid time, which is
 *   dropped; the result is "YYYY-MM-DD".
 * - datetime: "YYYY-MM-DD", then optionally "T" or a space, "HH:MM", ":SS", a fraction of up to
 *   nine digits, and "Z" or an offset "+HH:MM"/"+HHMM". The result is
 *   "YYYY-MM-DDTHH:MM:SS[.fraction][Z|+HH:MM]" with a missing time read as midnight.
 * - text: anything; numbers print as SQLite prints them, booleans as "true"/"false".
 */
import type { ColumnType } from '../../../../shared/operations';

/** A value as SQLite stores it. Integers are bigint so that they bind and return as INTEGER. */
export type Cell = bigint | number | string | null;
export type Converted = { ok: true; value: Cell } | { ok: false };

// [0-9] rather than \d: Python's \d also matches non-ASCII digits, JavaScript's does not.
export const INTEGER_PATTERN = '^[+-]?[0-9]+(?:\\.0*)?$';
export const FLOAT_PATTERN = '^[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?$';
/** Case-insensitive; groups: date, hour, minute, second, fraction, zone. */
export const DATETIME_PATTERN =
  '^([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ]([01][0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9])(\\.[0-9]{1,9})?)?(Z|[+-](?:[01][0-9]|2[0-3]):?[0-5][0-9])?)?$';
export const BOOLEAN_WORDS: Readonly<Record<string, boolean>> = {
  true: true,
  yes: true,
  '1': true,
  false: false,
  no: false,
  '0': false,
};

const INTEGER_RE = new RegExp(INTEGER_PATTERN);
const FLOAT_RE = new RegExp(FLOAT_PATTERN);
const DATETIME_RE = new RegExp(DATETIME_PATTERN, 'i');
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

const FAIL: Converted = { ok: false };
const ok = (value: Cell): Converted => ({ ok: true, value });

function isValidDay(date: string): boolean {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to the 1900s.
  const probe = new Date(0);
  probe.setUTCFullYear(y, m - 1, d);
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

function inInt64(value: bigint): Converted {
  return value >= INT64_MIN && value <= INT64_MAX ? ok(value) : FAIL;
}

function toInteger(value: unknown): Converted {
  if (typeof value === 'bigint') return inInt64(value);
  if (typeof value === 'number') return Number.isInteger(value) ? inInt64(BigInt(value)) : FAIL;
  if (typeof value !== 'string') return FAIL;
  const text = value.trim();
  if (text === '') return ok(null);
  return INTEGER_RE.test(text) ? inInt64(BigInt(text.replace(/\.0*$/, ''))) : FAIL;
}

function toFloat(value: unknown): Converted {
  if (typeof value === 'bigint') return ok(Number(value));
  if (typeof value === 'number') return Number.isFinite(value) ? ok(value) : FAIL;
  if (typeof value !== 'string') return FAIL;
  const text = value.trim();
  if (text === '') return ok(null);
  if (!FLOAT_RE.test(text)) return FAIL;
  const number = Number(text);
  return Number.isFinite(number) ? ok(number) : FAIL;
}

function toBoolean(value: unknown): Converted {
  if (typeof value === 'number' || typeof value === 'bigint') {
    if (Number(value) === 1) return ok(1n);
    return Number(value) === 0 ? ok(0n) : FAIL;
  }
  if (typeof value !== 'string') return FAIL;
  const text = value.trim().toLowerCase();
  if (text === '') return ok(null);
  const word = Object.hasOwn(BOOLEAN_WORDS, text) ? BOOLEAN_WORDS[text] : undefined;
  return word === undefined ? FAIL : ok(word ? 1n : 0n);
}

function matchDatetime(value: unknown): RegExpExecArray | null | 'blank' {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text === '') return 'blank';
  const match = DATETIME_RE.exec(text);
  return match && isValidDay(match[1] ?? '') ? match : null;
}

function toDate(value: unknown): Converted {
  const match = matchDatetime(value);
  if (match === 'blank') return ok(null);
  return match ? ok(match[1] ?? null) : FAIL;
}

function toDatetime(value: unknown): Converted {
  const match = matchDatetime(value);
  if (match === 'blank') return ok(null);
  if (!match) return FAIL;
  const [, date, hour = '00', minute = '00', second = '00', fraction = '', zone = ''] = match;
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : zone.replace(/^([+-][0-9]{2}):?([0-9]{2})$/, '$1:$2');
  return ok(`${date}T${hour}:${minute}:${second}${fraction}${offset}`);
}

function toText(value: unknown): Converted {
  if (value === null || value === undefined) return ok(null);
  if (typeof value === 'string') return ok(value);
  if (typeof value === 'boolean') return ok(value ? 'true' : 'false');
  if (typeof value === 'number' || typeof value === 'bigint') return ok(String(value));
  return FAIL;
}

const CONVERTERS: Readonly<Record<ColumnType, (value: unknown) => Converted>> = {
  integer: toInteger,
  float: toFloat,
  boolean: toBoolean,
  date: toDate,
  datetime: toDatetime,
  text: toText,
};

/** Converts one value to a column type by the rules above; null stays null. */
export function convertValue(value: unknown, to: ColumnType): Converted {
  if (value === null || value === undefined) return ok(null);
  if (typeof value === 'boolean') {
    if (to === 'boolean') return ok(value ? 1n : 0n);
    if (to === 'text') return ok(value ? 'true' : 'false');
    return FAIL;
  }
  return CONVERTERS[to](value);
}

export function isColumnType(value: unknown): value is ColumnType {
  return typeof value === 'string' && Object.hasOwn(CONVERTERS, value);
}
