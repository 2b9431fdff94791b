/**
 * Text columns. Each distinct value is counted exactly in a Map while there are at most `cap` of
 * them (the exact-distinct limit, or 4,096 in tables above it); pattern flags, lengths, min/max,
 * top values and variants are then computed once per distinct value, weighted by its count. Past
 * `cap` the column switches to streaming mode (see TextCollector): every further value is
 * classified on its own and the distinct count becomes a HyperLogLog estimate.
 */
import { fmix32, hashString, HyperLogLog } from './hll';
import { classifyText, P_TOKEN, P_UUID, PatternCounts } from './patterns';
import { FirstValues } from './samples';
import { compareText, textLength } from './textorder';
import { PROFILE_LIMITS } from './types';

export interface TopValue {
  value: string;
  count: number;
}

/** Most frequent first; ties by value ascending (code point order). */
export function topOf(entries: Iterable<[string, number]>, limit: number): TopValue[] {
  const top: TopValue[] = [];
  for (const [value, count] of entries) {
    if (top.length === limit) {
      const last = top[limit - 1] as TopValue;
      if (count < last.count || (count === last.count && compareText(value, last.value) > 0)) continue;
      top.pop();
    }
    let i = top.length;
    while (i > 0) {
      const prev = top[i - 1] as TopValue;
      if (prev.count > count || (prev.count === count && compareText(prev.value, value) < 0)) break;
      i--;
    }
    top.splice(i, 0, { value, count });
  }
  return top;
}

const SKETCH_WIDTH = 4096;
const SKETCH_ROWS = 4;
const FROZEN_BITS = 65536;

/**
 * Text column collector. Exact mode: a Map counts every distinct value. Streaming mode (more than
 * `cap` distinct values): the Map is frozen — its values keep being counted exactly, no new ones
 * are added — while a HyperLogLog estimates the distinct count and a Count-Min sketch (4 × 4096
 * counters over the other values only; it over-estimates, never under-) bounds how often any
 * value first seen later occurs. The top values come from the frozen Map, so their counts are
 * always exact; they are the true top 10 whenever the 10th count exceeds that bound
 * (`topProven`), which holds for any column whose frequent values show up among its first `cap`
 * distinct values.
 */
export class TextCollector {
  count = 0;
  /**
   * Exact counts of every distinct value (exact mode) or of the first `cap` ones (streaming
   * mode): value → slot in `counts` (one Map lookup per value instead of a get and a set).
   */
  private readonly slots = new Map<string, number>();
  private counts = new Float64Array(64);
  streaming = false;
  hll: HyperLogLog | null = null;
  private sketch: Uint32Array | null = null;
  private frozen: Uint32Array | null = null;
  /** The largest sketch estimate of any value not tracked exactly. */
  private otherBound = 0;
  readonly patterns = new PatternCounts();
  /** Whether every value so far is a UUID / a letters-and-digits code (a key's shape). */
  allUuids = true;
  allTokens = true;
  readonly samples = new FirstValues<string>();
  lengthMin = Infinity;
  lengthMax = 0;
  lengthSum = 0;
  min: string | null = null;
  max: string | null = null;
  private accounted = false;

  constructor(private readonly cap: number) {}

  add(value: unknown, row: number): void {
    if (value === null || value === undefined) {
      // A key has no missing values, so its shape no longer matters.
      this.allTokens = false;
      this.allUuids = false;
      return;
    }
    const v = typeof value === 'string' ? value : String(value);
    this.count++;
    this.samples.offer(v, row);
    if (this.streaming) {
      this.stream(v);
      return;
    }
    const slot = this.slots.get(v);
    if (slot !== undefined) {
      this.counts[slot]!++;
    } else if (this.slots.size < this.cap) {
      const next = this.slots.size;
      if (next === this.counts.length) {
        const grown = new Float64Array(next * 2);
        grown.set(this.counts);
        this.counts = grown;
      }
      this.slots.set(v, next);
      this.counts[next] = 1;
    } else {
      this.startStreaming();
      this.stream(v);
    }
  }

  private account(v: string, weight: number): void {
    const flags = classifyText(v, this.allTokens || this.allUuids);
    this.patterns.add(flags, weight);
    if ((flags & P_TOKEN) === 0) this.allTokens = false;
    if ((flags & P_UUID) === 0) this.allUuids = false;
    const length = textLength(v);
    if (length < this.lengthMin) this.lengthMin = length;
    if (length > this.lengthMax) this.lengthMax = length;
    this.lengthSum += length * weight;
    if (this.min === null || compareText(v, this.min) < 0) this.min = v;
    if (this.max === null || compareText(v, this.max) > 0) this.max = v;
  }

  /** Adds occurrences of a value not frozen (by its hash) to the HyperLogLog and the sketch; returns its bound. */
  private sketchAdd(h: number, weight: number): number {
    (this.hll as HyperLogLog).addHash(h);
    const sketch = this.sketch as Uint32Array;
    const step = fmix32(h ^ 0x5bd1e995) | 1;
    let estimate = Infinity;
    for (let k = 0; k < SKETCH_ROWS; k++) {
      const cell = k * SKETCH_WIDTH + ((h + k * step) & (SKETCH_WIDTH - 1));
      const next = (sketch[cell] as number) + weight;
      sketch[cell] = next;
      if (next < estimate) estimate = next;
    }
    return estimate;
  }

  private startStreaming(): void {
    this.hll = new HyperLogLog();
    this.sketch = new Uint32Array(SKETCH_ROWS * SKETCH_WIDTH);
    this.frozen = new Uint32Array(FROZEN_BITS / 32);
    // The frozen values are accounted in finish(), with their final counts; the sketch only
    // bounds the others.
    for (const v of this.slots.keys()) {
      const h = hashString(v);
      (this.hll as HyperLogLog).addHash(h);
      this.frozen[(h & (FROZEN_BITS - 1)) >>> 5]! |= 1 << (h & 31);
    }
    this.streaming = true;
  }

  private stream(v: string): void {
    const h = hashString(v);
    // A bitmap of the frozen values' hashes spares most Map lookups of values that are not there.
    const slot =
      ((this.frozen as Uint32Array)[(h & (FROZEN_BITS - 1)) >>> 5]! & (1 << (h & 31))) === 0
        ? undefined
        : this.slots.get(v);
    if (slot !== undefined) {
      this.counts[slot]!++;
      return;
    }
    this.account(v, 1);
    const estimate = this.sketchAdd(h, 1);
    if (estimate > this.otherBound) this.otherBound = estimate;
  }

  /** Accounts the tracked values with their final counts; call once, after the scan. */
  finish(): void {
    if (this.accounted) return;
    for (const [v, count] of this.values()) this.account(v, count);
    this.accounted = true;
  }

  /** Number of distinct values tracked exactly. */
  get tracked(): number {
    return this.slots.size;
  }

  /** The tracked values with their exact counts. */
  *values(): IterableIterator<[string, number]> {
    for (const [v, slot] of this.slots) yield [v, this.counts[slot] as number];
  }

  /** The 10 most frequent tracked values, with exact counts. */
  top(): TopValue[] {
    return topOf(this.values(), PROFILE_LIMITS.topValues);
  }

  /** Whether `top()` is certainly the column's true top 10 (always in exact mode). */
  topProven(): boolean {
    if (!this.streaming) return true;
    const last = this.top()[PROFILE_LIMITS.topValues - 1];
    return last !== undefined && last.count > this.otherBound;
  }
}
