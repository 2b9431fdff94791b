/**
 * Runs in its own process (so its peak memory can be read from outside): DuckDB `read_csv` of
 * the benchmark file into a file database, then `SUMMARIZE` of the table. Prints one JSON line.
 *
 * Usage: node --import tsx bench/duckdb-child.ts <csv> <database file> (the benchmark runs it bundled,
 * with plain node).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';

function rssKb(): number {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  return Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
}

function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

async function main(): Promise<void> {
  const [csv, databaseFile] = process.argv.slice(2);
  if (!csv || !databaseFile) throw new Error('usage: duckdb-child.ts <csv> <database file>');
  for (const f of [databaseFile, `${databaseFile}.wal`]) fs.rmSync(f, { force: true });
  const baselineKb = rssKb();
  const started = performance.now();
  const instance = await DuckDBInstance.create(databaseFile);
  const connection = await instance.connect();
  const opened = performance.now();
  await connection.run(`CREATE TABLE t AS SELECT * FROM read_csv(${sqlString(csv)})`);
  const loaded = performance.now();
  const count = await connection.runAndReadAll('SELECT count(*) AS n FROM t');
  const rows = Number(count.getRowObjects()[0]?.n ?? 0);
  const beforeSummarize = performance.now();
  const summary = await connection.runAndReadAll('SUMMARIZE t');
  const summarized = performance.now();
  const columns = summary.getRowObjects().length;
  const version = await connection.runAndReadAll('SELECT version() AS v');
  connection.closeSync();
  instance.closeSync();
  const size = fs.statSync(databaseFile).size;
  process.stdout.write(
    `${JSON.stringify({
      version: String(version.getRowObjects()[0]?.v ?? ''),
      openMs: opened - started,
      readCsvMs: loaded - opened,
      summarizeMs: summarized - beforeSummarize,
      rows,
      summarizedColumns: columns,
      databaseBytes: size,
      baselineRssKb: baselineKb,
    })}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
