import os from 'node:os';
import path from 'node:path';

export interface AppPaths {
  dataDir: string;
  databaseFile: string;
  backupsDir: string;
  migrationsDir: string;
  /** One SQLite file per dataset, holding its versions' rows. */
  datasetsDir: string;
  uploadsDir: string;
  exportsDir: string;
}

/**
 * Where the web host and the command line keep data when none is given: `--data-dir`, then
 * `CAIRN_DATA_DIR`, then the XDG data home (`~/.local/share/cairn`). The desktop app uses
 * Electron's userData folder instead.
 */
export function resolveDataDir(argvDataDir: string | undefined, env: NodeJS.ProcessEnv): string {
  if (argvDataDir) return path.resolve(argvDataDir);
  if (env.CAIRN_DATA_DIR) return path.resolve(env.CAIRN_DATA_DIR);
  const xdg =
    env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME)
      ? env.XDG_DATA_HOME
      : path.join(os.homedir(), '.local', 'share');
  return path.join(xdg, 'cairn');
}

export function appPaths(dataDir: string, migrationsDir: string): AppPaths {
  return {
    dataDir,
    databaseFile: path.join(dataDir, 'cairn.db'),
    backupsDir: path.join(dataDir, 'backups'),
    migrationsDir,
    datasetsDir: path.join(dataDir, 'datasets'),
    uploadsDir: path.join(dataDir, 'uploads'),
    exportsDir: path.join(dataDir, 'exports'),
  };
}
