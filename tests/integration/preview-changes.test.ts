import { describe, expect, it } from 'vitest';
import { operationSchema, type OperationInput } from '../../src/shared/operations';
import { createTestApp } from '../helpers/app';
import { importCsvInto } from '../helpers/import';
import { useCleanup, useTempDirs } from '../helpers/temp';

const tempDir = useTempDirs();
const cleanup = useCleanup();

/** 120 rows; `city` is missing only in rows 70, 95 and 110, far below the first rows. */
function people(): string {
  const lines = ['id,name,age,city'];
  for (let i = 1; i <= 120; i++) {
    const city = i === 70 || i === 95 || i === 110 ? '' : i % 2 === 0 ? 'NY' : 'LA';
    lines.push(`${i},P${i},${20 + (i % 50)},${city}`);
  }
  return `${lines.join('\n')}\n`;
}

async function setup() {
  const dir = tempDir();
  const app = await createTestApp(dir);
  cleanup(() => app.close());
  const { ws, dataset } = await importCsvInto(app, dir, { fileName: 'people.csv', csv: people() });
  const s = app.services.datasets;
  const scope = { workspaceId: ws.id, datasetId: dataset.id };
  const root = dataset.rootVersionId as string;
  const preview = (versionId: string, op: OperationInput) =>
    s.preview({ ...scope, versionId, operation: operationSchema.parse(op) });
  const apply = (versionId: string, op: OperationInput) =>
    s.apply({ ...scope, versionId, operation: operationSchema.parse(op) });
  return { s, scope, root, preview, apply };
}

