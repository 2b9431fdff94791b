import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import path from 'node:path';
import {
  datasetsChanged,
  type Dataset,
  type ExportProgress,
  type OperationPreview,
  type RecipeFormat,
  type RowsPage,
  type SqlDialect,
  type Version,
  type VersionDiff,
} from '../../../shared/datasets';
import { SCHEMA_ONLY_OPS, type Operation, type Recipe } from '../../../shared/operations';
import { CairnError } from '../../../shared/result';
import type { AppDatabase } from '../../db/connection';
import { datasets, versions, type VersionRow } from '../../db/schema';
import type { Publish } from '../../events';
import type { ApplyOperationProgress } from '../../jobs/apply';
import type { QuerySqlInput, QuerySqlResult } from '../../jobs/query';
import type { WorkerSupervisor } from '../../workers/supervisor';
import type { Clock, IdFactory } from '../common';
import { requireWorkspace } from '../scope';
import { decodeRow } from './decode';
import { VersionEngine } from './engine';
import { diffVersions } from './diff';
import { writeCsv } from './exports';
import { checkRecipeColumns, recipeFile } from './recipes';
import {
  columnsOf,
  datasetView,
  requireDataset,
  requireVersion,
  toVersion,
  versionById,
  type DatasetsChanged,
} from './model';
import { createNavigation } from './navigation';
import { createDiskBudget } from './disk-budget';
import { createImports } from './import-service';
import { operationToPandas, summarizeOperation } from './operations';
import { createEvaluation, type GridView } from './evaluation';
import { createWrites, UNCHANGED } from './writes';
import { relationFor, type DataStore } from './storage';
import { previewOperation } from './views';
import { compareOptions, shapeChanges } from './preview-shape';
import {
  canonicalJson,
  isNothingToChange,
  nothingToChange,
  nothingToChangeMessage,
  sameColumns,
} from './unchanged';

export interface DatasetsDeps {
  db: AppDatabase;
  publish: Publish;
  clock: Clock;
  newId: IdFactory;
  store: DataStore;
  workers: WorkerSupervisor;
  /** The import worker's entry file (built JS, or TS under a loader in tests). */
  importWorker: string;
  /** The worker that writes a materialized operation's table (see apply-operation.ts). */
  applyWorker: string;
  /** The worker that runs a read-only SQL query over a version (see query-sql.ts). */
  queryWorker: string;
  uploadsDir: string;
  samplesDir: string;
  exportsDir: string;
  /**
   * Asks the person where to save an export (the desktop shell's save dialog); null: they
   * dismissed it. Absent (web host, CLI): exports go to `exportsDir` for download.
   */
  chooseExportPath?: (suggestedName: string) => Promise<string | null>;
  /**
   * A dataset's data file may use `rootMultiple` times its root's size (and at least
   * `floorBytes`, so small datasets never lose a table); beyond that the oldest materialized
   * versions are evicted, to be rebuilt from their recipe when next read.
   */
  diskBudget?: { rootMultiple: number; floorBytes: number };
  /**
   * Told about every new version (profiling starts there). An imported root comes with the
   * profile its import worker is computing: it settles with it (unchecked: it crossed a process
   * boundary) or with undefined when the worker could not finish it.
   */
  onVersionCreated?: (versionId: string, profile?: Promise<unknown>) => void;
  /** Time limits of previews and of sorted/filtered grid views (see evaluation.ts). */
  previewTimeoutMs?: number;
  /** How long an apply's worker may write before it is killed (default APPLY_TIMEOUT_MS). */
  applyTimeoutMs?: number;
  viewTimeoutMs?: number;
  /** How far the import worker's profile of a new root has got (rows scanned of all rows). */
  onRootProfileProgress?: (versionId: string, done: number, total: number) => void;
}

export type ExportOutcome =
  | { saved: 'path'; file: string; fileName: string; rows: number; bytes: number }
  | { saved: 'download'; file: string; fileName: string; rows: number; bytes: number; downloadPath: string };

