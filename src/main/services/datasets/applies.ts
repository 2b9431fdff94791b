/**
 * Applies: an operation on a version becomes a new child version, made current. Owns the
 * per-dataset queue (one writer per data file) and the cancellable applies by request id. Apart
 * so the order that keeps history consistent (data first, version row last, then the budget) is
 * in one place.
 */
import { eq, sql } from 'drizzle-orm';
import type { Version } from '../../../shared/datasets';
import type { Operation } from '../../../shared/operations';
import { CairnError } from '../../../shared/result';
import type { AppDatabase } from '../../db/connection';
import { versions, type VersionRow } from '../../db/schema';
import type { ApplyOperationProgress } from '../../jobs/apply';
import type { Clock, IdFactory } from '../common';
import type { VersionEngine } from './engine';
import {
  baseData,
  columnsOf,
  identicalChild,
  makesView,
  requireDataset,
  requireVersion,
  toVersion,
  versionById,
  type DatasetsChanged,
} from './model';
import { summarizeOperation } from './operations';
import { relationFor } from './storage';
import { nothingToChange, sameColumns } from './unchanged';
import { UNCHANGED, type Writes } from './writes';

export interface AppliesDeps {
  db: AppDatabase;
  clock: Clock;
  newId: IdFactory;
  engine: VersionEngine;
  writes: Writes;
  changed: DatasetsChanged;
  /** Sets the current version (navigation.ts remembers it for redo). */
  moveCurrent: (datasetId: string, target: VersionRow) => void;
  /** Evicts old tables past the disk budget, never those in `keep` (disk-budget.ts). */
  enforceBudget: (datasetId: string, keep: Set<string>) => void;
  /** See DatasetsDeps.onVersionCreated. */
  onVersionCreated?: ((versionId: string) => void) | undefined;
}

