/** Operations, pages and versions, measured through the datasets service on an imported dataset. */
import type Database from 'better-sqlite3';
import type { OperationInput } from '../src/shared/operations';
import type { CairnBench, ImportRun } from './cairn';
import { summarize, type Summary } from './lib/stats';
import { sqliteFileBytes } from './lib/system';

export interface OpsResults {
  schema: { apply: Summary };
  filter: VersusRaw;
  derive: VersusRaw;
  pages: PageResults;
  versions: VersionsResult;
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** mulberry32, so page positions are the same from run to run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function timedSync<T>(f: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = f();
  return { ms: performance.now() - t0, value };
}

async function timed<T>(f: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await f();
  return { ms: performance.now() - t0, value };
}

/** A rename applied to the root, `times` times (each a sibling version: a view). */
export async function schemaOnly(
  cairn: CairnBench,
  root: ImportRun,
  times: number,
): Promise<{ apply: Summary }> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    await cairn.settle();
    const { ms } = await timed(() =>
      cairn.apply(root.datasetId, root.rootVersionId, {
        op: 'rename_columns',
        renames: [{ from: 'comment', to: `remark_${i}` }],
      }),
    );
    samples.push(ms);
  }
  return { apply: summarize(samples) };
}

export interface VersusRaw {
  description: string;
  operation: OperationInput;
  rawSql: string;
  cairnSql: string;
  outputRows: number;
  cairn: Summary;
  raw: Summary;
  cairnRuns: number[];
  rawRuns: number[];
  /** After each Cairn run: the time until background work (the new version's profile) was done. */
  profileMs: number[] | null;
  /**
   * The same operation previewed first, as a person sees it before Apply: its first changed rows,
   * the row count and what changes (the comparison of the columns it can rewrite), in the worker.
   */
  preview: Summary;
  /** The preview's anchor: the result's row count by raw SQL on the app-like connection. */
  rawCount: Summary;
}

/**
 * Each run asks for new work (another threshold, another column name): the same operation on the
 * same version goes back to the version it made the first time, which would time nothing.
 */
const CASES = {
  filter: {
    description: 'quantity > 500 (500 + run)',
    operation: (run: number): OperationInput => ({
      op: 'filter_rows',
      expression: `quantity > ${500 + run}`,
    }),
    raw: (source: string, target: string, run: number) =>
      `CREATE TABLE ${target} AS SELECT * FROM ${source} WHERE "quantity" > ${500 + run}`,
    count: (source: string, run: number) => `SELECT count(*) FROM ${source} WHERE "quantity" > ${500 + run}`,
  },
  derive: {
    description: 'total_<run> = quantity * price',
    operation: (run: number): OperationInput => ({
      op: 'derive_column',
      name: `total_${run}`,
      expression: 'quantity * price',
    }),
    raw: (source: string, target: string, run: number) =>
      `CREATE TABLE ${target} AS SELECT *, CAST("quantity" * "price" AS REAL) AS "total_${run}" FROM ${source}`,
    count: (source: string) => `SELECT count(*) FROM ${source}`,
  },
};

/**
 * The operation applied through the service (a new version of the root, materialized) vs the same
 * work as one raw `CREATE TABLE … AS SELECT` on the same data file through a second connection set
 * up like the app's. Alternated, `times` each; the raw table is dropped (untimed) after each run.
 */
export async function versusRaw(
  cairn: CairnBench,
  root: ImportRun,
  kind: keyof typeof CASES,
  times: number,
  log: (m: string) => void,
): Promise<VersusRaw> {
  const spec = CASES[kind];
  const source = quote(cairn.relation(root.rootVersionId));
  const target = quote(`bench_raw_${kind}`);
  const raw: Database.Database = cairn.rawConnection(root.datasetId);
  const cairnRuns: number[] = [];
  const rawRuns: number[] = [];
  const preview = await cairn.datasets.preview({
    workspaceId: cairn.workspaceId,
    datasetId: root.datasetId,
    versionId: root.rootVersionId,
    operation: spec.operation(0) as never,
  });
  let outputRows = 0;
  const profileMs: number[] = [];
  const previewRuns: number[] = [];
  const countRuns: number[] = [];
  try {
    for (let i = 0; i < times; i++) {
      await cairn.settle();
      const n = timedSync(() => raw.prepare(spec.count(source, i)).get());
      countRuns.push(n.ms);
      const p = await timed(() =>
        cairn.datasets.preview({
          workspaceId: cairn.workspaceId,
          datasetId: root.datasetId,
          versionId: root.rootVersionId,
          operation: spec.operation(i) as never,
        }),
      );
      previewRuns.push(p.ms);
      const rawSql = spec.raw(source, target, i);
      const r = timedSync(() => raw.exec(rawSql));
      rawRuns.push(r.ms);
      raw.exec(`DROP TABLE ${target}`);
      const c = await timed(() => cairn.apply(root.datasetId, root.rootVersionId, spec.operation(i)));
      cairnRuns.push(c.ms);
      outputRows = c.value.rowCount;
      const settled = await cairn.settle();
      if (cairn.analysis) profileMs.push(settled);
      log(
        `${kind}: preview ${p.ms.toFixed(0)} ms (raw count ${n.ms.toFixed(0)} ms), cairn ${c.ms.toFixed(0)} ms, raw CTAS ${r.ms.toFixed(0)} ms${cairn.analysis ? `, then its profile ${settled.toFixed(0)} ms` : ''}`,
      );
    }
  } finally {
    raw.close();
  }
  return {
    description: spec.description,
    operation: spec.operation(0),
    rawSql: spec.raw(source, target, 0),
    cairnSql: preview.sql,
    outputRows,
    cairn: summarize(cairnRuns),
    raw: summarize(rawRuns),
    cairnRuns,
    rawRuns,
    profileMs: cairn.analysis ? profileMs : null,
    preview: summarize(previewRuns),
    rawCount: summarize(countRuns),
  };
}

