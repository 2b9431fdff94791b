/**
 * The engine matrix (`npm run test:engines`): every case of ./cases is applied in Cairn, its
 * recipe is exported for every engine, each script runs unchanged on the real engine — the stock
 * sqlite3 shell, DuckDB (@duckdb/node-api), Postgres (PGlite), pandas and Ray Data (one Python
 * process each, one local Ray cluster) — and every cell of the engine's CSV is compared with
 * Cairn's own CSV export of the version. Normalisation (docs/recipes.md, "How results are
 * compared"): same header and row count; floats equal within 1e-9 relative; integers equal as
 * numbers; booleans compared ignoring letter case; all else as exact text; an empty cell and a
 * missing value are the same (a CSV cannot tell them apart). Any mismatch or failed run fails.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { PGlite } from '@electric-sql/pglite';
import Papa from 'papaparse';
import type { RecipeFormat, SqlDialect } from '../../src/shared/datasets';
import { operationSchema, type Column } from '../../src/shared/operations';
import { CairnError } from '../../src/shared/result';
import { createTestApp } from '../helpers/app';
import { repoRoot } from '../helpers/paths';
import { CASES, MESSY_CSV } from './cases';

interface PgliteFs {
  mkdirTree(dir: string): void;
  writeFile(file: string, data: Uint8Array): void;
  readFile(file: string): Uint8Array;
}

type Engine = 'sqlite3' | 'duckdb' | 'postgres' | 'pandas' | 'ray';
const ENGINES: Engine[] = ['sqlite3', 'duckdb', 'postgres', 'pandas', 'ray'];
const FORMAT: Record<Engine, { format: RecipeFormat; dialect?: SqlDialect; ext: string }> = {
  sqlite3: { format: 'sql', dialect: 'sqlite', ext: 'sql' },
  duckdb: { format: 'sql', dialect: 'duckdb', ext: 'sql' },
  postgres: { format: 'sql', dialect: 'postgres', ext: 'sql' },
  pandas: { format: 'pandas', ext: 'py' },
  ray: { format: 'ray', ext: 'py' },
};

type Outcome = { kind: 'pass' } | { kind: 'fail'; why: string } | { kind: 'untranslatable'; why: string };

interface Job {
  name: string;
  engine: Engine;
  script: string;
  output: string;
}

const python = process.env.CAIRN_ENGINES_PYTHON ?? path.join(repoRoot, '.venv-engines', 'bin', 'python');

function parseCsv(file: string): string[][] {
  const text = fs.readFileSync(file, 'utf8');
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' });
  return parsed.data;
}

function sameCell(expected: string, actual: string, type: Column['type']): boolean {
  if (expected === actual) return true;
  if (expected === '' || actual === '') return false;
  if (type === 'float') {
    const a = Number(expected);
    const b = Number(actual);
    return (
      Number.isFinite(a) &&
      Number.isFinite(b) &&
      Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))
    );
  }
  if (type === 'integer') {
    const whole = (s: string): string => s.replace(/\.0*$/, '');
    return /^-?[0-9]+(\.0*)?$/.test(actual) && BigInt(whole(expected)) === BigInt(whole(actual));
  }
  if (type === 'boolean') return expected.toLowerCase() === actual.toLowerCase();
  return false;
}

function compare(expectedFile: string, actualFile: string, columns: Column[]): Outcome {
  if (!fs.existsSync(actualFile)) return { kind: 'fail', why: 'no result file was written' };
  const expected = parseCsv(expectedFile);
  const actual = parseCsv(actualFile);
  const [eh = [], ...erows] = expected;
  const [ah = [], ...arows] = actual;
  if (JSON.stringify(eh) !== JSON.stringify(ah))
    return { kind: 'fail', why: `header ${JSON.stringify(ah)}, expected ${JSON.stringify(eh)}` };
  if (erows.length !== arows.length)
    return { kind: 'fail', why: `${arows.length} rows, expected ${erows.length}` };
  for (let r = 0; r < erows.length; r++) {
    for (let c = 0; c < columns.length; c++) {
      const e = erows[r]?.[c] ?? '';
      const a = arows[r]?.[c] ?? '';
      if (!sameCell(e, a, columns[c]?.type ?? 'text'))
        return {
          kind: 'fail',
          why: `row ${r + 1}, column "${eh[c]}": ${JSON.stringify(a)}, expected ${JSON.stringify(e)}`,
        };
    }
  }
  return { kind: 'pass' };
}

function runPython(
  mode: 'pandas' | 'ray',
  jobs: Job[],
  input: string,
  dir: string,
): Map<string, string | null> {
  const jobsFile = path.join(dir, `${mode}-jobs.json`);
  const resultsFile = path.join(dir, `${mode}-results.json`);
  fs.writeFileSync(
    jobsFile,
    JSON.stringify(jobs.map((j) => ({ name: j.name, script: j.script, input, output: j.output }))),
  );
  const started = Date.now();
  const run = spawnSync(
    python,
    [path.join(repoRoot, 'tests/engines/run_python.py'), mode, jobsFile, resultsFile],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      // Ray gives its node 30 s to start by default; a busy 2-core machine can need longer.
      env: {
        RAY_raylet_start_wait_time_s: '180',
        ...process.env,
        RAY_DEDUP_LOGS: '0',
        PYTHONWARNINGS: 'ignore',
      },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (run.status !== 0 || !fs.existsSync(resultsFile)) {
    // Every job of this engine fails, and the matrix is still printed.
    console.error(`${mode}: the Python runner failed (exit ${run.status}):\n${run.stderr.slice(-4000)}`);
    return new Map(jobs.map((j) => [j.name, `the ${mode} runner failed (exit ${run.status})`]));
  }
  console.log(
    `${mode}: ${jobs.length} scripts in ${((Date.now() - started) / 1000).toFixed(1)} s ${run.stdout.trim()}`,
  );
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as Record<
    string,
    { ok: boolean; error?: string }
  >;
  return new Map(
    jobs.map((j) => [j.name, results[j.name]?.ok ? null : (results[j.name]?.error ?? 'did not run')]),
  );
}

async function main(): Promise<void> {
  const started = Date.now();
  if (!fs.existsSync(python)) {
    throw new Error(
      `No Python for pandas and Ray at ${python}: run scripts/engines-venv.sh (npm run test:engines does).`,
    );
  }
  const sqliteShell = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
  if (sqliteShell.status !== 0)
    throw new Error('The sqlite3 shell is not installed (apt-get install -y sqlite3).');
  console.log(`sqlite3 ${sqliteShell.stdout.trim().split(' ')[0]}`);

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-engines-'));
  const app = await createTestApp(path.join(work, 'data'));
  const outcomes = new Map<string, Map<Engine, Outcome>>();
  try {
    const ws = app.services.workspaces.create({ name: 'Engines', description: '' });
    const input = path.join(work, 'messy.csv');
    fs.writeFileSync(input, MESSY_CSV);
    const s = app.services.datasets;
    s.startImport({ workspaceId: ws.id, source: { kind: 'path', path: input }, options: {} });
    await s.idle();
    const dataset = s.list({ workspaceId: ws.id, includeArchived: false })[0];
    if (!dataset?.rootVersionId) throw new Error('The messy CSV did not import.');
    const scope = { workspaceId: ws.id, datasetId: dataset.id };
    const columnsOf = (versionId: string): Column[] =>
      s.listVersions(scope).find((v) => v.id === versionId)?.columns ?? [];
    console.log(
      `input: ${columnsOf(dataset.rootVersionId)
        .map((c) => `${c.name} ${c.type}`)
        .join(', ')}`,
    );

    const jobs: Job[] = [];
    const expectations = new Map<string, { file: string; columns: Column[] }>();
    // CAIRN_ENGINES_CASES=<regex> runs only the matching cases (while working on one).
    const only = process.env.CAIRN_ENGINES_CASES ? new RegExp(process.env.CAIRN_ENGINES_CASES) : null;
    for (const [i, testCase] of CASES.entries()) {
      if (only && !only.test(testCase.name)) continue;
      const row = new Map<Engine, Outcome>();
      outcomes.set(testCase.name, row);
      const dir = path.join(work, `case-${i}`);
      fs.mkdirSync(dir);
      let versionId = dataset.rootVersionId;
      for (const op of testCase.ops) {
        versionId = (await s.apply({ ...scope, versionId, operation: operationSchema.parse(op) })).id;
      }
      const expected = path.join(dir, 'cairn.csv');
      await s.exportCsv({ ...scope, versionId, escapeFormulas: false }, { target: expected });
      expectations.set(testCase.name, { file: expected, columns: columnsOf(versionId) });
      for (const engine of ENGINES) {
        const { format, dialect, ext } = FORMAT[engine];
        const output = path.join(dir, `${engine}.csv`);
        try {
          const recipe = s.recipe({ ...scope, versionId, format, dialect, input, output });
          const script = path.join(dir, `${engine}.${ext}`);
          fs.writeFileSync(script, recipe.text);
          jobs.push({ name: testCase.name, engine, script, output });
        } catch (error) {
          if (!(error instanceof CairnError) || error.code !== 'VALIDATION') throw error;
          row.set(engine, { kind: 'untranslatable', why: error.message });
        }
      }
    }
    console.log(
      `Cairn: ${outcomes.size} cases applied and exported in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    const ran = new Map<Job, string | null>();
    const byEngine = (engine: Engine): Job[] => jobs.filter((j) => j.engine === engine);

    let t = Date.now();
    for (const job of byEngine('sqlite3')) {
      const run = spawnSync('sqlite3', [':memory:'], {
        input: fs.readFileSync(job.script, 'utf8'),
        encoding: 'utf8',
      });
      ran.set(
        job,
        run.status === 0 && run.stderr.trim() === '' ? null : run.stderr.trim() || `exit ${run.status}`,
      );
    }
    console.log(
      `sqlite3: ${byEngine('sqlite3').length} scripts in ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );

    t = Date.now();
    const duck = await DuckDBInstance.create(':memory:');
    const duckdb = await duck.connect();
    for (const [i, job] of byEngine('duckdb').entries()) {
      try {
        // As for Postgres below: each script unchanged, in a schema of its own.
        await duckdb.run(`CREATE SCHEMA case_${i}; USE memory.case_${i};`);
        await duckdb.run(fs.readFileSync(job.script, 'utf8'));
        ran.set(job, null);
      } catch (error) {
        ran.set(job, error instanceof Error ? error.message : String(error));
      }
    }
    duckdb.closeSync();
    duck.closeSync();
    console.log(`duckdb: ${byEngine('duckdb').length} scripts in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    t = Date.now();
    const pg = await PGlite.create();
    // The scripts' COPY reads and writes server-side paths: the same paths in PGlite's file system.
    // PGlite keeps its Emscripten module protected; its file system is the server's disk here.
    const FS = (pg as unknown as { mod?: { FS: PgliteFs } }).mod?.FS;
    if (!FS) throw new Error('PGlite did not expose its file system.');
    FS.mkdirTree(path.dirname(input));
    FS.writeFile(input, fs.readFileSync(input));
    for (const [i, job] of byEngine('postgres').entries()) {
      FS.mkdirTree(path.dirname(job.output));
      try {
        // Each script runs unchanged in a schema of its own, so step tables never collide.
        await pg.exec(`CREATE SCHEMA case_${i}; SET search_path TO case_${i};`);
        await pg.exec(fs.readFileSync(job.script, 'utf8'));
        fs.writeFileSync(job.output, FS.readFile(job.output));
        ran.set(job, null);
      } catch (error) {
        ran.set(job, error instanceof Error ? error.message : String(error));
      }
    }
    await pg.close();
    console.log(
      `postgres (PGlite): ${byEngine('postgres').length} scripts in ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );

    for (const mode of ['pandas', 'ray'] as const) {
      const results = runPython(mode, byEngine(mode), input, work);
      for (const job of byEngine(mode)) ran.set(job, results.get(job.name) ?? null);
    }

    for (const job of jobs) {
      const error = ran.get(job);
      const expected = expectations.get(job.name);
      const row = outcomes.get(job.name);
      if (!expected || !row) continue;
      row.set(
        job.engine,
        error
          ? { kind: 'fail', why: `the script stopped: ${error.split('\n')[0]}` }
          : compare(expected.file, job.output, expected.columns),
      );
    }
  } finally {
    await app.close();
  }

  const failures = report(outcomes);
  console.log(
    `\nEngine matrix finished in ${((Date.now() - started) / 1000).toFixed(1)} s (work files in ${work}).`,
  );
  if (failures > 0) {
    console.error(`${failures} cell${failures === 1 ? '' : 's'} of the matrix failed.`);
    process.exitCode = 1;
  } else fs.rmSync(work, { recursive: true, force: true });
}

function report(outcomes: Map<string, Map<Engine, Outcome>>): number {
  const width = Math.max(...[...outcomes.keys()].map((k) => k.length));
  const mark = (o: Outcome | undefined): string =>
    !o ? '?' : o.kind === 'pass' ? 'pass' : o.kind === 'fail' ? 'FAIL' : 'n/a';
  console.log(`\n${'case'.padEnd(width)}  ${ENGINES.map((e) => e.padEnd(8)).join(' ')}`);
  const notes: string[] = [];
  let failures = 0;
  let untranslatable = 0;
  let passes = 0;
  for (const [name, row] of outcomes) {
    console.log(`${name.padEnd(width)}  ${ENGINES.map((e) => mark(row.get(e)).padEnd(8)).join(' ')}`);
    for (const engine of ENGINES) {
      const o = row.get(engine);
      if (!o || o.kind === 'fail') {
        failures++;
        notes.push(`FAIL ${name} × ${engine}: ${o?.kind === 'fail' ? o.why : 'not run'}`);
      } else if (o.kind === 'untranslatable') {
        untranslatable++;
        notes.push(`n/a  ${name} × ${engine}: ${o.why}`);
      } else passes++;
    }
  }
  console.log(
    `\n${passes} pass, ${failures} fail, ${untranslatable} untranslatable (refused with a reason) of ${outcomes.size * ENGINES.length}.`,
  );
  if (notes.length > 0) console.log(`\n${notes.join('\n')}`);
  return failures;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
