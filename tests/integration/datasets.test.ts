import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/shared/datasets';
import type { OperationInput } from '../../src/shared/operations';
import { operationSchema } from '../../src/shared/operations';
import { CairnError } from '../../src/shared/result';
import { createTestApp } from '../helpers/app';
import { useCleanup, useTempDirs } from '../helpers/temp';

const tempDir = useTempDirs();
const cleanup = useCleanup();

const PEOPLE = [
  'name,age,city,zip',
  'Ann,34,NY,00501',
  'Bob,,LA,90001',
  'Cy,19,NY,10001',
  'Di,52,SF,94105',
  'Ann,34,NY,00501',
  '',
].join('\n');

async function setup(csv = PEOPLE) {
  const dir = tempDir();
  const app = await createTestApp(dir);
  cleanup(() => app.close());
  const ws = app.services.workspaces.create({ name: 'Tests', description: '' });
  const file = path.join(dir, 'people.csv');
  fs.writeFileSync(file, csv);
  const events: [string, unknown][] = [];
  app.events.subscribe((channel, payload) => events.push([channel, payload]));
  const s = app.services.datasets;
  s.startImport({ workspaceId: ws.id, source: { kind: 'path', path: file }, options: {} });
  await s.idle();
  const dataset = s.list({ workspaceId: ws.id, includeArchived: false })[0];
  if (!dataset)
    throw new Error(`import failed: ${JSON.stringify(events.filter(([c]) => c === 'imports:finished'))}`);
  const scope = { workspaceId: ws.id, datasetId: dataset.id };
  const rows = (
    versionId: string,
    view: { sort: { column: string; direction: 'asc' | 'desc' }[]; filter?: string } = { sort: [] },
  ) => s.rows({ ...scope, versionId, start: 0, limit: 100, view }).then((page) => page.rows);
  const apply = (versionId: string, op: OperationInput) =>
    s.apply({ ...scope, versionId, operation: operationSchema.parse(op) });
  const current = (): Dataset => s.get(scope);
  return { app, s, ws, dataset, scope, rows, apply, current, dir, events };
}

