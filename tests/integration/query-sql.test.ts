import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CairnError } from '../../src/shared/result';
import { MAX_CELL_CHARS, MAX_RESULT_BYTES } from '../../src/main/jobs/query';
import { createTestApp } from '../helpers/app';
import { importCsvInto } from '../helpers/import';
import { pingWhile } from '../helpers/ping';
import { useCleanup, useTempDirs } from '../helpers/temp';

/**
 * The assistant's read-only SQL (`datasets.query`): one SELECT over a version named `data`, in a
 * worker process on a read-only connection, with a row limit and a time limit.
 */

const tempDir = useTempDirs();
const cleanup = useCleanup();

const CSV = ['id,name,age,city', '1,Ann,34,NY', '2,Bob,,LA', '3,Cid,51,SF', '4,Dee,28,NY', ''].join('\n');

async function setup() {
  const dir = tempDir();
  const app = await createTestApp(dir);
  cleanup(() => app.close());
  const { ws, dataset } = await importCsvInto(app, dir, { fileName: 'people.csv', csv: CSV, workspace: 'Q' });
  const scope = { workspaceId: ws.id, datasetId: dataset.id, versionId: dataset.rootVersionId! };
  const query = (sql: string, maxRows = 50, options: { signal?: AbortSignal; timeoutMs?: number } = {}) =>
    app.services.datasets.query({ ...scope, sql, maxRows }, options);
  return { app, ws, dataset, scope, query };
}

async function refusal(promise: Promise<unknown>): Promise<CairnError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CairnError) return error;
    throw error;
  }
  throw new Error('The query was not refused.');
}

describe('read-only SQL over a version', () => {
  it('answers a SELECT over `data` with the version’s columns', async () => {
    const { query } = await setup();
    const result = await query('SELECT city, count(*) AS n FROM data GROUP BY city ORDER BY n DESC, city');
    expect(result).toEqual({
      columns: ['city', 'n'],
      rows: [
        ['NY', 2],
        ['LA', 1],
        ['SF', 1],
      ],
      truncated: false,
      note: null,
    });
    const nulls = await query('SELECT name FROM data WHERE age IS NULL;');
    expect(nulls.rows).toEqual([['Bob']]);
  });

  it('reads a derived version (a view) as that version, not its parent', async () => {
    const { app, scope } = await setup();
    const dropped = await app.services.datasets.apply({
      ...scope,
      operation: { op: 'drop_columns', columns: ['city'] },
    });
    const result = await app.services.datasets.query({
      ...scope,
      versionId: dropped.id,
      sql: 'SELECT * FROM data',
      maxRows: 10,
    });
    expect(result.columns).toEqual(['id', 'name', 'age']);
    expect(result.rows).toHaveLength(4);
  });

  it('stops at the row limit and says there were more', async () => {
    const { query } = await setup();
    const result = await query('SELECT id FROM data ORDER BY id', 2);
    expect(result).toMatchObject({ rows: [[1], [2]], truncated: true });
  });

  it('refuses anything that writes, several statements and bad SQL, with a reason, and changes nothing', async () => {
    const { query } = await setup();
    for (const sql of [
      'DELETE FROM data',
      'drop table data',
      'INSERT INTO data (id) VALUES (9)',
      'PRAGMA journal_mode = DELETE',
      "ATTACH DATABASE '/tmp/x.db' AS x",
      'WITH x AS (SELECT 1) DELETE FROM data',
      'CREATE TABLE t AS SELECT * FROM data',
    ]) {
      const error = await refusal(query(sql));
      expect(error.code, sql).toBe('VALIDATION');
      expect(error.message, sql).toMatch(/Only a query that reads|cannot run/);
    }
    const two = await refusal(query('SELECT 1 FROM data; DELETE FROM data'));
    expect(two.message).toMatch(/cannot run: .*more than one statement/i);
    const bad = await refusal(query('SELECT salary FROM data'));
    expect(bad.message).toBe('The query cannot run: no such column: salary.');
    const after = await query('SELECT count(*) FROM data');
    expect(after.rows).toEqual([[4]]);
  });

  it('kills a query that runs past its time limit, and the next one runs', async () => {
    const { query } = await setup();
    const forever =
      'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n, data';
    const started = Date.now();
    const error = await refusal(query(forever, 50, { timeoutMs: 1500 }));
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/took longer than 2 s and was stopped/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await query('SELECT count(*) FROM data')).rows).toEqual([[4]]);
  });

  it('is cancelled through its signal', async () => {
    const { query } = await setup();
    const controller = new AbortController();
    const forever = 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n';
    const running = query(forever, 50, { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    const error = await refusal(running);
    expect(error.code).toBe('CANCELLED');
  });
});

