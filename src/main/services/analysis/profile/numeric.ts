/**
 * Statistics of one number-valued column (integers, floats, and dates/date-times as numbers) from
 * its values gathered in a Float64Array during the scan (NaN = missing, aligned with the rows).
 *
 * - mean: Neumaier-compensated sum / count. std: the SAMPLE standard deviation (n − 1, as pandas'
 *   std() and clip_outliers' z-score), null below two values; computed in two passes.
 * - p25 / median / p75: linear interpolation between closest ranks, exactly SQLite's
 *   percentile(x, P) and median(x): ix = P/100 · (n − 1), v[⌊ix⌋] + (v[⌊ix⌋+1] − v[⌊ix⌋]) · frac(ix).
 *   The needed ranks are found by sorting (exact mode) or by a multi-rank quickselect.
 * - distinct: exact from the sorted values when the row count is at most the exact-distinct limit;
 *   above it a HyperLogLog estimate (see hll.ts), except that a column whose estimate is within
 *   the error bound of "every value distinct" is sorted and counted exactly (it may be a key).
 * - histogram: equal-width bins between min and max, the last bin inclusive. Floats and
 *   date-times: HISTOGRAM_BINS bins of (max − min) / HISTOGRAM_BINS. Integers and dates (day
 *   numbers): whole-number widths ⌈(max − min + 1) / HISTOGRAM_BINS⌉, so every bound is a value of
 *   the column (up to HISTOGRAM_BINS bins). One bin when min = max.
 * - outliers (numbers only): counts below Q1 − 1.5·IQR and above Q3 + 1.5·IQR, and beyond 3 sample
 *   standard deviations from the mean (clip_outliers' own definitions).
 */
import { HLL_ERROR_BOUND, HyperLogLog } from './hll';
import { FirstValues } from './samples';
import { PROFILE_LIMITS, type OutlierCounts } from './types';

export interface NumericBin {
  from: number;
  to: number;
  count: number;
}

export interface NumericStats {
  count: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  std: number | null;
  p25: number | null;
  median: number | null;
  p75: number | null;
  zeros: number;
  negatives: number;
  distinct: number;
  distinctApproximate: boolean;
  histogram: NumericBin[] | null;
  outliers: OutlierCounts | null;
}

/** Gathers a column's values in row order; missing values are NaN so columns stay aligned. */
export class NumberCollector {
  values: Float64Array;
  length = 0;
  readonly samples = new FirstValues<number>();

  constructor(capacity: number) {
    this.values = new Float64Array(Math.max(16, capacity));
  }

  add(value: unknown, row: number): void {
    if (this.length === this.values.length) this.grow();
    if (value === null || value === undefined) {
      this.values[this.length++] = NaN;
      return;
    }
    const v = typeof value === 'number' ? value : Number(value);
    this.values[this.length++] = v;
    if (v === v) this.samples.offer(v, row);
  }

  private grow(): void {
    const next = new Float64Array(this.values.length * 2);
    next.set(this.values);
    this.values = next;
  }

  /** The aligned values seen so far (a view, not a copy). */
  view(): Float64Array {
    return this.values.subarray(0, this.length);
  }
}

/** Linear interpolation between closest ranks, as SQLite's percentile(): p in [0, 1]. */
export function percentileOf(valueAt: (rank: number) => number, n: number, p: number): number {
  const ix = p * (n - 1);
  const i1 = Math.floor(ix);
  const v1 = valueAt(i1);
  if (ix === i1 || i1 === n - 1) return v1;
  const v2 = valueAt(i1 + 1);
  return v1 + (v2 - v1) * (ix - i1);
}

function insertionSort(a: Float64Array, lo: number, hi: number): void {
  for (let i = lo + 1; i < hi; i++) {
    const v = a[i] as number;
    let j = i - 1;
    while (j >= lo && (a[j] as number) > v) {
      a[j + 1] = a[j] as number;
      j--;
    }
    a[j + 1] = v;
  }
}

/**
 * Puts the values of the given ranks (sorted ascending, within [lo, hi)) in place, as a full sort
 * would, with a three-way quickselect on every side that still holds a wanted rank. Falls back to
 * sorting a range when recursion gets deep (adversarial inputs).
 */
export function selectRanks(a: Float64Array, lo: number, hi: number, ranks: number[], depth = 64): void {
  if (ranks.length === 0 || hi - lo <= 1) return;
  if (hi - lo <= 24) {
    insertionSort(a, lo, hi);
    return;
  }
  if (depth === 0) {
    a.subarray(lo, hi).sort();
    return;
  }
  const x = a[lo] as number;
  const y = a[(lo + hi) >>> 1] as number;
  const z = a[hi - 1] as number;
  const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
  // Dutch national flag: [lo, lt) < pivot, [lt, i) = pivot, (gt, hi) > pivot.
  let lt = lo;
  let gt = hi - 1;
  let i = lo;
  while (i <= gt) {
    const v = a[i] as number;
    if (v < pivot) {
      a[i++] = a[lt] as number;
      a[lt++] = v;
    } else if (v > pivot) {
      a[i] = a[gt] as number;
      a[gt--] = v;
    } else {
      i++;
    }
  }
  const left = ranks.filter((r) => r < lt);
  const right = ranks.filter((r) => r > gt);
  selectRanks(a, lo, lt, left, depth - 1);
  selectRanks(a, gt + 1, hi, right, depth - 1);
}

