/**
 * Imports: a CSV (a sample, an upload or a local path) becomes a dataset with its root version.
 * Files dropped together queue behind one another; the worker reads, stores and profiles; the
 * metadata rows are written only once the data file is complete. Apart from the rest of the
 * service because it owns its own queue and job table, and shares nothing with applies but the
 * metadata database.
 */
import { eq } from 'drizzle-orm';
import fs from 'node:fs';
import path from 'node:path';
import { importsFinished, importsProgress, type ImportSource } from '../../../shared/datasets';
import { CairnError } from '../../../shared/result';
import type { AppDatabase } from '../../db/connection';
import { datasets, versions } from '../../db/schema';
import type { Publish } from '../../events';
import type { ImportJobProgress, ImportJobResult } from '../../jobs/import';
import type { WorkerSupervisor } from '../../workers/supervisor';
import type { Clock, IdFactory } from '../common';
import { requireWorkspace } from '../scope';
import { removeImportFiles } from './import';
import { notAFileMessage } from './import/text';
import type { DatasetsChanged } from './model';
import { relationFor, type DataStore } from './storage';

export interface ImportsDeps {
  db: AppDatabase;
  publish: Publish;
  clock: Clock;
  newId: IdFactory;
  store: DataStore;
  workers: WorkerSupervisor;
  changed: DatasetsChanged;
  /** The import worker's entry file (built JS, or TS under a loader in tests). */
  importWorker: string;
  uploadsDir: string;
  samplesDir: string;
  /** See DatasetsDeps.onVersionCreated: an imported root comes with its pending profile. */
  onVersionCreated?: ((versionId: string, profile?: Promise<unknown>) => void) | undefined;
  /** How far the import worker's profile of a new root has got (rows scanned of all rows). */
  onRootProfileProgress?: ((versionId: string, done: number, total: number) => void) | undefined;
}

/** The import worker's result: the import's, plus the root's profile (null if it failed). */
type ImportResult = ImportJobResult & { analysis: unknown };

interface ImportJob {
  jobId: string;
  controller: AbortController;
  started: boolean;
}

const SAMPLE_FILES = { customers: 'customers.csv', sensor_readings: 'sensor_readings.csv' } as const;