export function createApplies(deps: AppliesDeps) {
  const { db, clock, newId, engine, changed, moveCurrent, enforceBudget } = deps;
  const { writeInWorker, readable } = deps.writes;
  // Applies to one dataset run one after another: its data file has one writer at a time.
  const applyQueues = new Map<string, Promise<void>>();
  /** Applies the renderer may cancel, by the request id it chose. */
  const cancellableApplies = new Map<string, AbortController>();

  function serializeApply<T>(datasetId: string, run: () => Promise<T>): Promise<T> {
    const previous = applyQueues.get(datasetId) ?? Promise.resolve();
    const result = previous.then(run);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    applyQueues.set(datasetId, tail);
    void tail.then(() => {
      if (applyQueues.get(datasetId) === tail) applyQueues.delete(datasetId);
    });
    return result;
  }

  const nextSeq = (datasetId: string): number =>
    (db
      .select({ max: sql<number | null>`max(${versions.seq})` })
      .from(versions)
      .where(eq(versions.datasetId, datasetId))
      .get()?.max ?? 0) + 1;

  /** Applying an operation again to the same version goes to the child it made the first time. */
  function revisit(input: { workspaceId: string; datasetId: string }, child: VersionRow): Version {
    moveCurrent(input.datasetId, child);
    changed(input.workspaceId, input.datasetId);
    return toVersion(child);
  }

  async function applyNow(
    input: { workspaceId: string; datasetId: string; operation: Operation },
    base: VersionRow,
    compiled: ReturnType<VersionEngine['compile']>,
    createdBy: 'user' | 'assistant',
    signal: AbortSignal,
    onProgress?: (progress: ApplyOperationProgress) => void,
  ): Promise<Version> {
    if (signal.aborted) throw new CairnError('CANCELLED', 'Cancelled.');
    await readable(base);
    const refuseNoChange = (): CairnError =>
      nothingToChange(summarizeOperation(input.operation), input.operation, base.rowCount);
    const id = newId();
    const relation = relationFor(id);
    const asView = makesView(input.operation, compiled);
    // A view (schema-only, no parameters) evaluates nothing a caller wrote and scans no row: it
    // is made here at once. Every table is written by a worker, which a time limit or a cancel
    // can kill: an operation's expressions or patterns may take any time, on any number of rows.
    // An operation whose result equals its base makes no version: an empty step helps no one.
    if (asView && sameColumns(columnsOf(base), compiled.columns)) throw refuseNoChange();
    const rowCount = asView
      ? engine.createView(input.datasetId, relation, compiled, base.rowCount)
      : await writeInWorker(input.datasetId, relation, compiled, signal, onProgress, baseData(base));
    if (rowCount === UNCHANGED) {
      engine.dropRelation(input.datasetId, relation);
      throw refuseNoChange();
    }
    // A cancel that arrived as the worker finished still wins: nothing is recorded.
    if (signal.aborted) {
      engine.dropRelation(input.datasetId, relation);
      throw new CairnError('CANCELLED', 'Cancelled.');
    }
    let row: VersionRow;
    try {
      row = db.transaction((tx) => {
        const inserted = tx
          .insert(versions)
          .values({
            id,
            datasetId: input.datasetId,
            parentId: base.id,
            operation: JSON.stringify(input.operation),
            summary: summarizeOperation(input.operation),
            createdBy,
            rowCount,
            columnCount: compiled.columns.length,
            columns: JSON.stringify(compiled.columns),
            storage: asView ? 'view' : 'table',
            relation,
            createdAt: clock.now(),
            seq: nextSeq(input.datasetId),
          })
          .returning()
          .get();
        return inserted;
      });
    } catch (error) {
      engine.dropRelation(input.datasetId, relation);
      throw error;
    }
    moveCurrent(input.datasetId, row);
    enforceBudget(input.datasetId, new Set([row.id, base.id]));
    changed(input.workspaceId, input.datasetId);
    deps.onVersionCreated?.(row.id);
    return toVersion(versionById(db, row.id) ?? row);
  }

  return {
    /**
     * Applies an operation to any version: the result is a new child version, made current.
     * Applied to a version that is not current, it starts a branch. The data is written first and
     * the version row last, so a failure or a cancel leaves no version pointing at missing data.
     * Tables are written by a worker process; views (schema-only operations) here, at once.
     * `requestId` names the apply for `cancelApply`.
     */
    async apply(
      input: {
        workspaceId: string;
        datasetId: string;
        versionId: string;
        operation: Operation;
        requestId?: string | undefined;
      },
      createdBy: 'user' | 'assistant' = 'user',
      options: {
        signal?: AbortSignal;
        /** Told when the worker starts writing (after the operation's checks passed). */
        onProgress?: (progress: ApplyOperationProgress) => void;
      } = {},
    ): Promise<Version> {
      requireDataset(db, input.workspaceId, input.datasetId);
      const base = requireVersion(db, input.datasetId, input.versionId);
      // Compiling checks the operation against the base's columns before anything waits or runs.
      const compiled = engine.compile(base, input.operation);
      const controller = new AbortController();
      const { requestId } = input;
      if (requestId !== undefined) {
        if (cancellableApplies.has(requestId))
          throw new CairnError('CONFLICT', 'An apply with that request id is already running.');
        cancellableApplies.set(requestId, controller);
      }
      const forward = (): void => controller.abort();
      options.signal?.addEventListener('abort', forward, { once: true });
      if (options.signal?.aborted) controller.abort();
      try {
        return await serializeApply(input.datasetId, () => {
          const existing = identicalChild(db, base, input.operation);
          if (existing) return Promise.resolve(revisit(input, existing));
          return applyNow(input, base, compiled, createdBy, controller.signal, options.onProgress);
        });
      } finally {
        options.signal?.removeEventListener('abort', forward);
        if (requestId !== undefined) cancellableApplies.delete(requestId);
      }
    },

    /** Stops a running (or queued) apply; nothing of it is kept. False: no such apply runs. */
    cancelApply(input: { requestId: string }): { cancelled: boolean } {
      const controller = cancellableApplies.get(input.requestId);
      if (!controller) return { cancelled: false };
      controller.abort();
      return { cancelled: true };
    },

    /** Stops every running or queued apply (the app is quitting). */
    abortAll(): void {
      for (const controller of cancellableApplies.values()) controller.abort();
    },
  };
}

export type Applies = ReturnType<typeof createApplies>;
