import { expect, test } from './host';
import { gridRows, importCsv, newWorkspace, openTransform } from './steps';

/** Operation forms that keep up with the person: live previews, Apply that never waits, names filled in. */

const SALES = [
  'region,product,price,units',
  'North,apple,1.5,10',
  'South,pear,2,4',
  'North,plum,3,7',
  '',
].join('\n');

test.describe.configure({ mode: 'parallel' });

test('the preview follows the form by itself and Apply takes the form as it stands', async ({
  page,
  host,
}) => {
  await host.open(page);
  await newWorkspace(page, 'Flow');
  await importCsv(page, 'Flow', 'sales.csv', SALES);
  await expect.poll(() => gridRows(page)).toHaveLength(3);

  const form = await openTransform(page, 'Filter rows');
  const expression = form.getByRole('combobox', { name: 'Keep rows where' });
  const preview = form.getByRole('region', { name: 'Preview' });
  const apply = form.getByRole('button', { name: 'Apply' });
  // Where a person aims before the preview comes: it must not move the button from under them.
  await expect(preview).toBeHidden();
  const aimedAt = await apply.boundingBox();
  await expression.fill("region = 'North'");
  // No Preview press: the preview arrives on its own.
  await expect(preview.getByText('2 rows in the result (now 3)')).toBeVisible();
  expect(await apply.boundingBox()).toEqual(aimedAt);
  await expression.fill('units > 5');
  await expect(preview.getByText('2 rows in the result (now 3)')).toBeVisible();
  await expression.fill('units > 8');
  await expect(preview.getByText('1 rows in the result (now 3)')).toBeVisible();

  // A change followed at once by Apply applies the newest form, whatever the preview was doing.
  await expression.fill('units < 5');
  await expect(apply).toBeEnabled();
  await apply.click();
  await expect(form).toBeHidden();
  await expect.poll(() => gridRows(page)).toEqual([['South', 'pear', '2', '4']]);
});

test('a refused expression is explained without pressing Preview', async ({ page, host }) => {
  await host.open(page);
  await newWorkspace(page, 'Refusals');
  await importCsv(page, 'Refusals', 'sales.csv', SALES);
  const form = await openTransform(page, 'Filter rows');
  await form.getByRole('combobox', { name: 'Keep rows where' }).fill('weight > 3');
  await expect(form.getByRole('alert').filter({ hasText: 'weight' })).toBeVisible();
  await form.getByRole('combobox', { name: 'Keep rows where' }).fill('price > 1.6');
  await expect(form.getByRole('alert')).toHaveCount(0);
  await expect(form.getByRole('region', { name: 'Preview' }).getByText('2 rows in the result')).toBeVisible();
});

test('a second aggregation and a split get names of their own', async ({ page, host }) => {
  await host.open(page);
  await newWorkspace(page, 'Names');
  await importCsv(page, 'Names', 'sales.csv', SALES);

  const group = await openTransform(page, 'Group and aggregate');
  await group.getByRole('checkbox', { name: 'region' }).check();
  await group.getByRole('button', { name: 'Add an aggregation' }).click();
  const second = group.getByRole('group', { name: 'Aggregation 2' });
  await second.getByRole('combobox', { name: 'Of column' }).selectOption('units');
  await expect(second.getByRole('textbox', { name: 'Result name' })).toHaveValue('sum_units');
  await second.getByRole('combobox', { name: 'Function' }).selectOption('mean');
  await expect(second.getByRole('textbox', { name: 'Result name' })).toHaveValue('mean_units');
  // A name the person wrote stays theirs.
  await second.getByRole('textbox', { name: 'Result name' }).fill('avg_units');
  await second.getByRole('combobox', { name: 'Function' }).selectOption('max');
  await expect(second.getByRole('textbox', { name: 'Result name' })).toHaveValue('avg_units');
  await group.getByRole('button', { name: 'Apply' }).click();
  await expect(group).toBeHidden();
  await expect(page.getByRole('grid').getByRole('columnheader', { name: /avg_units/ })).toBeVisible();

  const split = await openTransform(page, 'Split column');
  await split.getByRole('combobox', { name: 'Column' }).selectOption('region');
  await expect(split.getByRole('textbox', { name: 'New column names (one per line)' })).toHaveValue(
    'region_1\nregion_2',
  );
  await expect(split.getByRole('region', { name: 'Preview' })).toBeVisible();
  await expect(split.getByRole('alert')).toHaveCount(0);
});
