/**
 * Text transformations shared by the SQL functions and described by the pandas renderings.
 * They follow Python's str methods (strip, lower, upper, title), so the two stay in step.
 */

const CASED = /\p{Cased}/u;

/**
 * Letters whose title case (what Python's str.title() uses) is not their upper case: ligatures
 * and digraphs keep their second part small (ﬁ → Fi, ß → Ss, ǆ → ǅ).
 */
const TITLE_CASE: Readonly<Record<string, string>> = {
  ß: 'Ss',
  ﬀ: 'Ff',
  ﬁ: 'Fi',
  ﬂ: 'Fl',
  ﬃ: 'Ffi',
  ﬄ: 'Ffl',
  ﬅ: 'St',
  ﬆ: 'St',
  ŉ: 'ʼN',
  Ǆ: 'ǅ',
  ǅ: 'ǅ',
  ǆ: 'ǅ',
  Ǉ: 'ǈ',
  ǈ: 'ǈ',
  ǉ: 'ǈ',
  Ǌ: 'ǋ',
  ǋ: 'ǋ',
  ǌ: 'ǋ',
  Ǳ: 'ǲ',
  ǲ: 'ǲ',
  ǳ: 'ǲ',
};

/** Python's str.title(): a cased character is title-cased after an uncased one, else lower-cased. */
export function titleCase(value: string): string {
  let out = '';
  let previousCased = false;
  for (const ch of value) {
    out += previousCased ? ch.toLowerCase() : (TITLE_CASE[ch] ?? ch.toUpperCase());
    previousCased = CASED.test(ch);
  }
  return out;
}

export const TEXT_CASES = ['none', 'lower', 'upper', 'title'] as const;
export type TextCase = (typeof TEXT_CASES)[number];

export interface CleanOptions {
  trim: boolean;
  collapseWhitespace: boolean;
  case: TextCase;
}

/** Trim, then collapse runs of whitespace to one space, then change case: the order pandas renders. */
export function cleanText(value: string, options: CleanOptions): string {
  let out = options.trim ? value.trim() : value;
  if (options.collapseWhitespace) out = out.replace(/\s+/gu, ' ');
  switch (options.case) {
    case 'lower':
      return out.toLowerCase();
    case 'upper':
      return out.toUpperCase();
    case 'title':
      return titleCase(out);
    case 'none':
      return out;
  }
}

/** Python's str.split(delimiter, maxsplit=parts - 1): extra pieces stay joined in the last part. */
export function splitParts(value: string, delimiter: string, parts: number): string[] {
  const out: string[] = [];
  let rest = value;
  while (out.length < parts - 1) {
    const at = rest.indexOf(delimiter);
    if (at < 0) break;
    out.push(rest.slice(0, at));
    rest = rest.slice(at + delimiter.length);
  }
  out.push(rest);
  return out;
}

/** Python's float/int `%`: the result takes the sign of the divisor (SQLite's takes the dividend's). */
export function floorMod(a: number, b: number): number | null {
  if (b === 0) return null;
  let m = a % b;
  if (m !== 0 && m < 0 !== b < 0) m += b;
  return m;
}

/** murmur3's 32-bit finaliser: cheap, well mixed, and easy to write identically in Python. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** The order key of a row in a seeded random sample; a bijection of the row number for one seed. */
export function sampleKey(row: number, seed: number): number {
  return mix32((row + mix32(seed >>> 0)) >>> 0);
}
