/**
 * The datasets service as the IPC handlers, the assistant and the CLI see it: one factory that
 * builds the parts (imports, applies, navigation, reads, exports, disk budget) over shared
 * dependencies and returns their calls as one object. The dataset list's own calls (list, get,
 * rename, archive, restore) live here: each is a few lines over the datasets table.
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import { datasetsChanged, type Dataset } from '../../../shared/datasets';
import type { AppDatabase } from '../../db/connection';
import { datasets } from '../../db/schema';
import type { Publish } from '../../events';
import type { WorkerSupervisor } from '../../workers/supervisor';
import type { Clock, IdFactory } from '../common';
import { requireWorkspace } from '../scope';
import { createApplies } from './applies';
import { createDiskBudget } from './disk-budget';
import { VersionEngine } from './engine';
import { createEvaluation } from './evaluation';
import { createExports } from './export-service';
import { createImports } from './import-service';
import { datasetView, requireDataset, type DatasetsChanged } from './model';
import { createNavigation } from './navigation';
import { createQueries } from './queries';
import type { DataStore } from './storage';
import { createWrites } from './writes';

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

export type { ExportOutcome } from './export-service';
export { QUERY_TIMEOUT_MS } from './queries';
export { APPLY_TIMEOUT_MS } from './writes';

export function createDatasetsService(deps: DatasetsDeps) {
  const { db, publish, clock, newId, store, workers } = deps;
  const engine = new VersionEngine(db, store);
  const writes = createWrites({
    db,
    store,
    workers,
    engine,
    applyWorker: deps.applyWorker,
    ...(deps.applyTimeoutMs !== undefined ? { applyTimeoutMs: deps.applyTimeoutMs } : {}),
  });
  const { readable } = writes;
  const evaluation = createEvaluation({
    store,
    workers,
    worker: deps.applyWorker,
    ...(deps.previewTimeoutMs !== undefined ? { previewTimeoutMs: deps.previewTimeoutMs } : {}),
    ...(deps.viewTimeoutMs !== undefined ? { viewTimeoutMs: deps.viewTimeoutMs } : {}),
  });
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
  const applies = createApplies({
    db,
    clock,
    newId,
    engine,
    writes,
    changed,
    moveCurrent: navigation.moveCurrent,
    enforceBudget: disk.enforceBudget,
    onVersionCreated: deps.onVersionCreated,
  });
  const queries = createQueries({
    db,
    store,
    workers,
    engine,
    evaluation,
    readable,
    queryWorker: deps.queryWorker,
  });
  const exports = createExports({
    db,
    store,
    engine,
    readable,
    pathTo: navigation.pathTo,
    apply: applies.apply,
    exportsDir: deps.exportsDir,
    chooseExportPath: deps.chooseExportPath,
  });

  return {
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

    listVersions: queries.listVersions,
    rows: queries.rows,
    preview: queries.preview,
    apply: applies.apply,
    cancelApply: applies.cancelApply,
    checkout: navigation.checkout,
    undo: navigation.undo,
    redo: navigation.redo,
    label: navigation.label,
    diff: queries.diff,
    pathTo: navigation.pathTo,
    exportCsv: exports.exportCsv,
    recipe: exports.recipe,
    applyRecipe: exports.applyRecipe,
    query: queries.query,

    /** Closes the data files (the app is quitting). */
    close(): void {
      imports.abortAll();
      applies.abortAll();
      store.closeAll();
    },

    engine,
    /** Makes a version's rows readable, rebuilding evicted ones in the apply worker. */
    readable,
    evict: disk.evict,
  };
}

export type DatasetsService = ReturnType<typeof createDatasetsService>;
