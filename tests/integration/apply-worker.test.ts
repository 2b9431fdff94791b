import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CairnApp } from '../../src/main/app';
import { operationSchema, type Operation, type OperationInput } from '../../src/shared/operations';
import { CairnError } from '../../src/shared/result';
import { writeTable } from '../../src/main/services/datasets/materialize';
import { versionById } from '../../src/main/services/datasets/model';
import { APPLY_STANDBYS } from '../../src/main/jobs/apply';
import { createTestApp } from '../helpers/app';
import { processExists, waitFor } from '../helpers/process';
import { useCleanup, useTempDirs } from '../helpers/temp';

/**
 * Materialized operations are written by a worker process: the main process stays free, an apply
 * can be cancelled or its worker killed, and then nothing is recorded and the data file is sound.
 */

const tempDir = useTempDirs();
const cleanup = useCleanup();

const isApplyWorker = (modulePath: string): boolean => modulePath.includes('apply-operation');
const isRun = (message: unknown): boolean =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'run';

function wideCsv(rows: number): string {
  const lines = ['id,amount,word,note'];
  for (let i = 1; i <= rows; i++) {
    // A scrambled key, so the sort really sorts.
    const key = ((i * 2654435761) % 4294967296).toString(36);
    lines.push(`${i},${(i * 37) % 1000},${key},note number ${i} with some text to copy`);
  }
  return `${lines.join('\n')}\n`;
}

async function importFile(app: CairnApp, workspaceId: string, file: string) {
  const s = app.services.datasets;
  s.startImport({ workspaceId, source: { kind: 'path', path: file }, options: {} });
  await s.idle();
  const dataset = s.list({ workspaceId, includeArchived: false })[0];
  if (!dataset?.rootVersionId) throw new Error('The import made no dataset.');
  return { dataset, rootVersionId: dataset.rootVersionId };
}

function relationsIn(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (
      db.prepare(`SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name`).all() as {
        name: string;
      }[]
    ).map((r) => r.name);
  } finally {
    db.close();
  }
}

