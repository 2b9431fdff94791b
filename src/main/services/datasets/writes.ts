import { eq } from 'drizzle-orm';
import { operationSchema } from '../../../shared/operations';
import { CairnError } from '../../../shared/result';
import type { AppDatabase } from '../../db/connection';
import { versions, type VersionRow } from '../../db/schema';
import type { ApplyOperationProgress, ApplyOperationResult } from '../../jobs/apply';
import type { WorkerSupervisor } from '../../workers/supervisor';
import type { VersionEngine } from './engine';
import { versionById } from './model';
import type { DataStore } from './storage';
import type { UnchangedBase } from './unchanged';

/** A table write whose result equals its base (the table is dropped, no version is made). */
export const UNCHANGED = Symbol('unchanged');

/** An apply of a large dataset may legitimately take minutes; past this its worker is killed. */
export const APPLY_TIMEOUT_MS = 60 * 60_000;

export interface WritesDeps {
  db: AppDatabase;
  store: DataStore;
  workers: WorkerSupervisor;
  engine: VersionEngine;
  /** The worker that writes a materialized operation's table (see apply-operation.ts). */
  applyWorker: string;
  applyTimeoutMs?: number;
}

type Compiled = ReturnType<VersionEngine['compile']>;

/**
 * Every table a caller's operation fills is written by the apply worker — a new version's, and
 * an evicted one's rebuilt from its recipe — so the main process never evaluates an expression
 * or a pattern, and a time limit or a cancel can kill the write.
 */
export function createWrites(deps: WritesDeps) {
  const { db, store, workers, engine } = deps;
  const timeoutMs = deps.applyTimeoutMs ?? APPLY_TIMEOUT_MS;
  const rebuilding = new Map<string, Promise<void>>();

  /**
   * Writes a materialized operation's table in a worker process, so the main process stays free
   * (it keeps reading the file: WAL). Settles once the worker has answered (it may still be
   * checkpointing, which moves no committed data) or is gone; on any failure the table
   * is dropped in case it was left behind (a killed worker's transaction is rolled back anyway).
   */
  async function writeInWorker(
    datasetId: string,
    relation: string,
    compiled: Compiled,
    signal: AbortSignal | undefined,
    onProgress?: (progress: ApplyOperationProgress) => void,
    base?: UnchangedBase,
  ): Promise<number | typeof UNCHANGED> {
    engine.beginExternalWrite(datasetId);
    let ended = false;
    try {
      const result = await workers.run<ApplyOperationResult, ApplyOperationProgress>(
        deps.applyWorker,
        {
          dataFile: store.fileFor(datasetId),
          relation,
          select: compiled.select,
          params: compiled.params,
          columns: compiled.columns,
          ...(compiled.guard ? { guard: compiled.guard } : {}),
          ...(base ? { base } : {}),
        },
        // The worker is inside one SQLite statement and cannot hear a cancel: kill it at once.
        {
          ...(signal ? { signal } : {}),
          cancelGraceMs: 0,
          timeoutMs,
          ...(onProgress ? { onProgress } : {}),
        },
      );
      return result.unchanged ? UNCHANGED : result.rowCount;
    } catch (error) {
      engine.endExternalWrite(datasetId);
      ended = true;
      try {
        engine.dropRelation(datasetId, relation);
      } catch (dropError) {
        console.error('Could not drop the table of a failed write', dropError);
      }
      if (error instanceof CairnError && error.code === 'INTERNAL') {
        throw new CairnError('INTERNAL', `${error.message} Nothing was changed.`);
      }
      if (error instanceof CairnError && error.code === 'TIMEOUT') {
        throw new CairnError(
          'TIMEOUT',
          `Applying the operation took longer than its limit of ${Math.round(timeoutMs / 1000)} s and was stopped. Nothing was changed.`,
        );
      }
      throw error;
    } finally {
      if (!ended) engine.endExternalWrite(datasetId);
      // Work on a large dataset tends to come in runs: the next apply finds a worker started.
      workers.prewarmSoon(deps.applyWorker);
    }
  }

  async function rebuild(version: VersionRow, parent: VersionRow): Promise<void> {
    const operation = operationSchema.parse(JSON.parse(version.operation ?? 'null'));
    await writeInWorker(version.datasetId, version.relation, engine.compile(parent, operation), undefined);
    db.update(versions).set({ storage: 'table' }).where(eq(versions.id, version.id)).run();
  }

  /** Rebuilds the evicted versions from `version` up to its nearest stored ancestor. */
  async function rebuildChain(version: VersionRow): Promise<void> {
    if (version.parentId === null) return;
    const current = versionById(db, version.id);
    if (!current) throw new CairnError('NOT_FOUND', 'That version does not exist.');
    version.storage = current.storage;
    if (current.storage === 'table') return;
    const parent = versionById(db, current.parentId ?? '');
    if (!parent) throw new CairnError('INTERNAL', 'A version lost its parent.');
    await rebuildChain(parent);
    if (current.storage !== 'evicted') return;
    // Callers asking for the same version at once share one rebuild.
    let pending = rebuilding.get(current.id);
    if (!pending) {
      pending = rebuild(current, parent).finally(() => rebuilding.delete(current.id));
      rebuilding.set(current.id, pending);
    }
    await pending;
    version.storage = 'table';
  }

  return {
    writeInWorker,

    /**
     * Makes a version's relation queryable: evicted ancestors are rebuilt from their recipes by
     * the apply worker. Read it in the same turn as this settles (an eviction may follow later).
     */
    async readable(version: VersionRow): Promise<void> {
      // Nearly always already readable (a table, or a view over tables): checked without a turn.
      if (engine.isReadable(version)) return;
      // An eviction (after another apply) can free an ancestor between two rebuilds: try again.
      for (let attempt = 0; attempt < 3; attempt += 1) {
        await rebuildChain(version);
        if (engine.isReadable(version)) return;
      }
      throw new CairnError(
        'CONFLICT',
        'This version was freed to save disk space while it was being rebuilt; try again.',
      );
    },
  };
}

export type Writes = ReturnType<typeof createWrites>;
