import type { Column, ColumnType } from '../../../../shared/operations';
import { formatCount, plural } from '../../../../shared/text';
import { quoteIdent, quoteText } from './text';

/**
 * Type inference over every value of every column, in one pass while the file is read.
 *
 * Each non-empty cell is classified by `classify` (a hand-written scanner: no regular expression
 * or allocation per cell) and counted per column. At the end a column gets the narrowest type all
 * its values fit, and one `INSERT … SELECT` converts the staged text with SQLite's own CAST.
 *
 * What counts as what (surrounding spaces, tabs and line breaks are ignored for typed values):
 * - integer: `-?(0|[1-9][0-9]*)`, within ±9,007,199,254,740,991 (exact in JavaScript and SQLite).
 *   A leading zero (`00501`) makes it a code: such columns stay text. No `+`, no thousands
 *   separators (`+1 555…` phone numbers and `1,234` stay text).
 * - float: a decimal point and/or exponent (`1.5`, `.5`, `5.`, `-2.5e-3`), no leading zero before
 *   the point except a lone `0`; finite. A column of integers and floats is float.
 * - boolean: `true` / `false` in any letter case, stored 1 / 0. Nothing else (yes/no, y/n, 0/1,
 *   on/off) is read as boolean: those are ambiguous and stay text or integer.
 * - date: ISO 8601 `YYYY-MM-DD`, a real calendar date (year 0001–9999), stored as that text.
 * - datetime: `YYYY-MM-DD` + `T` or space + `HH:MM`, optional `:SS`, optional `.fraction` (1–9
 *   digits, with seconds), optional `Z` or `±HH`, `±HHMM`, `±HH:MM`; stored as
 *   `YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]`. A column of dates and datetimes is datetime (the dates
 *   at midnight). Other date formats (`03/04/2024`, `4 Mar 2024`) are ambiguous and stay text.
 * - text: anything else. A column mixing kinds (numbers and text, dates and text…) is text, and a
 *   note says how many values did not fit the majority kind.
 * Empty cells are NULL; whitespace-only cells are NULL in typed columns and kept in text columns.
 */

export const K_EMPTY = 0;
export const K_BLANK = 1;
export const K_INT = 2;
export const K_FLOAT = 3;
export const K_BOOL = 4;
export const K_DATE = 5;
export const K_DATETIME = 6;
/** Digits with a leading zero, like a zip code `00501`. */
export const K_CODE = 7;
export const K_TEXT = 8;
export const KIND_COUNT = 9;
export const KIND_MASK = 15;
/** The value had surrounding whitespace. */
export const F_PADDED = 16;
/** A datetime not already in the stored form (space separator, no seconds, `+0100` offset). */
export const F_RESHAPE = 32;

/** SQLite's isspace: what CAST skips, so classification and conversion agree. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Classifies one cell: a kind (`& KIND_MASK`) plus F_* flags. */
export function classify(s: string): number {
  let b = s.length;
  if (b === 0) return K_EMPTY;
  let a = 0;
  let flags = 0;
  let c = s.charCodeAt(0);
  if (isSpace(c)) {
    while (a < b && isSpace(s.charCodeAt(a))) a++;
    if (a === b) return K_BLANK;
    c = s.charCodeAt(a);
    flags = F_PADDED;
  }
  if (isSpace(s.charCodeAt(b - 1))) {
    while (isSpace(s.charCodeAt(b - 1))) b--;
    flags = F_PADDED;
  }
  if (isDigit(c) || c === 45 || c === 46) {
    const kind = classifyNumeric(s, a, b);
    return kind === K_TEXT || kind === K_CODE ? kind : kind | flags;
  }
  const n = b - a;
  if (
    (c === 116 || c === 84) &&
    n === 4 &&
    (s.charCodeAt(a + 1) | 32) === 114 &&
    (s.charCodeAt(a + 2) | 32) === 117 &&
    (s.charCodeAt(a + 3) | 32) === 101
  ) {
    return K_BOOL | flags;
  }
  if (
    (c === 102 || c === 70) &&
    n === 5 &&
    (s.charCodeAt(a + 1) | 32) === 97 &&
    (s.charCodeAt(a + 2) | 32) === 108 &&
    (s.charCodeAt(a + 3) | 32) === 115 &&
    (s.charCodeAt(a + 4) | 32) === 101
  ) {
    return K_BOOL | flags;
  }
  return K_TEXT;
}

