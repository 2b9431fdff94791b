import Database from 'better-sqlite3';
import os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { z } from 'zod';
import type { DatasetProfile } from '../../shared/analysis';
import { columnSchema, type Column } from '../../shared/operations';
import { CairnError } from '../../shared/result';
import {
  finishProfile,
  planProfile,
  scanPart,
  type ProfileExtras,
  type ScanPlan,
  type ScanResult,
} from '../services/analysis/profile';
import { registerSqlFunctions } from '../services/datasets/operations';
import { runWorker } from './runtime';

const profileVersionInputSchema = z.object({
  /** The dataset's SQLite file; opened read-only. */
  dataFile: z.string().min(1),
  /** The version's table or view (unquoted); a view may read other relations of the same file. */
  relation: z.string().min(1),
  columns: z.array(columnSchema),
  /** Threads to split the columns over (default: one per CPU but one, up to 4, for tables of 200,000+ rows). */
  parts: z.number().int().min(1).max(16).optional(),
});
export type ProfileVersionInput = z.input<typeof profileVersionInputSchema>;

/**
 * The version's DatasetProfile, plus `extras` (outlier counts, text shapes, value variants) that
 * the insight rules and the quality score use when given. `datasetProfileSchema.parse` strips
 * `extras`, so a caller that only wants the contract shape gets exactly that.
 */
export type ProfileVersionResult = DatasetProfile & { extras: ProfileExtras };

/** Sent about every 65,536 rows scanned. */
export interface ProfileVersionProgress {
  done: number;
  total: number;
}

/**
 * Tables from this many rows are scanned by several threads (one per CPU but one, so the app
 * stays responsive; at most MAX_PARTS), each profiling a share of the columns on its own
 * read-only connection; the results are combined by finishProfile.
 */
const PARALLEL_MIN_ROWS = 200_000;
const MAX_PARTS = 4;

interface PartJob {
  kind: 'cairn-profile-part';
  dataFile: string;
  relation: string;
  columns: Column[];
  plan: ScanPlan;
}

function open(dataFile: string): Database.Database {
  const db = new Database(dataFile, { readonly: true, fileMustExist: true });
  // Views of derived versions may call the operations' SQL functions.
  registerSqlFunctions(db);
  // A scan reads each page once: SQLite's default page cache is enough, and keeps memory low.
  db.pragma('temp_store = MEMORY');
  return db;
}

/**
 * A worker thread running this module. Built, it is plain JavaScript; from source (tests, the
 * command line under tsx) the thread must register tsx itself: `--import` does not reach threads.
 */
function spawnSelf(data: PartJob): Worker {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(new URL(self), { workerData: data });
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(self)}); })`;
  return new Worker(boot, { eval: true, workerData: data });
}

/** Runs one scan part in a worker thread of this module. */
function partInThread(job: Omit<PartJob, 'kind'>): { result: Promise<ScanResult>; stop: () => void } {
  const thread = spawnSelf({ kind: 'cairn-profile-part', ...job });
  const result = new Promise<ScanResult>((resolve, reject) => {
    thread.once('message', (message: { ok: true; value: ScanResult } | { ok: false; message: string }) => {
      if (message.ok) resolve(message.value);
      else reject(new CairnError('INTERNAL', message.message));
    });
    thread.once('error', reject);
    thread.once('exit', (code) => {
      if (code !== 0) reject(new CairnError('INTERNAL', `A profiling thread stopped (exit code ${code}).`));
    });
  });
  return { result, stop: () => void thread.terminate() };
}

async function profileVersion(
  raw: unknown,
  progress: (p: ProfileVersionProgress) => void,
  signal: AbortSignal,
): Promise<ProfileVersionResult> {
  const parsed = profileVersionInputSchema.safeParse(raw);
  if (!parsed.success) throw new CairnError('VALIDATION', `Invalid profiling job: ${parsed.error.message}`);
  const { dataFile, relation, columns } = parsed.data;
  const startedAt = performance.now();
  const db = open(dataFile);
  try {
    const probe = planProfile(db, relation, columns, 1)[0] as ScanPlan;
    const parts =
      parsed.data.parts ??
      (probe.rowsHint >= PARALLEL_MIN_ROWS
        ? Math.min(MAX_PARTS, Math.max(1, os.availableParallelism() - 1))
        : 1);
    const [mine, ...others] = parts > 1 ? planProfile(db, relation, columns, parts) : [probe];
    const threads = others.map((plan) => partInThread({ dataFile, relation, columns, plan }));
    try {
      let total = 0;
      const own = scanPart(db, relation, columns, mine as ScanPlan, {
        signal,
        onProgress: (done, partTotal) => {
          total = partTotal + probe.rowsHint;
          progress({ done, total });
        },
      });
      // A part whose thread could not run is scanned here instead.
      const theirs = await Promise.all(
        threads.map((t, i) =>
          t.result.catch(() => scanPart(db, relation, columns, others[i] as ScanPlan, { signal })),
        ),
      );
      const results = [own, ...theirs];
      const { profile, extras } = finishProfile(db, relation, columns, results, { signal, startedAt });
      progress({ done: total, total });
      return { ...profile, extras };
    } finally {
      for (const t of threads) t.stop();
    }
  } finally {
    db.close();
  }
}

if (!isMainThread && (workerData as { kind?: string } | null)?.kind === 'cairn-profile-part') {
  // A scan part (see partInThread).
  const job = workerData as PartJob;
  try {
    const db = open(job.dataFile);
    try {
      parentPort?.postMessage({ ok: true, value: scanPart(db, job.relation, job.columns, job.plan) });
    } finally {
      db.close();
    }
  } catch (error) {
    parentPort?.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
} else {
  /** Worker entry: profiles one version's relation (see profileRelation), in parallel parts for large tables. */
  runWorker<unknown, ProfileVersionResult, ProfileVersionProgress>((raw, { progress, signal }) =>
    profileVersion(raw, progress, signal),
  );
}
