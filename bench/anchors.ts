/** The reference points measured on the same file in the same run: the sqlite3 CLI and DuckDB. */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { onPath, runCommand } from './lib/system';

export interface SqliteCliRun {
  wallMs: number;
  peakRssMb: number;
  rows: number;
  fileBytes: number;
}

export function sqliteCli(): { path: string; version: string } | null {
  const found = onPath('sqlite3');
  return found ? { path: found, version: '' } : null;
}

export async function sqliteCliVersion(cli: string): Promise<string> {
  const { stdout } = await runCommand(cli, ['--version']);
  return stdout.trim().split(' ').slice(0, 2).join(' ');
}

/** `sqlite3 <db> ".import --csv <file> t"` into a new file database (default settings). */
export async function runSqliteCli(cli: string, csv: string, databaseFile: string): Promise<SqliteCliRun> {
  for (const f of [databaseFile, `${databaseFile}-journal`]) fs.rmSync(f, { force: true });
  const result = await runCommand(cli, [databaseFile, `.import --csv ${csv} t`]);
  if (result.code !== 0) throw new Error(`sqlite3 .import failed (${result.code}): ${result.stderr.trim()}`);
  const db = new Database(databaseFile, { readonly: true });
  const rows = db.prepare('SELECT count(*) FROM t').pluck().get() as number;
  db.close();
  return {
    wallMs: result.ms,
    peakRssMb: result.peakKb / 1024,
    rows,
    fileBytes: fs.statSync(databaseFile).size,
  };
}

export interface DuckDbRun {
  version: string;
  readCsvMs: number;
  summarizeMs: number;
  rows: number;
  fileBytes: number;
  /** Peak RSS of the whole child process (Node + DuckDB). */
  peakRssMb: number;
  /** The child's RSS before DuckDB was opened (Node alone), to subtract if wanted. */
  baselineRssMb: number;
}

/**
 * DuckDB `read_csv` into a file database, then `SUMMARIZE`, in a child process of its own (plain
 * node running the bundled bench/duckdb-child.ts), so its peak memory is its own.
 */
export async function runDuckDb(childScript: string, csv: string, databaseFile: string): Promise<DuckDbRun> {
  const result = await runCommand(process.execPath, [childScript, csv, databaseFile]);
  if (result.code !== 0) throw new Error(`DuckDB run failed (${result.code}): ${result.stderr.trim()}`);
  const out = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {
    version: string;
    readCsvMs: number;
    summarizeMs: number;
    rows: number;
    databaseBytes: number;
    baselineRssKb: number;
  };
  return {
    version: out.version,
    readCsvMs: out.readCsvMs,
    summarizeMs: out.summarizeMs,
    rows: out.rows,
    fileBytes: out.databaseBytes,
    peakRssMb: result.peakKb / 1024,
    baselineRssMb: out.baselineRssKb / 1024,
  };
}
