/**
 * HyperLogLog distinct-count sketch: 2^12 one-byte registers fed by a 32-bit hash, read with
 * Ertl's improved raw estimator ("New cardinality estimation algorithms for HyperLogLog
 * sketches", 2017), which is unbiased over the whole range without empirical bias tables.
 *
 * Error bound: relative standard error 1.04 / √4096 ≈ 1.63%; about 99.7% of estimates fall within
 * ±3 standard errors (±4.9%). With a 32-bit hash the sketch is good to a few hundred million
 * distinct values, far beyond a desktop table.
 */

export const HLL_PRECISION = 12;
const M = 1 << HLL_PRECISION;
/** Bits of the hash left for the rank after the register index. */
const Q = 32 - HLL_PRECISION;

/** The relative standard error of an estimate (≈ 0.01625). */
export const HLL_STANDARD_ERROR = 1.04 / Math.sqrt(M);
/** The documented bound: 3 standard errors (≈ 4.9%). */
export const HLL_ERROR_BOUND = 3 * HLL_STANDARD_ERROR;

/** murmur3's 32-bit finaliser: a bijection that spreads every input bit over the output. */
export function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over the UTF-16 code units, then fmix32. */
export function hashString(value: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
  return fmix32(h ^ value.length);
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** Hashes a number's IEEE-754 bits; 0 and -0 hash alike (SQLite counts them as one value). */
export function hashNumber(value: number, seed = 0x9e3779b9): number {
  f64[0] = value === 0 ? 0 : value;
  return fmix32((u32[0] as number) ^ fmix32(((u32[1] as number) + seed) >>> 0));
}

function sigma(x: number): number {
  if (x === 1) return Infinity;
  let y = 1;
  let z = x;
  let previous: number;
  do {
    x *= x;
    previous = z;
    z += x * y;
    y += y;
  } while (previous !== z);
  return z;
}

function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  let previous: number;
  do {
    x = Math.sqrt(x);
    previous = z;
    y *= 0.5;
    z -= (1 - x) * (1 - x) * y;
  } while (previous !== z);
  return z / 3;
}

export class HyperLogLog {
  private readonly registers = new Uint8Array(M);

  /** Adds a 32-bit hash: the top 12 bits pick the register, the rest give the rank. */
  addHash(hash: number): void {
    const index = hash >>> Q;
    const rest = (hash << HLL_PRECISION) >>> 0;
    const rank = rest === 0 ? Q + 1 : Math.clz32(rest) + 1;
    if (rank > (this.registers[index] as number)) this.registers[index] = rank;
  }

  addString(value: string): void {
    this.addHash(hashString(value));
  }

  addNumber(value: number): void {
    this.addHash(hashNumber(value));
  }

  /** The estimated number of distinct values added. */
  estimate(): number {
    const counts = new Float64Array(Q + 2);
    for (let i = 0; i < M; i++) counts[this.registers[i] as number]!++;
    let z = M * tau(1 - (counts[Q + 1] as number) / M);
    for (let k = Q; k >= 1; k--) z = 0.5 * (z + (counts[k] as number));
    z += M * sigma((counts[0] as number) / M);
    return (M * M) / (2 * Math.LN2 * z);
  }
}
