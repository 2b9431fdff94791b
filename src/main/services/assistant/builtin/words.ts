/**
 * Word chores for the built-in interpreter: column names where a sentence names them, numbers
 * as people write them, and Cairn expression pieces (a column reference, a text literal).
 */
import nlp from 'compromise';
import pluralize from 'pluralize';
import type { Column } from '../../../../shared/operations';
import { matchers, readQuoted } from '../builtin-columns';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set(['and', 'or', 'not', 'is', 'in', 'like', 'between', 'null', 'true', 'false']);

/** A column as Cairn's expression language reads it: bare when it can be, else in backticks. */
export function ref(name: string): string {
  return IDENTIFIER.test(name) && !RESERVED.has(name.toLowerCase())
    ? name
    : `\`${name.replace(/`/g, '``')}\``;
}

/** Text as a literal of the expression language. */
export function textLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** Columns' patterns are built once per column set: a turn reads one sentence many ways. */
const cache = new WeakMap<readonly Column[], { name: string; re: RegExp }[]>();
function patternsOf(columns: readonly Column[]): { name: string; re: RegExp }[] {
  let p = cache.get(columns);
  if (!p) {
    p = matchers(columns);
    cache.set(columns, p);
  }
  return p;
}

const BOUNDARY = /$|[\s,;:&+)(?!"'`“”‘’«»„=<>*/-]/y;

/** The longest column name written at `start` of `s` (case and spacing ignored), ending at a word boundary. */
export function columnAt(
  s: string,
  start: number,
  columns: readonly Column[],
): { name: string; end: number } | undefined {
  const q = readQuoted(s, start);
  if (q !== undefined) {
    const lower = q.value.toLowerCase();
    const hit = columns.find((c) => c.name.toLowerCase() === lower);
    return hit ? { name: hit.name, end: q.end } : undefined;
  }
  let best: { name: string; end: number } | undefined;
  for (const { name, re } of patternsOf(columns)) {
    re.lastIndex = start;
    const m = re.exec(s);
    if (m === null) continue;
    const end = start + m[0].length;
    BOUNDARY.lastIndex = end;
    if (!BOUNDARY.test(s)) continue;
    if (best === undefined || end > best.end) best = { name, end };
  }
  return best;
}

/** Every column named anywhere in `s`, left to right, longest first at each place. */
export function columnsIn(
  s: string,
  columns: readonly Column[],
): { name: string; start: number; end: number }[] {
  const out: { name: string; start: number; end: number }[] = [];
  let i = 0;
  while (i < s.length) {
    const atWord = i === 0 || /[^\p{L}\p{N}_]/u.test(s[i - 1] as string);
    const hit = atWord ? columnAt(s, i, columns) : undefined;
    if (hit) {
      out.push({ name: hit.name, start: i, end: hit.end });
      i = hit.end;
    } else i += 1;
  }
  return out;
}

const singular = (w: string): string => pluralize.singular(w.toLowerCase());

/** Whether `short` abbreviates `long`: same first letter, its letters in order ("qty" → quantity, "dept" → department). */
function abbreviates(short: string, long: string): boolean {
  if (short.length < 3 || short[0] !== long[0] || short.length >= long.length) return false;
  let j = 0;
  for (const ch of long) if (ch === short[j]) j += 1;
  return j === short.length;
}

/**
 * A column for a loose word ("products" → "Product Name", "quantity" → "Qty", "departments" →
 * "Dept."): the only column one of whose words it is, starts, or abbreviates. Undefined when
 * none or several fit, so a guess is never a coin toss.
 */
export function looseColumn(word: string, columns: readonly Column[]): string | undefined {
  const w = singular(word.replace(/[^\p{L}\p{N}]/gu, ''));
  if (w.length < 3) return undefined;
  const partsOf = (c: Column): string[] =>
    c.name
      .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
      .split(/[^\p{L}\p{N}]+/u)
      .filter((p) => p !== '')
      .map(singular);
  // Tiers, closest first; the first tier with exactly one column decides.
  const tiers: ((p: string) => boolean)[] = [
    (p) => p === w,
    (p) => p.length >= 3 && (w.startsWith(p) || p.startsWith(w)),
    (p) => p.length >= 3 && p.slice(0, 2) === w.slice(0, 2) && abbreviates(p, w),
    (p) => abbreviates(p, w),
  ];
  for (const tier of tiers) {
    const fits = columns.filter((c) => partsOf(c).some(tier));
    if (fits.length === 1) return fits[0]?.name;
    if (fits.length > 1) return undefined;
  }
  return undefined;
}

const SCALE: Readonly<Record<string, number>> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  million: 1e6,
  bn: 1e9,
  billion: 1e9,
};

/** A number as written: "100", "1,200", "$45.50", "10k", "2.5 million", "forty"; undefined otherwise. */
export function parseNumber(text: string): number | undefined {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/^(?:about|around|roughly|approximately) /, '');
  const m =
    /^([-+]?)[$€£]?\s*(\d[\d,]*(?:\.\d+)?|\.\d+)\s*(k|m|bn|thousand|million|billion)?\s*(?:%|percent|dollars|euros|pounds|usd|eur|years?(?: old)?)?$/.exec(
      t,
    );
  if (m) {
    const n = Number((m[2] ?? '').replace(/,/g, '')) * (SCALE[m[3] ?? ''] ?? 1);
    return Number.isFinite(n) ? (m[1] === '-' ? -n : n) : undefined;
  }
  if (
    !/^[a-z -]+$/.test(t) ||
    !/\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|dozen)\b/.test(
      t,
    )
  ) {
    return undefined;
  }
  const found = nlp(t).numbers().get() as unknown[];
  const first = found[0];
  return found.length === 1 && typeof first === 'number' ? first : undefined;
}

export const NUMERIC = (c: Column | undefined): boolean => c?.type === 'integer' || c?.type === 'float';
export const TEMPORAL = (c: Column | undefined): boolean => c?.type === 'date' || c?.type === 'datetime';

export function columnNamed(name: string, columns: readonly Column[]): Column | undefined {
  return columns.find((c) => c.name === name);
}
