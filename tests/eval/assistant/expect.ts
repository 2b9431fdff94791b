/**
 * What a turn of the evaluation produced, and the checks its cases use. A check returns null when
 * the outcome is right, or a short reason when it is not (printed by the runner).
 */
import type { Cell, Fixture, Record_ } from './fixtures';

export interface Outcome {
  /** Everything the assistant said in the turn (replies and errors), joined. */
  reply: string;
  /** Whether the turn made a new version current. */
  changed: boolean;
  /** The current version's columns and rows after the turn. */
  columns: string[];
  rows: Record_[];
}

export type Check = (o: Outcome) => string | null;

export function all(...checks: Check[]): Check {
  return (o) => {
    for (const c of checks) {
      const r = c(o);
      if (r !== null) return r;
    }
    return null;
  };
}

/** Numbers written in the reply ("1,234.5" → 1234.5). */
export function numbersIn(text: string): number[] {
  return [...text.matchAll(/-?\d[\d,]*(?:\.\d+)?/g)].map((m) => Number(m[0].replace(/,/g, '')));
}

export const unchanged: Check = (o) => (o.changed ? 'the data was changed' : null);
export const changed: Check = (o) => (o.changed ? null : `nothing changed; said: ${o.reply.slice(0, 160)}`);

/** The reply names this number (within rounding) and the data is unchanged. */
export function answers(...expected: number[]): Check {
  return all(unchanged, (o) => {
    const found = numbersIn(o.reply);
    for (const n of expected) {
      const tol = Math.max(0.006, Math.abs(n) * 0.0005);
      if (!found.some((f) => Math.abs(f - n) <= tol)) return `expected ${n} in: ${o.reply.slice(0, 200)}`;
    }
    return null;
  });
}

/** The reply contains every piece (case-insensitive) and the data is unchanged. */
export function says(...pieces: string[]): Check {
  return all(unchanged, (o) => {
    const low = o.reply.toLowerCase();
    const missing = pieces.find((p) => !low.includes(p.toLowerCase()));
    return missing === undefined ? null : `expected “${missing}” in: ${o.reply.slice(0, 200)}`;
  });
}

/** The reply does not contain the piece. */
export function never(piece: string | RegExp): Check {
  return (o) =>
    (typeof piece === 'string' ? o.reply.includes(piece) : piece.test(o.reply))
      ? `the reply contains ${String(piece)}`
      : null;
}

export function columnsAre(expected: string[]): Check {
  return all(changed, (o) =>
    JSON.stringify(o.columns) === JSON.stringify(expected)
      ? null
      : `columns ${JSON.stringify(o.columns)}, expected ${JSON.stringify(expected)}`,
  );
}

export function hasColumns(...names: string[]): Check {
  return all(changed, (o) => {
    const missing = names.find((n) => !o.columns.includes(n));
    return missing === undefined ? null : `no column “${missing}” in ${JSON.stringify(o.columns)}`;
  });
}

export function lacksColumns(...names: string[]): Check {
  return all(changed, (o) => {
    const present = names.find((n) => o.columns.includes(n));
    return present === undefined ? null : `column “${present}” is still there`;
  });
}

export function rowCount(n: number): Check {
  return all(changed, (o) => (o.rows.length === n ? null : `${o.rows.length} rows, expected ${n}`));
}

/** Every row satisfies the predicate (and there is at least one). */
export function everyRow(pred: (r: Record_) => boolean, what: string): Check {
  return all(changed, (o) => (o.rows.length > 0 && o.rows.every(pred) ? null : `not every row has ${what}`));
}

/** The values of a column after the turn, in order. */
export function columnValues(column: string, expected: Cell[]): Check {
  return all(changed, (o) => {
    const got = o.rows.map((r) => r[column] ?? null);
    const same = got.length === expected.length && got.every((g, i) => looseEqual(g, expected[i] ?? null));
    return same ? null : `${column} is ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`;
  });
}

function looseEqual(a: Cell, b: Cell): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-6;
  if (typeof b === 'boolean') return a === b || a === (b ? 1 : 0) || a === String(b);
  return a === b || String(a) === String(b);
}

/** Not understood: nothing changed, and the reply offers commands naming this dataset's columns. */
export function offersHelp(f: Fixture): Check {
  return all(unchanged, (o) =>
    f.columns.some((c) => o.reply.includes(c))
      ? null
      : `no suggestion with a column: ${o.reply.slice(0, 200)}`,
  );
}

// Arithmetic over a fixture, for expected answers.
export const num = (v: Cell): number | null => (typeof v === 'number' ? v : null);
export function values(f: Fixture, column: string, where: (r: Record_) => boolean = () => true): number[] {
  return f.rows.filter(where).flatMap((r) => {
    const n = num(r[column] ?? null);
    return n === null ? [] : [n];
  });
}
export const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
export const mean = (xs: number[]): number => sum(xs) / xs.length;
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
/** Sample standard deviation, as SQL's stddev and pandas' std compute it. */
export function std(xs: number[]): number {
  const m = mean(xs);
  return Math.sqrt(sum(xs.map((x) => (x - m) ** 2)) / (xs.length - 1));
}
export function count(f: Fixture, where: (r: Record_) => boolean): number {
  return f.rows.filter(where).length;
}
