/**
 * Column and dataset profiles of one version's rows (a SQLite table or view in the storage format:
 * `"__cairn_row"` 1..N, then the data columns with the types of COLUMN_TYPES).
 *
 * How it is computed — one scan does almost everything:
 * 1. One pass over the relation feeds every column of every row, with its "__cairn_row", to a
 *    single JavaScript aggregate call (scan.ts; no ORDER BY — samples track row numbers, so scan
 *    order does not matter). Numbers and dates/date-times are gathered in row-aligned
 *    Float64Arrays (numeric.ts, collectors.ts; dates arrive as day numbers from SQLite's
 *    julianday()); text values are counted in a Map (text.ts); booleans are counted. Tables too
 *    wide for PROFILE_LIMITS.memoryBudgetBytes are scanned in several passes of columns.
 * 2. Correlations come from the aligned arrays (correlation.ts), then each column's statistics.
 * 3. Only when needed, more work: COUNT(DISTINCT) to settle whether a text column with an
 *    approximate count is a key; a full-row duplicate hashing pass (duplicates.ts) when no column
 *    proves every row distinct.
 * Steps 1–2 can run in parts over disjoint column sets on separate connections (planProfile,
 * scanPart — the worker runs them in threads), step 3 then runs once (finishProfile).
 *
 * Exactness: where the issue names SQLite functions, the same definitions are computed in
 * JavaScript from the gathered values (it spares one sort per statistic), and the tests check
 * them against SQLite: median/p25/p75 equal median() and percentile(x, 25|75); exact distinct
 * counts equal COUNT(DISTINCT).
 *
 * Definitions:
 * - type: the column's type, or `empty` when every value is missing (also for zero rows).
 * - count: non-missing values; nullShare = nulls / rows; distinctShare = distinct / count.
 * - distinct: exact when the row count ≤ exactDistinctLimit (default 100,000). Above it: number
 *   and date columns use a HyperLogLog estimate (hll.ts: 2^12 registers, standard error 1.63%,
 *   ±4.9% at 3σ) and text columns stay exact while they have at most min(limit, 4,096) distinct
 *   values, then switch to HyperLogLog. `distinctApproximate` says which. A column whose estimate
 *   is within the bound of "all distinct" is counted exactly when it may be a key (key-like name,
 *   integer, or no key proven yet).
 * - min/max: numbers; dates and date-times as their stored text (earliest/latest instant); text in
 *   binary (code point) order, as SQLite's min()/max(). Null for booleans.
 * - mean / std / median / p25 / p75: integer and float columns (std is the sample standard
 *   deviation, n − 1; quartiles and median interpolate linearly exactly like SQLite's
 *   percentile(x, 25|75) and median(x)). Booleans: mean = share of true. Null otherwise.
 * - zeros / negatives: integer and float columns; null otherwise.
 * - histogram: numbers, dates and date-times (numeric.ts): equal-width bins between min and max
 *   (20 for floats and date-times; whole-number widths for integers and dates, bounds as ISO
 *   dates); date-time bounds are ISO UTC (`…Z`).
 * - topValues: text and boolean, the 10 most frequent with counts, ties by value ascending. Counts
 *   are always exact; above the text tracking limit the candidates are the first tracked values
 *   (text.ts: provably the true top 10 when frequent values appear among them, as they do).
 * - textLength: characters (code points, SQLite's length()) of text values.
 * - patterns (patterns.ts) over non-missing text values: email/url/phone shares; leadingZeros =
 *   share of digit-only values that start with 0 (of the digit-only values);
 *   surroundingWhitespace = share changed by trim(). idLike (every column type): every row has a
 *   value, all values distinct (exactly), at least 2 rows, and a key-like name (`id`, `user_id`,
 *   `customerKey`, `sku`…) or shape (a dense integer range: max − min + 1 ≤ 2 × count; text that is
 *   all UUIDs or all codes of letters/digits/`_`/`-` containing a digit).
 * - samples: the first 5 distinct values in row order, as text.
 * - duplicateRows: rows − distinct rows (duplicates.ts), 0 when a column is a proven key.
 * - correlation: Pearson, pairwise-complete, between integer/float columns — at most the 25 with
 *   the fewest missing values (ties: column order), fewer if their values would not fit the memory
 *   budget; listed in column order; null below two such columns.
 * - approximateBytes: 8 per row (row number) + 8 per number, 1 per boolean, and the characters of
 *   every text, date and date-time value.
 */