describe('datasets and the version tree', () => {
  it('imports a CSV as a dataset whose root version is current', async () => {
    const { dataset, s, scope, rows, events } = await setup();
    expect(dataset).toMatchObject({
      name: 'people',
      sourceName: 'people.csv',
      rowCount: 5,
      columnCount: 4,
      status: 'ready',
    });
    expect(dataset.currentVersionId).toBe(dataset.rootVersionId);
    const [root] = s.listVersions(scope);
    expect(root).toMatchObject({
      parentId: null,
      operation: null,
      createdBy: 'import',
      rowCount: 5,
      storage: 'table',
    });
    expect(root?.columns.map((c) => [c.name, c.type])).toEqual([
      ['name', 'text'],
      ['age', 'integer'],
      ['city', 'text'],
      ['zip', 'text'],
    ]);
    expect(await rows(dataset.rootVersionId!)).toEqual([
      ['Ann', 34, 'NY', '00501'],
      ['Bob', null, 'LA', '90001'],
      ['Cy', 19, 'NY', '10001'],
      ['Di', 52, 'SF', '94105'],
      ['Ann', 34, 'NY', '00501'],
    ]);
    expect(events.map(([c]) => c)).toContain('imports:finished');
    expect(events.find(([c]) => c === 'imports:finished')?.[1]).toMatchObject({
      outcome: 'imported',
      datasetId: dataset.id,
    });
  });

  it('applying an operation creates a child version and makes it current; undo and redo move along the tree', async () => {
    const { dataset, apply, current, rows, s, scope } = await setup();
    const root = dataset.rootVersionId!;
    const filtered = await apply(root, { op: 'filter_rows', expression: "city = 'NY'" });
    expect(filtered).toMatchObject({ parentId: root, rowCount: 3, createdBy: 'user', storage: 'table' });
    expect(current().currentVersionId).toBe(filtered.id);
    expect((await rows(filtered.id)).map((r) => r[0])).toEqual(['Ann', 'Cy', 'Ann']);

    expect(s.undo(scope).currentVersionId).toBe(root);
    expect(s.redo(scope).currentVersionId).toBe(filtered.id);
    await expect(async () => s.redo(scope)).rejects.toThrow(/Nothing to redo/);
    s.undo(scope);
    await expect(async () => s.undo(scope)).rejects.toThrow(/Nothing to undo/);
  });

  it('applying to an older version starts a branch, and redo returns to the last visited child', async () => {
    const { dataset, apply, s, scope, current } = await setup();
    const root = dataset.rootVersionId!;
    const a = await apply(root, { op: 'filter_rows', expression: 'age > 30' });
    const b = await apply(root, { op: 'deduplicate' });
    expect(b.parentId).toBe(root);
    expect(
      s
        .listVersions(scope)
        .filter((v) => v.parentId === root)
        .map((v) => v.id),
    ).toEqual([a.id, b.id]);
    s.checkout({ ...scope, versionId: a.id });
    s.undo(scope);
    expect(s.redo(scope).currentVersionId).toBe(a.id);
    expect(current().rowCount).toBe(3);
  });

  it('never changes an existing version: the root still reads the same after every operation', async () => {
    const { dataset, apply, rows } = await setup();
    const root = dataset.rootVersionId!;
    const before = await rows(root);
    const v1 = await apply(root, { op: 'fill_missing', columns: ['age'], strategy: 'value', value: 0 });
    await apply(v1.id, { op: 'text_clean', columns: ['city'], case: 'lower' });
    expect(await rows(root)).toEqual(before);
    expect((await rows(v1.id))[1]).toEqual(['Bob', 0, 'LA', '90001']);
  });

  it('keeps schema-only operations as views (zero copy) with the right rows', async () => {
    const { dataset, apply, rows } = await setup();
    const v = await apply(dataset.rootVersionId!, {
      op: 'rename_columns',
      renames: [{ from: 'zip', to: 'postcode' }],
    });
    expect(v.storage).toBe('view');
    expect(v.columns.map((c) => c.name)).toEqual(['name', 'age', 'city', 'postcode']);
    expect((await rows(v.id))[0]).toEqual(['Ann', 34, 'NY', '00501']);
    const dropped = await apply(v.id, { op: 'drop_columns', columns: ['age'] });
    expect(dropped.storage).toBe('view');
    expect((await rows(dropped.id))[1]).toEqual(['Bob', 'LA', '90001']);
  });

  it('rebuilds an evicted version from its recipe with identical rows', async () => {
    const { app, dataset, apply, rows, s, scope } = await setup();
    const v1 = await apply(dataset.rootVersionId!, { op: 'filter_rows', expression: 'age IS NOT NULL' });
    const v2 = await apply(v1.id, { op: 'sort', keys: [{ column: 'age', direction: 'desc' }] });
    const v3 = await apply(v2.id, { op: 'rename_columns', renames: [{ from: 'age', to: 'years' }] });
    const expected = { v1: await rows(v1.id), v2: await rows(v2.id), v3: await rows(v3.id) };
    expect(s.evict({ datasetId: dataset.id, versionId: v1.id })).toBe(true);
    expect(s.evict({ datasetId: dataset.id, versionId: v2.id })).toBe(true);
    expect(s.evict({ datasetId: dataset.id, versionId: dataset.rootVersionId! })).toBe(false);
    expect(await rows(v3.id)).toEqual(expected.v3);
    expect(await rows(v2.id)).toEqual(expected.v2);
    expect(await rows(v1.id)).toEqual(expected.v1);
    expect(expected.v2.map((r) => r[1])).toEqual([52, 34, 34, 19]);
    // Evicted while their profiles were queued or running: none is marked failed for a table
    // removed under its scan; looking at one profiles it (rebuilt) as for any unprofiled version.
    const analysisOf = (versionId: string) =>
      app.services.analysis.get({ ...scope, versionId, goalType: 'general_audit' });
    await app.services.analysis.idle();
    for (const v of [v1, v2]) expect(analysisOf(v.id).analysis?.status).not.toBe('failed');
    await app.services.analysis.idle();
    for (const v of [v1, v2]) {
      expect(analysisOf(v.id).analysis?.status).toBe('completed');
      expect(analysisOf(v.id).profile?.rows).toBe(4);
    }
  });

  it('explains a bad expression and creates nothing', async () => {
    const { dataset, s, scope } = await setup();
    const before = s.listVersions(scope).length;
    let error: unknown;
    try {
      await s.apply({
        ...scope,
        versionId: dataset.rootVersionId!,
        operation: operationSchema.parse({ op: 'filter_rows', expression: 'agee > 3' }),
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CairnError);
    expect((error as CairnError).code).toBe('VALIDATION');
    expect((error as CairnError).message).toContain('agee');
    expect(s.listVersions(scope)).toHaveLength(before);
  });

  it('previews an operation without creating a version', async () => {
    const { dataset, s, scope } = await setup();
    const preview = await s.preview({
      ...scope,
      versionId: dataset.rootVersionId!,
      operation: operationSchema.parse({ op: 'deduplicate' }),
    });
    expect(preview.rowCount).toBe(4);
    expect(preview.rows).toHaveLength(4);
    expect(preview.summary.length).toBeGreaterThan(0);
    expect(preview.pandas).toContain('drop_duplicates');
    expect(s.listVersions(scope)).toHaveLength(1);
  });

  it('pages rows by position with a view-only sort and filter', async () => {
    const { dataset, s, scope } = await setup();
    const versionId = dataset.rootVersionId!;
    const page = await s.rows({
      ...scope,
      versionId,
      start: 1,
      limit: 2,
      view: { sort: [{ column: 'age', direction: 'asc' }], filter: "city <> 'SF'" },
    });
    expect(page.total).toBe(4);
    expect(page.rows.map((r) => r[1])).toEqual([34, 34]);
    const all = await s.rows({
      ...scope,
      versionId,
      start: 0,
      limit: 10,
      view: { sort: [{ column: 'age', direction: 'asc' }] },
    });
    expect(all.rows.map((r) => r[1])).toEqual([19, 34, 34, 52, null]);
  });

  it('diffs two versions: schema changes, row counts and changed rows', async () => {
    const { dataset, apply, s, scope } = await setup();
    const root = dataset.rootVersionId!;
    const filled = await apply(root, { op: 'fill_missing', columns: ['age'], strategy: 'value', value: 40 });
    const d1 = await s.diff({ ...scope, from: root, to: filled.id });
    expect(d1).toMatchObject({ rowCountFrom: 5, rowCountTo: 5, changedRowCount: 1 });
    expect(d1.changedRows).toEqual([
      { row: 2, before: ['Bob', null, 'LA', '90001'], after: ['Bob', 40, 'LA', '90001'] },
    ]);
    const derived = await apply(filled.id, { op: 'derive_column', name: 'older', expression: 'age + 1' });
    const deduped = await apply(derived.id, { op: 'deduplicate' });
    const d2 = await s.diff({ ...scope, from: root, to: deduped.id });
    expect(d2.addedColumns.map((c) => c.name)).toEqual(['older']);
    expect(d2).toMatchObject({ rowCountFrom: 5, rowCountTo: 4 });
  });

  it('exports a version as CSV, defusing spreadsheet formulas in text', async () => {
    const { dataset, s, scope } = await setup('name,score\n=HYPERLINK("x"),-5\n"a,b",7\n@cmd,\n');
    const result = await s.exportCsv({ ...scope, versionId: dataset.rootVersionId!, escapeFormulas: true });
    expect(fs.readFileSync(result.file, 'utf8')).toBe(
      'name,score\r\n"\'=HYPERLINK(""x"")",-5\r\n"a,b",7\r\n\'@cmd,\r\n',
    );
    expect(result.rows).toBe(3);
    const raw = await s.exportCsv({ ...scope, versionId: dataset.rootVersionId!, escapeFormulas: false });
    expect(fs.readFileSync(raw.file, 'utf8')).toContain('"=HYPERLINK(""x"")"');
  });

  it('exports the recipe as JSON, pandas and SQL, and replays the JSON on another dataset', async () => {
    const { dataset, apply, s, scope, app, ws, dir } = await setup();
    const v1 = await apply(dataset.rootVersionId!, { op: 'filter_rows', expression: "city = 'NY'" });
    const v2 = await apply(v1.id, { op: 'deduplicate' });
    const json = s.recipe({ ...scope, versionId: v2.id, format: 'json' });
    const recipe = JSON.parse(json.text);
    expect(recipe).toMatchObject({
      format: 'cairn-recipe',
      version: 1,
      operations: [{ op: 'filter_rows' }, { op: 'deduplicate' }],
    });
    const pandas = s.recipe({ ...scope, versionId: v2.id, format: 'pandas' }).text;
    expect(pandas).toContain('INPUT = sys.argv[1] if len(sys.argv) > 1 else "people.csv"');
    expect(pandas).toContain('df = pd.read_csv(INPUT, dtype=str, keep_default_na=False, na_values=[""])');
    expect(pandas).toContain(
      'df = df.astype({"name": "string[python]", "age": "Int64", "city": "string[python]", "zip": "string[python]"})',
    );
    expect(pandas).toContain('df = df.drop_duplicates(keep="first")');
    const sqlText = s.recipe({ ...scope, versionId: v2.id, format: 'sql' }).text;
    expect(sqlText).toContain('CREATE TABLE "step_2"');
    expect(sqlText).toContain("'NY'");
    expect(sqlText).toContain(".import --csv --skip 1 'people.csv' cairn_input");

    const next = path.join(dir, 'next.csv');
    fs.writeFileSync(next, 'name,age,city,zip\nEd,40,NY,00601\nEd,40,NY,00601\nFay,22,LA,90002\n');
    s.startImport({ workspaceId: ws.id, source: { kind: 'path', path: next }, options: {} });
    await s.idle();
    const other = s.list({ workspaceId: ws.id, includeArchived: false }).find((d) => d.name === 'next')!;
    const replayed = await s.applyRecipe({ workspaceId: ws.id, datasetId: other.id, recipe });
    expect(replayed.rowCount).toBe(1);
    expect(s.listVersions({ workspaceId: ws.id, datasetId: other.id })).toHaveLength(3);
    void app;
  });

  it('refuses a recipe whose columns do not fit, naming them, and changes nothing', async () => {
    const { s, scope } = await setup();
    const recipe = {
      format: 'cairn-recipe' as const,
      version: 1 as const,
      columns: [
        { name: 'email', type: 'text' as const },
        { name: 'age', type: 'text' as const },
      ],
      operations: [operationSchema.parse({ op: 'deduplicate' })],
    };
    await expect(s.applyRecipe({ ...scope, recipe })).rejects.toThrow(
      'This recipe does not fit this dataset, so nothing was changed: missing column “email”; extra columns “name”, “city”, “zip” that the recipe does not know; “age” is integer here but text in the recipe. The recipe expects “email” (text), “age” (text).',
    );
    expect(s.listVersions(scope)).toHaveLength(1);
  });

  it('keeps workspaces apart: a dataset cannot be reached through another workspace', async () => {
    const { app, dataset } = await setup();
    const other = app.services.workspaces.create({ name: 'Other', description: '' });
    expect(() => app.services.datasets.get({ workspaceId: other.id, datasetId: dataset.id })).toThrow(
      /does not exist in this workspace/,
    );
    expect(app.services.datasets.list({ workspaceId: other.id, includeArchived: true })).toEqual([]);
  });

  it('archives and restores a dataset', async () => {
    const { s, scope, ws } = await setup();
    s.archive(scope);
    expect(s.list({ workspaceId: ws.id, includeArchived: false })).toEqual([]);
    expect(s.list({ workspaceId: ws.id, includeArchived: true })).toHaveLength(1);
    s.restore(scope);
    expect(s.list({ workspaceId: ws.id, includeArchived: false })).toHaveLength(1);
  });

  it('a failed import leaves no dataset and no data file', async () => {
    const { s, ws, dir, events } = await setup();
    const empty = path.join(dir, 'empty.csv');
    fs.writeFileSync(empty, '');
    s.startImport({ workspaceId: ws.id, source: { kind: 'path', path: empty }, options: {} });
    await s.idle();
    expect(s.list({ workspaceId: ws.id, includeArchived: true })).toHaveLength(1);
    expect(fs.readdirSync(path.join(dir, 'datasets')).filter((f) => f.endsWith('.sqlite'))).toHaveLength(1);
    expect(events.filter(([c]) => c === 'imports:finished').at(-1)?.[1]).toMatchObject({
      outcome: 'failed',
      datasetId: null,
      error: { code: 'VALIDATION' },
    });
  });

  it('removes data files and relations that no version refers to when the app starts', async () => {
    const { app, dir, dataset, ws } = await setup();
    app.close();
    fs.writeFileSync(path.join(dir, 'datasets', 'stray.sqlite'), '');
    fs.writeFileSync(path.join(dir, 'datasets', `${dataset.id}.sqlite.partial`), 'x');
    const again = await createTestApp(dir);
    cleanup(() => again.close());
    expect(fs.readdirSync(path.join(dir, 'datasets')).sort()).toEqual(
      [`${dataset.id}.sqlite`, `${dataset.id}.sqlite-shm`, `${dataset.id}.sqlite-wal`]
        .filter((f) => fs.existsSync(path.join(dir, 'datasets', f)))
        .sort(),
    );
    expect(again.services.datasets.list({ workspaceId: ws.id, includeArchived: false })).toHaveLength(1);
  });
});

describe('diffing versions across renames', () => {
  const ANN = ['Ann', 34, 'NY', '00501'];

  it('a simple rename is one renamed column, not a removed and an added one, and no row differs', async () => {
    const { dataset, apply, s, scope } = await setup();
    const root = dataset.rootVersionId!;
    const renamed = await apply(root, { op: 'rename_columns', renames: [{ from: 'city', to: 'town' }] });
    expect(await s.diff({ ...scope, from: root, to: renamed.id })).toEqual({
      from: root,
      to: renamed.id,
      addedColumns: [],
      removedColumns: [],
      retypedColumns: [],
      renamedColumns: [{ from: 'city', to: 'town' }],
      rowCountFrom: 5,
      rowCountTo: 5,
      changedRows: [],
      changedRowsColumns: ['name', 'age', 'town', 'zip'],
      changedRowCount: 0,
    });
  });

  it('compares a renamed column’s values under its old and new names, in both directions', async () => {
    const { dataset, apply, s, scope } = await setup();
    const root = dataset.rootVersionId!;
    const renamed = await apply(root, { op: 'rename_columns', renames: [{ from: 'city', to: 'town' }] });
    const replaced = await apply(renamed.id, {
      op: 'find_replace',
      columns: ['town'],
      find: 'NY',
      replace: 'New York',
    });
    const newYork = ['Ann', 34, 'New York', '00501'];
    const cy = ['Cy', 19, 'NY', '10001'];
    const cyNewYork = ['Cy', 19, 'New York', '10001'];

    const forward = await s.diff({ ...scope, from: root, to: replaced.id });
    expect(forward).toMatchObject({
      addedColumns: [],
      removedColumns: [],
      renamedColumns: [{ from: 'city', to: 'town' }],
      changedRowsColumns: ['name', 'age', 'town', 'zip'],
      changedRowCount: 3,
    });
    expect(forward.changedRows).toEqual([
      { row: 1, before: ANN, after: newYork },
      { row: 3, before: cy, after: cyNewYork },
      { row: 5, before: ANN, after: newYork },
    ]);

    // From the child back to the root: the rename reads the other way and before/after swap.
    const backward = await s.diff({ ...scope, from: replaced.id, to: root });
    expect(backward).toMatchObject({
      addedColumns: [],
      removedColumns: [],
      renamedColumns: [{ from: 'town', to: 'city' }],
      changedRowsColumns: ['name', 'age', 'city', 'zip'],
      changedRowCount: 3,
    });
    expect(backward.changedRows).toEqual([
      { row: 1, before: newYork, after: ANN },
      { row: 3, before: cyNewYork, after: cy },
      { row: 5, before: newYork, after: ANN },
    ]);
  });

  it('reports the type change of a renamed column with both of its names', async () => {
    const { dataset, apply, s, scope } = await setup();
    const root = dataset.rootVersionId!;
    const renamed = await apply(root, { op: 'rename_columns', renames: [{ from: 'age', to: 'years' }] });
    const cast = await apply(renamed.id, { op: 'cast_type', column: 'years', to: 'float' });
    const d = await s.diff({ ...scope, from: root, to: cast.id });
    expect(d).toMatchObject({
      addedColumns: [],
      removedColumns: [],
      renamedColumns: [{ from: 'age', to: 'years' }],
      retypedColumns: [{ name: 'years', from: 'integer', to: 'float', renamedFrom: 'age' }],
      changedRowsColumns: ['name', 'years', 'city', 'zip'],
    });
    expect((await s.diff({ ...scope, from: cast.id, to: root })).retypedColumns).toEqual([
      { name: 'age', from: 'float', to: 'integer', renamedFrom: 'years' },
    ]);
  });

  it('a swap of two names in one operation is two renames and changes no value', async () => {
    const { dataset, apply, rows, s, scope } = await setup();
    const root = dataset.rootVersionId!;
    const swapped = await apply(root, {
      op: 'rename_columns',
      renames: [
        { from: 'name', to: 'city' },
        { from: 'city', to: 'name' },
      ],
    });
    expect((await rows(swapped.id))[0]).toEqual(ANN);
    expect(await s.diff({ ...scope, from: root, to: swapped.id })).toMatchObject({
      addedColumns: [],
      removedColumns: [],
      retypedColumns: [],
      renamedColumns: [
        { from: 'name', to: 'city' },
        { from: 'city', to: 'name' },
      ],
      changedRows: [],
      changedRowsColumns: ['city', 'age', 'name', 'zip'],
      changedRowCount: 0,
    });
  });

  it('pairs a column renamed on one branch with the same column edited on a sibling branch', async () => {
    const { dataset, apply, s, scope } = await setup();
    const root = dataset.rootVersionId!;
    const town = await apply(root, { op: 'rename_columns', renames: [{ from: 'city', to: 'town' }] });
    const place = await apply(town.id, { op: 'rename_columns', renames: [{ from: 'town', to: 'place' }] });
    const edited = await apply(root, { op: 'find_replace', columns: ['city'], find: 'NY', replace: 'N.Y.' });
    const located = await apply(edited.id, {
      op: 'rename_columns',
      renames: [{ from: 'city', to: 'location' }],
    });

    const d = await s.diff({ ...scope, from: place.id, to: edited.id });
    expect(d).toMatchObject({
      addedColumns: [],
      removedColumns: [],
      renamedColumns: [{ from: 'place', to: 'city' }],
      changedRowsColumns: ['name', 'age', 'city', 'zip'],
      changedRowCount: 3,
    });
    expect(d.changedRows[0]).toEqual({ row: 1, before: ANN, after: ['Ann', 34, 'N.Y.', '00501'] });

    // Renamed on both branches: one rename from one name to the other.
    expect((await s.diff({ ...scope, from: place.id, to: located.id })).renamedColumns).toEqual([
      { from: 'place', to: 'location' },
    ]);
  });

  it('lists only-one-side rows under both names when a rename comes with a row filter', async () => {
    const { dataset, apply, s, scope } = await setup();
    const root = dataset.rootVersionId!;
    const renamed = await apply(root, { op: 'rename_columns', renames: [{ from: 'city', to: 'town' }] });
    const filtered = await apply(renamed.id, { op: 'filter_rows', expression: 'age > 20' });
    expect(await s.diff({ ...scope, from: filtered.id, to: root })).toMatchObject({
      addedColumns: [],
      removedColumns: [],
      renamedColumns: [{ from: 'town', to: 'city' }],
      rowCountFrom: 3,
      rowCountTo: 5,
      changedRowsColumns: ['name', 'age', 'city', 'zip'],
      changedRows: [
        { row: 0, before: null, after: ['Bob', null, 'LA', '90001'] },
        { row: 0, before: null, after: ['Cy', 19, 'NY', '10001'] },
      ],
      changedRowCount: 2,
    });
  });

  it('a column dropped and created again under the same name is not a rename', async () => {
    const { dataset, apply, s, scope } = await setup();
    const root = dataset.rootVersionId!;
    const town = await apply(root, { op: 'rename_columns', renames: [{ from: 'city', to: 'town' }] });
    const dropped = await apply(town.id, { op: 'drop_columns', columns: ['town'] });
    const again = await apply(dropped.id, { op: 'derive_column', name: 'city', expression: 'age + 1' });
    // The new "city" is another column that happens to share the name: compared by name, never
    // paired with "town"'s lineage.
    const d = await s.diff({ ...scope, from: root, to: again.id });
    expect(d).toMatchObject({
      addedColumns: [],
      removedColumns: [],
      renamedColumns: [],
      retypedColumns: [{ name: 'city', from: 'text', to: 'integer' }],
      changedRowsColumns: ['name', 'age', 'zip', 'city'],
      changedRowCount: 5,
    });
    expect(d.retypedColumns[0]).not.toHaveProperty('renamedFrom');
    expect(d.changedRows[0]).toEqual({
      row: 1,
      before: ['Ann', 34, '00501', 'NY'],
      after: ['Ann', 34, '00501', 35],
    });

    // The lineage wins over an equal name: "zip" renamed to "city" after "city" was dropped.
    const noCity = await apply(root, { op: 'drop_columns', columns: ['city'] });
    const zipCity = await apply(noCity.id, { op: 'rename_columns', renames: [{ from: 'zip', to: 'city' }] });
    expect(await s.diff({ ...scope, from: root, to: zipCity.id })).toMatchObject({
      addedColumns: [],
      removedColumns: [{ name: 'city', type: 'text' }],
      renamedColumns: [{ from: 'zip', to: 'city' }],
      changedRowsColumns: ['name', 'age', 'city'],
      changedRowCount: 0,
    });
  });
});
