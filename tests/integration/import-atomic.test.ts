import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportJobProgress, ImportJobResult, ImportWorkerResult } from '../../src/main/jobs/import';
import { removeImportLeftovers } from '../../src/main/services/datasets/import';
import { profileRelationWithExtras } from '../../src/main/services/analysis/profile';
import { createNodeLauncher, type WorkerLauncher } from '../../src/main/workers/launcher';
import { WorkerSupervisor, type RunJobOptions } from '../../src/main/workers/supervisor';
import { CairnError } from '../../src/shared/result';
import { repoRoot } from '../helpers/paths';
import { processExists } from '../helpers/process';
import { useTempDirs } from '../helpers/temp';

/**
 * Atomicity of the import on a large generated file, in real worker processes: a cancelled or
 * killed import leaves no data file; a kill may leave `*.partial*` files, which
 * `removeImportLeftovers` (run by the main process at start-up) clears, after which the same
 * import succeeds. Also the progress events of a complete import.
 */

const IMPORT_WORKER = path.join(repoRoot, 'src', 'main', 'workers', 'import-csv.ts');
const ROWS = 300_000;
const tempDir = useTempDirs();
const tsLauncher = createNodeLauncher({ execArgv: ['--import', 'tsx'] });

type PhaseProgress = Extract<ImportJobProgress, { rows: number }>;

let sourceDir = '';
let sourcePath = '';