export { APPLY_TIMEOUT_MS } from './writes';
/** How long a read-only query may run before its worker is killed. */
export const QUERY_TIMEOUT_MS = 10_000;

export function createDatasetsService(deps: DatasetsDeps) {
  const { db, publish, clock, newId, store, workers } = deps;
  const engine = new VersionEngine(db, store);
  const { writeInWorker, readable } = createWrites({
    db,
    store,
    workers,
    engine,
    applyWorker: deps.applyWorker,
    ...(deps.applyTimeoutMs !== undefined ? { applyTimeoutMs: deps.applyTimeoutMs } : {}),
  });
  const evaluation = createEvaluation({
    store,
    workers,
    worker: deps.applyWorker,
    ...(deps.previewTimeoutMs !== undefined ? { previewTimeoutMs: deps.previewTimeoutMs } : {}),
    ...(deps.viewTimeoutMs !== undefined ? { viewTimeoutMs: deps.viewTimeoutMs } : {}),
  });
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

  const changed: DatasetsChanged = (workspaceId, datasetId) =>
    publish(datasetsChanged, { workspaceId, datasetId });
  const navigation = createNavigation({ db, clock, changed });
  const disk = createDiskBudget({
    db,
    store,
    engine,
    uploadsDir: deps.uploadsDir,
    exportsDir: deps.exportsDir,
    diskBudget: deps.diskBudget,
  });
  const { moveCurrent } = navigation;

  const baseData = (base: VersionRow) => ({
    relation: base.relation,
    rowCount: base.rowCount,
    columns: columnsOf(base),
  });

  /** The child of `base` made by this very operation, if there is one (its data is the same). */
  function identicalChild(base: VersionRow, operation: Operation): VersionRow | undefined {
    const wanted = canonicalJson(operation);
    return db
      .select()
      .from(versions)
      .where(eq(versions.parentId, base.id))
      .orderBy(asc(versions.seq))
      .all()
      .find((child) => child.operation !== null && canonicalJson(JSON.parse(child.operation)) === wanted);
  }

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
    const asView =
      SCHEMA_ONLY_OPS.has(input.operation.op) && compiled.schemaOnly && compiled.params.length === 0;
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
    disk.enforceBudget(input.datasetId, new Set([row.id, base.id]));
    changed(input.workspaceId, input.datasetId);
    deps.onVersionCreated?.(row.id);
    return toVersion(versionById(db, row.id) ?? row);
  }

  const imports = createImports({
    db,
    publish,
    clock,
    newId,
    store,
    workers,
    changed,
    importWorker: deps.importWorker,
    uploadsDir: deps.uploadsDir,
    samplesDir: deps.samplesDir,
    onVersionCreated: deps.onVersionCreated,
    onRootProfileProgress: deps.onRootProfileProgress,
  });

  const service = {
    collectGarbage: disk.collectGarbage,
    startImport: imports.startImport,
    cancelImport: imports.cancelImport,
    idle: imports.idle,
    list(input: { workspaceId: string; includeArchived: boolean }): Dataset[] {
      requireWorkspace(db, input.workspaceId, { allowArchived: true });
      const where = input.includeArchived
        ? eq(datasets.workspaceId, input.workspaceId)
        : and(eq(datasets.workspaceId, input.workspaceId), isNull(datasets.archivedAt));
      return db
        .select()
        .from(datasets)
        .where(where)
        .orderBy(desc(datasets.createdAt))
        .all()
        .map((row) => datasetView(db, row.id));
    },

    get(input: { workspaceId: string; datasetId: string }): Dataset {
      requireDataset(db, input.workspaceId, input.datasetId, { allowArchived: true });
      return datasetView(db, input.datasetId);
    },

    rename(input: { workspaceId: string; datasetId: string; name: string }): Dataset {
      requireDataset(db, input.workspaceId, input.datasetId);
      db.update(datasets)
        .set({ name: input.name, updatedAt: clock.now() })
        .where(eq(datasets.id, input.datasetId))
        .run();
      changed(input.workspaceId, input.datasetId);
      return datasetView(db, input.datasetId);
    },

    archive(input: { workspaceId: string; datasetId: string }): Dataset {
      requireDataset(db, input.workspaceId, input.datasetId, { allowArchived: true });
      db.update(datasets)
        .set({ archivedAt: clock.now(), updatedAt: clock.now() })
        .where(and(eq(datasets.id, input.datasetId), isNull(datasets.archivedAt)))
        .run();
      changed(input.workspaceId, input.datasetId);
      return datasetView(db, input.datasetId);
    },

    restore(input: { workspaceId: string; datasetId: string }): Dataset {
      requireDataset(db, input.workspaceId, input.datasetId, { allowArchived: true });
      db.update(datasets)
        .set({ archivedAt: null, updatedAt: clock.now() })
        .where(eq(datasets.id, input.datasetId))
        .run();
      changed(input.workspaceId, input.datasetId);
      return datasetView(db, input.datasetId);
    },

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
      const asView =
        SCHEMA_ONLY_OPS.has(input.operation.op) && compiled.schemaOnly && compiled.params.length === 0;
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
        existingVersionId: identicalChild(base, input.operation)?.id ?? null,
        ...shapeChanges(input.operation, columnsOf(base), compiled.columns, result, asView),
      };
    },

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
          const existing = identicalChild(base, input.operation);
          if (existing) return Promise.resolve(revisit(input, existing));
          return applyNow(input, base, compiled, createdBy, controller.signal, options.onProgress);
        });
      } finally {
        options.signal?.removeEventListener('abort', forward);
        if (requestId !== undefined) cancellableApplies.delete(requestId);
      }
    },

    checkout: navigation.checkout,
    undo: navigation.undo,
    redo: navigation.redo,
    label: navigation.label,
    pathTo: navigation.pathTo,

    /** Stops a running (or queued) apply; nothing of it is kept. False: no such apply runs. */
    cancelApply(input: { requestId: string }): { cancelled: boolean } {
      const controller = cancellableApplies.get(input.requestId);
      if (!controller) return { cancelled: false };
      controller.abort();
      return { cancelled: true };
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
     * Writes a version as CSV. Where to: `options.target` when a trusted caller (the CLI) names
     * it; else the file the person picks in the desktop shell's save dialog; else the exports
     * folder, which the web host serves for download. The renderer never names a path.
     */
    async exportCsv(
      input: { workspaceId: string; datasetId: string; versionId: string; escapeFormulas: boolean },
      options: {
        signal?: AbortSignal;
        onProgress?: (progress: ExportProgress) => void;
        target?: string;
      } = {},
    ): Promise<ExportOutcome> {
      const { signal, onProgress } = options;
      const dataset = requireDataset(db, input.workspaceId, input.datasetId, { allowArchived: true });
      const version = requireVersion(db, input.datasetId, input.versionId);
      const step = version.label ?? `v${version.seq}`;
      const fileName = `${safeFileName(dataset.name)}-${safeFileName(step)}-${version.id.slice(0, 8)}.csv`;
      let file: string;
      let saved: 'path' | 'download';
      if (options.target !== undefined) {
        file = path.resolve(options.target);
        saved = 'path';
      } else if (deps.chooseExportPath) {
        const chosen = await deps.chooseExportPath(fileName);
        if (chosen === null) throw new CairnError('CANCELLED', 'Export cancelled.');
        if (!path.isAbsolute(chosen)) throw new CairnError('INTERNAL', 'The save dialog gave no full path.');
        file = chosen;
        saved = 'path';
      } else {
        file = path.join(deps.exportsDir, fileName);
        saved = 'download';
      }
      if (signal?.aborted) throw new CairnError('CANCELLED', 'Export cancelled.');
      await readable(version);
      const totalRows = version.rowCount;
      onProgress?.({ rowsWritten: 0, totalRows, bytesWritten: 0 });
      const reader = store.reader(input.datasetId);
      try {
        const { rows, bytes } = await writeCsv(reader, version.relation, columnsOf(version), file, {
          escapeFormulas: input.escapeFormulas,
          ...(signal ? { signal } : {}),
          ...(onProgress ? { onProgress: (p) => onProgress({ ...p, totalRows }) } : {}),
        });
        return saved === 'path'
          ? { saved, file, fileName: path.basename(file), rows, bytes }
          : {
              saved,
              file,
              fileName,
              rows,
              bytes,
              downloadPath: `/api/exports/${encodeURIComponent(fileName)}`,
            };
      } finally {
        reader.close();
      }
    },

    recipe(input: {
      workspaceId: string;
      datasetId: string;
      versionId: string;
      format: RecipeFormat;
      dialect?: SqlDialect | undefined;
      /** The CSV the script reads (default: the dataset's source file name) and writes (result.csv). */
      input?: string | undefined;
      output?: string | undefined;
    }) {
      const dataset = requireDataset(db, input.workspaceId, input.datasetId, { allowArchived: true });
      const { root, operations } = navigation.pathTo(input);
      const base = `${safeFileName(dataset.name)}-recipe`;
      return recipeFile(base, dataset.sourceName, columnsOf(root), operations, input.format, input.dialect, {
        input: input.input,
        output: input.output,
      });
    },

    /**
     * Replays a recipe on a dataset's current version, one version per step. Every step is
     * compiled against the schema it will meet before anything is written, so a mismatch is
     * reported up front and changes nothing.
     */
    async applyRecipe(
      input: { workspaceId: string; datasetId: string; recipe: Recipe },
      createdBy: 'user' | 'assistant' = 'user',
      /** Told of each step passed over because it changes nothing here (1-based). */
      onUnchangedStep?: (step: number, message: string) => void,
    ): Promise<Version> {
      const dataset = requireDataset(db, input.workspaceId, input.datasetId);
      if (!dataset.currentVersionId) throw new CairnError('CONFLICT', 'This dataset has no data yet.');
      const current = requireVersion(db, input.datasetId, dataset.currentVersionId);
      checkRecipeColumns(input.recipe, columnsOf(current));
      if (input.recipe.operations.length === 0)
        throw new CairnError('VALIDATION', 'This recipe has no steps.');
      let schema = columnsOf(current);
      input.recipe.operations.forEach((op, i) => {
        try {
          schema = engine.compile({ ...current, columns: JSON.stringify(schema) }, op).columns;
        } catch (error) {
          const reason = error instanceof CairnError ? error.message : String(error);
          throw new CairnError('VALIDATION', `Step ${i + 1} of the recipe cannot run here: ${reason}`);
        }
      });
      let last: Version | null = null;
      let baseId = current.id;
      for (const [i, operation] of input.recipe.operations.entries()) {
        try {
          last = await service.apply(
            { workspaceId: input.workspaceId, datasetId: input.datasetId, versionId: baseId, operation },
            createdBy,
          );
          baseId = last.id;
        } catch (error) {
          // A step with nothing to do on this data (no duplicates to remove) is passed over.
          if (!isNothingToChange(error)) throw error;
          onUnchangedStep?.(i + 1, (error as CairnError).message);
        }
      }
      if (!last) {
        throw new CairnError(
          'VALIDATION',
          'Nothing to change: no step of the recipe changes this dataset. No version was made.',
          { nothingToChange: true },
        );
      }
      return last;
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

    /** Closes the data files (the app is quitting). */
    close(): void {
      imports.abortAll();
      for (const controller of cancellableApplies.values()) controller.abort();
      store.closeAll();
    },

    engine,
    /** Makes a version's rows readable, rebuilding evicted ones in the apply worker. */
    readable,
    evict: disk.evict,
  };
  return service;
}

function safeFileName(name: string): string {
  return (
    name
      .replace(/[^\p{L}\p{N}._ -]+/gu, '_')
      .trim()
      .slice(0, 80) || 'dataset'
  );
}

export type DatasetsService = ReturnType<typeof createDatasetsService>;
