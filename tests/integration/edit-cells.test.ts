import { describe, expect, it } from 'vitest';
import { operationSchema, type OperationInput } from '../../src/shared/operations';
import { CairnError } from '../../src/shared/result';
import { operationToPandas } from '../../src/main/services/datasets/operations';
import { excludeExpression, keepExpression } from '../../src/shared/cell-filters';
import { createTestApp } from '../helpers/app';
import { importCsvInto } from '../helpers/import';
import { useCleanup, useTempDirs } from '../helpers/temp';

const tempDir = useTempDirs();
const cleanup = useCleanup();

const PEOPLE = ['name,age,city', 'Ann,34,NY', 'Bob,,LA', 'Cy,19,NY', 'Di,7,SF', ''].join('\n');

async function setup() {
  const dir = tempDir();
  const app = await createTestApp(dir);
  cleanup(() => app.close());
  const { ws, dataset } = await importCsvInto(app, dir, { fileName: 'people.csv', csv: PEOPLE });
  const s = app.services.datasets;
  const scope = { workspaceId: ws.id, datasetId: dataset.id };
  const root = dataset.rootVersionId as string;
  const apply = (versionId: string, op: OperationInput) =>
    s.apply({ ...scope, versionId, operation: operationSchema.parse(op) });
  const rows = async (versionId: string) =>
    (await s.rows({ ...scope, versionId, start: 0, limit: 100, view: { sort: [] } })).rows;
  const versions = () => s.listVersions(scope);
  return { s, scope, root, apply, rows, versions };
}

async function refusal(promise: Promise<unknown>): Promise<CairnError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(CairnError);
    return error as CairnError;
  }
  throw new Error('expected the apply to be refused');
}