/** ~20 MB: integers, floats, dates, datetimes, booleans, categories, quoted text with line breaks. */
function writeLargeCsv(file: string, rows: number): void {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, 'id,amount,score,day,at,flag,category,note\n');
    let chunk = '';
    for (let i = 1; i <= rows; i++) {
      const day = `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
      const note = i % 50 === 0 ? `"multi\nline, ""quoted"" ${i}"` : `note ${i}`;
      const amount = i % 20 === 0 ? '' : String((i * 7919) % 100_000);
      chunk += `${i},${amount},${(i % 1000) / 8},${day},${day}T${String(i % 24).padStart(2, '0')}:15:00Z,${i % 3 === 0},cat${i % 7},${note}\n`;
      if (chunk.length > 1 << 20) {
        fs.writeSync(fd, chunk);
        chunk = '';
      }
    }
    fs.writeSync(fd, chunk);
  } finally {
    fs.closeSync(fd);
  }
}

beforeAll(() => {
  sourceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-import-source-'));
  sourcePath = path.join(sourceDir, 'large.csv');
  writeLargeCsv(sourcePath, ROWS);
});

afterAll(() => {
  if (sourceDir) fs.rmSync(sourceDir, { recursive: true, force: true });
});

interface Harness {
  supervisor: WorkerSupervisor;
  pids: number[];
}

function harness(onTestFinished: (fn: () => void) => void): Harness {
  const pids: number[] = [];
  const launcher: WorkerLauncher = (modulePath) => {
    const child = tsLauncher(modulePath);
    if (child.pid !== undefined) pids.push(child.pid);
    return child;
  };
  const supervisor = new WorkerSupervisor({ launcher });
  onTestFinished(() => supervisor.shutdown());
  return { supervisor, pids };
}

function runImport(
  supervisor: WorkerSupervisor,
  dataFile: string,
  options: RunJobOptions<ImportJobProgress> = {},
): Promise<ImportWorkerResult | CairnError> {
  return supervisor
    .run<ImportWorkerResult, ImportJobProgress>(
      IMPORT_WORKER,
      { sourcePath, dataFile, table: 'rows', fileName: 'large.csv', options: {} },
      options,
    )
    .catch((error: unknown) => {
      if (error instanceof CairnError) return error;
      throw error;
    });
}

describe('import: cancellation leaves nothing behind', () => {
  for (const phase of ['reading', 'typing'] as const) {
    it(`cancelled while ${phase}: rejects CANCELLED once the worker is gone; no file is left`, async ({
      onTestFinished,
    }) => {
      const { supervisor, pids } = harness(onTestFinished);
      const dir = tempDir();
      const dataFile = path.join(dir, 'data.sqlite');
      const controller = new AbortController();
      let cancelledAt: ImportJobProgress | null = null;
      const outcome = await runImport(supervisor, dataFile, {
        signal: controller.signal,
        onProgress: (p) => {
          if (cancelledAt === null && p.phase === phase && 'rows' in p && p.rows > 0) {
            cancelledAt = p;
            controller.abort();
          }
        },
      });
      expect(outcome).toBeInstanceOf(CairnError);
      expect((outcome as CairnError).toInfo()).toEqual({ code: 'CANCELLED', message: 'Cancelled.' });
      const at = cancelledAt as PhaseProgress | null;
      expect(at?.phase).toBe(phase);
      if (phase === 'reading') expect(at?.bytesRead).toBeLessThan(at?.totalBytes as number);
      expect(processExists(pids[0] as number)).toBe(false);
      expect(fs.readdirSync(dir)).toEqual([]);
    }, 120_000);
  }
});

describe('import: a killed worker', () => {
  for (const phase of ['reading', 'typing'] as const) {
    it(`SIGKILLed while ${phase}: no data file, only *.partial leftovers, which removeImportLeftovers clears; the import then succeeds`, async ({
      onTestFinished,
    }) => {
      const { supervisor, pids } = harness(onTestFinished);
      const dir = tempDir();
      const dataFile = path.join(dir, 'data.sqlite');
      fs.writeFileSync(path.join(dir, 'other.sqlite'), 'not an import leftover');
      let killedAt: ImportJobProgress | null = null;
      const outcome = await runImport(supervisor, dataFile, {
        onProgress: (p) => {
          if (killedAt === null && p.phase === phase && 'rows' in p && p.rows > 0) {
            killedAt = p;
            process.kill(pids[0] as number, 'SIGKILL');
          }
        },
      });
      expect((outcome as CairnError).toInfo()).toEqual({
        code: 'INTERNAL',
        message: 'The worker process stopped unexpectedly (signal SIGKILL).',
      });
      expect((killedAt as ImportJobProgress | null)?.phase).toBe(phase);
      expect(fs.existsSync(dataFile)).toBe(false);
      const leftovers =
        phase === 'reading' ? ['data.sqlite.partial'] : ['data.sqlite.partial', 'data.sqlite.partial-typed'];
      expect(fs.readdirSync(dir).sort()).toEqual([...leftovers, 'other.sqlite']);

      // What the main process does at start-up.
      expect(removeImportLeftovers(dir)).toEqual(leftovers);
      expect(fs.readdirSync(dir)).toEqual(['other.sqlite']);
      expect(removeImportLeftovers(dir)).toEqual([]);

      // Nothing stale is in the way of importing the same file again.
      const again = await runImport(supervisor, dataFile);
      expect(again).not.toBeInstanceOf(CairnError);
      expect((again as ImportWorkerResult).rowCount).toBe(ROWS);
      expect(fs.readdirSync(dir).sort()).toEqual(['data.sqlite', 'other.sqlite']);
      const db = new Database(dataFile);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.prepare('SELECT count(*) FROM rows').pluck().get()).toBe(ROWS);
      } finally {
        db.close();
      }
    }, 120_000);
  }
});

describe('import: the first profile, after the data is in place', () => {
  for (const stop of ['cancelled', 'SIGKILLed'] as const) {
    it(`${stop} while profiling: the import is complete (its result was sent) and its data file stays whole`, async ({
      onTestFinished,
    }) => {
      const { supervisor, pids } = harness(onTestFinished);
      const dir = tempDir();
      const dataFile = path.join(dir, 'data.sqlite');
      const controller = new AbortController();
      let imported: ImportJobResult | null = null;
      let stoppedAt: PhaseProgress | null = null;
      const outcome = await runImport(supervisor, dataFile, {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'imported') imported = p.result;
          if (stoppedAt === null && p.phase === 'profiling' && p.rows > 0) {
            stoppedAt = p;
            if (stop === 'cancelled') controller.abort();
            else process.kill(pids[0] as number, 'SIGKILL');
          }
        },
      });
      expect(outcome).toBeInstanceOf(CairnError);
      expect((outcome as CairnError).code).toBe(stop === 'cancelled' ? 'CANCELLED' : 'INTERNAL');
      expect((stoppedAt as PhaseProgress | null)?.rows).toBeLessThan(ROWS);
      expect((imported as ImportJobResult | null)?.rowCount).toBe(ROWS);
      expect(processExists(pids[0] as number)).toBe(false);
      expect(removeImportLeftovers(dir)).toEqual([]);
      const db = new Database(dataFile);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.prepare('SELECT count(*) FROM rows').pluck().get()).toBe(ROWS);
      } finally {
        db.close();
      }
    }, 120_000);
  }
});

describe('import: a large file', () => {
  it('imports every row typed, in order, in WAL mode, reporting progress with increasing bytes at most ~10 times a second', async ({
    onTestFinished,
  }) => {
    const { supervisor } = harness(onTestFinished);
    const dir = tempDir();
    const dataFile = path.join(dir, 'data.sqlite');
    const progress: ImportJobProgress[] = [];
    const started = Date.now();
    const result = (await runImport(supervisor, dataFile, {
      onProgress: (p) => progress.push(p),
    })) as ImportWorkerResult;
    const elapsed = Date.now() - started;
    expect(result).not.toBeInstanceOf(CairnError);
    const totalBytes = fs.statSync(sourcePath).size;

    expect(result).toEqual({
      columns: [
        { name: 'id', type: 'integer' },
        { name: 'amount', type: 'integer' },
        { name: 'score', type: 'float' },
        { name: 'day', type: 'date' },
        { name: 'at', type: 'datetime' },
        { name: 'flag', type: 'boolean' },
        { name: 'category', type: 'text' },
        { name: 'note', type: 'text' },
      ],
      rowCount: ROWS,
      encoding: 'utf-8',
      delimiter: ',',
      notes: [],
      bytes: totalBytes,
      analysis: expect.any(Object) as unknown,
    });
    expect(fs.readdirSync(dir)).toEqual(['data.sqlite']);
    const db = new Database(dataFile);
    try {
      // The profile made during the import is the one a later scan of the finished table gives.
      const { analysis } = result;
      const later = profileRelationWithExtras(db, 'rows', result.columns);
      expect(analysis?.rows).toBe(ROWS);
      expect(analysis?.columnProfiles.find((c) => c.name === 'amount')?.nulls).toBe(ROWS / 20);
      expect({ ...analysis, computedMs: 0 }).toEqual({
        ...later.profile,
        extras: later.extras,
        computedMs: 0,
      });
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const stats = db
        .prepare(
          `SELECT count(*) AS n, min("__cairn_row") AS lo, max("__cairn_row") AS hi,
                  sum("__cairn_row" = id) AS inOrder, sum(amount IS NULL) AS missing,
                  sum(typeof(score) = 'real') AS reals, sum(flag) AS trues
           FROM rows`,
        )
        .get();
      expect(stats).toEqual({
        n: ROWS,
        lo: 1,
        hi: ROWS,
        inOrder: ROWS,
        missing: ROWS / 20,
        reals: ROWS,
        trues: ROWS / 3,
      });
      expect(db.prepare('SELECT * FROM rows WHERE "__cairn_row" = 50').get()).toEqual({
        __cairn_row: 50,
        id: 50,
        amount: (50 * 7919) % 100_000,
        score: 50 / 8,
        day: '2024-03-23',
        at: '2024-03-23T02:15:00Z',
        flag: 0,
        category: 'cat1',
        note: 'multi\nline, "quoted" 50',
      });
    } finally {
      db.close();
    }

    // Progress: reading from 0 to every byte, then typing, one finishing event, the import's
    // result, then profiling of the table in place.
    expect(progress[0]).toEqual({ phase: 'reading', bytesRead: 0, totalBytes, rows: 0 });
    const phases = progress.map((p) => p.phase).filter((phase, i, all) => phase !== all[i - 1]);
    expect(phases).toEqual(['reading', 'typing', 'finishing', 'imported', 'profiling']);
    expect(progress.find((p) => p.phase === 'finishing')).toEqual({
      phase: 'finishing',
      bytesRead: totalBytes,
      totalBytes,
      rows: ROWS,
    });
    const { analysis: _analysis, ...importResult } = result;
    expect(progress.find((p) => p.phase === 'imported')).toEqual({ phase: 'imported', result: importResult });
    expect(progress.at(-1)).toEqual({ phase: 'profiling', bytesRead: totalBytes, totalBytes, rows: ROWS });
    const steps = progress.filter((p): p is PhaseProgress => p.phase !== 'imported');
    const reading = steps.filter((p) => p.phase === 'reading');
    expect(reading.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < reading.length; i++) {
      expect(reading[i]?.bytesRead).toBeGreaterThanOrEqual(reading[i - 1]?.bytesRead as number);
      expect(reading[i]?.rows).toBeGreaterThanOrEqual(reading[i - 1]?.rows as number);
    }
    expect(new Set(reading.map((p) => p.bytesRead)).size).toBeGreaterThanOrEqual(3);
    expect(reading.at(-1)).toEqual({ phase: 'reading', bytesRead: totalBytes, totalBytes, rows: ROWS });
    const typing = steps.filter((p) => p.phase === 'typing');
    expect(typing.at(-1)?.rows).toBe(ROWS);
    const profiling = steps.filter((p) => p.phase === 'profiling');
    expect(profiling[0]?.rows).toBe(0);
    expect(profiling.at(-1)?.rows).toBe(ROWS);
    expect(steps.every((p) => p.totalBytes === totalBytes)).toBe(true);
    // At most one event per 100 ms, plus the forced ones at phase changes.
    expect(progress.length).toBeLessThanOrEqual(elapsed / 100 + 8);
  }, 120_000);
});

describe('removeImportLeftovers', () => {
  it('deletes the *.partial* files of a folder (and nothing else) and returns their names, sorted', () => {
    const dir = tempDir();
    const names = [
      'b.sqlite.partial',
      'a.sqlite.partial-typed',
      'a.sqlite.partial',
      'a.sqlite.partial-wal',
      'a.sqlite.partial-shm',
      'a.sqlite',
      'notes.txt',
      '.partial',
    ];
    for (const name of names) fs.writeFileSync(path.join(dir, name), 'x');
    fs.mkdirSync(path.join(dir, 'folder.partial'));
    expect(removeImportLeftovers(dir)).toEqual([
      'a.sqlite.partial',
      'a.sqlite.partial-shm',
      'a.sqlite.partial-typed',
      'a.sqlite.partial-wal',
      'b.sqlite.partial',
    ]);
    expect(fs.readdirSync(dir).sort()).toEqual(['.partial', 'a.sqlite', 'folder.partial', 'notes.txt']);
  });

  it('returns nothing for a folder that does not exist', () => {
    expect(removeImportLeftovers(path.join(tempDir(), 'missing'))).toEqual([]);
  });
});
