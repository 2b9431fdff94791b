import path from 'node:path';
import { createApp, type CairnApp } from '../../src/main/app';
import { openDatabase, type OpenedDatabase } from '../../src/main/db/connection';
import { appPaths } from '../../src/main/paths';
import type { Clock, IdFactory } from '../../src/main/services/common';
import { createNodeLauncher } from '../../src/main/workers/launcher';
import { realMigrationsDir, repoRoot } from './paths';

/** The app's metadata database, migrated with the real migrations, in `dir`. */
export function openTestDatabase(dir: string): Promise<OpenedDatabase> {
  return openDatabase({
    file: path.join(dir, 'cairn.db'),
    migrationsDir: realMigrationsDir,
    backupsDir: path.join(dir, 'backups'),
  });
}

/** The whole app, as `npm run serve` builds it, on a data dir of the test's own. */
export function createTestApp(
  dataDir: string,
  options: {
    clock?: Clock;
    newId?: IdFactory;
    shell?: 'desktop' | 'web';
    /** Stands in for the desktop's save dialog. */
    chooseExportPath?: (suggestedName: string) => Promise<string | null>;
    diskBudget?: { rootMultiple: number; floorBytes: number };
    /** Time limits of previews and of sorted/filtered grid views. */
    previewTimeoutMs?: number;
    viewTimeoutMs?: number;
    applyTimeoutMs?: number;
    /** Told of every worker process started, with its module and pid. */
    onLaunch?: (modulePath: string, pid: number | undefined) => void;
    /** Told of every message sent to a worker process (its jobs), with the worker's module and pid. */
    onSend?: (modulePath: string, message: unknown, pid: number | undefined) => void;
  } = {},
): Promise<CairnApp> {
  const launch = createNodeLauncher({ execArgv: ['--import', 'tsx'] });
  return createApp({
    paths: appPaths(dataDir, realMigrationsDir),
    shell: options.shell ?? 'web',
    appVersion: '0.0.0-test',
    launcher: (modulePath) => {
      const child = launch(modulePath);
      options.onLaunch?.(modulePath, child.pid);
      const { onSend } = options;
      if (!onSend) return child;
      return {
        ...child,
        postMessage: (message: unknown) => {
          onSend(modulePath, message, child.pid);
          child.postMessage(message);
        },
      };
    },
    workerModules: {
      importCsv: path.join(repoRoot, 'src/main/workers/import-csv.ts'),
      profileVersion: path.join(repoRoot, 'src/main/workers/profile-version.ts'),
      applyOperation: path.join(repoRoot, 'src/main/workers/apply-operation.ts'),
      querySql: path.join(repoRoot, 'src/main/workers/query-sql.ts'),
    },
    samplesDir: path.join(repoRoot, 'samples'),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.newId ? { newId: options.newId } : {}),
    ...(options.chooseExportPath ? { chooseExportPath: options.chooseExportPath } : {}),
    ...(options.diskBudget ? { diskBudget: options.diskBudget } : {}),
    ...(options.previewTimeoutMs !== undefined ? { previewTimeoutMs: options.previewTimeoutMs } : {}),
    ...(options.viewTimeoutMs !== undefined ? { viewTimeoutMs: options.viewTimeoutMs } : {}),
    ...(options.applyTimeoutMs !== undefined ? { applyTimeoutMs: options.applyTimeoutMs } : {}),
  });
}

/** A clock that ticks one second per call from a fixed start, so order and updates are visible. */
export function steppingClock(start = Date.UTC(2030, 0, 1)): Clock & { calls: number } {
  const clock = {
    calls: 0,
    now: () => new Date(start + 1000 * clock.calls++).toISOString(),
  };
  return clock;
}

/** Deterministic v4-shaped ids: 00000000-0000-4000-8000-000000000001, …002, … */
export function sequentialIds(): IdFactory {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
}
