import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { operationSchema, type OperationInput } from '../../src/shared/operations';
import { createTestApp } from '../helpers/app';
import { useCleanup, useTempDirs } from '../helpers/temp';

/**
 * A dataset's materialized versions are kept within a multiple of its root's size: the oldest are
 * evicted as new ones are made, and come back identical from their recipe when read.
 */

const tempDir = useTempDirs();
const cleanup = useCleanup();

function csv(rows: number): string {
  const lines = ['id,amount,note'];
  for (let i = 1; i <= rows; i++) lines.push(`${i},${(i * 37) % 1000},note number ${i} with some text`);
  return `${lines.join('\n')}\n`;
}

describe('the disk budget', { timeout: 120_000 }, () => {
  it('evicts the oldest materialized versions beyond rootMultiple × the root, and rebuilds them identically', async () => {
    const dir = tempDir();
    const app = await createTestApp(dir, { diskBudget: { rootMultiple: 2, floorBytes: 0 } });
    cleanup(() => app.close());
    const ws = app.services.workspaces.create({ name: 'A', description: '' });
    const file = path.join(dir, 'data.csv');
    fs.writeFileSync(file, csv(40_000));
    const s = app.services.datasets;
    s.startImport({ workspaceId: ws.id, source: { kind: 'path', path: file }, options: {} });
    await s.idle();
    const dataset = s.list({ workspaceId: ws.id, includeArchived: false })[0]!;
    const scope = { workspaceId: ws.id, datasetId: dataset.id };
    const apply = (versionId: string, op: OperationInput) =>
      s.apply({ ...scope, versionId, operation: operationSchema.parse(op) });
    const made: { id: string }[] = [];
    let base = dataset.rootVersionId!;
    for (let i = 1; i <= 5; i++) {
      // Each a full copy: a derived column over every row.
      const v = await apply(base, { op: 'derive_column', name: `extra_${i}`, expression: `amount * ${i}` });
      made.push(v);
      base = v.id;
    }
    const page = (versionId: string) =>
      s.rows({ ...scope, versionId, start: 0, limit: 50, view: { sort: [] } }).then((p) => p.rows);
    const storage = () => new Map(s.listVersions(scope).map((v) => [v.id, v.storage]));
    const after = storage();
    // The budget is 2× the root in all. Each copy is a little larger than the root, so after each
    // new version the oldest copies go — except the one it was made from, and the root.
    expect(made.map((v) => after.get(v.id))).toEqual(['evicted', 'evicted', 'evicted', 'table', 'table']);
    expect(after.get(dataset.rootVersionId!)).toBe('table');
    // The profiles queued after each apply do not rebuild what the budget evicted meanwhile
    // (that would undo the budget); a version is rebuilt when someone reads it.
    await app.services.analysis.idle();
    expect(made.map((v) => storage().get(v.id))).toEqual(['evicted', 'evicted', 'evicted', 'table', 'table']);
    const data = new Database(path.join(dir, 'datasets', `${dataset.id}.sqlite`), { readonly: true });
    try {
      const tables = data
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .pluck()
        .all() as string[];
      expect(tables).toHaveLength(3);
    } finally {
      data.close();
    }

    // Read back: identical to a fresh computation of the same steps.
    const first = await page(made[0]!.id);
    expect(first[0]).toEqual([1, 37, 'note number 1 with some text', 37]);
    expect(first).toHaveLength(50);
    expect((await page(made[2]!.id))[1]).toEqual([2, 74, 'note number 2 with some text', 74, 148, 222]);
    expect((await page(made[4]!.id))[39]).toEqual([
      40,
      480,
      'note number 40 with some text',
      480,
      960,
      1440,
      1920,
      2400,
    ]);
    expect(storage().get(made[2]!.id)).toBe('table');

    // No version is left marked failed for a table the budget removed before or while it was
    // profiled.
    await app.services.analysis.idle();
    const meta = new Database(path.join(dir, 'cairn.db'), { readonly: true });
    try {
      const failed = meta.prepare("SELECT error FROM analyses WHERE status = 'failed'").pluck().all();
      expect(failed).toEqual([]);
    } finally {
      meta.close();
    }
  });
});