function classifyNumeric(s: string, a: number, b: number): number {
  let i = a;
  const negative = s.charCodeAt(i) === 45;
  if (negative) i++;
  const intStart = i;
  while (i < b && isDigit(s.charCodeAt(i))) i++;
  const intDigits = i - intStart;
  const leadingZero = intDigits > 1 && s.charCodeAt(intStart) === 48;
  if (i === b) {
    if (intDigits === 0) return K_TEXT;
    if (leadingZero) return negative ? K_TEXT : K_CODE;
    if (intDigits > 15 && !Number.isSafeInteger(Number(s.slice(a, b)))) return K_TEXT;
    return K_INT;
  }
  let c = s.charCodeAt(i);
  if (c === 45 && !negative && intDigits === 4) return classifyDateTime(s, a, b);
  if (leadingZero) return K_TEXT;
  if (c === 46) {
    i++;
    const fracStart = i;
    while (i < b && isDigit(s.charCodeAt(i))) i++;
    if (intDigits === 0 && i === fracStart) return K_TEXT;
    if (i === b) return K_FLOAT;
    c = s.charCodeAt(i);
  } else if (intDigits === 0) {
    return K_TEXT;
  }
  if (c !== 101 && c !== 69) return K_TEXT;
  i++;
  if (i < b && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45)) i++;
  const expStart = i;
  while (i < b && isDigit(s.charCodeAt(i))) i++;
  if (i === expStart || i !== b) return K_TEXT;
  return Number.isFinite(Number(s.slice(a, b))) ? K_FLOAT : K_TEXT;
}

function twoDigits(s: string, i: number): number {
  const hi = s.charCodeAt(i) - 48;
  const lo = s.charCodeAt(i + 1) - 48;
  if (hi < 0 || hi > 9 || lo < 0 || lo > 9) return -1;
  return hi * 10 + lo;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `s[a..a+4)` are digits and `s[a+4]` is `-`. */
function classifyDateTime(s: string, a: number, b: number): number {
  if (b - a < 10 || s.charCodeAt(a + 7) !== 45) return K_TEXT;
  const year = Number(s.slice(a, a + 4));
  const month = twoDigits(s, a + 5);
  const day = twoDigits(s, a + 8);
  if (year < 1 || month < 1 || month > 12 || day < 1) return K_TEXT;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : (DAYS[month - 1] as number))) return K_TEXT;
  if (b - a === 10) return K_DATE;
  const sep = s.charCodeAt(a + 10);
  if (sep !== 84 && sep !== 32) return K_TEXT;
  let reshape = sep !== 84;
  let p = a + 11;
  if (b - p < 5 || s.charCodeAt(p + 2) !== 58) return K_TEXT;
  const hour = twoDigits(s, p);
  const minute = twoDigits(s, p + 3);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return K_TEXT;
  p += 5;
  if (p < b && s.charCodeAt(p) === 58) {
    const second = b - p >= 3 ? twoDigits(s, p + 1) : -1;
    if (second < 0 || second > 59) return K_TEXT;
    p += 3;
    if (p < b && s.charCodeAt(p) === 46) {
      p++;
      const fracStart = p;
      while (p < b && isDigit(s.charCodeAt(p))) p++;
      if (p === fracStart || p - fracStart > 9) return K_TEXT;
    }
  } else {
    reshape = true;
  }
  if (p === b) return reshape ? K_DATETIME | F_RESHAPE : K_DATETIME;
  const z = s.charCodeAt(p);
  if (z === 90) return p + 1 === b ? (reshape ? K_DATETIME | F_RESHAPE : K_DATETIME) : K_TEXT;
  if (z !== 43 && z !== 45) return K_TEXT;
  const offsetHours = b - p >= 3 ? twoDigits(s, p + 1) : -1;
  if (offsetHours < 0 || offsetHours > 23) return K_TEXT;
  p += 3;
  if (p === b) return K_DATETIME | F_RESHAPE;
  if (s.charCodeAt(p) === 58) p++;
  else reshape = true;
  if (b - p !== 2) return K_TEXT;
  const offsetMinutes = twoDigits(s, p);
  if (offsetMinutes < 0 || offsetMinutes > 59) return K_TEXT;
  return reshape ? K_DATETIME | F_RESHAPE : K_DATETIME;
}

const DATETIME_PARTS =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2})(\.\d{1,9})?)?(?:(Z)|([+-]\d{2})(?::?(\d{2}))?)?)?$/;

/**
 * The stored form of a value classified as a date or datetime (registered as an SQL function for
 * columns that need reshaping): `YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]`; blank → NULL.
 */
export function normalizeDatetime(value: unknown): string | null {
  if (typeof value !== 'string') return value === null || value === undefined ? null : String(value);
  const s = value.trim();
  if (s === '') return null;
  const m = DATETIME_PARTS.exec(s);
  if (!m) return s;
  const [, date, hm, sec, frac, zulu, offH, offM] = m;
  const offset = zulu ? 'Z' : offH ? `${offH}:${offM ?? '00'}` : '';
  return `${date}T${hm ?? '00:00'}:${sec ?? '00'}${frac ?? ''}${offset}`;
}