function integrityOf(file: string): string {
  const db = new Database(file, { fileMustExist: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

function settled(promise: Promise<unknown>): () => boolean {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  return () => done;
}

describe('applying an operation in a worker', { timeout: 120_000 }, () => {
  it('writes a materialized version in a worker process, with the rows the main process would write; views need none', async () => {
    const dir = tempDir();
    const launched: string[] = [];
    const app = await createTestApp(dir, {
      onLaunch: (modulePath) => launched.push(modulePath),
    });
    cleanup(() => app.close());
    const ws = app.services.workspaces.create({ name: 'A', description: '' });
    const file = path.join(dir, 'data.csv');
    fs.writeFileSync(file, wideCsv(2_000));
    const { dataset, rootVersionId } = await importFile(app, ws.id, file);
    const s = app.services.datasets;
    const scope = { workspaceId: ws.id, datasetId: dataset.id };
    const op = operationSchema.parse({
      op: 'sort',
      keys: [{ column: 'word', direction: 'desc' }],
    } satisfies OperationInput);

    const before = launched.filter(isApplyWorker).length;
    const sorted = await s.apply({ ...scope, versionId: rootVersionId, operation: op });
    // The worker that wrote it, then the standbys started for the next applies once it answered
    // (a turn apart).
    const launches = () => launched.filter(isApplyWorker).length;
    expect(await waitFor(() => launches() === before + 1 + APPLY_STANDBYS)).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(launches()).toBe(before + 1 + APPLY_STANDBYS);
    expect(sorted.storage).toBe('table');
    expect(sorted.rowCount).toBe(2_000);

    // The same compiled operation written here, in the test's own connection, for comparison.
    const engine = s.engine;
    const compiled = engine.compile(versionById(app.database.db, rootVersionId)!, op);
    const dataFile = path.join(dir, 'datasets', `${dataset.id}.sqlite`);
    const writer = new Database(dataFile);
    try {
      writeTable(writer, 'check_in_main', compiled);
    } finally {
      writer.close();
    }
    const db = new Database(dataFile, { readonly: true });
    try {
      const inWorker = db.prepare(`SELECT * FROM "v_${sorted.id.replace(/-/g, '')}" ORDER BY 1`).all();
      const inMain = db.prepare(`SELECT * FROM check_in_main ORDER BY 1`).all();
      expect(inWorker).toEqual(inMain);
      expect(inWorker.length).toBe(2_000);
    } finally {
      db.close();
    }

    const launchedBefore = launches();
    const renamed = await s.apply({
      ...scope,
      versionId: sorted.id,
      operation: operationSchema.parse({ op: 'rename_columns', renames: [{ from: 'note', to: 'remark' }] }),
    });
    expect(renamed.storage).toBe('view');
    expect(launches()).toBe(launchedBefore);
  });

  it('refuses an operation its guard rejects, in the worker, and records nothing', async () => {
    const dir = tempDir();
    const app = await createTestApp(dir);
    cleanup(() => app.close());
    const ws = app.services.workspaces.create({ name: 'A', description: '' });
    const file = path.join(dir, 'data.csv');
    fs.writeFileSync(file, 'a,b\nx,1\ny,2\n');
    const { dataset, rootVersionId } = await importFile(app, ws.id, file);
    const s = app.services.datasets;
    const scope = { workspaceId: ws.id, datasetId: dataset.id };
    const relations = relationsIn(path.join(dir, 'datasets', `${dataset.id}.sqlite`));
    await expect(
      s.apply({
        ...scope,
        versionId: rootVersionId,
        operation: operationSchema.parse({ op: 'cast_type', column: 'a', to: 'integer', onError: 'fail' }),
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(s.listVersions(scope)).toHaveLength(1);
    expect(relationsIn(path.join(dir, 'datasets', `${dataset.id}.sqlite`))).toEqual(relations);
  });

  describe('on a large dataset', () => {
    let dir = '';
    let app: CairnApp;
    let workspaceId = '';
    let datasetId = '';
    let rootVersionId = '';
    let dataFile = '';
    const applyPids: number[] = [];
    // A different sort for each slow apply: the same operation applied again to the same version
    // goes straight to the child it made the first time.
    const slowSorts = (
      [
        ['desc', 'asc'],
        ['desc', 'desc'],
        ['asc', 'desc'],
      ] as const
    ).map(([word, note]) =>
      operationSchema.parse({
        op: 'sort',
        keys: [
          { column: 'word', direction: word },
          { column: 'note', direction: note },
        ],
      } satisfies OperationInput),
    );
    let slowApplies = 0;
    /** Apply workers given a job, in order. */
    const jobPids: number[] = [];

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-apply-'));
      app = await createTestApp(dir, {
        onLaunch: (modulePath, pid) => {
          if (isApplyWorker(modulePath) && pid !== undefined) applyPids.push(pid);
        },
        onSend: (modulePath, message, pid) => {
          if (isApplyWorker(modulePath) && pid !== undefined && isRun(message)) jobPids.push(pid);
        },
      });
      workspaceId = app.services.workspaces.create({ name: 'Big', description: '' }).id;
      const file = path.join(dir, 'big.csv');
      fs.writeFileSync(file, wideCsv(400_000));
      const imported = await importFile(app, workspaceId, file);
      datasetId = imported.dataset.id;
      rootVersionId = imported.rootVersionId;
      dataFile = path.join(dir, 'datasets', `${datasetId}.sqlite`);
      await app.services.analysis.idle();
    }, 300_000);

    afterAll(() => {
      app?.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    /** Starts the slow sort and resolves once its worker is writing. */
    async function startSlowApply(requestId?: string) {
      const s = app.services.datasets;
      // The standby an earlier apply asked for starts once that apply answered: let it start, so
      // this apply runs in it and no standby appears while this one runs.
      await new Promise((resolve) => setImmediate(resolve));
      let writing = false;
      const running = s.apply(
        {
          workspaceId,
          datasetId,
          versionId: rootVersionId,
          operation: slowSorts[slowApplies++ % slowSorts.length] as Operation,
          requestId,
        },
        'user',
        { onProgress: () => (writing = true) },
      );
      const done = settled(running);
      // Keeps an early rejection from being reported as unhandled before the test awaits it.
      running.catch(() => undefined);
      while (!writing && !done()) await sleep(20);
      return { running, done };
    }

    it('answers other calls while a long apply runs', async () => {
      const s = app.services.datasets;
      const scope = { workspaceId, datasetId };
      const versionsBefore = s.listVersions(scope).length;
      const { running, done } = await startSlowApply();
      await sleep(150);
      expect(done()).toBe(false);
      // Through the same handlers the transports call.
      const t0 = performance.now();
      const page = await app.handlers.invoke(
        'versions:rows',
        { ...scope, versionId: rootVersionId, start: 0, limit: 50 },
        { transport: 'test' },
      );
      const ms = performance.now() - t0;
      expect(page.ok).toBe(true);
      expect(ms).toBeLessThan(1000);
      expect(done()).toBe(false);
      const version = await running;
      expect(version.rowCount).toBe(400_000);
      expect(s.listVersions(scope)).toHaveLength(versionsBefore + 1);
    });

    it('a cancel mid-apply leaves no version and no new table', async () => {
      const s = app.services.datasets;
      const scope = { workspaceId, datasetId };
      const versionsBefore = s.listVersions(scope).length;
      const relations = relationsIn(dataFile);
      const { running, done } = await startSlowApply('cancel-me');
      await sleep(150);
      expect(done()).toBe(false);
      // The worker writing now: the last given a job (an earlier one may still be checkpointing).
      const writer = jobPids.at(-1);
      expect(writer).toBeDefined();
      expect(s.cancelApply({ requestId: 'cancel-me' })).toEqual({ cancelled: true });
      await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(s.cancelApply({ requestId: 'cancel-me' })).toEqual({ cancelled: false });
      expect(s.listVersions(scope)).toHaveLength(versionsBefore);
      expect(relationsIn(dataFile)).toEqual(relations);
      // The cancelled worker is gone (standbys still wait for their jobs).
      expect(() => process.kill(writer ?? 0, 0)).toThrow();
    });

    it('a killed worker is a clear error: nothing recorded, the file intact, and a later apply works', async () => {
      const s = app.services.datasets;
      const scope = { workspaceId, datasetId };
      const versionsBefore = s.listVersions(scope).length;
      const relations = relationsIn(dataFile);
      const { running, done } = await startSlowApply();
      await sleep(150);
      expect(done()).toBe(false);
      // The running worker (and a standby started after an earlier apply, if any).
      for (const pid of applyPids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      const error = await running.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CairnError);
      expect((error as CairnError).message).toMatch(/stopped unexpectedly.*Nothing was changed/);
      expect(s.listVersions(scope)).toHaveLength(versionsBefore);
      expect(relationsIn(dataFile)).toEqual(relations);
      expect(integrityOf(dataFile)).toBe('ok');

      const filtered = await s.apply({
        ...scope,
        versionId: rootVersionId,
        operation: operationSchema.parse({ op: 'filter_rows', expression: 'amount < 10' }),
      });
      expect(filtered.rowCount).toBeGreaterThan(0);
      expect(s.listVersions(scope)).toHaveLength(versionsBefore + 1);
    });
  });

  it('writes small versions in a worker too: an expression or pattern may take any time, on any number of rows', async () => {
    const dir = tempDir();
    const launched: string[] = [];
    const app = await createTestApp(dir, { onLaunch: (modulePath) => launched.push(modulePath) });
    cleanup(() => app.close());
    const ws = app.services.workspaces.create({ name: 'A', description: '' });
    const file = path.join(dir, 'data.csv');
    fs.writeFileSync(file, wideCsv(20));
    const { dataset, rootVersionId } = await importFile(app, ws.id, file);
    const sorted = await app.services.datasets.apply({
      workspaceId: ws.id,
      datasetId: dataset.id,
      versionId: rootVersionId,
      operation: operationSchema.parse({ op: 'sort', keys: [{ column: 'word', direction: 'desc' }] }),
    });
    expect(sorted.storage).toBe('table');
    expect(sorted.rowCount).toBe(20);
    expect(launched.filter(isApplyWorker).length).toBeGreaterThanOrEqual(1);
  });
  it('answers before the checkpoint; once its worker is gone, the new version is in the data file, not left in the WAL', async () => {
    const dir = tempDir();
    // Apply workers given a job: the one that writes, and any that previewed.
    const jobPids: number[] = [];
    const app = await createTestApp(dir, {
      onSend: (modulePath, message, pid) => {
        if (isApplyWorker(modulePath) && pid !== undefined && isRun(message)) jobPids.push(pid);
      },
    });
    cleanup(() => app.close());
    const ws = app.services.workspaces.create({ name: 'A', description: '' });
    const file = path.join(dir, 'data.csv');
    fs.writeFileSync(file, wideCsv(20_000));
    const { dataset, rootVersionId } = await importFile(app, ws.id, file);
    const dataFile = path.join(dir, 'datasets', `${dataset.id}.sqlite`);
    // Another connection stays open, so the worker's own close is never the last one (which
    // would checkpoint by itself) and only its checkpoint after the reply can move the pages.
    const watcher = new Database(dataFile, { readonly: true, fileMustExist: true });
    cleanup(() => watcher.close());
    // A connection joins the WAL at its first read.
    watcher.prepare('SELECT count(*) FROM sqlite_master').get();
    const sizeBefore = fs.statSync(dataFile).size;

    const sorted = await app.services.datasets.apply({
      workspaceId: ws.id,
      datasetId: dataset.id,
      versionId: rootVersionId,
      operation: operationSchema.parse({ op: 'sort', keys: [{ column: 'word', direction: 'desc' }] }),
    });
    expect(sorted.storage).toBe('table');
    // The worker that wrote it exits once its checkpoint is done.
    expect(jobPids.length).toBeGreaterThanOrEqual(1);
    expect(await waitFor(() => jobPids.every((pid) => !processExists(pid)), 20_000)).toBe(true);

    const pageSize = watcher.pragma('page_size', { simple: true }) as number;
    const pages = watcher.pragma('page_count', { simple: true }) as number;
    expect(pages * pageSize).toBeGreaterThan(sizeBefore);
    expect(fs.statSync(dataFile).size).toBeGreaterThanOrEqual(pages * pageSize);
    expect(watcher.prepare(`SELECT count(*) AS n FROM "v_${sorted.id.replace(/-/g, '')}"`).get()).toEqual({
      n: 20_000,
    });
  });

  it('rebuilds an evicted version in the worker, never in the main process, and its rows come back the same', async () => {
    const dir = tempDir();
    // Write jobs sent to the apply worker, by the table they write.
    const written: string[] = [];
    const app = await createTestApp(dir, {
      onSend: (modulePath, message) => {
        const job = (message as { input?: { kind?: string; relation?: string } }).input;
        if (isApplyWorker(modulePath) && job?.relation && (job.kind ?? 'write') === 'write') {
          written.push(job.relation);
        }
      },
    });
    cleanup(() => app.close());
    const ws = app.services.workspaces.create({ name: 'A', description: '' });
    const file = path.join(dir, 'data.csv');
    fs.writeFileSync(file, wideCsv(500));
    const { dataset, rootVersionId } = await importFile(app, ws.id, file);
    const s = app.services.datasets;
    const scope = { workspaceId: ws.id, datasetId: dataset.id };
    const derived = await s.apply({
      ...scope,
      versionId: rootVersionId,
      operation: operationSchema.parse({
        op: 'find_replace',
        columns: ['word'],
        find: '^(\\w)(\\w*)$',
        replace: '$2$1',
        mode: 'regex',
      }),
    });
    const renamed = await s.apply({
      ...scope,
      versionId: derived.id,
      operation: operationSchema.parse({ op: 'rename_columns', renames: [{ from: 'word', to: 'key' }] }),
    });
    expect(renamed.storage).toBe('view');
    const page = { ...scope, start: 0, limit: 500, view: { sort: [] } };
    const before = await s.rows({ ...page, versionId: renamed.id });

    expect(s.evict({ datasetId: dataset.id, versionId: derived.id })).toBe(true);
    const dataFile = path.join(dir, 'datasets', `${dataset.id}.sqlite`);
    expect(relationsIn(dataFile)).not.toContain(`v_${derived.id.replace(/-/g, '')}`);
    const relation = `v_${derived.id.replace(/-/g, '')}`;
    expect(written.filter((r) => r === relation)).toHaveLength(1);
    // Two callers at once (the view over it and the version itself) share one rebuild.
    const [again, direct] = await Promise.all([
      s.rows({ ...page, versionId: renamed.id }),
      s.rows({ ...page, versionId: derived.id }),
    ]);
    expect(again.rows).toEqual(before.rows);
    expect(direct.rows).toEqual(before.rows);
    expect(versionById(app.database.db, derived.id)?.storage).toBe('table');
    // Written by the worker a second time (the rebuild), once for both callers.
    expect(written.filter((r) => r === relation)).toHaveLength(2);
    expect(integrityOf(dataFile)).toBe('ok');
  });
});