describe('the query worker’s standby', () => {
  it('after a query, a worker is started and waits for the next one, which then starts no process', async () => {
    const dir = tempDir();
    const launched: string[] = [];
    const app = await createTestApp(dir, {
      onLaunch: (modulePath) => launched.push(path.basename(modulePath)),
    });
    cleanup(() => app.close());
    const { ws, dataset } = await importCsvInto(app, dir, {
      fileName: 'people.csv',
      csv: CSV,
      workspace: 'S',
    });
    const input = {
      workspaceId: ws.id,
      datasetId: dataset.id,
      versionId: dataset.rootVersionId!,
      maxRows: 5,
    };
    const queries = () => launched.filter((m) => m === 'query-sql.ts').length;

    // The standby starts once the answer is delivered, in the next turn given to starts.
    const afterAnswer = () => app.workers.launchTurn();
    await app.services.datasets.query({ ...input, sql: 'SELECT count(*) FROM data' });
    expect(queries()).toBe(1);
    await afterAnswer();
    expect(queries()).toBe(2);
    const before = queries();
    const result = await app.services.datasets.query({ ...input, sql: 'SELECT max(age) FROM data' });
    expect(result.rows).toEqual([[51]]);
    await afterAnswer();
    // The second query ran in the standby; the one started now is the next standby.
    expect(queries()).toBe(before + 1);
  });
});

describe('a large result is bounded in the worker, before it is sent', () => {
  it('a 220 MB value comes back cut, with a note, and never stalls the main process', async () => {
    const { app, query } = await setup();
    // As in a conversation: a query has run and a worker stands by. What is measured is the large
    // value, not a process start (a fork pauses this process for a fixed time no input controls).
    await query('SELECT count(*) FROM data');
    await app.services.analysis.idle();
    await app.workers.launchTurn();
    const report = await pingWhile(app, () =>
      query(
        `SELECT printf('%.*c', 220000000, 'x') AS huge, zeroblob(210000000) AS blob FROM data LIMIT 1`,
        50,
        {
          timeoutMs: 60_000,
        },
      ),
    );
    if (!report.outcome.ok) throw report.outcome.error;
    const result = report.outcome.value;
    expect(result.rows).toHaveLength(1);
    const [huge, blob] = result.rows[0]!;
    expect(typeof huge === 'string' && huge.length).toBe(MAX_CELL_CHARS + 1);
    expect(blob).toBe('[210000000 bytes of binary data]');
    expect(result.note).toBe('2 values were cut to 10,000 characters (binary data is described, not shown).');
    expect(report.pings).toBeGreaterThan(0);
    expect(report.slowestMs).toBeLessThan(100);
  });

  it('many rows stop at the byte limit, with a note that says so', async () => {
    const { query } = await setup();
    // 4 rows × 200 copies × 5,000 characters: 4 MB, over the 1 MB limit.
    const result = await query(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
       SELECT printf('%.*c', 5000, 'y') AS v FROM data, n`,
      1000,
    );
    expect(result.truncated).toBe(true);
    expect(result.rows.length).toBe(Math.floor(MAX_RESULT_BYTES / 5000));
    expect(result.note).toBe(
      `Only the first ${result.rows.length} rows are shown: the result is larger than 1 MB.`,
    );
  });
});