describe('edit_cells: a value typed into the grid', () => {
  it('"this cell only" changes the cell at that row and nothing else, as a new version', async () => {
    const { root, apply, rows, versions } = await setup();
    const edited = await apply(root, { op: 'edit_cells', column: 'age', where: 'row', row: 3, value: 20 });
    expect(edited.summary).toBe('Set "age" in row 3 to 20');
    expect(edited.parentId).toBe(root);
    expect(await rows(edited.id)).toEqual([
      ['Ann', 34, 'NY'],
      ['Bob', null, 'LA'],
      ['Cy', 20, 'NY'],
      ['Di', 7, 'SF'],
    ]);
    expect(versions()).toHaveLength(2);
  });

  it('"every cell with this value" changes each matching cell of the column', async () => {
    const { root, apply, rows } = await setup();
    const edited = await apply(root, {
      op: 'edit_cells',
      column: 'city',
      where: 'value',
      match: 'NY',
      value: 'New York',
    });
    expect(edited.summary).toBe('Replace "NY" with "New York" in "city"');
    expect((await rows(edited.id)).map((r) => r[2])).toEqual(['New York', 'LA', 'New York', 'SF']);
  });

  it('types the value by the column: text that is a number goes into an integer column, "abc" is refused', async () => {
    const { root, apply, rows, versions } = await setup();
    const edited = await apply(root, { op: 'edit_cells', column: 'age', where: 'row', row: 1, value: '35' });
    expect((await rows(edited.id))[0]).toEqual(['Ann', 35, 'NY']);

    const error = await refusal(
      apply(root, { op: 'edit_cells', column: 'age', where: 'row', row: 1, value: 'abc' }),
    );
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toBe(
      'The new value "abc" is not a whole number, so it cannot go in "age" (integer). Leave it empty for a missing value.',
    );
    expect(versions()).toHaveLength(2);
  });

  it('null makes a cell missing, and a null match changes every missing cell', async () => {
    const { root, apply, rows } = await setup();
    const cleared = await apply(root, {
      op: 'edit_cells',
      column: 'city',
      where: 'row',
      row: 4,
      value: null,
    });
    expect(cleared.summary).toBe('Set "city" in row 4 to missing');
    expect((await rows(cleared.id))[3]).toEqual(['Di', 7, null]);

    const filled = await apply(root, {
      op: 'edit_cells',
      column: 'age',
      where: 'value',
      match: null,
      value: 0,
    });
    expect(filled.summary).toBe('Replace missing with 0 in "age"');
    expect((await rows(filled.id)).map((r) => r[1])).toEqual([34, 0, 19, 7]);
  });

  it('an edit that changes nothing makes no version', async () => {
    const { root, apply, versions } = await setup();
    const error = await refusal(
      apply(root, { op: 'edit_cells', column: 'age', where: 'row', row: 1, value: 34 }),
    );
    expect(error.details).toEqual({ nothingToChange: true });
    expect(versions()).toHaveLength(1);
  });

  it('refuses a row the version does not have, and an edit without its row or value', async () => {
    const { root, apply, versions } = await setup();
    const beyond = await refusal(
      apply(root, { op: 'edit_cells', column: 'age', where: 'row', row: 9, value: 1 }),
    );
    expect(beyond.code).toBe('VALIDATION');
    expect(beyond.message).toBe('There is no row 9 in this version.');
    const noRow = await refusal(apply(root, { op: 'edit_cells', column: 'age', where: 'row', value: 1 }));
    expect(noRow.message).toBe('Say which row to change.');
    const noMatch = await refusal(apply(root, { op: 'edit_cells', column: 'age', where: 'value', value: 1 }));
    expect(noMatch.message).toBe('Say which value to replace.');
    const badMatch = await refusal(
      apply(root, { op: 'edit_cells', column: 'age', where: 'value', match: 'x', value: 1 }),
    );
    expect(badMatch.message).toMatch(/^The value to replace "x" is not a whole number/);
    expect(versions()).toHaveLength(1);
  });

  it('a sorted view tells the grid each row’s position in the version, which a row edit names', async () => {
    const { s, scope, root, apply, rows } = await setup();
    const page = await s.rows({
      ...scope,
      versionId: root,
      start: 0,
      limit: 10,
      view: { sort: [{ column: 'age', direction: 'asc' }] },
    });
    expect(page.rows.map((r) => r[0])).toEqual(['Di', 'Cy', 'Ann', 'Bob']);
    expect(page.rowNumbers).toEqual([4, 3, 1, 2]);
    // "Cy" is second in the view but third in the version.
    const edited = await apply(root, {
      op: 'edit_cells',
      column: 'name',
      where: 'row',
      row: page.rowNumbers?.[1] ?? 0,
      value: 'Cyd',
    });
    expect((await rows(edited.id)).map((r) => r[0])).toEqual(['Ann', 'Bob', 'Cyd', 'Di']);
  });

  it('renders pandas by position for a row and by a mask for a value', () => {
    const columns = [
      { name: 'age', type: 'integer' as const },
      { name: 'city', type: 'text' as const },
    ];
    expect(
      operationToPandas({ op: 'edit_cells', column: 'age', where: 'row', row: 3, value: '20' }, columns),
    ).toBe('df.iloc[2, df.columns.get_loc("age")] = 20');
    expect(
      operationToPandas(
        { op: 'edit_cells', column: 'city', where: 'value', match: 'NY', value: null },
        columns,
      ),
    ).toBe('df["city"] = df["city"].mask((df["city"] == "NY").fillna(False), pd.NA)');
  });

  it('the cell menu’s keep / exclude filters select exactly the rows with that value, quotes and all', async () => {
    const { root, apply, rows } = await setup();
    const named = await apply(root, {
      op: 'edit_cells',
      column: 'name',
      where: 'row',
      row: 2,
      value: "O'Neil \\ Jr",
    });
    const names = async (expression: string) =>
      (await rows((await apply(named.id, { op: 'filter_rows', expression })).id)).map((r) => r[0]);
    expect(await names(keepExpression('name', "O'Neil \\ Jr"))).toEqual(["O'Neil \\ Jr"]);
    expect(await names(excludeExpression('name', "O'Neil \\ Jr"))).toEqual(['Ann', 'Cy', 'Di']);
    expect(await names(keepExpression('age', 19))).toEqual(['Cy']);
    // Excluding a value keeps the rows where the column is missing.
    expect(await names(excludeExpression('age', 34))).toEqual(["O'Neil \\ Jr", 'Cy', 'Di']);
    expect(await names(keepExpression('age', null))).toEqual(["O'Neil \\ Jr"]);
    expect(await names(excludeExpression('age', null))).toEqual(['Ann', 'Cy', 'Di']);
  });
});
