/** Collectors for date/date-time and boolean columns (numbers: numeric.ts, text: text.ts). */
import { NumberCollector } from './numeric';
import { formatDate, parseDateDays, parseDatetimeSeconds } from './temporal';
import { FirstValues } from './samples';

/**
 * Dates as day numbers, date-times as epoch seconds, gathered like numbers; keeps the stored text
 * of the earliest and latest value, the first distinct values, and the total text length. Date
 * columns arrive as day numbers computed by SQLite (`julianday(x) - 2440587.5`, exact for
 * dates), which is cheaper than passing text; their text is the day number formatted back (the
 * stored form is canonical). Date-times arrive as their stored text.
 */
export class TemporalCollector {
  readonly numbers: NumberCollector;
  private readonly firsts = new FirstValues<string | number>();
  private minValue = Infinity;
  private maxValue = -Infinity;
  private minText: string | number | null = null;
  private maxText: string | number | null = null;
  characters = 0;

  constructor(
    capacity: number,
    readonly kind: 'date' | 'datetime',
  ) {
    this.numbers = new NumberCollector(capacity);
  }

  add(value: unknown, row: number): void {
    if (value === null || value === undefined) {
      this.numbers.add(null, row);
      return;
    }
    let v: number;
    let original: string | number;
    if (typeof value === 'number') {
      v = value;
      original = value;
      this.characters += 10;
    } else {
      original = String(value);
      v = this.kind === 'date' ? parseDateDays(original) : parseDatetimeSeconds(original);
      this.characters += original.length;
      if (Number.isNaN(v)) {
        this.numbers.add(null, row);
        return;
      }
    }
    this.numbers.add(v, row);
    if (v < this.minValue) {
      this.minValue = v;
      this.minText = original;
    }
    if (v > this.maxValue) {
      this.maxValue = v;
      this.maxText = original;
    }
    this.firsts.offer(original, row);
  }

  private static text(value: string | number | null): string | null {
    return typeof value === 'number' ? formatDate(value) : value;
  }

  get min(): string | null {
    return TemporalCollector.text(this.minText);
  }

  get max(): string | null {
    return TemporalCollector.text(this.maxText);
  }

  samples(): string[] {
    return this.firsts.list().map((v) => TemporalCollector.text(v) as string);
  }
}

/** Booleans stored as 0/1: counts and the order in which each value first appears. */
export class BooleanCollector {
  trues = 0;
  falses = 0;
  readonly samples = new FirstValues<string>();

  add(value: unknown, row: number): void {
    if (value === null || value === undefined) return;
    const truthy =
      value === 1 || value === 1n || value === true || (typeof value === 'number' && value !== 0);
    if (truthy) this.trues++;
    else this.falses++;
    this.samples.offer(truthy ? 'true' : 'false', row);
  }

  get count(): number {
    return this.trues + this.falses;
  }
}