/** Counts of each kind per column, filled while reading. */
export class ColumnStats {
  readonly counts: Float64Array;
  /** The first value of each kind per column, for notes. */
  readonly examples: (string | undefined)[];
  readonly flags: Uint8Array;

  constructor(readonly width: number) {
    this.counts = new Float64Array(KIND_COUNT * width);
    this.examples = new Array<string | undefined>(KIND_COUNT * width);
    this.flags = new Uint8Array(width);
  }

  count(kind: number, column: number): number {
    return this.counts[kind * this.width + column] as number;
  }

  example(kind: number, column: number): string | undefined {
    return this.examples[kind * this.width + column];
  }
}

/** The SQL name of the function that reshapes datetimes during conversion. */
export const DATETIME_FUNCTION = 'cairn_datetime';

export interface TypedColumn extends Column {
  /** The SELECT expression converting the staged text column to this type. */
  expression: string;
}

const SPACE_CHARS = 'char(32, 9, 10, 11, 12, 13)';

/** Chooses each column's type from its counts; also returns the notes about mixed columns. */
export function decideTypes(
  names: readonly string[],
  stats: ColumnStats,
): { columns: TypedColumn[]; notes: string[] } {
  const notes: string[] = [];
  const columns = names.map((name, j): TypedColumn => {
    const n = (kind: number): number => stats.count(kind, j);
    const ints = n(K_INT);
    const floats = n(K_FLOAT);
    const bools = n(K_BOOL);
    const dates = n(K_DATE);
    const datetimes = n(K_DATETIME);
    const codes = n(K_CODE);
    const texts = n(K_TEXT);
    const values = ints + floats + bools + dates + datetimes + codes + texts;
    const blanks = n(K_BLANK) > 0;
    const flags = stats.flags[j] as number;
    const padded = (flags & (F_PADDED >> 4)) !== 0;
    const col = quoteIdent(name);
    const trimmed = padded || blanks ? `NULLIF(trim(${col}, ${SPACE_CHARS}), '')` : col;
    const cast = (sqlType: string): string =>
      blanks ? `CAST(NULLIF(trim(${col}, ${SPACE_CHARS}), '') AS ${sqlType})` : `CAST(${col} AS ${sqlType})`;
    const typed = (type: ColumnType, expression: string): TypedColumn => ({ name, type, expression });

    if (values === 0) return typed('text', col);
    if (ints === values) return typed('integer', cast('INTEGER'));
    if (ints + floats === values) return typed('float', cast('REAL'));
    if (bools === values) {
      return typed(
        'boolean',
        `CASE lower(${padded ? `trim(${col}, ${SPACE_CHARS})` : col}) WHEN 'true' THEN 1 WHEN 'false' THEN 0 END`,
      );
    }
    if (dates === values) return typed('date', trimmed);
    if (dates + datetimes === values) {
      const reshape = padded || blanks || dates > 0 || (flags & (F_RESHAPE >> 4)) !== 0;
      if (dates > 0) {
        notes.push(
          `Column ${quoteText(name)} has ${plural(dates, 'date')} without a time among its datetimes; ${dates === 1 ? 'it is' : 'they are'} stored at midnight (T00:00:00).`,
        );
      }
      return typed('datetime', reshape ? `${DATETIME_FUNCTION}(${col})` : col);
    }

    const numbers = ints + floats + codes;
    if (codes > 0 && numbers === values) {
      notes.push(
        `Column ${quoteText(name)} has codes with leading zeros (such as ${quoteText(stats.example(K_CODE, j) ?? '')}); it is kept as text so the zeros are not lost.`,
      );
      return typed('text', col);
    }
    const groups: { label: string; one: string; many: string; count: number; kinds: number[] }[] = [
      { label: 'numbers', one: 'a number', many: 'numbers', count: numbers, kinds: [K_INT, K_FLOAT, K_CODE] },
      { label: 'true/false values', one: 'true/false', many: 'true/false', count: bools, kinds: [K_BOOL] },
      { label: 'dates', one: 'a date', many: 'dates', count: dates + datetimes, kinds: [K_DATE, K_DATETIME] },
    ];
    const major = groups.find((g) => g.count * 2 > values);
    if (major) {
      const others = values - major.count;
      const otherKinds = [K_TEXT, K_INT, K_FLOAT, K_CODE, K_BOOL, K_DATE, K_DATETIME].filter(
        (k) => !major.kinds.includes(k),
      );
      const example = otherKinds.map((k) => stats.example(k, j)).find((e) => e !== undefined);
      notes.push(
        `Column ${quoteText(name)} mixes ${major.label} and text (${formatCount(others)} of ${formatCount(values)} values ${others === 1 ? `is not ${major.one}` : `are not ${major.many}`}${example !== undefined ? `, such as ${quoteText(example, 40)}` : ''}); kept as text.`,
      );
    }
    return typed('text', col);
  });
  return { columns, notes };
}
