import path from 'node:path';
import { registry } from '../shared/registry';
import { openDatabase, type OpenedDatabase } from './db/connection';
import { EventBus } from './events';
import { Handlers } from './ipc/handlers';
import { registerHandlers } from './ipc/register';
import type { AppPaths } from './paths';
import { systemClock, uuid, type Clock, type IdFactory } from './services/common';
import { createAnalysisService, type AnalysisService } from './services/analysis/service';
import { interpret } from './services/assistant/builtin';
import { createKnownValues } from './services/assistant/builtin/known-values';
import { createChatService } from './services/assistant/service';
import { planTaskCommand } from './services/assistant/builtin-tasks';
import { createTaskTools } from './services/assistant/task-tools';
import { createToolbox } from './services/assistant/tools';
import { createBoardsService } from './services/boards/service';
import { createDatasetsService } from './services/datasets/service';
import { registerSqlFunctions } from './services/datasets/operations';
import { DataStore } from './services/datasets/storage';
import { createProfilesService } from './services/profiles/service';
import { createKeyFileCipher, SecretStore, type Cipher } from './services/secrets/store';
import { createWorkspacesService } from './services/workspaces/service';
import type { WorkerLauncher } from './workers/launcher';
import { WorkerSupervisor } from './workers/supervisor';

export interface AppOptions {
  paths: AppPaths;
  shell: 'desktop' | 'web';
  appVersion: string;
  launcher: WorkerLauncher;
  /** Entry files of the worker jobs (built JS in the app, TypeScript under a loader in tests). */
  workerModules: { importCsv: string; profileVersion: string; applyOperation: string; querySql: string };
  /** The sample CSVs offered on the empty state. */
  samplesDir: string;
  nativeBinding?: string;
  /** How API keys are encrypted: the OS keychain on desktop, a key file for the web host. */
  cipher?: Cipher;
  /**
   * Desktop only: asks the person where to save a CSV export (a native save dialog); null when
   * they dismiss it. Without it (web host, CLI), exports go to the exports folder for download.
   */
  chooseExportPath?: (suggestedName: string) => Promise<string | null>;
  /** Time limits of previews and of sorted/filtered grid views (defaults in datasets/evaluation.ts). */
  previewTimeoutMs?: number;
  viewTimeoutMs?: number;
  /** How long an apply may write before its worker is killed (default APPLY_TIMEOUT_MS). */
  applyTimeoutMs?: number;
  /** Disk budget per dataset (default: 3× the root's size, at least 256 MB; see DatasetsDeps). */
  diskBudget?: { rootMultiple: number; floorBytes: number };
  clock?: Clock;
  newId?: IdFactory;
}

export interface CairnApp {
  handlers: Handlers;
  events: EventBus;
  database: OpenedDatabase;
  workers: WorkerSupervisor;
  services: ReturnType<typeof createServices>;
  close(): void;
}

function createServices(deps: {
  database: OpenedDatabase;
  events: EventBus;
  clock: Clock;
  newId: IdFactory;
  secrets: SecretStore;
  workers: WorkerSupervisor;
  options: AppOptions;
}) {
  const publish = deps.events.publish.bind(deps.events);
  const { clock, newId } = deps;
  const db = deps.database.db;
  const store = new DataStore(
    deps.options.paths.datasetsDir,
    registerSqlFunctions,
    deps.options.nativeBinding,
  );
  // The two services need each other (a fix applies an operation; a new version gets profiled),
  // so each reaches the other through a late-bound reference set just below.
  let analysis: AnalysisService | null = null;
  const datasets = createDatasetsService({
    db,
    publish,
    clock,
    newId,
    store,
    workers: deps.workers,
    importWorker: deps.options.workerModules.importCsv,
    applyWorker: deps.options.workerModules.applyOperation,
    queryWorker: deps.options.workerModules.querySql,
    uploadsDir: deps.options.paths.uploadsDir,
    samplesDir: deps.options.samplesDir,
    exportsDir: deps.options.paths.exportsDir,
    ...(deps.options.chooseExportPath ? { chooseExportPath: deps.options.chooseExportPath } : {}),
    // 20 versions then stay within ~4× the root (issue 3's target): 3× kept, plus the newest.
    diskBudget: deps.options.diskBudget ?? { rootMultiple: 3, floorBytes: 256 * 1024 ** 2 },
    onVersionCreated: (versionId, pending) => analysis?.versionCreated(versionId, pending),
    ...(deps.options.previewTimeoutMs !== undefined
      ? { previewTimeoutMs: deps.options.previewTimeoutMs }
      : {}),
    ...(deps.options.viewTimeoutMs !== undefined ? { viewTimeoutMs: deps.options.viewTimeoutMs } : {}),
    ...(deps.options.applyTimeoutMs !== undefined ? { applyTimeoutMs: deps.options.applyTimeoutMs } : {}),
    onRootProfileProgress: (versionId, done, total) => analysis?.profileProgress(versionId, done, total),
  });
  analysis = createAnalysisService({
    db,
    publish,
    clock,
    newId,
    workers: deps.workers,
    store,
    profileWorker: deps.options.workerModules.profileVersion,
    datasets: () => datasets,
  });
  const profiles = createProfilesService({ db, publish, clock, newId, secrets: deps.secrets });
  const boards = createBoardsService({ db, publish, clock, newId });
  const chat = createChatService({
    db,
    publish,
    clock,
    newId,
    datasets,
    profiles,
    toolbox: createToolbox({ datasets, analysis, profiles, tasks: createTaskTools({ boards, datasets }) }),
    // Task requests first (“add task …”, “what is overdue”); anything else is a data command.
    interpret: (text, context) => planTaskCommand(text) ?? interpret(text, context),
    knownValues: createKnownValues(db),
  });
  return {
    workspaces: createWorkspacesService({ db, publish, clock, newId }),
    profiles,
    datasets,
    analysis,
    chat,
    boards,
  };
}

/**
 * The composition root: the one place where the database, the event bus, the workers and the
 * services are built and wired. Both shells (Electron and the web host) and the tests start here.
 */
export async function createApp(options: AppOptions): Promise<CairnApp> {
  const database = await openDatabase({
    file: options.paths.databaseFile,
    migrationsDir: options.paths.migrationsDir,
    backupsDir: options.paths.backupsDir,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  const events = new EventBus();
  const workers = new WorkerSupervisor({ launcher: options.launcher });
  const services = createServices({
    database,
    events,
    clock: options.clock ?? systemClock,
    newId: options.newId ?? uuid,
    secrets: new SecretStore(
      path.join(options.paths.dataDir, 'secrets.json'),
      options.cipher ?? createKeyFileCipher(options.paths.dataDir),
    ),
    workers,
    options,
  });
  services.profiles.ensureDefaults();
  services.chat.recover();
  services.datasets.collectGarbage();
  const handlers = new Handlers(registry);
  registerHandlers(handlers, services, {
    appVersion: options.appVersion,
    shell: options.shell,
    paths: options.paths,
    schemaVersion: database.migration.schemaVersion,
  });
  const missing = handlers.missing();
  if (missing.length > 0) {
    database.close();
    throw new Error(`Contracts without a handler: ${missing.join(', ')}`);
  }

  return {
    handlers,
    events,
    database,
    workers,
    services,
    close: () => {
      services.chat.close();
      services.analysis.close();
      workers.shutdown();
      services.datasets.close();
      database.close();
    },
  };
}