describe('previews say what changes (real SQLite, real apply worker)', () => {
  it('fill missing: the changed rows come first, with the changed cell and its old value, and counts', async () => {
    const { root, preview, s, scope } = await setup();
    const p = await preview(root, {
      op: 'fill_missing',
      columns: ['city'],
      strategy: 'value',
      value: 'Unknown',
    });
    const city = p.columns.findIndex((c) => c.name === 'city');
    expect(p.changes).toEqual({
      rowsRemoved: 0,
      rowsChanged: 3,
      cellsChanged: 3,
      columnsAdded: [],
      columnsRemoved: [],
      columnsRenamed: [],
      columnsChanged: ['city'],
    });
    expect(p.affectedRows).toBe(3);
    expect(p.rowCount).toBe(120);
    // The three changed rows first, in row order, then the first rows of the result.
    expect(p.rowChanges.slice(0, 4).map((r) => r.row)).toEqual([70, 95, 110, 1]);
    expect(p.rows.slice(0, 3).map((r) => [r[0], r[city]])).toEqual([
      [70, 'Unknown'],
      [95, 'Unknown'],
      [110, 'Unknown'],
    ]);
    expect(p.rowChanges[0]).toEqual({ row: 70, changed: [city], before: [null] });
    expect(p.rowChanges[3]).toEqual({ row: 1, changed: [], before: [] });
    // Bounded: 50 rows at most, one change entry per row, no row twice.
    expect(p.rows).toHaveLength(50);
    expect(p.rowChanges).toHaveLength(50);
    expect(new Set(p.rowChanges.map((r) => r.row)).size).toBe(50);
    expect(p.nothingToChange).toBeNull();
    expect(s.listVersions(scope)).toHaveLength(1);
  });

  it('filter: says how many rows are removed and shows the first removed rows', async () => {
    const { root, preview } = await setup();
    const p = await preview(root, { op: 'filter_rows', expression: 'id > 100' });
    expect(p.rowCount).toBe(20);
    expect(p.changes?.rowsRemoved).toBe(100);
    expect(p.changes?.rowsChanged).toBe(0);
    expect(p.changes?.cellsChanged).toBe(0);
    expect(p.removedRows).toHaveLength(50);
    expect(p.removedRows.slice(0, 3).map((r) => [r.row, r.values[0], r.values[1]])).toEqual([
      [1, 1, 'P1'],
      [2, 2, 'P2'],
      [3, 3, 'P3'],
    ]);
    expect(p.rows[0]?.[0]).toBe(101);
    expect(p.rowChanges.every((r) => r.changed.length === 0)).toBe(true);

    // A random sample keeps scattered rows: the removed ones listed are exactly the first rows it
    // does not keep, in row order.
    const sampled = await preview(root, { op: 'sample', method: 'random', n: 10, seed: 7 });
    const kept = new Set(sampled.rows.map((r) => r[0]));
    expect(kept.size).toBe(10);
    expect(sampled.changes?.rowsRemoved).toBe(110);
    const expected = Array.from({ length: 120 }, (_, i) => i + 1)
      .filter((id) => !kept.has(id))
      .slice(0, 50);
    expect(sampled.removedRows.map((r) => r.row)).toEqual(expected);
    expect(sampled.removedRows.map((r) => r.values[0])).toEqual(expected);
  });

  it('a merge that keeps its sources adds a column and changes no value', async () => {
    const { root, preview } = await setup();
    const merged = await preview(root, {
      op: 'merge_columns',
      columns: ['name', 'city'],
      separator: ' ',
      into: 'label',
      keepOriginals: true,
    });
    expect(merged.changes).toMatchObject({ columnsAdded: ['label'], rowsChanged: 0, cellsChanged: 0 });
  });

  it('derive, cast and drop: columns added and removed, old values in the old type', async () => {
    const { root, preview } = await setup();
    const derived = await preview(root, { op: 'derive_column', name: 'older', expression: 'age + 1' });
    expect(derived.changes).toMatchObject({ columnsAdded: ['older'], columnsRemoved: [], rowsChanged: 0 });

    // Values that read the same in the new type are not changes; those that cannot convert are.
    const asText = await preview(root, { op: 'cast_type', column: 'age', to: 'text' });
    expect(asText.changes?.cellsChanged).toBe(0);
    const cast = await preview(root, { op: 'cast_type', column: 'name', to: 'integer' });
    const name = cast.columns.findIndex((c) => c.name === 'name');
    expect(cast.changes?.columnsChanged).toEqual(['name']);
    expect(cast.changes?.rowsChanged).toBe(120);
    expect(cast.rowChanges[0]).toEqual({ row: 1, changed: [name], before: ['P1'] });
    expect(cast.rows[0]?.[name]).toBeNull();

    const dropped = await preview(root, { op: 'drop_columns', columns: ['city'] });
    expect(dropped.changes).toMatchObject({ columnsRemoved: ['city'], columnsAdded: [], cellsChanged: 0 });
    const renamed = await preview(root, { op: 'rename_columns', renames: [{ from: 'city', to: 'town' }] });
    expect(renamed.changes).toMatchObject({
      columnsAdded: [],
      columnsRemoved: [],
      columnsRenamed: [{ from: 'city', to: 'town' }],
    });
  });

  it('sort keeps every row and says nothing about cells; an unchanged result still says nothing to change', async () => {
    const { root, preview, apply } = await setup();
    const sorted = await preview(root, {
      op: 'sort',
      keys: [{ column: 'age', direction: 'desc', nulls: 'last' }],
    });
    expect(sorted.changes).toMatchObject({ rowsRemoved: 0, rowsChanged: null, cellsChanged: null });
    expect(sorted.rowChanges).toEqual([]);
    expect(sorted.rows).toHaveLength(50);

    const filled = await apply(root, {
      op: 'fill_missing',
      columns: ['city'],
      strategy: 'value',
      value: 'X',
    });
    const again = await preview(filled.id, {
      op: 'fill_missing',
      columns: ['city'],
      strategy: 'value',
      value: 'Y',
    });
    expect(again.changes).toMatchObject({ rowsChanged: 0, cellsChanged: 0, rowsRemoved: 0 });
    expect(again.nothingToChange).toMatch(/^Nothing to change/);
    const none = await preview(root, { op: 'filter_rows', expression: 'id > 0' });
    expect(none.changes?.rowsRemoved).toBe(0);
    expect(none.removedRows).toEqual([]);
    expect(none.nothingToChange).toMatch(/^Nothing to change/);
  });
});
