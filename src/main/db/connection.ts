import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import * as schema from './schema';
import { migrateWithBackup, type MigrationReport } from './migrate';
import { cacheStatements } from './statement-cache';

export type AppDatabase = BetterSQLite3Database<typeof schema>;
export type SqliteHandle = Database.Database;

export interface OpenDatabaseOptions {
  /** The metadata database file. Its folder is created if needed. */
  file: string;
  migrationsDir: string;
  backupsDir: string;
  /** Path to a better-sqlite3 binary built for this runtime (the Electron build); Node uses its own. */
  nativeBinding?: string;
  keepBackups?: number;
}

export interface OpenedDatabase {
  sqlite: SqliteHandle;
  db: AppDatabase;
  migration: MigrationReport;
  close(): void;
}

/**
 * Connection settings, set explicitly because the defaults are not what a desktop app wants:
 * WAL for concurrent readers, NORMAL sync (durable across app crashes; the last commits may be
 * lost on power loss, which WAL keeps consistent), foreign keys on (off by default in SQLite),
 * and a busy timeout so a second reader does not fail immediately.
 */
export function applyConnectionPragmas(sqlite: SqliteHandle): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
}

export function openSqlite(file: string, nativeBinding?: string): SqliteHandle {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file, nativeBinding ? { nativeBinding } : {});
  applyConnectionPragmas(sqlite);
  return sqlite;
}

/** Opens the metadata database and brings its schema up to date (backing it up first). */
export async function openDatabase(options: OpenDatabaseOptions): Promise<OpenedDatabase> {
  const sqlite = openSqlite(options.file, options.nativeBinding);
  try {
    const migration = await migrateWithBackup(sqlite, {
      migrationsDir: options.migrationsDir,
      backupsDir: options.backupsDir,
      keepBackups: options.keepBackups ?? 3,
    });
    // After the migrations: their statements are run once and would only fill the cache.
    cacheStatements(sqlite);
    const db = drizzle(sqlite, { schema });
    return { sqlite, db, migration, close: () => sqlite.close() };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}