export function createImports(deps: ImportsDeps) {
  const { db, publish, clock, newId, store, workers, changed } = deps;
  const jobs = new Map<string, ImportJob>();
  // Files dropped together import one after another: one worker, one writer at a time.
  let queue: Promise<unknown> = Promise.resolve();

  function resolveSource(source: ImportSource): { file: string; fileName: string; temporary: boolean } {
    if (source.kind === 'sample') {
      return {
        file: path.join(deps.samplesDir, SAMPLE_FILES[source.sample]),
        fileName: SAMPLE_FILES[source.sample],
        temporary: false,
      };
    }
    if (source.kind === 'upload') {
      const file = path.join(deps.uploadsDir, source.uploadId);
      if (!fs.existsSync(file))
        throw new CairnError('NOT_FOUND', 'The uploaded file is gone. Drop it again.');
      return { file, fileName: path.basename(source.fileName) || 'upload.csv', temporary: true };
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(source.path);
    } catch {
      throw new CairnError('NOT_FOUND', `There is no file at ${source.path}.`);
    }
    const refusal = notAFileMessage(stat, source.path);
    if (refusal) throw new CairnError('VALIDATION', refusal);
    return { file: source.path, fileName: path.basename(source.path), temporary: false };
  }

  return {
    /**
     * Queues an import; progress and the outcome arrive as events. Nothing is written to the
     * metadata database until the data file is complete: the dataset and its root version rows
     * are inserted together, in one transaction, after the worker finished.
     */
    startImport(input: {
      workspaceId: string;
      source: ImportSource;
      options: { encoding?: string | undefined; delimiter?: string | undefined; name?: string | undefined };
    }): { jobId: string } {
      requireWorkspace(db, input.workspaceId);
      const { file, fileName, temporary } = resolveSource(input.source);
      const jobId = newId();
      const job: ImportJob = { jobId, controller: new AbortController(), started: false };
      jobs.set(jobId, job);
      const finish = (
        outcome: 'imported' | 'failed' | 'cancelled',
        datasetId: string | null,
        error: CairnError | null,
      ) => {
        jobs.delete(jobId);
        if (temporary) fs.rmSync(file, { force: true });
        publish(importsFinished, {
          jobId,
          workspaceId: input.workspaceId,
          fileName,
          outcome,
          datasetId,
          error: error ? { code: error.code, message: error.message } : null,
        });
      };
      const base = { jobId, workspaceId: input.workspaceId, fileName };
      publish(importsProgress, {
        ...base,
        phase: 'queued',
        bytesRead: 0,
        totalBytes: fs.statSync(file).size,
        rows: 0,
        totalRows: null,
        rowsPerSecond: 0,
        etaSeconds: null,
      });

      const run = async (): Promise<void> => {
        if (job.controller.signal.aborted) {
          finish('cancelled', null, null);
          return;
        }
        job.started = true;
        const datasetId = newId();
        const rootId = newId();
        const relation = relationFor(rootId);
        const startedAt = Date.now();
        let lastPublished = 0;
        let readRows = 0;
        let committed = false;
        let rootRows = 0;
        /** Makes the imported file a dataset with its root version: the import's commit point. */
        const commit = (result: ImportJobResult): void => {
          if (committed) return;
          const now = clock.now();
          try {
            db.transaction((tx) => {
              tx.insert(datasets)
                .values({
                  id: datasetId,
                  workspaceId: input.workspaceId,
                  name: input.options.name ?? fileName.replace(/\.(csv|tsv|txt)$/i, ''),
                  sourceName: fileName,
                  sourceSize: result.bytes,
                  encoding: result.encoding,
                  delimiter: result.delimiter,
                  status: 'ready',
                  importNotes: JSON.stringify(result.notes),
                  createdAt: now,
                  updatedAt: now,
                })
                .run();
              tx.insert(versions)
                .values({
                  id: rootId,
                  datasetId,
                  parentId: null,
                  operation: null,
                  summary: `Imported ${fileName}`,
                  createdBy: 'import',
                  rowCount: result.rowCount,
                  columnCount: result.columns.length,
                  columns: JSON.stringify(result.columns),
                  storage: 'table',
                  relation,
                  createdAt: now,
                  seq: 1,
                })
                .run();
              tx.update(datasets)
                .set({ rootVersionId: rootId, currentVersionId: rootId })
                .where(eq(datasets.id, datasetId))
                .run();
            });
          } catch (error) {
            store.remove(datasetId);
            throw error;
          }
          committed = true;
          rootRows = result.rowCount;
          changed(input.workspaceId, datasetId);
          finish('imported', datasetId, null);
          // The worker goes on to profile the new table; its result settles this.
          deps.onVersionCreated?.(rootId, firstProfile);
        };
        let settleProfile: (profile: unknown) => void = () => undefined;
        const firstProfile = new Promise<unknown>((resolve) => {
          settleProfile = resolve;
        });
        let commitError: unknown = null;
        try {
          const result = await workers.run<ImportResult, ImportJobProgress>(
            deps.importWorker,
            {
              sourcePath: file,
              dataFile: store.fileFor(datasetId),
              table: relation,
              fileName,
              options: {
                ...(input.options.encoding ? { encoding: input.options.encoding } : {}),
                ...(input.options.delimiter ? { delimiter: input.options.delimiter } : {}),
              },
            },
            {
              signal: job.controller.signal,
              timeoutMs: 60 * 60_000,
              onProgress: (p) => {
                if (p.phase === 'imported') {
                  try {
                    commit(p.result);
                  } catch (error) {
                    // Stops the worker; the failure is reported once it is gone.
                    commitError = error;
                    job.controller.abort();
                  }
                  return;
                }
                // Profiling after the commit belongs to the version, not to the import.
                if (committed) {
                  if (p.phase === 'profiling') deps.onRootProfileProgress?.(rootId, p.rows, rootRows);
                  return;
                }
                if (p.phase === 'reading') readRows = p.rows;
                const now = Date.now();
                if (now - lastPublished < 100) return;
                lastPublished = now;
                // Rates and the estimate describe reading, the only phase measured in bytes.
                const reading = p.phase === 'reading';
                const seconds = (now - startedAt) / 1000;
                const rate = reading && seconds > 0 ? p.rows / seconds : 0;
                const byteRate = seconds > 0 ? p.bytesRead / seconds : 0;
                const eta =
                  reading && byteRate > 0 && p.totalBytes > 0
                    ? Math.max(0, (p.totalBytes - p.bytesRead) / byteRate)
                    : null;
                publish(importsProgress, {
                  ...base,
                  phase: p.phase === 'profiling' ? 'finishing' : p.phase,
                  bytesRead: p.bytesRead,
                  totalBytes: p.totalBytes,
                  rows: p.rows,
                  totalRows: reading ? null : readRows,
                  rowsPerSecond: Math.round(rate),
                  etaSeconds: eta === null ? null : Math.round(eta),
                });
              },
            },
          );
          if (commitError) throw commitError;
          commit(result);
          settleProfile(result.analysis ?? undefined);
        } catch (caught) {
          const error = commitError ?? caught;
          settleProfile(undefined);
          // The import itself was complete: only the first profile was lost (cancel, crash).
          if (committed) return;
          // A worker killed by the time limit had no chance to clean up its staging files.
          store.remove(datasetId);
          removeImportFiles(store.fileFor(datasetId));
          const failure =
            error instanceof CairnError
              ? error
              : new CairnError('INTERNAL', 'The import failed unexpectedly.');
          if (!(error instanceof CairnError)) console.error('Import failed', error);
          finish(
            failure.code === 'CANCELLED' ? 'cancelled' : 'failed',
            null,
            failure.code === 'CANCELLED' ? null : failure,
          );
        }
      };
      queue = queue.then(run, run);
      return { jobId };
    },

    cancelImport(input: { jobId: string }): { cancelled: boolean } {
      const job = jobs.get(input.jobId);
      if (!job) return { cancelled: false };
      job.controller.abort();
      return { cancelled: true };
    },

    /** Resolves when every queued import has settled (tests, shutdown). */
    idle(): Promise<void> {
      return queue.then(
        () => undefined,
        () => undefined,
      );
    },

    /** Stops every running or queued import (the app is quitting). */
    abortAll(): void {
      for (const job of jobs.values()) job.controller.abort();
    },
  };
}
