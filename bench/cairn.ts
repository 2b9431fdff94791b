/**
 * Cairn's side of the benchmark: the whole app built as the web host and the tests build it
 * (`createApp`), imports run in the real worker process through the supervisor, and operations
 * and pages go through the datasets service.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type AppOptions, type CairnApp } from '../src/main/app';
import { appPaths } from '../src/main/paths';
import { relationFor } from '../src/main/services/datasets/storage';
import { createNodeLauncher, type WorkerLauncher } from '../src/main/workers/launcher';
import { operationSchema, type OperationInput } from '../src/shared/operations';
import { bundleEntries } from './lib/bundle';
import { sqliteFileBytes, watchMemory, type CpuSplit } from './lib/system';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export type WorkerMode = 'bundle' | 'tsx' | 'out';

/** Where the benchmark bundles code: inside node_modules, so imports resolve and linters skip it. */
export const BUILD_DIR = path.join(repoRoot, 'node_modules', '.cache', 'cairn-bench');

/** Worker entries by the name `AppOptions.workerModules` gives them (profileVersion once it exists). */
const WORKER_SOURCES: Record<string, string> = {
  importCsv: 'src/main/workers/import-csv.ts',
  profileVersion: 'src/main/workers/profile-version.ts',
  applyOperation: 'src/main/workers/apply-operation.ts',
  querySql: 'src/main/workers/query-sql.ts',
};
const WORKER_BUILT: Record<string, string> = {
  importCsv: 'out/main/workers/import-csv.js',
  profileVersion: 'out/main/workers/profile-version.js',
  applyOperation: 'out/main/workers/apply-operation.js',
  querySql: 'out/main/workers/query-sql.js',
};

export interface Workers {
  mode: WorkerMode;
  modules: Record<string, string>;
  launcher: WorkerLauncher;
  description: string;
}

/**
 * The worker processes, three ways: `bundle` (default) builds the current source with vite into
 * node_modules/.cache/cairn-bench/ and runs it with plain node, as the app ships it; `tsx` runs the TypeScript
 * entries under `node --import tsx` as the tests do (~0.5–1 s more to start); `out` runs the
 * existing electron-vite build (may be stale).
 */
export async function prepareWorkers(mode: WorkerMode): Promise<Workers> {
  const present = Object.keys(WORKER_SOURCES).filter((k) =>
    fs.existsSync(path.join(repoRoot, WORKER_SOURCES[k] as string)),
  );
  if (mode === 'out') {
    const modules = Object.fromEntries(
      present.map((k) => [k, path.join(repoRoot, WORKER_BUILT[k] as string)]),
    );
    for (const file of Object.values(modules)) {
      if (!fs.existsSync(file))
        throw new Error(`${file} does not exist: run npm run build, or use --worker bundle.`);
    }
    return {
      mode,
      modules,
      launcher: createNodeLauncher(),
      description: 'electron-vite build in out/main/workers, plain node (fork)',
    };
  }
  if (mode === 'tsx') {
    return {
      mode,
      modules: Object.fromEntries(present.map((k) => [k, path.join(repoRoot, WORKER_SOURCES[k] as string)])),
      launcher: createNodeLauncher({ execArgv: ['--import', 'tsx'] }),
      description: 'TypeScript entries under node --import tsx (fork), as the tests run them',
    };
  }
  const modules = await bundleEntries(
    repoRoot,
    Object.fromEntries(present.map((k) => [k, path.join(repoRoot, WORKER_SOURCES[k] as string)])),
    path.join(BUILD_DIR, 'workers'),
  );
  return {
    mode,
    modules,
    launcher: createNodeLauncher(),
    description:
      'current source bundled by vite (node_modules/.cache/cairn-bench), plain node (fork), as the app ships it',
  };
}

/** Whether out/ is older than the importer's sources (then `--worker out` measures stale code). */
export function builtWorkerIsStale(): boolean {
  const built = path.join(repoRoot, WORKER_BUILT.importCsv as string);
  if (!fs.existsSync(built)) return true;
  const builtAt = fs.statSync(built).mtimeMs;
  const dirs = [
    path.join(repoRoot, 'src/main/services/datasets/import'),
    path.join(repoRoot, 'src/main/jobs'),
    path.join(repoRoot, 'src/main/workers'),
  ];
  return dirs.some((dir) =>
    fs.readdirSync(dir).some((f) => fs.statSync(path.join(dir, f)).mtimeMs > builtAt),
  );
}

interface WorkerTap {
  module: string;
  pid: number;
  spawnedAt: number;
  /** performance.now() of the first progress message of each phase. */
  phases: Record<string, number>;
  resultAt: number | null;
  memory: ReturnType<typeof watchMemory>;
  final: { peakKb: number; maxRssKb: number; cpu: CpuSplit } | null;
}