import type { Database } from 'better-sqlite3';
import type { ColumnProfile, DatasetProfile } from '../../../../shared/analysis';
import type { Column } from '../../../../shared/operations';
import { quoteIdent } from '../../datasets/operations/sql';
import { BooleanCollector, TemporalCollector } from './collectors';
import { correlationMatrix } from './correlation';
import { countDuplicateRows } from './duplicates';
import { HLL_ERROR_BOUND } from './hll';
import { finalizeNumbers, NumberCollector, type NumericStats } from './numeric';
import {
  isKeyLikeName,
  P_BOOLEAN,
  P_DATE,
  P_DATETIME,
  P_DIGITS,
  P_EMAIL,
  P_FLOAT,
  P_INTEGER,
  P_LEADING_ZERO,
  P_PHONE,
  P_URL,
  P_WHITESPACE,
} from './patterns';
import { runPass, SCAN_GROUP, throwIfAborted, type PassControl } from './scan';
import { formatDate, formatDatetime } from './temporal';
import { TextCollector, topOf } from './text';
import {
  PROFILE_LIMITS,
  type ColumnExtras,
  type ProfileExtras,
  type ProfileOptions,
  type ProfileResult,
} from './types';
import { findVariants } from './variants';

export { HLL_ERROR_BOUND, HLL_STANDARD_ERROR, HyperLogLog } from './hll';
export { isKeyLikeName } from './patterns';
export * from './types';

type Collector = NumberCollector | TemporalCollector | TextCollector | BooleanCollector;

interface Slot {
  index: number;
  column: Column;
  collector: Collector | null;
  correlate: boolean;
}

export interface FinishedColumn {
  profile: ColumnProfile;
  extras: ColumnExtras;
  bytes: number;
  keyShape: boolean;
}

const NO_PATTERNS: ColumnProfile['patterns'] = {
  email: 0,
  url: 0,
  phone: 0,
  idLike: false,
  leadingZeros: 0,
  surroundingWhitespace: 0,
};

function costOf(column: Column, rows: number, cap: number): number {
  switch (column.type) {
    case 'integer':
    case 'float':
    case 'date':
    case 'datetime':
      return 8 * rows;
    case 'text':
      return 64 * Math.min(rows, cap);
    case 'boolean':
      return 0;
  }
}

function collectorFor(column: Column, rows: number, cap: number): Collector {
  switch (column.type) {
    case 'integer':
    case 'float':
      return new NumberCollector(rows);
    case 'date':
    case 'datetime':
      return new TemporalCollector(rows, column.type);
    case 'text':
      return new TextCollector(cap);
    case 'boolean':
      return new BooleanCollector();
  }
}

function base(column: Column, rows: number, count: number): ColumnProfile {
  return {
    name: column.name,
    type: count === 0 ? 'empty' : column.type,
    count,
    nulls: rows - count,
    nullShare: rows === 0 ? 0 : (rows - count) / rows,
    distinct: 0,
    distinctApproximate: false,
    distinctShare: 0,
    min: null,
    max: null,
    mean: null,
    median: null,
    std: null,
    p25: null,
    p75: null,
    zeros: null,
    negatives: null,
    histogram: null,
    topValues: null,
    textLength: null,
    patterns: { ...NO_PATTERNS },
    samples: [],
  };
}

const NO_EXTRAS: ColumnExtras = { outliers: null, shapes: null, variants: null };

function withDistinct(p: ColumnProfile, distinct: number, approximate: boolean): void {
  p.distinct = distinct;
  p.distinctApproximate = approximate;
  p.distinctShare = p.count === 0 ? 0 : distinct / p.count;
}

/** Whether settling a possible key exactly is worth a sort; the state is per profile. */
interface KeyState {
  proven: boolean;
}

