import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CairnError } from '../../src/shared/result';
import { openDatabase, openSqlite, type OpenedDatabase } from '../../src/main/db/connection';
import { migrateWithBackup, pruneBackups, readJournal } from '../../src/main/db/migrate';
import { MigrationsCopy } from '../helpers/migrations';
import { realMigrationsDir } from '../helpers/paths';
import { useCleanup, useTempDirs } from '../helpers/temp';

const tempDir = useTempDirs();
const onCleanup = useCleanup();

const REAL_TAGS = readJournal(realMigrationsDir).map((e) => e.tag);
const NEWEST_REAL = REAL_TAGS.at(-1) as string;

interface Setup {
  dir: string;
  file: string;
  backupsDir: string;
  migrations: MigrationsCopy;
  open(options?: { keepBackups?: number }): Promise<OpenedDatabase>;
}

function setup(): Setup {
  const dir = tempDir();
  const migrations = new MigrationsCopy(dir);
  const file = path.join(dir, 'data', 'cairn.db');
  const backupsDir = path.join(dir, 'data', 'backups');
  return {
    dir,
    file,
    backupsDir,
    migrations,
    open: async (options = {}) => {
      const opened = await openDatabase({ file, migrationsDir: migrations.dir, backupsDir, ...options });
      onCleanup(() => {
        if (opened.sqlite.open) opened.close();
      });
      return opened;
    },
  };
}

function insertWorkspace(sqlite: Database.Database, id: string, name: string): void {
  sqlite
    .prepare(`INSERT INTO workspaces (id, name, created_at, updated_at) VALUES (?, ?, 't', 't')`)
    .run(id, name);
}

function names(sqlite: Database.Database): string[] {
  return (sqlite.prepare('SELECT name FROM workspaces ORDER BY name').all() as { name: string }[]).map(
    (r) => r.name,
  );
}

function tableNames(sqlite: Database.Database): string[] {
  return (
    sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as {
      name: string;
    }[]
  ).map((r) => r.name);
}

function appliedCount(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

async function rejection(promise: Promise<unknown>): Promise<CairnError> {
  const error: unknown = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof CairnError)) throw error;
  return error;
}