export interface ImportRun {
  wallMs: number;
  rows: number;
  rowsPerSecond: number;
  columns: { name: string; type: string }[];
  /** Spawn → first progress (process start, module load, sniffing). */
  startupMs: number;
  readingMs: number;
  typingMs: number;
  /** 'finishing' progress → the import's result (the 'imported' message, or the job's result). */
  finishingMs: number;
  /** The import's result → dataset visible (metadata transaction, events). */
  commitMs: number;
  workerPeakRssMb: number;
  /** CPU seconds of the import worker: main thread, busiest other thread, the rest (GC, I/O). */
  workerCpu: CpuSplit;
  /** The first page (200 rows) fetched as soon as the dataset is visible, before anything else. */
  firstPageMs: number;
  /** Dataset visible → its root's profile stored (null when profiling is not built). */
  profileMs: number | null;
  profileWorkerPeakRssMb: number | null;
  rootFileBytes: number;
  datasetId: string;
  rootVersionId: string;
  notes: string[];
}

interface AnalysisLike {
  idle(): Promise<void>;
}

export class CairnBench {
  readonly workspaceId: string;

  private constructor(
    readonly app: CairnApp,
    readonly dataDir: string,
    readonly workers: Workers,
    private readonly taps: WorkerTap[],
  ) {
    this.workspaceId = app.services.workspaces.create({ name: 'Bench', description: '' }).id;
  }

  static async create(dataDir: string, workers: Workers): Promise<CairnBench> {
    fs.mkdirSync(dataDir, { recursive: true });
    const taps: WorkerTap[] = [];
    // Wraps the real launcher to learn each worker's pid (for its memory and CPU) and to time its phases.
    const launcher: WorkerLauncher = (modulePath) => {
      const child = workers.launcher(modulePath);
      if (child.pid === undefined) return child;
      const tap: WorkerTap = {
        module: modulePath,
        pid: child.pid,
        spawnedAt: performance.now(),
        phases: {},
        resultAt: null,
        memory: watchMemory(child.pid, 20),
        final: null,
      };
      taps.push(tap);
      return {
        pid: child.pid,
        postMessage: (m) => child.postMessage(m),
        kill: () => child.kill(),
        onExit: (listener) =>
          child.onExit((code, signal) => {
            tap.final ??= tap.memory.stop();
            listener(code, signal);
          }),
        onMessage: (listener) =>
          child.onMessage((message) => {
            const m = message as { type?: string; data?: { phase?: string } };
            if (m.type === 'progress' && m.data?.phase && tap.phases[m.data.phase] === undefined) {
              tap.phases[m.data.phase] = performance.now();
            } else if (m.type === 'result' || m.type === 'error') {
              tap.resultAt = performance.now();
              // The supervisor kills the process right after a result: read its figures first.
              tap.final ??= tap.memory.stop();
            }
            listener(message);
          }),
      };
    };
    const app = await createApp({
      paths: appPaths(dataDir, path.join(repoRoot, 'drizzle')),
      shell: 'web',
      appVersion: '0.0.0-bench',
      launcher,
      // Built from the entries present, so the benchmark runs before and after profiling exists.
      workerModules: workers.modules as unknown as AppOptions['workerModules'],
      samplesDir: path.join(repoRoot, 'samples'),
    });
    return new CairnBench(app, dataDir, workers, taps);
  }

  get datasets() {
    return this.app.services.datasets;
  }

  /** The analysis service when profiling is built, else null. */
  get analysis(): AnalysisLike | null {
    const analysis = (this.app.services as unknown as { analysis?: Partial<AnalysisLike> }).analysis;
    return analysis && typeof analysis.idle === 'function' ? (analysis as AnalysisLike) : null;
  }

  /** Waits for background work (profiles of new versions) so that it does not disturb the next measurement. */
  async settle(): Promise<number> {
    const t0 = performance.now();
    await this.analysis?.idle();
    return performance.now() - t0;
  }

  /** Profile workers started since `from` (an index into the taps). */
  private profileTaps(from: number): WorkerTap[] {
    const module = this.workers.modules.profileVersion;
    return module ? this.taps.slice(from).filter((t) => t.module === module) : [];
  }

  dataFile(datasetId: string): string {
    return path.join(this.dataDir, 'datasets', `${datasetId}.sqlite`);
  }

