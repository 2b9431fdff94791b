/**
 * Table scans with JavaScript aggregates. One aggregate call per row receives every wanted column
 * (in groups of at most SCAN_GROUP arguments; SQLite allows 1,000), which costs far less than one
 * call per column: better-sqlite3's per-call overhead dominates otherwise.
 */
import type { Database } from 'better-sqlite3';
import { CairnError } from '../../../../shared/result';

export const SCAN_GROUP = 500;
const STEP = 'cairn_profile_step';
/** Progress and cancellation are checked every this many rows. */
export const TICK_ROWS = 65_536;

export type RowSink = (group: number, values: unknown[]) => void;

export interface PassControl {
  signal?: AbortSignal | undefined;
  /** Called every TICK_ROWS rows with the rows seen in this pass. */
  tick?: ((rows: number) => void) | undefined;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CairnError('CANCELLED', 'Profiling was cancelled.');
}

/**
 * Runs `SELECT count(*), step(0, e…), step(1, e…)… FROM <from>` and feeds each row's values to
 * `sink`, group by group, in row order. Returns the row count.
 */
export function runPass(
  db: Database,
  from: string,
  exprs: string[],
  sink: RowSink,
  control: PassControl = {},
): number {
  throwIfAborted(control.signal);
  let rows = 0;
  const { signal, tick } = control;
  db.aggregate(STEP, {
    varargs: true,
    start: 0,
    step: (acc: number, group: number, ...values: unknown[]) => {
      if (group === 0 && (++rows & (TICK_ROWS - 1)) === 0) {
        throwIfAborted(signal);
        tick?.(rows);
      }
      sink(group, values);
      return acc;
    },
  });
  const calls: string[] = [];
  for (let g = 0; g * SCAN_GROUP < exprs.length; g++) {
    calls.push(`${STEP}(${g}, ${exprs.slice(g * SCAN_GROUP, (g + 1) * SCAN_GROUP).join(', ')})`);
  }
  const row = db
    .prepare(`SELECT count(*)${calls.map((c) => `, ${c}`).join('')} FROM ${from}`)
    .raw()
    .get() as unknown[];
  return Number(row[0]);
}
