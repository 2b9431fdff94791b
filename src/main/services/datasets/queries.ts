/**
 * Reads of a dataset's versions: the version list, pages of rows (plain or sorted/filtered),
 * what an operation would make (preview), the difference of two versions, and a read-only SQL
 * query. Apart because none of them writes history; each makes the version readable first
 * (an evicted one is rebuilt) and sends caller-written work to a worker with a time limit.
 */
import { asc, eq } from 'drizzle-orm';
import type { OperationPreview, RowsPage, Version, VersionDiff } from '../../../shared/datasets';
import type { Operation } from '../../../shared/operations';
import { CairnError } from '../../../shared/result';
import type { AppDatabase } from '../../db/connection';
import { versions } from '../../db/schema';
import type { QuerySqlInput, QuerySqlResult } from '../../jobs/query';
import type { WorkerSupervisor } from '../../workers/supervisor';
import { decodeRow } from './decode';
import { diffVersions } from './diff';
import type { VersionEngine } from './engine';
import type { Evaluation, GridView } from './evaluation';
import {
  baseData,
  columnsOf,
  identicalChild,
  makesView,
  requireDataset,
  requireVersion,
  toVersion,
} from './model';
import { operationToPandas, summarizeOperation } from './operations';
import { compareOptions, shapeChanges } from './preview-shape';
import type { DataStore } from './storage';
import { nothingToChangeMessage, sameColumns } from './unchanged';
import { previewOperation } from './views';
import type { Writes } from './writes';

/** How long a read-only query may run before its worker is killed. */
export const QUERY_TIMEOUT_MS = 10_000;

export interface QueriesDeps {
  db: AppDatabase;
  store: DataStore;
  workers: WorkerSupervisor;
  engine: VersionEngine;
  evaluation: Evaluation;
  readable: Writes['readable'];
  /** The worker that runs a read-only SQL query over a version (see query-sql.ts). */
  queryWorker: string;
}

export function createQueries(deps: QueriesDeps) {
  const { db, store, workers, engine, evaluation, readable } = deps;
  return {
    listVersions(input: { workspaceId: string; datasetId: string }): Version[] {
      requireDataset(db, input.workspaceId, input.datasetId, { allowArchived: true });
      return db
        .select()
        .from(versions)
        .where(eq(versions.datasetId, input.datasetId))
        .orderBy(asc(versions.seq))
        .all()
        .map(toVersion);
    },

    /** One page of a version, plain or as a sorted/filtered view (computed in a worker). */
    async rows(input: {
      workspaceId: string;
      datasetId: string;
      versionId: string;
      start: number;
      limit: number;
      view: GridView;
    }): Promise<RowsPage> {
      requireDataset(db, input.workspaceId, input.datasetId, { allowArchived: true });
      const version = requireVersion(db, input.datasetId, input.versionId);
      if (input.view.sort.length === 0 && !input.view.filter?.trim()) {
        // Someone is looking at this data: a sort, filter or apply may follow.
        evaluation.warm();
        await readable(version);
        return engine.rows(version, input.start, input.limit);
      }
      await readable(version);
      const positions = await evaluation.positions(version, columnsOf(version), input.view);
      // The version may have been evicted while the view was computed.
      await readable(version);
      return engine.rows(version, input.start, input.limit, positions);
    },

    /**
     * What an operation would make: the rows it changes first, then its first rows, its row
     * count and what it changes (rows removed, values changed, columns added or removed).
     * Evaluated in a worker with a time limit (it runs the operation's expressions and patterns);
     * a schema-only operation (a view) evaluates nothing and is previewed here at once.
     */
    async preview(input: {
      workspaceId: string;
      datasetId: string;
      versionId: string;
      operation: Operation;
    }): Promise<OperationPreview> {
      requireDataset(db, input.workspaceId, input.datasetId);
      const base = requireVersion(db, input.datasetId, input.versionId);
      await readable(base);
      const compiled = engine.compile(base, input.operation);
      const asView = makesView(input.operation, compiled);
      const source = {
        select: compiled.select,
        params: compiled.params,
        columns: compiled.columns,
        ...(compiled.affected ? { affected: compiled.affected } : {}),
      };
      // Whether anything changes is computed beside the preview, in the worker: it evaluates the
      // operation over every row. A schema-only view changes nothing exactly when its columns don't.
      const result = asView
        ? previewOperation(store.connection(input.datasetId), source, base.rowCount)
        : await evaluation.preview(input.datasetId, {
            ...source,
            base: baseData(base),
            compare: compareOptions(input.operation),
          });
      const unchanged = asView ? sameColumns(columnsOf(base), compiled.columns) : result.unchanged === true;
      const summary = summarizeOperation(input.operation);
      return {
        columns: compiled.columns,
        rows: result.rows.map((r) => decodeRow(r, compiled.columns)),
        rowCount: result.rowCount,
        affectedRows: result.affectedRows,
        summary,
        sql: compiled.select,
        pandas: operationToPandas(input.operation),
        nothingToChange: unchanged ? nothingToChangeMessage(summary, input.operation, base.rowCount) : null,
        existingVersionId: identicalChild(db, base, input.operation)?.id ?? null,
        ...shapeChanges(input.operation, columnsOf(base), compiled.columns, result, asView),
      };
    },

    async diff(input: {
      workspaceId: string;
      datasetId: string;
      from: string;
      to: string;
    }): Promise<VersionDiff> {
      requireDataset(db, input.workspaceId, input.datasetId, { allowArchived: true });
      const a = requireVersion(db, input.datasetId, input.from);
      const b = requireVersion(db, input.datasetId, input.to);
      await readable(a);
      await readable(b);
      // b's rebuild may have let an eviction free a (another apply finished meanwhile).
      await readable(a);
      return diffVersions(store.connection(input.datasetId), db, a, b);
    },

    /**
     * One read-only SELECT over a version, exposed as the table `data`, in a worker process that
     * is killed at `timeoutMs`: a runaway query costs the person a message, not a frozen app.
     */
    async query(
      input: { workspaceId: string; datasetId: string; versionId: string; sql: string; maxRows: number },
      options: { signal?: AbortSignal; timeoutMs?: number } = {},
    ): Promise<QuerySqlResult> {
      requireDataset(db, input.workspaceId, input.datasetId, { allowArchived: true });
      const version = requireVersion(db, input.datasetId, input.versionId);
      await readable(version);
      const timeoutMs = options.timeoutMs ?? QUERY_TIMEOUT_MS;
      try {
        return await workers.run<QuerySqlResult>(
          deps.queryWorker,
          {
            dataFile: store.fileFor(input.datasetId),
            relation: version.relation,
            columns: columnsOf(version),
            sql: input.sql,
            maxRows: input.maxRows,
          } satisfies QuerySqlInput,
          { timeoutMs, cancelGraceMs: 0, ...(options.signal ? { signal: options.signal } : {}) },
        );
      } catch (error) {
        if (error instanceof CairnError && error.code === 'TIMEOUT') {
          throw new CairnError(
            'TIMEOUT',
            `The query took longer than ${Math.round(timeoutMs / 1000)} s and was stopped. Narrow it (a WHERE, a LIMIT) and try again.`,
          );
        }
        throw error;
      } finally {
        // A conversation rarely asks one query: the next one skips the process start (~0.35 s).
        workers.prewarmSoon(deps.queryWorker);
      }
    },
  };
}