  /** Imports `file` through the service; resolves once the dataset is visible. */
  async import(file: string, name: string): Promise<ImportRun> {
    await this.settle();
    const before = this.taps.length;
    type Finished = { outcome: string; datasetId: string | null; error: { message: string } | null };
    const seen: { finished: Finished | null; at: number } = { finished: null, at: 0 };
    const unsubscribe = this.app.events.subscribe((channel, payload) => {
      if (channel === 'imports:finished') {
        seen.finished = payload as Finished;
        seen.at = performance.now();
      }
    });
    // The first page is fetched the moment the dataset appears (the grid's first request), while
    // the import worker goes on profiling the root.
    let firstPageMs = Number.NaN;
    let firstPageRows = -1;
    let firstPage: Promise<void> = Promise.resolve();
    const unsubscribePage = this.app.events.subscribe((channel, payload) => {
      const finished = payload as Finished;
      if (channel !== 'imports:finished' || finished.outcome !== 'imported' || !finished.datasetId) return;
      const visible = this.datasets.get({ workspaceId: this.workspaceId, datasetId: finished.datasetId });
      const pageStart = performance.now();
      // Rows are read asynchronously since the grid's pages moved off the main thread's hot path.
      firstPage = this.rows(visible.id, visible.rootVersionId as string, 0, 200).then((page) => {
        firstPageRows = page.rows.length;
        firstPageMs = performance.now() - pageStart;
      });
    });
    const started = performance.now();
    try {
      this.datasets.startImport({
        workspaceId: this.workspaceId,
        source: { kind: 'path', path: file },
        options: { name },
      });
      await this.datasets.idle();
    } finally {
      unsubscribe();
      unsubscribePage();
    }
    const outcome = seen.finished;
    const finishedAt = seen.at;
    if (!outcome || outcome.outcome !== 'imported' || !outcome.datasetId) {
      throw new Error(`Cairn import failed: ${JSON.stringify(outcome)}`);
    }
    const tap = this.taps.slice(before).find((t) => t.module === this.workers.modules.importCsv);
    if (!tap) throw new Error('The import worker was not seen.');
    const figures = tap.final ?? tap.memory.stop();
    const dataset = this.datasets.get({ workspaceId: this.workspaceId, datasetId: outcome.datasetId });
    const wallMs = finishedAt - started;
    const root = dataset.rootVersionId as string;
    await firstPage;
    if (firstPageRows !== Math.min(200, dataset.rowCount)) throw new Error('The first page is short.');

    // The root's profile: made by the import worker after the data is in place (or, if that
    // was lost or profiling predates it, by a profile worker).
    let profileMs: number | null = null;
    let profilePeak: number | null = null;
    if (this.analysis) {
      await this.settle();
      profileMs = performance.now() - finishedAt;
      const profiles = this.profileTaps(before);
      profilePeak =
        profiles.length > 0
          ? Math.max(...profiles.map((t) => (t.final ?? t.memory.stop()).peakKb)) / 1024
          : tap.phases.profiling !== undefined
            ? figures.peakKb / 1024
            : null;
    }

    const at = (phase: string): number => tap.phases[phase] ?? Number.NaN;
    const resultAt = tap.resultAt ?? Number.NaN;
    // Workers that also profile send the import's result as an 'imported' message first.
    const imported = tap.phases.imported !== undefined;
    const version = this.datasets
      .listVersions({ workspaceId: this.workspaceId, datasetId: dataset.id })
      .find((v) => v.id === root);
    const bytes = sqliteFileBytes(this.dataFile(dataset.id));
    const typingStart = Number.isNaN(at('typing')) ? at('finishing') : at('typing');
    return {
      wallMs,
      rows: dataset.rowCount,
      rowsPerSecond: dataset.rowCount / (wallMs / 1000),
      columns: version?.columns ?? [],
      startupMs: at('reading') - tap.spawnedAt,
      readingMs: typingStart - at('reading'),
      typingMs: at('finishing') - typingStart,
      finishingMs: (imported ? at('imported') : resultAt) - at('finishing'),
      commitMs: finishedAt - (imported ? at('imported') : resultAt),
      workerPeakRssMb: figures.peakKb / 1024,
      workerCpu: figures.cpu,
      firstPageMs,
      profileMs,
      profileWorkerPeakRssMb: profilePeak,
      rootFileBytes: bytes.main + bytes.wal,
      datasetId: dataset.id,
      rootVersionId: root,
      notes: dataset.importNotes,
    };
  }

  rows(
    datasetId: string,
    versionId: string,
    start: number,
    limit: number,
    sort: { column: string; direction: 'asc' | 'desc' }[] = [],
  ) {
    return this.datasets.rows({
      workspaceId: this.workspaceId,
      datasetId,
      versionId,
      start,
      limit,
      view: { sort },
    });
  }

  apply(datasetId: string, versionId: string, operation: OperationInput) {
    return this.datasets.apply({
      workspaceId: this.workspaceId,
      datasetId,
      versionId,
      operation: operationSchema.parse(operation),
    });
  }

  /** The table holding a version's rows (for the raw SQLite comparisons). */
  relation(versionId: string): string {
    return relationFor(versionId);
  }

  /** A second connection to a dataset's file, set up as the app's DataStore sets up its own. */
  rawConnection(datasetId: string): Database.Database {
    const db = new Database(this.dataFile(datasetId), { fileMustExist: true });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('temp_store = MEMORY');
    db.pragma('cache_size = -65536');
    return db;
  }

  close(): void {
    this.app.close();
  }
}
