import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { operationSchema, type OperationInput } from '../../src/shared/operations';
import { CairnError } from '../../src/shared/result';
import { createTestApp } from '../helpers/app';
import { useCleanup, useTempDirs } from '../helpers/temp';

const tempDir = useTempDirs();
const cleanup = useCleanup();

const PEOPLE = ['name,age,city', 'Ann,34,NY', 'Bob,,LA', 'Cy,19,NY', 'Ann,34,NY', ''].join('\n');

async function setup() {
  const dir = tempDir();
  const app = await createTestApp(dir);
  cleanup(() => app.close());
  const ws = app.services.workspaces.create({ name: 'Tests', description: '' });
  const file = path.join(dir, 'people.csv');
  fs.writeFileSync(file, PEOPLE);
  const s = app.services.datasets;
  s.startImport({ workspaceId: ws.id, source: { kind: 'path', path: file }, options: {} });
  await s.idle();
  const dataset = s.list({ workspaceId: ws.id, includeArchived: false })[0];
  if (!dataset) throw new Error('import failed');
  const scope = { workspaceId: ws.id, datasetId: dataset.id };
  const root = dataset.rootVersionId as string;
  const apply = (versionId: string, op: OperationInput) =>
    s.apply({ ...scope, versionId, operation: operationSchema.parse(op) });
  const preview = (versionId: string, op: OperationInput) =>
    s.preview({ ...scope, versionId, operation: operationSchema.parse(op) });
  const versions = () => s.listVersions(scope);
  const current = () => s.get(scope).currentVersionId;
  return { s, scope, root, apply, preview, versions, current };
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

describe('operations that would change nothing', () => {
  it('remove duplicates twice: the second says "Nothing to change", in the preview first, and makes no version', async () => {
    const { root, apply, preview, versions, current } = await setup();
    const deduped = await apply(root, { op: 'deduplicate', keep: 'first' });
    expect(deduped.rowCount).toBe(3);

    const second = await preview(deduped.id, { op: 'deduplicate', keep: 'first' });
    expect(second.nothingToChange).toBe(
      'Nothing to change: “Remove duplicate rows, keeping the first of each” would leave all 3 rows and every value exactly as they are.',
    );
    const error = await refusal(apply(deduped.id, { op: 'deduplicate', keep: 'first' }));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(/^Nothing to change: .* No version was made\.$/);
    expect(error.details).toEqual({ nothingToChange: true });
    expect(versions()).toHaveLength(2);
    expect(current()).toBe(deduped.id);
    expect((await preview(root, { op: 'deduplicate', keep: 'first' })).nothingToChange).toBeNull();
  });

  it('the same operation applied again to the same version goes to the child it made, not a sibling', async () => {
    const { root, apply, preview, versions, current, s, scope } = await setup();
    const first = await apply(root, { op: 'deduplicate', keep: 'first' });
    s.undo(scope);
    expect(current()).toBe(root);
    expect((await preview(root, { op: 'deduplicate', keep: 'first' })).existingVersionId).toBe(first.id);
    const again = await apply(root, { op: 'deduplicate', keep: 'first' });
    expect(again.id).toBe(first.id);
    expect(current()).toBe(first.id);
    expect(versions()).toHaveLength(2);
    // A different operation still branches.
    const other = await apply(root, { op: 'deduplicate', keep: 'last' });
    expect(other.id).not.toBe(first.id);
    expect(versions()).toHaveLength(3);
  });

  it('removing rows with an empty value after filling them is nothing to change', async () => {
    const { root, apply, versions } = await setup();
    const filled = await apply(root, { op: 'fill_missing', columns: ['age'], strategy: 'value', value: 0 });
    const error = await refusal(apply(filled.id, { op: 'drop_missing', columns: ['age'], how: 'any' }));
    expect(error.message).toMatch(/^Nothing to change: /);
    expect(versions()).toHaveLength(2);
  });

  it('a filter that keeps every row, and a sort into the order the rows already have, change nothing', async () => {
    const { root, apply, preview, versions } = await setup();
    expect((await preview(root, { op: 'filter_rows', expression: 'name IS NOT NULL' })).nothingToChange).toBe(
      'Nothing to change: the filter keeps all 4 rows.',
    );
    const filtered = await apply(root, { op: 'filter_rows', expression: `"city" = 'NY'` });
    expect(filtered.rowCount).toBe(3);
    // The filtered rows (Ann, Cy, Ann) are not in name order: the first sort is a change.
    const sortedOnce = await apply(filtered.id, { op: 'sort', keys: [{ column: 'name', direction: 'asc' }] });
    const error = await refusal(
      apply(sortedOnce.id, { op: 'sort', keys: [{ column: 'name', direction: 'asc' }] }),
    );
    expect(error.message).toMatch(/^Nothing to change: /);
    expect(
      (await refusal(apply(root, { op: 'filter_rows', expression: 'age >= 0 OR age IS NULL' }))).message,
    ).toBe('Nothing to change: the filter keeps all 4 rows. No version was made.');
    expect(versions()).toHaveLength(3);
  });

  it('a filter that keeps no row is not refused: the preview counts 0 rows', async () => {
    const { root, preview } = await setup();
    const empty = await preview(root, { op: 'filter_rows', expression: "city = 'Paris'" });
    expect(empty.rowCount).toBe(0);
    expect(empty.nothingToChange).toBeNull();
  });

  it('a recipe passes over the steps that change nothing, and refuses one where no step changes anything', async () => {
    const { root, apply, s, scope, versions } = await setup();
    const deduped = await apply(root, { op: 'deduplicate', keep: 'first' });
    const columns = deduped.columns;
    const skipped: number[] = [];
    const last = await s.applyRecipe(
      {
        ...scope,
        recipe: {
          format: 'cairn-recipe',
          version: 1,
          columns,
          operations: [
            operationSchema.parse({ op: 'deduplicate', keep: 'first' }),
            operationSchema.parse({ op: 'fill_missing', columns: ['age'], strategy: 'value', value: 0 }),
          ],
        },
      },
      'user',
      (step) => skipped.push(step),
    );
    expect(skipped).toEqual([1]);
    expect(last.parentId).toBe(deduped.id);
    const error = await refusal(
      s.applyRecipe({
        ...scope,
        recipe: {
          format: 'cairn-recipe',
          version: 1,
          columns,
          operations: [operationSchema.parse({ op: 'deduplicate', keep: 'first' })],
        },
      }),
    );
    expect(error.message).toBe(
      'Nothing to change: no step of the recipe changes this dataset. No version was made.',
    );
    expect(versions()).toHaveLength(3);
  });
});
