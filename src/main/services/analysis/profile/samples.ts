import { PROFILE_LIMITS } from './types';

/**
 * The first distinct values by row number, whatever order the scan delivers rows in: keeps the
 * `limit` distinct values with the smallest first row seen. In an ordered scan, once full, every
 * further value is rejected by one comparison.
 */
export class FirstValues<T> {
  readonly values: T[] = [];
  readonly rows: number[] = [];
  private maxRow = -Infinity;

  constructor(private readonly limit: number = PROFILE_LIMITS.samples) {}

  offer(value: T, row: number): void {
    const full = this.values.length === this.limit;
    if (full && row > this.maxRow) return;
    const at = this.values.indexOf(value);
    if (at >= 0) {
      if (row < (this.rows[at] as number)) {
        this.rows[at] = row;
        this.maxRow = Math.max(...this.rows);
      }
      return;
    }
    if (!full) {
      this.values.push(value);
      this.rows.push(row);
      if (row > this.maxRow) this.maxRow = row;
      return;
    }
    const worst = this.rows.indexOf(this.maxRow);
    this.values[worst] = value;
    this.rows[worst] = row;
    this.maxRow = Math.max(...this.rows);
  }

  /** In row order. */
  list(): T[] {
    return this.values
      .map((value, i) => ({ value, row: this.rows[i] as number }))
      .sort((a, b) => a.row - b.row)
      .map((e) => e.value);
  }
}