function finishNumbers(
  slot: Slot,
  collector: NumberCollector,
  rows: number,
  exact: boolean,
  keys: KeyState,
): FinishedColumn {
  const stats = finalizeNumbers(collector.view(), {
    exact,
    integral: slot.column.type === 'integer',
    outliers: true,
    verifyKey: () => !keys.proven || slot.column.type === 'integer' || isKeyLikeName(slot.column.name),
  });
  if (stats.count === rows && !stats.distinctApproximate && stats.distinct === rows) keys.proven = true;
  const p = base(slot.column, rows, stats.count);
  if (stats.count > 0) {
    Object.assign(p, {
      min: stats.min,
      max: stats.max,
      mean: stats.mean,
      median: stats.median,
      std: stats.std,
      p25: stats.p25,
      p75: stats.p75,
      zeros: stats.zeros,
      negatives: stats.negatives,
      histogram: stats.histogram,
      samples: collector.samples.list().map(String),
    });
    withDistinct(p, stats.distinct, stats.distinctApproximate);
  }
  const keyShape =
    slot.column.type === 'integer' &&
    stats.count > 0 &&
    (stats.max as number) - (stats.min as number) + 1 <= 2 * stats.count;
  return {
    profile: p,
    extras: { ...NO_EXTRAS, outliers: stats.count > 0 ? stats.outliers : null },
    bytes: 8 * stats.count,
    keyShape,
  };
}

function finishTemporal(
  slot: Slot,
  collector: TemporalCollector,
  rows: number,
  exact: boolean,
  keys: KeyState,
): FinishedColumn {
  const stats: NumericStats = finalizeNumbers(collector.numbers.view(), {
    exact,
    integral: collector.kind === 'date',
    outliers: false,
    verifyKey: () => !keys.proven || isKeyLikeName(slot.column.name),
  });
  if (stats.count === rows && !stats.distinctApproximate && stats.distinct === rows) keys.proven = true;
  const p = base(slot.column, rows, stats.count);
  if (stats.count > 0) {
    const format = collector.kind === 'date' ? formatDate : formatDatetime;
    p.min = collector.min;
    p.max = collector.max;
    p.histogram = (stats.histogram ?? []).map((bin) => ({
      from: format(bin.from),
      to: format(bin.to),
      count: bin.count,
    }));
    p.samples = collector.samples();
    withDistinct(p, stats.distinct, stats.distinctApproximate);
  }
  return { profile: p, extras: NO_EXTRAS, bytes: collector.characters, keyShape: false };
}

function finishBoolean(slot: Slot, collector: BooleanCollector, rows: number): FinishedColumn {
  const p = base(slot.column, rows, collector.count);
  if (collector.count > 0) {
    p.mean = collector.trues / collector.count;
    p.topValues = topOf(
      [
        ['true', collector.trues],
        ['false', collector.falses],
      ].filter(([, n]) => (n as number) > 0) as [string, number][],
      PROFILE_LIMITS.topValues,
    );
    p.samples = collector.samples.list();
    withDistinct(p, (collector.trues > 0 ? 1 : 0) + (collector.falses > 0 ? 1 : 0), false);
  }
  return { profile: p, extras: NO_EXTRAS, bytes: collector.count, keyShape: false };
}

function finishText(slot: Slot, collector: TextCollector, rows: number): FinishedColumn {
  collector.finish();
  const n = collector.count;
  const p = base(slot.column, rows, n);
  const extras: ColumnExtras = { ...NO_EXTRAS };
  let keyShape = false;
  if (n > 0) {
    const share = (flag: number): number => collector.patterns.of(flag) / n;
    const digits = collector.patterns.of(P_DIGITS);
    p.min = collector.min;
    p.max = collector.max;
    p.textLength = { min: collector.lengthMin, mean: collector.lengthSum / n, max: collector.lengthMax };
    p.patterns = {
      email: share(P_EMAIL),
      url: share(P_URL),
      phone: share(P_PHONE),
      idLike: false,
      leadingZeros: digits === 0 ? 0 : collector.patterns.of(P_LEADING_ZERO) / digits,
      surroundingWhitespace: share(P_WHITESPACE),
    };
    p.samples = collector.samples.list();
    extras.shapes = {
      integer: share(P_INTEGER),
      float: share(P_FLOAT),
      date: share(P_DATE),
      datetime: share(P_DATETIME),
      boolean: share(P_BOOLEAN),
    };
    keyShape = collector.allUuids || collector.allTokens;
    if (collector.streaming) {
      const estimate = Math.round((collector.hll as NonNullable<TextCollector['hll']>).estimate());
      withDistinct(p, Math.max(1, Math.min(n, estimate)), true);
      p.topValues = collector.top();
    } else {
      withDistinct(p, collector.tracked, false);
      p.topValues = collector.top();
      if (collector.tracked <= PROFILE_LIMITS.variantMaxDistinct)
        extras.variants = findVariants(collector.values());
    }
  }
  return { profile: p, extras, bytes: collector.lengthSum, keyShape };
}