describe('openDatabase connection settings', () => {
  it('creates the folder and opens with WAL, synchronous=NORMAL, foreign keys and a busy timeout, kept after a write', async () => {
    const s = setup();
    const { sqlite } = await s.open();
    expect(fs.existsSync(s.file)).toBe(true);
    insertWorkspace(sqlite, 'w1', 'First');
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(1);
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(fs.existsSync(`${s.file}-wal`)).toBe(true);
  });

  it('keeps WAL mode in the file, so a second connection sees it too', async () => {
    const s = setup();
    const first = await s.open();
    insertWorkspace(first.sqlite, 'w1', 'First');
    const second = new Database(s.file);
    onCleanup(() => second.close());
    expect(second.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(names(second)).toEqual(['First']);
  });

  it('enforces the schema: blank names are refused by the CHECK constraint', async () => {
    const s = setup();
    const { sqlite } = await s.open();
    expect(() => insertWorkspace(sqlite, 'w1', '   ')).toThrow(/CHECK constraint failed/);
  });
});

describe('migrateWithBackup on a new database', () => {
  it('applies every migration, takes no backup and reports the newest tag', async () => {
    const s = setup();
    const { sqlite, migration } = await s.open();
    expect(migration).toEqual({ applied: REAL_TAGS, backupFile: null, schemaVersion: NEWEST_REAL });
    expect(tableNames(sqlite)).toContain('workspaces');
    expect(fs.existsSync(s.backupsDir)).toBe(false);
  });

  it('does nothing on the next start when no migration is pending', async () => {
    const s = setup();
    (await s.open()).close();
    const again = await s.open();
    expect(again.migration).toEqual({ applied: [], backupFile: null, schemaVersion: NEWEST_REAL });
    expect(fs.existsSync(s.backupsDir)).toBe(false);
    expect(appliedCount(s.file)).toBe(REAL_TAGS.length);
  });

  it('refuses to start without its migrations folder, as UNAVAILABLE', async () => {
    const dir = tempDir();
    const error = await rejection(
      openDatabase({ file: path.join(dir, 'c.db'), migrationsDir: path.join(dir, 'none'), backupsDir: dir }),
    );
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toContain('migrations are missing');
  });
});

describe('migrateWithBackup with pending migrations', () => {
  it('backs up the existing data before applying, and the backup holds the data as it was', async () => {
    const s = setup();
    const first = await s.open();
    insertWorkspace(first.sqlite, 'w1', 'Kept');
    first.close();

    const tag = s.migrations.append('add_color', ['ALTER TABLE `workspaces` ADD `color` text;']);
    const second = await s.open();
    expect(second.migration.applied).toEqual([tag]);
    expect(second.migration.schemaVersion).toBe(tag);
    const backup = second.migration.backupFile;
    expect(backup).not.toBeNull();
    expect(path.dirname(backup as string)).toBe(s.backupsDir);
    expect(path.basename(backup as string)).toMatch(new RegExp(`^cairn-\\d{8}T\\d{6}Z-before-${tag}\\.db$`));
    expect(names(second.sqlite)).toEqual(['Kept']);

    const copy = new Database(backup as string, { readonly: true });
    onCleanup(() => copy.close());
    expect(names(copy)).toEqual(['Kept']);
    const columns = (copy.prepare('PRAGMA table_info(workspaces)').all() as { name: string }[]).map(
      (c) => c.name,
    );
    expect(columns).not.toContain('color');
  });

  it('keeps only the newest three backups', async () => {
    const s = setup();
    (await s.open()).close();
    const backups: string[] = [];
    for (let i = 1; i <= 4; i++) {
      s.migrations.append(`step${i}`, [`CREATE TABLE \`t${i}\` (\`id\` integer PRIMARY KEY);`]);
      const opened = await s.open();
      backups.push(path.basename(opened.migration.backupFile as string));
      opened.close();
    }
    const left = fs.readdirSync(s.backupsDir).sort();
    expect(left).toHaveLength(3);
    expect(left).toEqual(backups.slice(1).sort());
    expect(left.some((name) => name.includes('_step1.db'))).toBe(false);
  });

  it('honours a custom keepBackups', async () => {
    const s = setup();
    (await s.open()).close();
    for (let i = 1; i <= 2; i++) {
      s.migrations.append(`k${i}`, [`CREATE TABLE \`k${i}\` (\`id\` integer PRIMARY KEY);`]);
      (await s.open({ keepBackups: 1 })).close();
    }
    const last = s.migrations.tags().at(-1) as string;
    expect(fs.readdirSync(s.backupsDir)).toEqual([
      expect.stringMatching(new RegExp(`-before-${last}\\.db$`)) as string,
    ]);
  });

  it('a failing migration throws UNAVAILABLE naming the backup and leaves data and schema unchanged', async () => {
    const s = setup();
    const first = await s.open();
    insertWorkspace(first.sqlite, 'w1', 'Precious');
    first.close();

    const good = s.migrations.append('good', ['CREATE TABLE `notes` (`id` text PRIMARY KEY);']);
    const bad = s.migrations.append('bad', [
      "UPDATE `workspaces` SET `name` = 'Changed';",
      'INSERT INTO `no_such_table` VALUES (1);',
    ]);
    const error = await rejection(s.open());
    expect(error.code).toBe('UNAVAILABLE');
    const details = error.details as { backupFile: string; pending: string[] };
    expect(details.pending).toEqual([good, bad]);
    expect(path.basename(details.backupFile)).toMatch(new RegExp(`-before-${good}\\.db$`));
    expect(error.message).toContain('no such table: no_such_table');
    expect(error.message).toContain('Your data was not changed.');
    expect(error.message).toContain(details.backupFile);
    expect(fs.existsSync(details.backupFile)).toBe(true);

    const check = new Database(s.file, { readonly: true });
    onCleanup(() => check.close());
    expect(names(check)).toEqual(['Precious']);
    expect(tableNames(check)).not.toContain('notes');
    expect((check.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n).toBe(
      REAL_TAGS.length,
    );
  });

  it('a failing migration on a new database takes no backup and says so', async () => {
    const s = setup();
    s.migrations.append('bad', ['CREATE TABLE `workspaces` (`id` text);']);
    const error = await rejection(s.open());
    expect(error.code).toBe('UNAVAILABLE');
    expect((error.details as { backupFile: string | null }).backupFile).toBeNull();
    expect(error.message).not.toContain('A copy of your database');
    expect(fs.existsSync(s.backupsDir)).toBe(false);
  });

  it('rebuilding a parent table the way drizzle-kit does keeps rows that reference it (no cascade)', async () => {
    const s = setup();
    s.migrations.append('items', [
      'CREATE TABLE `items` (`id` text PRIMARY KEY NOT NULL, `workspace_id` text NOT NULL REFERENCES `workspaces`(`id`) ON DELETE CASCADE);',
    ]);
    const first = await s.open();
    insertWorkspace(first.sqlite, 'w1', 'Parent');
    first.sqlite.prepare(`INSERT INTO items (id, workspace_id) VALUES ('i1', 'w1')`).run();
    first.close();

    // drizzle-kit's generated SQL for a table rebuild (e.g. changing a column's constraints).
    const rebuild = s.migrations.append('rebuild_workspaces', [
      'PRAGMA foreign_keys=OFF;',
      "CREATE TABLE `__new_workspaces` (`id` text PRIMARY KEY NOT NULL, `name` text NOT NULL, `description` text DEFAULT '' NOT NULL, `created_at` text NOT NULL, `updated_at` text NOT NULL, `archived_at` text, `color` text);",
      'INSERT INTO `__new_workspaces`("id", "name", "description", "created_at", "updated_at", "archived_at") SELECT "id", "name", "description", "created_at", "updated_at", "archived_at" FROM `workspaces`;',
      'DROP TABLE `workspaces`;',
      'ALTER TABLE `__new_workspaces` RENAME TO `workspaces`;',
      'PRAGMA foreign_keys=ON;',
    ]);
    const second = await s.open();
    expect(second.migration.applied).toEqual([rebuild]);
    expect(names(second.sqlite)).toEqual(['Parent']);
    expect(second.sqlite.prepare('SELECT id, workspace_id AS ws FROM items').all()).toEqual([
      { id: 'i1', ws: 'w1' },
    ]);
    // Foreign keys are enforced again afterwards.
    expect(second.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() =>
      second.sqlite.prepare(`INSERT INTO items (id, workspace_id) VALUES ('i2', 'nope')`).run(),
    ).toThrow(/FOREIGN KEY constraint failed/);
    second.sqlite.prepare(`DELETE FROM workspaces WHERE id = 'w1'`).run();
    expect(second.sqlite.prepare('SELECT count(*) AS n FROM items').get()).toEqual({ n: 0 });
  });

  it('re-enables foreign keys on the handle after a failed migration', async () => {
    const s = setup();
    (await s.open()).close();
    s.migrations.append('bad', ['INSERT INTO `no_such_table` VALUES (1);']);
    const sqlite = openSqlite(s.file);
    onCleanup(() => sqlite.close());
    const error = await rejection(
      migrateWithBackup(sqlite, {
        migrationsDir: s.migrations.dir,
        backupsDir: s.backupsDir,
        keepBackups: 3,
      }),
    );
    expect(error.code).toBe('UNAVAILABLE');
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.inTransaction).toBe(false);
  });
});

describe('migrateWithBackup on a database from a newer Cairn', () => {
  it('refuses it as UNAVAILABLE and changes nothing', async () => {
    const newer = setup();
    newer.migrations.append('future', ['CREATE TABLE `future` (`id` integer PRIMARY KEY);']);
    const opened = await newer.open();
    insertWorkspace(opened.sqlite, 'w1', 'From the future');
    opened.close();

    // This app only knows the real migrations.
    const error = await rejection(
      openDatabase({ file: newer.file, migrationsDir: realMigrationsDir, backupsDir: newer.backupsDir }),
    );
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toBe(
      'This database was written by a newer version of Cairn. Update Cairn to open it; nothing was changed.',
    );
    expect(fs.existsSync(newer.backupsDir)).toBe(false);
    expect(appliedCount(newer.file)).toBe(REAL_TAGS.length + 1);
    const check = new Database(newer.file, { readonly: true });
    onCleanup(() => check.close());
    expect(names(check)).toEqual(['From the future']);
  });
});

describe('pruneBackups', () => {
  it('removes the oldest cairn-*.db files beyond the limit and leaves other files alone', () => {
    const dir = tempDir();
    const files = [
      'cairn-20250101T000000Z-before-0001_a.db',
      'cairn-20250102T000000Z-before-0002_b.db',
      'cairn-20250103T000000Z-before-0003_c.db',
      'cairn-20250104T000000Z-before-0004_d.db',
      'notes.txt',
    ];
    for (const f of files) fs.writeFileSync(path.join(dir, f), '');
    pruneBackups(dir, 2);
    expect(fs.readdirSync(dir).sort()).toEqual([
      'cairn-20250103T000000Z-before-0003_c.db',
      'cairn-20250104T000000Z-before-0004_d.db',
      'notes.txt',
    ]);
  });
});
