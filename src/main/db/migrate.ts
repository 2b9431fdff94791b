import type Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CairnError } from '../../shared/result';

const journalSchema = z.object({
  entries: z.array(z.object({ idx: z.number(), when: z.number(), tag: z.string() })),
});

export interface MigrationReport {
  /** Tags of migrations applied by this start-up, oldest first. */
  applied: string[];
  /** The backup taken before applying them, if the database already held data. */
  backupFile: string | null;
  /** Tag of the newest migration now in the database. */
  schemaVersion: string;
}

interface MigrateOptions {
  migrationsDir: string;
  backupsDir: string;
  keepBackups: number;
}

export function readJournal(migrationsDir: string): { tag: string; when: number }[] {
  const file = path.join(migrationsDir, 'meta', '_journal.json');
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch {
    throw new CairnError(
      'UNAVAILABLE',
      `Cairn's database migrations are missing (${file}). The installation is incomplete.`,
    );
  }
  return journalSchema.parse(JSON.parse(raw)).entries.sort((a, b) => a.when - b.when);
}

/** The `created_at` of the newest migration drizzle recorded, or null for a new database. */
function lastAppliedMillis(sqlite: Database.Database): number | null {
  const table = sqlite
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'`)
    .get();
  if (!table) return null;
  const row = sqlite
    .prepare(`SELECT created_at AS createdAt FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1`)
    .get() as { createdAt: number | string } | undefined;
  return row ? Number(row.createdAt) : null;
}

function timestampForFile(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** Keeps the newest `keep` backups; older ones are removed. Names sort by time. */
export function pruneBackups(backupsDir: string, keep: number): void {
  const files = fs
    .readdirSync(backupsDir)
    .filter((name) => /^cairn-.*\.db$/.test(name))
    .sort();
  for (const name of files.slice(0, Math.max(0, files.length - keep))) {
    fs.rmSync(path.join(backupsDir, name), { force: true });
  }
}

/**
 * Applies pending drizzle migrations. If the database already has data, an online backup is
 * written first. A failure leaves the database as it was (drizzle applies all pending migrations
 * in one transaction) and surfaces as an UNAVAILABLE error naming the backup. Never deletes data.
 */
export async function migrateWithBackup(
  sqlite: Database.Database,
  options: MigrateOptions,
): Promise<MigrationReport> {
  const journal = readJournal(options.migrationsDir);
  const newest = journal.at(-1);
  const lastApplied = lastAppliedMillis(sqlite);
  if (newest && lastApplied !== null && lastApplied > newest.when) {
    throw new CairnError(
      'UNAVAILABLE',
      'This database was written by a newer version of Cairn. Update Cairn to open it; nothing was changed.',
    );
  }
  const pending = journal.filter((entry) => lastApplied === null || entry.when > lastApplied);
  const current = journal.filter((entry) => lastApplied !== null && entry.when <= lastApplied).at(-1);
  if (pending.length === 0) {
    return { applied: [], backupFile: null, schemaVersion: current?.tag ?? 'empty' };
  }

  let backupFile: string | null = null;
  if (lastApplied !== null) {
    fs.mkdirSync(options.backupsDir, { recursive: true });
    const from = current?.tag ?? 'unknown';
    backupFile = path.join(
      options.backupsDir,
      `cairn-${timestampForFile(new Date())}-before-${pending[0]?.tag ?? from}.db`,
    );
    await sqlite.backup(backupFile);
    pruneBackups(options.backupsDir, options.keepBackups);
  }

  // drizzle applies the migrations inside one BEGIN…COMMIT, where the `PRAGMA foreign_keys=OFF` that
  // drizzle-kit writes before a table rebuild is a no-op: the rebuild's DROP TABLE would then
  // cascade-delete every row that references the table. Foreign keys are off for the migration.
  const foreignKeys = sqlite.pragma('foreign_keys', { simple: true }) === 1;
  sqlite.pragma('foreign_keys = OFF');
  try {
    migrate(drizzle(sqlite), { migrationsFolder: options.migrationsDir });
  } catch (error) {
    // drizzle wraps SQLite's error ("Failed to run the query …"); the reason is in its cause.
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const reason = cause instanceof Error ? cause.message : String(cause);
    const saved = backupFile ? ` A copy of your database from before the upgrade is at ${backupFile}.` : '';
    throw new CairnError(
      'UNAVAILABLE',
      `Cairn could not upgrade its database: ${reason}. Your data was not changed.${saved}`,
      { backupFile, pending: pending.map((p) => p.tag) },
    );
  } finally {
    sqlite.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
  return { applied: pending.map((p) => p.tag), backupFile, schemaVersion: newest?.tag ?? 'empty' };
}
