import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { operationSchema } from '../../src/shared/operations';
import { createTestApp } from '../helpers/app';
import { useCleanup, useTempDirs } from '../helpers/temp';

/**
 * The root's first profile is made by the import worker, after the data is in place: the dataset
 * appears first, the profile follows from the same process; only when that is lost is the root
 * profiled by a profile worker.
 */

const tempDir = useTempDirs();
const cleanup = useCleanup();

function csv(rows: number): string {
  const lines = ['id,city,amount'];
  for (let i = 1; i <= rows; i++)
    lines.push(`${i},${['NY', 'LA', 'SF'][i % 3]},${i % 10 === 0 ? '' : i * 3}`);
  return `${lines.join('\n')}\n`;
}

interface Payload {
  status?: string;
  outcome?: string;
  versionId?: string;
  progress?: { done: number; total: number };
}

async function setup(rows: number, onVisible?: (pids: Map<string, number>) => void) {
  const dir = tempDir();
  const launched: string[] = [];
  const pids = new Map<string, number>();
  const app = await createTestApp(dir, {
    onLaunch: (modulePath, pid) => {
      const name = path.basename(modulePath, '.ts');
      launched.push(name);
      if (pid !== undefined) pids.set(name, pid);
    },
  });
  cleanup(() => app.close());
  const ws = app.services.workspaces.create({ name: 'A', description: '' });
  const file = path.join(dir, 'orders.csv');
  fs.writeFileSync(file, csv(rows));
  const events: [string, Payload][] = [];
  app.events.subscribe((channel, payload) => {
    events.push([channel, payload as Payload]);
    if (channel === 'imports:finished') onVisible?.(pids);
  });
  app.services.datasets.startImport({
    workspaceId: ws.id,
    source: { kind: 'path', path: file },
    options: {},
  });
  await app.services.datasets.idle();
  await app.services.analysis.idle();
  const dataset = app.services.datasets.list({ workspaceId: ws.id, includeArchived: false })[0]!;
  const analysis = app.services.analysis.get({
    workspaceId: ws.id,
    datasetId: dataset.id,
    versionId: dataset.rootVersionId!,
    goalType: 'data_quality',
  });
  return { app, ws, dataset, analysis, launched, events };
}

describe('the root profile', { timeout: 120_000 }, () => {
  it('comes from the import worker: no profile worker runs, and the dataset appeared before it', async () => {
    const { dataset, analysis, launched, events } = await setup(3_000);
    expect(launched).toEqual(['import-csv']);
    expect(analysis.profile).toMatchObject({ rows: 3_000, columns: 3, missingCells: 300 });
    expect(analysis.profile?.columnProfiles.map((c) => [c.name, c.type, c.distinct])).toEqual([
      ['id', 'integer', 3_000],
      ['city', 'text', 3],
      ['amount', 'integer', 2_700],
    ]);
    expect(analysis.analysis).toMatchObject({ status: 'completed' });
    // In order: the data is visible, profiling is under way, then it is done.
    const order = events
      .filter(
        ([channel, p]) => channel === 'imports:finished' || (channel === 'analysis:updated' && !p.progress),
      )
      .map(([channel, payload]) => (channel === 'imports:finished' ? payload.outcome : payload.status));
    expect(order).toEqual(['imported', 'running', 'completed']);
    expect(dataset.rowCount).toBe(3_000);
  });

  it('is made again by a profile worker when the import worker dies while profiling', async () => {
    let killed = false;
    const { dataset, analysis, launched } = await setup(150_000, (pids) => {
      // The dataset just appeared: the import worker is now profiling it.
      const pid = pids.get('import-csv');
      if (pid !== undefined && !killed) {
        killed = true;
        process.kill(pid, 'SIGKILL');
      }
    });
    expect(killed).toBe(true);
    expect(dataset.rowCount).toBe(150_000);
    expect(launched).toEqual(['import-csv', 'profile-version']);
    expect(analysis.profile).toMatchObject({ rows: 150_000, missingCells: 15_000 });
    expect(analysis.analysis).toMatchObject({ status: 'completed' });
  });

  it('says how far profiling has got, for the imported root and for a derived version', async () => {
    const rows = 300_000;
    const { app, ws, dataset, events } = await setup(rows);
    const progressOf = (versionId: string) =>
      events
        .filter(([channel, p]) => channel === 'analysis:updated' && p.versionId === versionId && p.progress)
        .map(([, p]) => p.progress as { done: number; total: number });
    const root = progressOf(dataset.rootVersionId!);
    expect(root.length).toBeGreaterThan(0);
    expect(root.some((p) => p.done > 0)).toBe(true);
    expect(root.every((p) => p.total === rows && p.done >= 0 && p.done <= rows)).toBe(true);
    expect(root.map((p) => p.done)).toEqual([...root.map((p) => p.done)].sort((a, b) => a - b));

    const scope = { workspaceId: ws.id, datasetId: dataset.id };
    const sorted = await app.services.datasets.apply({
      ...scope,
      versionId: dataset.rootVersionId!,
      operation: operationSchema.parse({ op: 'sort', keys: [{ column: 'amount', direction: 'desc' }] }),
    });
    await app.services.analysis.idle();
    const derived = progressOf(sorted.id);
    expect(derived.some((p) => p.done > 0)).toBe(true);
    expect(derived.every((p) => p.total === rows && p.done >= 0 && p.done <= rows)).toBe(true);
    const done = events.filter(([channel, p]) => channel === 'analysis:updated' && p.versionId === sorted.id);
    expect(done.at(-1)?.[1].status).toBe('completed');
  });
});