export interface PageResults {
  pageRows: number;
  plain: Summary;
  sortColumn: string;
  sortFirstMs: number;
  sorted: Summary;
}

/** Pages of 200 rows at random depths, plain and through a sorted view (after its first page). */
export async function pageFetches(cairn: CairnBench, root: ImportRun, samples: number): Promise<PageResults> {
  await cairn.settle();
  const limit = 200;
  const rand = prng(7);
  const depth = (): number => Math.floor(rand() * Math.max(1, root.rows - limit));
  const measure = async (sort: { column: string; direction: 'asc' | 'desc' }[]): Promise<Summary> => {
    for (let i = 0; i < 5; i++) await cairn.rows(root.datasetId, root.rootVersionId, depth(), limit, sort);
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const start = depth();
      const { ms, value } = await timed(() =>
        cairn.rows(root.datasetId, root.rootVersionId, start, limit, sort),
      );
      if (value.rows.length !== limit) throw new Error(`A page at ${start} has ${value.rows.length} rows.`);
      times.push(ms);
    }
    return summarize(times);
  };
  const plain = await measure([]);
  const sort = [{ column: 'price', direction: 'desc' as const }];
  const first = await timed(() => cairn.rows(root.datasetId, root.rootVersionId, 0, limit, sort));
  const sorted = await measure(sort);
  return { pageRows: limit, plain, sortColumn: 'price', sortFirstMs: first.ms, sorted };
}

export interface VersionsResult {
  rootBytes: number;
  totalBytes: number;
  tables: number;
  views: number;
  steps: { summary: string; storage: string; rows: number; ms: number; fileBytes: number }[];
}

/** 20 mixed operations applied one after another, then the data file's size vs the root's. */
export async function twentyVersions(
  cairn: CairnBench,
  root: ImportRun,
  log: (m: string) => void,
): Promise<VersionsResult> {
  const ops: OperationInput[] = [
    { op: 'rename_columns', renames: [{ from: 'comment', to: 'remark' }] },
    { op: 'filter_rows', expression: 'quantity > 100' },
    { op: 'derive_column', name: 'total', expression: 'quantity * price' },
    { op: 'drop_columns', columns: ['remark'] },
    { op: 'fill_missing', columns: ['category'], strategy: 'value', value: 'Unknown' },
    { op: 'text_clean', columns: ['note'], case: 'upper' },
    { op: 'sort', keys: [{ column: 'price', direction: 'desc' }] },
    { op: 'find_replace', columns: ['country'], find: 'US', replace: 'USA', mode: 'exact' },
    {
      op: 'select_columns',
      columns: [
        'id',
        'quantity',
        'price',
        'category',
        'country',
        'customer_key',
        'order_date',
        'created_at',
        'is_member',
        'note',
        'total',
      ],
    },
    { op: 'cast_type', column: 'quantity', to: 'float' },
    { op: 'filter_rows', expression: 'is_member = true' },
    { op: 'derive_column', name: 'year', expression: 'year(order_date)' },
    {
      op: 'reorder_columns',
      columns: [
        'year',
        'id',
        'quantity',
        'price',
        'category',
        'country',
        'customer_key',
        'order_date',
        'created_at',
        'is_member',
        'note',
        'total',
      ],
    },
    { op: 'clip_outliers', column: 'price', method: 'iqr', factor: 0.25 },
    { op: 'deduplicate', columns: ['customer_key'] },
    { op: 'drop_missing', columns: ['price'] },
    { op: 'merge_columns', columns: ['category', 'country'], separator: '-', into: 'segment' },
    { op: 'sample', method: 'random', fraction: 0.5 },
    { op: 'rename_columns', renames: [{ from: 'total', to: 'line_total' }] },
    {
      op: 'group_aggregate',
      by: ['segment'],
      aggregations: [
        { fn: 'count', as: 'orders' },
        { column: 'line_total', fn: 'sum', as: 'revenue' },
      ],
    },
  ];
  const file = cairn.dataFile(root.datasetId);
  const checkpointedBytes = (): number => {
    const db = cairn.rawConnection(root.datasetId);
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
    const b = sqliteFileBytes(file);
    return b.main + b.wal;
  };
  const rootBytes = checkpointedBytes();
  let current = root.rootVersionId;
  const steps: VersionsResult['steps'] = [];
  for (const op of ops) {
    await cairn.settle();
    let run: { ms: number; value: Awaited<ReturnType<CairnBench['apply']>> };
    try {
      run = await timed(() => cairn.apply(root.datasetId, current, op));
    } catch (error) {
      // A step that would change nothing makes no version (on this data): say so and go on.
      if (error instanceof Error && error.message.startsWith('Nothing to change')) {
        log(`  -. ${error.message.split('.')[0]} (no version)`);
        continue;
      }
      throw error;
    }
    const { ms, value } = run;
    current = value.id;
    const b = sqliteFileBytes(file);
    steps.push({
      summary: value.summary,
      storage: value.storage,
      rows: value.rowCount,
      ms,
      fileBytes: b.main + b.wal,
    });
    log(`  ${steps.length}. ${value.summary}: ${value.storage}, ${value.rowCount} rows, ${ms.toFixed(0)} ms`);
  }
  await cairn.settle();
  const totalBytes = checkpointedBytes();
  return {
    rootBytes,
    totalBytes,
    tables: steps.filter((s) => s.storage === 'table').length,
    views: steps.filter((s) => s.storage === 'view').length,
    steps,
  };
}