export interface FinalizeOptions {
  /** Sort and count distinct values exactly (the row count is within the exact-distinct limit). */
  exact: boolean;
  /** Whole-number bin widths (integers, dates). */
  integral: boolean;
  /** Count values beyond the IQR fences and the z-score threshold. */
  outliers: boolean;
  /**
   * Asked (above the limit) when the estimate says every value may be distinct: true sorts the
   * values to count them exactly (worth it for a possible key).
   */
  verifyKey: () => boolean;
}

function histogramOf(a: Float64Array, n: number, min: number, max: number, integral: boolean): NumericBin[] {
  if (min === max) return [{ from: min, to: max, count: n }];
  const target = PROFILE_LIMITS.histogramBins;
  let width: number;
  let bins: number;
  if (integral) {
    const span = max - min + 1;
    width = Math.max(1, Math.ceil(span / target));
    bins = Math.ceil(span / width);
  } else {
    width = (max - min) / target;
    bins = target;
  }
  const counts = new Float64Array(bins);
  const last = bins - 1;
  for (let i = 0; i < n; i++) {
    const b = Math.floor(((a[i] as number) - min) / width);
    counts[b > last ? last : b]!++;
  }
  const out: NumericBin[] = [];
  for (let b = 0; b < bins; b++) {
    out.push({
      from: min + b * width,
      to: b === last ? max : min + (b + 1) * width,
      count: counts[b] as number,
    });
  }
  return out;
}

/**
 * Computes a column's statistics. Reorders (and so destroys the row alignment of) `values`: call
 * it after the correlations that need the alignment.
 */
export function finalizeNumbers(values: Float64Array, options: FinalizeOptions): NumericStats {
  const a = values;
  let n = 0;
  let min = Infinity;
  let max = -Infinity;
  let zeros = 0;
  let negatives = 0;
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i] as number;
    if (v !== v) continue;
    a[n++] = v;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v === 0) zeros++;
    else if (v < 0) negatives++;
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  if (n === 0) {
    return {
      count: 0,
      min: null,
      max: null,
      mean: null,
      std: null,
      p25: null,
      median: null,
      p75: null,
      zeros: 0,
      negatives: 0,
      distinct: 0,
      distinctApproximate: false,
      histogram: null,
      outliers: null,
    };
  }
  const data = a.subarray(0, n);
  const mean = (sum + compensation) / n;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = (data[i] as number) - mean;
    squares += d * d;
  }
  const std = n >= 2 ? Math.sqrt(squares / (n - 1)) : null;

  let distinct = 0;
  let approximate = false;
  let sorted = options.exact;
  if (!sorted) {
    const hll = new HyperLogLog();
    for (let i = 0; i < n; i++) hll.addNumber(data[i] as number);
    const estimate = hll.estimate();
    // Possibly every value distinct (a key): settle it exactly.
    if (estimate >= n * (1 - HLL_ERROR_BOUND) && options.verifyKey()) sorted = true;
    else distinct = Math.max(1, Math.min(n, Math.round(estimate)));
  }
  if (sorted) {
    data.sort();
    distinct = 1;
    for (let i = 1; i < n; i++) if (data[i] !== data[i - 1]) distinct++;
  } else {
    approximate = true;
    const ranks = new Set<number>();
    for (const p of [0.25, 0.5, 0.75]) {
      const ix = p * (n - 1);
      ranks.add(Math.floor(ix));
      if (Math.floor(ix) + 1 < n) ranks.add(Math.floor(ix) + 1);
    }
    selectRanks(
      data,
      0,
      n,
      [...ranks].sort((x, y) => x - y),
    );
  }
  const at = (rank: number): number => data[rank] as number;
  const p25 = percentileOf(at, n, 0.25);
  const median = percentileOf(at, n, 0.5);
  const p75 = percentileOf(at, n, 0.75);

  let outliers: OutlierCounts | null = null;
  if (options.outliers) {
    const iqr = p75 - p25;
    const lowerFence = p25 - PROFILE_LIMITS.iqrFactor * iqr;
    const upperFence = p75 + PROFILE_LIMITS.iqrFactor * iqr;
    const zLow = std === null ? -Infinity : mean - PROFILE_LIMITS.zscoreThreshold * std;
    const zHigh = std === null ? Infinity : mean + PROFILE_LIMITS.zscoreThreshold * std;
    let below = 0;
    let above = 0;
    let beyondZ = 0;
    for (let i = 0; i < n; i++) {
      const v = data[i] as number;
      if (v < lowerFence) below++;
      else if (v > upperFence) above++;
      if (v < zLow || v > zHigh) beyondZ++;
    }
    outliers = {
      lowerFence,
      upperFence,
      below,
      above,
      zscoreThreshold: PROFILE_LIMITS.zscoreThreshold,
      beyondZscore: beyondZ,
    };
  }

  return {
    count: n,
    min,
    max,
    mean,
    std,
    p25,
    median,
    p75,
    zeros,
    negatives,
    distinct,
    distinctApproximate: approximate,
    histogram: histogramOf(data, n, min, max, options.integral),
    outliers,
  };
}
