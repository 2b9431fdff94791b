import Database from 'better-sqlite3';
import os from 'node:os';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { Column } from '../../shared/operations';
import { CairnError } from '../../shared/result';
import type { ProfileVersionProgress, ProfileVersionResult } from '../jobs/profile';
import {
  finishProfile,
  planProfile,
  scanPart,
  type ScanPlan,
  type ScanResult,
} from '../services/analysis/profile';
import { registerSqlFunctions } from '../services/datasets/operations';

export interface ProfileRelationInput {
  /** The dataset's SQLite file; opened read-only. */
  dataFile: string;
  /** The table or view (unquoted); a view may read other relations of the same file. */
  relation: string;
  columns: Column[];
  /** Threads to split the columns over (default: one per CPU but one, up to 4, for tables of 200,000+ rows). */
  parts?: number | undefined;
}

export interface ProfileRelationContext {
  progress(p: ProfileVersionProgress): void;
  signal: AbortSignal;
  /**
   * The worker module whose threads run scan parts: it must call `runProfilePartThread()` when
   * `isProfilePartThread()`. Worker entries pass their own `import.meta.url`.
   */
  threadEntry: string;
  /**
   * Scan every part in a thread, none on this one, so this thread's event loop stays free to see
   * a cancel message (the import worker, whose cancel must be prompt).
   */
  allInThreads?: boolean;
}

/**
 * Tables from this many rows are scanned by several threads (one per CPU but one, so the app
 * stays responsive; at most MAX_PARTS), each profiling a share of the columns on its own
 * read-only connection; the results are combined by finishProfile.
 */
const PARALLEL_MIN_ROWS = 200_000;
const MAX_PARTS = 4;
const PART_KIND = 'cairn-profile-part';

interface PartJob {
  kind: typeof PART_KIND;
  dataFile: string;
  relation: string;
  columns: Column[];
  plan: ScanPlan;
  /** Posts `{ progress: [done, total] }` every scan tick when set. */
  reportProgress: boolean;
}

type PartMessage =
  | { ok: true; value: ScanResult }
  | { ok: false; message: string }
  | { progress: [done: number, total: number] };

function open(dataFile: string): Database.Database {
  const db = new Database(dataFile, { readonly: true, fileMustExist: true });
  // Views of derived versions may call the operations' SQL functions.
  registerSqlFunctions(db);
  // A scan reads each page once: SQLite's default page cache is enough, and keeps memory low.
  db.pragma('temp_store = MEMORY');
  // Not memory-mapped (unlike the other jobs' reads): a scan maps every page of the file, which
  // counts in the importing worker's resident memory (peak 260 → 383 MB for a million rows).
  return db;
}

/**
 * A worker thread running `entry`. Built, it is plain JavaScript; from source (tests, the command
 * line under tsx) the thread must register tsx itself: `--import` does not reach threads.
 */
function spawnThread(entry: string, data: PartJob): Worker {
  if (!entry.endsWith('.ts')) return new Worker(new URL(entry), { workerData: data });
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData: data });
}

/** Runs one scan part in a thread of `entry`. */
function partInThread(
  entry: string,
  job: Omit<PartJob, 'kind'>,
  onProgress: (done: number, total: number) => void,
): { result: Promise<ScanResult>; stop: () => void } {
  const thread = spawnThread(entry, { kind: PART_KIND, ...job });
  const result = new Promise<ScanResult>((resolve, reject) => {
    thread.on('message', (message: PartMessage) => {
      if ('progress' in message) onProgress(...message.progress);
      else if (message.ok) resolve(message.value);
      else reject(new CairnError('INTERNAL', message.message));
    });
    thread.once('error', reject);
    thread.once('exit', (code) => {
      if (code !== 0) reject(new CairnError('INTERNAL', `A profiling thread stopped (exit code ${code}).`));
    });
  });
  return { result, stop: () => void thread.terminate() };
}

/** True in a thread started by `profileInParts` to scan one part. */
export function isProfilePartThread(): boolean {
  return (workerData as { kind?: string } | null)?.kind === PART_KIND;
}

/** The body of a scan-part thread (see `isProfilePartThread`). */
export function runProfilePartThread(): void {
  const job = workerData as PartJob;
  let message: PartMessage;
  try {
    const db = open(job.dataFile);
    try {
      const value = scanPart(db, job.relation, job.columns, job.plan, {
        onProgress: job.reportProgress
          ? (done, total) => parentPort?.postMessage({ progress: [done, total] })
          : undefined,
      });
      message = { ok: true, value };
    } finally {
      // Closed before answering: the answer ends the thread, and the file's owner may tidy it next.
      db.close();
    }
  } catch (error) {
    message = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(message);
}

function cancelled(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(new CairnError('CANCELLED', 'Profiling was cancelled.'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

/**
 * Profiles one relation of a data file: the columns are split over scan parts (in threads for
 * large tables), then finishProfile combines them and runs the few whole-table checks.
 */
export async function profileInParts(
  input: ProfileRelationInput,
  ctx: ProfileRelationContext,
): Promise<ProfileVersionResult> {
  const { dataFile, relation, columns } = input;
  const { signal } = ctx;
  const startedAt = performance.now();
  const db = open(dataFile);
  try {
    const probe = planProfile(db, relation, columns, 1)[0] as ScanPlan;
    const total = probe.rowsHint;
    const parts =
      input.parts ??
      (total >= PARALLEL_MIN_ROWS ? Math.min(MAX_PARTS, Math.max(1, os.availableParallelism() - 1)) : 1);
    const plans = parts > 1 ? planProfile(db, relation, columns, parts) : [probe];
    const [mine, ...others] = ctx.allInThreads ? [null, ...plans] : plans;
    // A part may scan its columns in several passes: its own total counts rows once per pass.
    const report = (done: number, partTotal: number) =>
      ctx.progress({ done: partTotal > 0 ? Math.round((done / partTotal) * total) : 0, total });
    const threads = others.map((plan, i) =>
      // The first part's progress stands for all: parts scan the same rows at about the same pace.
      partInThread(
        ctx.threadEntry,
        { dataFile, relation, columns, plan: plan as ScanPlan, reportProgress: i === 0 && !mine },
        report,
      ),
    );
    try {
      const own = mine ? [scanPart(db, relation, columns, mine, { signal, onProgress: report })] : [];
      // A part whose thread could not run is scanned here instead.
      const theirs = await Promise.race([
        Promise.all(
          threads.map((t, i) =>
            t.result.catch((error: unknown) => {
              if (signal.aborted) throw error;
              return scanPart(db, relation, columns, others[i] as ScanPlan, { signal });
            }),
          ),
        ),
        cancelled(signal),
      ]);
      const { profile, extras } = finishProfile(db, relation, columns, [...own, ...theirs], {
        signal,
        startedAt,
      });
      ctx.progress({ done: total, total });
      return { ...profile, extras };
    } finally {
      for (const t of threads) t.stop();
    }
  } finally {
    db.close();
  }
}
