/**
 * Pearson correlation over pairwise-complete rows (rows where both values are present), from
 * row-aligned arrays (NaN = missing). One pass per pair over values shifted by the column's first
 * value, which keeps the sums of squares accurate for large offsets (ids, timestamps). Null when a
 * pair has fewer than two complete rows or either side is constant over them.
 */
export function correlationMatrix(arrays: Float64Array[]): (number | null)[][] {
  const k = arrays.length;
  const matrix: (number | null)[][] = Array.from({ length: k }, () => new Array<number | null>(k).fill(null));
  const shifts = arrays.map((a) => {
    for (let i = 0; i < a.length; i++) if (!Number.isNaN(a[i])) return a[i] as number;
    return 0;
  });
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const xs = arrays[i] as Float64Array;
      const ys = arrays[j] as Float64Array;
      const kx = shifts[i] as number;
      const ky = shifts[j] as number;
      let n = 0;
      let sx = 0;
      let sy = 0;
      let sxx = 0;
      let syy = 0;
      let sxy = 0;
      const len = Math.min(xs.length, ys.length);
      for (let r = 0; r < len; r++) {
        const x = (xs[r] as number) - kx;
        const y = (ys[r] as number) - ky;
        if (x !== x || y !== y) continue;
        n++;
        sx += x;
        sy += y;
        sxx += x * x;
        syy += y * y;
        sxy += x * y;
      }
      let r: number | null = null;
      if (n >= 2) {
        const vx = sxx - (sx * sx) / n;
        const vy = syy - (sy * sy) / n;
        if (vx > 0 && vy > 0) r = Math.max(-1, Math.min(1, (sxy - (sx * sy) / n) / Math.sqrt(vx * vy)));
      }
      if (i === j) r = r === null ? null : 1;
      (matrix[i] as (number | null)[])[j] = r;
      (matrix[j] as (number | null)[])[i] = r;
    }
  }
  return matrix;
}