function finish(slot: Slot, rows: number, exact: boolean, keys: KeyState): FinishedColumn {
  const c = slot.collector;
  if (c instanceof NumberCollector) return finishNumbers(slot, c, rows, exact, keys);
  if (c instanceof TemporalCollector) return finishTemporal(slot, c, rows, exact, keys);
  if (c instanceof BooleanCollector) return finishBoolean(slot, c, rows);
  return finishText(slot, c as TextCollector, rows);
}

/** What the scan reads for a column: dates as day numbers (see collectors.ts), the rest as stored. */
function scanExpression(column: Column): string {
  const c = quoteIdent(column.name);
  return column.type === 'date' ? `julianday(${c}) - 2440587.5` : c;
}

function rank(column: Column): number {
  if (isKeyLikeName(column.name)) return 0;
  return column.type === 'integer' ? 1 : column.type === 'float' ? 2 : 3;
}

/** Groups columns into scans that fit the memory budget; correlated columns go first, together. */
function planBatches(slots: Slot[], rows: number, cap: number): Slot[][] {
  const ordered = [...slots.filter((s) => s.correlate), ...slots.filter((s) => !s.correlate)];
  const batches: Slot[][] = [];
  let current: Slot[] = [];
  let used = 0;
  for (const slot of ordered) {
    const cost = costOf(slot.column, rows, cap);
    if (current.length > 0 && used + cost > PROFILE_LIMITS.memoryBudgetBytes && !slot.correlate) {
      batches.push(current);
      current = [];
      used = 0;
    }
    current.push(slot);
    used += cost;
  }
  if (current.length > 0 || batches.length === 0) batches.push(current);
  return batches;
}

/** The integer/float columns entering the correlation matrix (see the header). */
function correlationColumns(db: Database, source: string, columns: Column[], rows: number): Set<number> {
  const numeric = columns.flatMap((c, i) => (c.type === 'integer' || c.type === 'float' ? [i] : []));
  const cap = Math.min(
    PROFILE_LIMITS.correlationColumns,
    Math.max(2, Math.floor(PROFILE_LIMITS.memoryBudgetBytes / (8 * Math.max(1, rows)))),
  );
  if (numeric.length < 2) return new Set();
  if (numeric.length <= cap) return new Set(numeric);
  const counts = db
    .prepare(
      `SELECT ${numeric.map((i) => `count(${quoteIdent((columns[i] as Column).name)})`).join(', ')} FROM ${source}`,
    )
    .raw()
    .get() as number[];
  const chosen = numeric
    .map((index, k) => ({ index, count: Number(counts[k]) }))
    .sort((a, b) => b.count - a.count || a.index - b.index)
    .slice(0, cap)
    .map((c) => c.index);
  return new Set(chosen);
}

/** What one scan part profiles: a share of the columns, scanned on its own connection. */
export interface ScanPlan {
  /** Column positions profiled by this part. */
  indices: number[];
  /** Column positions entering the correlation matrix (all in one part). */
  correlate: number[];
  /** max("__cairn_row"): the expected row count, for sizing and progress. */
  rowsHint: number;
}

/** The result of one part: plain data (it may cross a thread boundary). */
export interface ScanResult {
  rows: number;
  finished: { index: number; result: FinishedColumn }[];
  correlation: DatasetProfile['correlation'];
}

/** Rough per-value cost of a column type in the scan, for balancing parts. */
const TYPE_COST: Record<Column['type'], number> = {
  integer: 1.5,
  float: 1.5,
  boolean: 0.5,
  date: 1.5,
  datetime: 2.5,
  text: 3,
};

/**
 * Splits the columns into `parts` scan parts of similar cost; the correlated columns stay
 * together in the first part (their aligned values are needed at once).
 */
