import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveInsights } from '../../src/main/services/analysis/insights';
import { registerSqlFunctions } from '../../src/main/services/datasets/operations';
import { createNodeLauncher } from '../../src/main/workers/launcher';
import type { ProfileVersionProgress, ProfileVersionResult } from '../../src/main/jobs/profile';
import { WorkerSupervisor } from '../../src/main/workers/supervisor';
import { datasetProfileSchema } from '../../src/shared/analysis';
import type { Column } from '../../src/shared/operations';
import { CairnError } from '../../src/shared/result';
import { repoRoot } from '../helpers/paths';
import { useTempDirs } from '../helpers/temp';

const worker = path.join(repoRoot, 'src/main/workers/profile-version.ts');
const tempDir = useTempDirs();
let supervisor: WorkerSupervisor | null = null;

afterEach(() => {
  supervisor?.shutdown();
  supervisor = null;
});

function start(): WorkerSupervisor {
  supervisor = new WorkerSupervisor({ launcher: createNodeLauncher({ execArgv: ['--import', 'tsx'] }) });
  return supervisor;
}

const columns: Column[] = [
  { name: 'id', type: 'integer' },
  { name: 'city', type: 'text' },
  { name: 'amount', type: 'float' },
];

/** A data file with a 100,000-row root table and a derived view that calls a Cairn SQL function. */
function dataFile(): string {
  const file = path.join(tempDir(), 'dataset.sqlite');
  const db = new Database(file);
  registerSqlFunctions(db);
  db.pragma('journal_mode = WAL');
  db.exec(
    'CREATE TABLE v_root ("__cairn_row" INTEGER PRIMARY KEY, "id" INTEGER, "city" TEXT, "amount" REAL)',
  );
  db.exec(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 100000)
    INSERT INTO v_root SELECT i, i, CASE i % 4 WHEN 0 THEN 'NY' WHEN 1 THEN ' ny' WHEN 2 THEN 'LA' ELSE NULL END,
      CASE WHEN i % 10 = 0 THEN NULL ELSE (i % 100) * 1.5 END FROM s`);
  db.exec(
    `CREATE VIEW v_child AS SELECT "__cairn_row", "id", cairn_text_clean("city", 1, 'upper', 0) AS "city", "amount" FROM v_root`,
  );
  db.close();
  return file;
}

describe('profile-version worker', { timeout: 90_000 }, () => {
  it('profiles a table and a derived view in a worker process, with progress', async () => {
    const file = dataFile();
    const progress: ProfileVersionProgress[] = [];
    const result = await start().run<ProfileVersionResult, ProfileVersionProgress>(
      worker,
      { dataFile: file, relation: 'v_root', columns },
      { onProgress: (p) => progress.push(p), timeoutMs: 60_000 },
    );
    const profile = datasetProfileSchema.parse(result);
    expect(profile).toMatchObject({
      rows: 100_000,
      columns: 3,
      missingCells: 25_000 + 10_000,
      duplicateRows: 0,
    });
    const city = profile.columnProfiles[1];
    expect(city?.topValues).toEqual([
      { value: ' ny', count: 25_000 },
      { value: 'LA', count: 25_000 },
      { value: 'NY', count: 25_000 },
    ]);
    expect(profile.columnProfiles[0]?.patterns.idLike).toBe(true);
    expect(result.extras.columns.city?.variants?.caseGroups).toBe(1);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toEqual({ done: 100_000, total: 100_000 });
    const rules = deriveInsights(profile, columns, 'data_quality', result.extras).map((i) => i.rule);
    expect(rules).toEqual(
      expect.arrayContaining(['missing_data:city', 'whitespace:city', 'case_variants:city']),
    );

    const child = await start().run<ProfileVersionResult>(worker, {
      dataFile: file,
      relation: 'v_child',
      columns,
    });
    expect(child.columnProfiles[1]?.topValues).toEqual([
      { value: 'NY', count: 50_000 },
      { value: 'LA', count: 25_000 },
    ]);
    expect(child.columnProfiles[1]?.patterns.surroundingWhitespace).toBe(0);
  });

  it('gives the same profile when the columns are split over threads', async () => {
    const file = dataFile();
    const s = start();
    const [one, two] = await Promise.all(
      [1, 3].map((parts) =>
        s.run<ProfileVersionResult>(
          worker,
          { dataFile: file, relation: 'v_root', columns, parts },
          { timeoutMs: 60_000 },
        ),
      ),
    );
    const strip = (r: ProfileVersionResult | undefined) => ({ ...r, computedMs: 0 });
    expect(strip(two)).toEqual(strip(one));
  });

  it('refuses bad input and reports a missing file', async () => {
    const s = start();
    await expect(s.run(worker, { dataFile: '', relation: 'x', columns: [] })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    const missing = path.join(tempDir(), 'nope.sqlite');
    await expect(s.run(worker, { dataFile: missing, relation: 'x', columns })).rejects.toBeInstanceOf(
      CairnError,
    );
  });

  it('stops when cancelled', async () => {
    const file = dataFile();
    const controller = new AbortController();
    const run = start().run(
      worker,
      { dataFile: file, relation: 'v_root', columns },
      { signal: controller.signal },
    );
    controller.abort();
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