export function planProfile(db: Database, relation: string, columns: Column[], parts = 1): ScanPlan[] {
  const source = quoteIdent(relation);
  const hint = db.prepare(`SELECT max("__cairn_row") AS n FROM ${source}`).get() as { n: number | null };
  const rowsHint = Math.max(0, Number(hint.n ?? 0));
  const correlate = [...correlationColumns(db, source, columns, rowsHint)].sort((a, b) => a - b);
  const count = Math.max(1, Math.min(parts, columns.length));
  const plans: ScanPlan[] = Array.from({ length: count }, (_, i) => ({
    indices: i === 0 ? [...correlate] : [],
    correlate: i === 0 ? correlate : [],
    rowsHint,
  }));
  const load = plans.map((plan) =>
    plan.indices.reduce((sum, i) => sum + TYPE_COST[(columns[i] as Column).type], 0),
  );
  const inCorrelation = new Set(correlate);
  const rest = columns
    .map((c, index) => ({ index, cost: TYPE_COST[c.type] }))
    .filter((c) => !inCorrelation.has(c.index))
    .sort((a, b) => b.cost - a.cost || a.index - b.index);
  for (const c of rest) {
    let best = 0;
    for (let k = 1; k < count; k++) if ((load[k] as number) < (load[best] as number)) best = k;
    (plans[best] as ScanPlan).indices.push(c.index);
    load[best] = (load[best] as number) + c.cost;
  }
  for (const plan of plans) plan.indices.sort((a, b) => a - b);
  return plans.filter((plan, i) => i === 0 || plan.indices.length > 0);
}

/** Scans one part's columns (see the header, step 1–2). Progress counts rows × passes of this part. */
export function scanPart(
  db: Database,
  relation: string,
  columns: Column[],
  plan: ScanPlan,
  options: ProfileOptions = {},
): ScanResult {
  const limit = Math.max(1, options.exactDistinctLimit ?? PROFILE_LIMITS.exactDistinctLimit);
  // Scan order does not matter (samples track row numbers), so no ORDER BY: it would cost a
  // co-routine copying every row.
  const from = quoteIdent(relation);
  const { signal, onProgress } = options;
  throwIfAborted(signal);
  const { rowsHint } = plan;
  // Text values tracked exactly per column: all of them when the table is within the limit.
  const cap = Math.max(16, rowsHint <= limit ? limit : Math.min(limit, PROFILE_LIMITS.trackedTextValues));
  const correlated = new Set(plan.correlate);
  const slots: Slot[] = plan.indices.map((index) => ({
    index,
    column: columns[index] as Column,
    collector: null,
    correlate: correlated.has(index),
  }));
  const batches = planBatches(slots, rowsHint, cap);
  const total = rowsHint * batches.length;
  let done = 0;
  const control = (offset: number): PassControl => ({
    signal,
    tick: onProgress ? (rows) => onProgress(Math.min(total, offset + rows), total) : undefined,
  });

  let rows = 0;
  const finished: { index: number; result: FinishedColumn }[] = [];
  let correlation: DatasetProfile['correlation'] = null;
  const keys: KeyState = { proven: false };
  for (const batch of batches) {
    for (const slot of batch) slot.collector = collectorFor(slot.column, rowsHint, cap);
    const collectors = batch.map((s) => s.collector as Collector);
    let row = 0;
    rows = runPass(
      db,
      from,
      ['"__cairn_row"', ...batch.map((s) => scanExpression(s.column))],
      (group, values) => {
        if (group === 0) {
          row = values[0] as number;
          for (let i = 1; i < values.length; i++) (collectors[i - 1] as Collector).add(values[i], row);
        } else {
          const offset = group * SCAN_GROUP - 1;
          for (let i = 0; i < values.length; i++) (collectors[offset + i] as Collector).add(values[i], row);
        }
      },
      control(done),
    );
    done += rowsHint;
    onProgress?.(Math.min(done, total), total);
    const exact = rows <= limit;
    const correlatedSlots = batch.filter((s) => s.correlate).sort((a, b) => a.index - b.index);
    if (correlatedSlots.length >= 2) {
      const arrays = correlatedSlots.map((s) => (s.collector as NumberCollector).view());
      correlation = {
        columns: correlatedSlots.map((s) => s.column.name),
        matrix: correlationMatrix(arrays),
      };
    }
    // Integer/float columns first: the likeliest keys, settled before date-times ask.
    const order = [...batch].sort((a, b) => rank(a.column) - rank(b.column) || a.index - b.index);
    for (const slot of order) {
      finished.push({ index: slot.index, result: finish(slot, rows, exact, keys) });
      slot.collector = null;
    }
  }
  return { rows, finished, correlation };
}

/**
 * Combines the parts into the profile: keys, full-row duplicates, idLike, dataset totals (see
 * the header, step 3).
 */
export function finishProfile(
  db: Database,
  relation: string,
  columns: Column[],
  parts: ScanResult[],
  options: { signal?: AbortSignal; startedAt?: number } = {},
): ProfileResult {
  const { signal } = options;
  const source = quoteIdent(relation);
  const from = source;
  const rows = parts[0]?.rows ?? 0;
  const finished: (FinishedColumn | null)[] = columns.map(() => null);
  for (const part of parts) for (const f of part.finished) finished[f.index] = f.result;
  const correlation = parts.find((p) => p.correlation !== null)?.correlation ?? null;
  const rowsHint = rows;
  const results = finished as FinishedColumn[];
  const profiles = results.map((f) => f.profile);

  // Keys: every row has a distinct value. Approximate counts that might be "all distinct" are
  // settled exactly when the column could be a key or when that spares the duplicate-row pass.
  const provenKey = (p: ColumnProfile): boolean =>
    rows >= 1 && p.count === rows && !p.distinctApproximate && p.distinct === rows;
  const maybeKey = (p: ColumnProfile): boolean =>
    p.distinctApproximate && p.count === rows && p.distinct >= rows * (1 - HLL_ERROR_BOUND);
  const settle = (index: number): void => {
    throwIfAborted(signal);
    const p = profiles[index] as ColumnProfile;
    const row = db.prepare(`SELECT count(DISTINCT ${quoteIdent(p.name)}) AS n FROM ${source}`).get() as {
      n: number;
    };
    withDistinct(p, Number(row.n), false);
  };
  profiles.forEach((p, index) => {
    if (maybeKey(p) && (isKeyLikeName(p.name) || (results[index] as FinishedColumn).keyShape)) settle(index);
  });
  let duplicateRows = 0;
  if (rows > 1 && columns.length > 0 && !profiles.some(provenKey)) {
    const candidates = profiles
      .map((p, index) => ({ p, index }))
      .filter(({ p }) => maybeKey(p))
      .sort((a, b) => b.p.distinct - a.p.distinct)
      .slice(0, 2);
    for (const { index } of candidates) {
      settle(index);
      if (provenKey(profiles[index] as ColumnProfile)) break;
    }
    if (!profiles.some(provenKey)) {
      duplicateRows = countDuplicateRows(
        db,
        from,
        columns.map((c) => quoteIdent(c.name)),
        rowsHint,
        { signal },
      );
    }
  }
  profiles.forEach((p, index) => {
    p.patterns.idLike =
      rows >= 2 && provenKey(p) && (isKeyLikeName(p.name) || (results[index] as FinishedColumn).keyShape);
  });

  const missingCells = profiles.reduce((sum, p) => sum + p.nulls, 0);
  const cells = rows * columns.length;
  const profile: DatasetProfile = {
    rows,
    columns: columns.length,
    missingCells,
    missingShare: cells === 0 ? 0 : missingCells / cells,
    duplicateRows,
    approximateBytes: Math.round(8 * rows + results.reduce((sum, f) => sum + f.bytes, 0)),
    correlation,
    columnProfiles: profiles,
    computedMs: 0,
  };
  const extras: ProfileExtras = { columns: {} };
  results.forEach((f) => {
    extras.columns[f.profile.name] = f.extras;
  });
  if (options.startedAt !== undefined)
    profile.computedMs = Math.round((performance.now() - options.startedAt) * 10) / 10;
  return { profile, extras };
}

/** Profiles a relation and returns the facts the insight rules need besides (see types.ts). */
export function profileRelationWithExtras(
  db: Database,
  relation: string,
  columns: Column[],
  options: ProfileOptions = {},
): ProfileResult {
  const startedAt = performance.now();
  throwIfAborted(options.signal);
  const [plan] = planProfile(db, relation, columns, 1) as [ScanPlan];
  const { onProgress } = options;
  let total = plan.rowsHint;
  const part = scanPart(db, relation, columns, plan, {
    ...options,
    onProgress: onProgress
      ? (done, partTotal) => {
          total = partTotal + plan.rowsHint;
          onProgress(done, total);
        }
      : undefined,
  });
  const result = finishProfile(db, relation, columns, [part], { signal: options.signal, startedAt });
  onProgress?.(total, total);
  return result;
}

/** The dataset profile of a relation (see the header for every definition). */
export function profileRelation(
  db: Database,
  relation: string,
  columns: Column[],
  options: ProfileOptions = {},
): DatasetProfile {
  return profileRelationWithExtras(db, relation, columns, options).profile;
}
