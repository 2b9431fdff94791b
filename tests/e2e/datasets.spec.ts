import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './host';
import { newWorkspace } from './steps';

/**
 * Datasets as a person uses them: drop or pick CSV files, read them in the grid, transform them
 * through the forms, move around the version tree, and export data and recipes.
 */

const PEOPLE = ['name,age,city', 'Ann,34,NY', 'Bob,25,LA', 'Cid,41,NY', 'Dee,,SF', 'Eve,29,NY', ''].join(
  '\n',
);

/** Drags files over the window and drops them, as a file manager would. */
async function dropFiles(
  page: Page,
  workspace: string,
  files: { name: string; content: string | Buffer }[],
): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, base64: Buffer.from(f.content).toString('base64') }));
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name, { type: 'text/csv' }));
    }
    return dt;
  }, payload);
  await page.dispatchEvent('main', 'dragenter', { dataTransfer });
  const overlay = page.getByText(`Drop CSV files to import into ${workspace}`);
  await expect(overlay).toBeVisible();
  await page.dispatchEvent('main', 'drop', { dataTransfer });
  await expect(overlay).toBeHidden();
}

/** Builds a CSV of `rows` rows inside the page (no transfer from the test) and drops it. */
async function dropGenerated(page: Page, workspace: string, name: string, rows: number): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, rows }) => {
      const parts: string[] = ['id,value,label\n'];
      let chunk = '';
      for (let i = 1; i <= rows; i++) {
        chunk += `${i},${i % 1000}.5,row ${i}\n`;
        if (i % 50_000 === 0) {
          parts.push(chunk);
          chunk = '';
        }
      }
      parts.push(chunk);
      const dt = new DataTransfer();
      dt.items.add(new File(parts, name, { type: 'text/csv' }));
      return dt;
    },
    { name, rows },
  );
  await page.dispatchEvent('main', 'dragenter', { dataTransfer });
  await expect(page.getByText(`Drop CSV files to import into ${workspace}`)).toBeVisible();
  await page.dispatchEvent('main', 'drop', { dataTransfer });
}

/** The values of the body rows the grid has rendered, in row order. */
function gridValues(page: Page): Promise<(string | null)[][]> {
  return page.getByRole('grid').evaluate((grid) =>
    Array.from(grid.querySelectorAll('[role="row"]'))
      .map((row) => ({ index: Number(row.getAttribute('aria-rowindex')), row }))
      .filter(({ index }) => index > 1)
      .sort((a, b) => a.index - b.index)
      .map(({ row }) => Array.from(row.querySelectorAll('[role="gridcell"]')).map((c) => c.textContent)),
  );
}

async function openDataset(page: Page, name: string): Promise<void> {
  await page.getByRole('table', { name: 'Datasets' }).getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByRole('grid')).toBeVisible();
}

async function transform(page: Page, operation: string): Promise<ReturnType<Page['getByRole']>> {
  await page.getByRole('button', { name: 'Transform ▾' }).click();
  await page
    .getByRole('menu', { name: 'Transform' })
    .getByRole('menuitem', { name: `${operation}…` })
    .click();
  return page.getByRole('dialog', { name: operation });
}

const versionsList = (page: Page) => page.getByRole('list', { name: 'Versions' });

test.describe.configure({ mode: 'parallel' });

test.describe('datasets', () => {
  test('drop a CSV, filter it, undo, branch, and export the branch as CSV', async ({ page, host }) => {
    // The version tree (React Flow) and the grid must work under the strict CSP: no inline styles.
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
    });
    await host.open(page);
    await newWorkspace(page, 'People');
    await dropFiles(page, 'People', [{ name: 'people.csv', content: PEOPLE }]);

    const imports = page.getByRole('region', { name: 'Imports' });
    await expect(imports.getByText('Imported as “people”, 5 rows × 3 columns.')).toBeVisible();
    await expect(page.getByRole('table', { name: 'Datasets' }).getByRole('row')).toHaveCount(2);
    await openDataset(page, 'people');

    const grid = page.getByRole('grid');
    await expect(grid).toHaveAttribute('aria-rowcount', '6');
    await expect(grid.getByRole('columnheader', { name: /age.*integer/ })).toBeVisible();
    await expect
      .poll(() => gridValues(page))
      .toEqual([
        ['Ann', '34', 'NY'],
        ['Bob', '25', 'LA'],
        ['Cid', '41', 'NY'],
        ['Dee', 'null', 'SF'],
        ['Eve', '29', 'NY'],
      ]);

    // Filter rows through the form: preview first, then apply.
    const form = await transform(page, 'Filter rows');
    await form.getByRole('combobox', { name: 'Keep rows where' }).fill('age > 30');
    await expect(form.getByRole('button', { name: 'Apply' })).toBeEnabled();
    await form.getByRole('button', { name: 'Preview' }).click();
    const preview = form.getByRole('region', { name: 'Preview' });
    await expect(preview.getByText('2 rows in the result (now 5)')).toBeVisible();
    await expect(preview.getByRole('table', { name: 'Preview rows' }).getByRole('row')).toHaveCount(3);
    await preview.getByText('SQL and pandas').click();
    await expect(preview.locator('pre').first()).toBeVisible();
    await form.getByRole('button', { name: 'Apply' }).click();
    await expect(form).toBeHidden();

    await expect
      .poll(() => gridValues(page))
      .toEqual([
        ['Ann', '34', 'NY'],
        ['Cid', '41', 'NY'],
      ]);
    await expect(versionsList(page).getByRole('listitem')).toHaveCount(2);
    await expect(versionsList(page).getByRole('button', { name: /^v2 .*current/ })).toBeVisible();

    // Undo with the keyboard: the original rows come back.
    await grid.focus();
    await page.keyboard.press('Control+z');
    await expect(versionsList(page).getByRole('button', { name: /^v1 .*current/ })).toBeVisible();
    await expect.poll(() => gridValues(page)).toHaveLength(5);

    // Redo and undo again with the other shortcuts.
    await page.keyboard.press('Control+Shift+Z');
    await expect(versionsList(page).getByRole('button', { name: /^v2 .*current/ })).toBeVisible();
    await page.keyboard.press('Control+z');
    await expect(versionsList(page).getByRole('button', { name: /^v1 .*current/ })).toBeVisible();

    // A different operation on the root starts a branch: two children of v1.
    const drop = await transform(page, 'Drop columns');
    await drop.getByRole('checkbox', { name: 'city' }).check();
    await drop.getByRole('button', { name: 'Preview' }).click();
    await expect(drop.getByRole('region', { name: 'Preview' })).toBeVisible();
    await drop.getByRole('button', { name: 'Apply' }).click();
    await expect(drop).toBeHidden();

    const items = versionsList(page).getByRole('listitem');
    await expect(items).toHaveCount(3);
    await expect(items.filter({ hasText: 'from v1' })).toHaveCount(2);
    await expect(versionsList(page).getByRole('button', { name: /^v3 .*current/ })).toBeVisible();
    await expect(page.locator('.react-flow__node')).toHaveCount(3);
    await expect(page.locator('.react-flow__edge')).toHaveCount(2);
    await expect
      .poll(() => gridValues(page))
      .toEqual([
        ['Ann', '34'],
        ['Bob', '25'],
        ['Cid', '41'],
        ['Dee', 'null'],
        ['Eve', '29'],
      ]);

    const downloading = page.waitForEvent('download');
    await page
      .getByRole('toolbar', { name: 'Dataset actions' })
      .getByRole('button', { name: 'Export CSV' })
      .click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    expect(fs.readFileSync(await download.path(), 'utf8')).toBe(
      'name,age\r\nAnn,34\r\nBob,25\r\nCid,41\r\nDee,\r\nEve,29\r\n',
    );
    expect(violations).toEqual([]);
  });

  test('a file that is not a CSV shows its message and creates no dataset', async ({ page, host }) => {
    await host.open(page);
    await newWorkspace(page, 'Junk');
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    await dropFiles(page, 'Junk', [
      { name: 'empty.csv', content: '' },
      { name: 'x.csv', content: png },
    ]);
    const imports = page.getByRole('region', { name: 'Imports' });
    await expect(imports.getByRole('alert').filter({ hasText: 'Could not import empty.csv' })).toContainText(
      'is empty',
    );
    await expect(imports.getByRole('alert').filter({ hasText: 'Could not import x.csv' })).toContainText(
      'PNG image',
    );
    await expect(page.getByRole('heading', { name: 'No datasets yet' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Datasets' })).toHaveCount(0);

    // Still nothing after a reload: the backend kept nothing either.
    await page.reload();
    await expect(page.getByRole('heading', { name: 'No datasets yet' })).toBeVisible();
  });

  test('"Try sample data" imports a sample; the file picker imports several files in turn', async ({
    page,
    host,
  }) => {
    await host.open(page);
    await newWorkspace(page, 'Samples');
    await page.getByRole('button', { name: 'Try sample data: Customers' }).click();
    const table = page.getByRole('table', { name: 'Datasets' });
    await expect(table.getByRole('link', { name: 'customers' })).toBeVisible();
    await expect(table.getByRole('row', { name: /customers/ })).toContainText('300 rows × 13 columns');

    await page.locator('input[type="file"][aria-label="CSV files to import"]').setInputFiles([
      { name: 'a.csv', mimeType: 'text/csv', buffer: Buffer.from('x,y\n1,2\n') },
      { name: 'b.csv', mimeType: 'text/csv', buffer: Buffer.from('p;q\n3;4\n5;6\n') },
    ]);
    await expect(table.getByRole('link', { name: 'a', exact: true })).toBeVisible();
    await expect(table.getByRole('row', { name: /^b / })).toContainText('2 rows × 2 columns');
    await expect(table.getByRole('row', { name: /^b / })).toContainText('semicolon');

    // Archive hides a dataset until "Include archived datasets"; restore brings it back.
    await page.getByRole('button', { name: 'Archive a' }).click();
    await expect(table.getByRole('link', { name: 'a', exact: true })).toHaveCount(0);
    await page.getByRole('checkbox', { name: 'Include archived datasets' }).check();
    await page.getByRole('button', { name: 'Restore a' }).click();
    await page.getByRole('checkbox', { name: 'Include archived datasets' }).uncheck();
    await expect(table.getByRole('link', { name: 'a', exact: true })).toBeVisible();

    await openDataset(page, 'customers');
    await expect(page.getByRole('grid')).toHaveAttribute('aria-rowcount', '301');
  });

  test('the grid sorts and filters the view without making versions; a bad filter is explained', async ({
    page,
    host,
  }) => {
    await host.open(page);
    await newWorkspace(page, 'View');
    await dropFiles(page, 'View', [{ name: 'people.csv', content: PEOPLE }]);
    await page.getByRole('link', { name: 'people' }).first().click();
    await expect.poll(() => gridValues(page)).toHaveLength(5);

    const grid = page.getByRole('grid');
    await grid.getByRole('button', { name: /^age/ }).click();
    await expect(grid.getByRole('columnheader', { name: /age/ })).toHaveAttribute('aria-sort', 'ascending');
    await expect
      .poll(async () => (await gridValues(page)).map((r) => r[0]))
      .toEqual(['Bob', 'Eve', 'Ann', 'Cid', 'Dee']);
    await grid.getByRole('button', { name: /^age/ }).click();
    await expect(grid.getByRole('columnheader', { name: /age/ })).toHaveAttribute('aria-sort', 'descending');
    // Shift-click adds a second key.
    await grid.getByRole('button', { name: /^city/ }).click();
    await grid.getByRole('button', { name: /^age/ }).click({ modifiers: ['Shift'] });
    await expect
      .poll(async () => (await gridValues(page)).map((r) => r[0]))
      .toEqual(['Bob', 'Eve', 'Ann', 'Cid', 'Dee']);

    const filter = page.getByRole('combobox', { name: 'Filter view' });
    await filter.fill("city = 'NY' AND age > 30");
    await filter.press('Enter');
    await expect.poll(async () => (await gridValues(page)).map((r) => r[0])).toEqual(['Ann', 'Cid']);
    await expect(grid).toHaveAttribute('aria-rowcount', '3');

    await filter.fill('salary > 3');
    await filter.press('Enter');
    await expect(page.getByRole('alert').filter({ hasText: 'salary' })).toBeVisible();
    await expect(filter).toHaveAttribute('aria-invalid', 'true');
    // The last good view stays on screen.
    await expect.poll(async () => (await gridValues(page)).map((r) => r[0])).toEqual(['Ann', 'Cid']);

    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await expect.poll(() => gridValues(page)).toHaveLength(5);
    await expect(versionsList(page).getByRole('listitem')).toHaveCount(1);
  });

  test('a renamed column shows in the diff as a rename, its values compared under both names', async ({
    page,
    host,
  }) => {
    await host.open(page);
    await newWorkspace(page, 'Renames');
    await dropFiles(page, 'Renames', [{ name: 'people.csv', content: PEOPLE }]);
    await openDataset(page, 'people');
    await expect.poll(() => gridValues(page)).toHaveLength(5);

    await page.getByRole('button', { name: 'Column city actions' }).click();
    await page
      .getByRole('menu', { name: 'Column city' })
      .getByRole('menuitem', { name: 'Rename column…' })
      .click();
    const rename = page.getByRole('dialog', { name: 'Rename columns' });
    await expect(rename.getByRole('combobox', { name: 'Column' })).toHaveValue('city');
    await rename.getByRole('textbox', { name: 'New name' }).fill('town');
    await rename.getByRole('button', { name: 'Preview' }).click();
    await rename.getByRole('button', { name: 'Apply' }).click();
    await expect(rename).toBeHidden();
    await expect(page.getByRole('grid').getByRole('columnheader', { name: /town.*text/ })).toBeVisible();

    await page.getByRole('button', { name: 'Column town actions' }).click();
    await page
      .getByRole('menu', { name: 'Column town' })
      .getByRole('menuitem', { name: 'Find and replace…' })
      .click();
    const replace = page.getByRole('dialog', { name: 'Find and replace' });
    await replace.getByRole('textbox', { name: 'Find' }).fill('LA');
    await replace.getByRole('textbox', { name: 'Replace with' }).fill('Los Angeles');
    await replace.getByRole('button', { name: 'Preview' }).click();
    await replace.getByRole('button', { name: 'Apply' }).click();
    await expect(replace).toBeHidden();
    await expect.poll(async () => (await gridValues(page))[1]).toEqual(['Bob', '25', 'Los Angeles']);

    await versionsList(page).getByRole('button', { name: /^v1 / }).click();
    await page.getByRole('button', { name: 'Diff with current' }).click();
    const diff = page.getByRole('dialog', { name: 'Differences from v1 to v3 (current)' });
    await expect(diff.getByRole('region', { name: 'Schema changes' }).getByRole('listitem')).toHaveText([
      'Renamed column city → town',
    ]);
    await expect(diff.getByText('5 → 5 (±0); 1 row differs')).toBeVisible();
    const changed = diff.getByRole('table', { name: 'Changed rows' });
    await expect(changed.getByRole('columnheader')).toHaveText(['Row', 'name', 'age', 'city → town']);
    // One row per changed row: the changed cell shows its value before and after.
    const bob = changed.getByRole('row', { name: /Row 2 changed/ });
    await expect(bob.getByRole('cell')).toHaveText(['Bob', '25', /^LA → Los Angeles/]);
    await expect(bob.getByRole('cell').nth(2)).toHaveAttribute('title', 'changed from “LA”');
    await diff.getByRole('button', { name: 'Close' }).first().click();
    await expect(diff).toBeHidden();
  });

  test('a branch from an older version, diff with current, label, checkout', async ({ page, host }) => {
    await host.open(page);
    await newWorkspace(page, 'Diffs');
    await dropFiles(page, 'Diffs', [{ name: 'people.csv', content: PEOPLE }]);
    await page.getByRole('link', { name: 'people' }).first().click();
    await expect.poll(() => gridValues(page)).toHaveLength(5);

    // The column menu opens the form with that column chosen.
    await page.getByRole('button', { name: 'Column city actions' }).click();
    await page
      .getByRole('menu', { name: 'Column city' })
      .getByRole('menuitem', { name: 'Find and replace…' })
      .click();
    const form = page.getByRole('dialog', { name: 'Find and replace' });
    await expect(form.getByRole('checkbox', { name: 'city' })).toBeChecked();
    await form.getByRole('textbox', { name: 'Find' }).fill('NY');
    await form.getByRole('textbox', { name: 'Replace with' }).fill('New York');
    await form.getByRole('button', { name: 'Preview' }).click();
    await expect(form.getByText('3 rows affected', { exact: false })).toBeVisible();
    await form.getByRole('button', { name: 'Apply' }).click();
    await expect(form).toBeHidden();
    await expect.poll(async () => (await gridValues(page))[0]).toEqual(['Ann', '34', 'New York']);

    // Preview v1 from the list: the grid shows it, the current version does not move.
    await versionsList(page).getByRole('button', { name: /^v1 / }).click();
    await expect(page.getByText('Previewing v1')).toBeVisible();
    await expect.poll(async () => (await gridValues(page))[0]).toEqual(['Ann', '34', 'NY']);

    await page.getByRole('button', { name: 'Diff with current' }).click();
    const diff = page.getByRole('dialog', { name: 'Differences from v1 to v2 (current)' });
    await expect(diff.getByText('5 → 5')).toBeVisible();
    const changed = diff.getByRole('table', { name: 'Changed rows' });
    await expect(changed.getByRole('row')).toHaveCount(4);
    await expect(changed.getByRole('row', { name: /Row 1 changed/ })).toContainText('NY → New York');
    await diff.getByRole('button', { name: 'Close' }).first().click();

    // Label v1, then branch from it (it is not current): the form says so.
    await page.getByRole('button', { name: 'Label…' }).click();
    await page.getByRole('textbox', { name: 'Label for v1' }).fill('raw');
    await page.getByRole('button', { name: 'Save label' }).click();
    await expect(versionsList(page).getByRole('button', { name: /^v1 .*raw/ })).toBeVisible();

    await page.getByRole('button', { name: 'Branch from here…' }).click();
    await page.getByRole('menu', { name: 'Transform' }).getByRole('menuitem', { name: 'Sort…' }).click();
    const sort = page.getByRole('dialog', { name: 'Sort' });
    await expect(sort.getByRole('note')).toContainText('starts a new branch');
    await sort.getByRole('combobox', { name: 'Column' }).selectOption('age');
    await sort.getByRole('combobox', { name: 'Direction' }).selectOption('desc');
    await sort.getByRole('button', { name: 'Preview' }).click();
    await sort.getByRole('button', { name: 'Apply' }).click();
    await expect(sort).toBeHidden();
    await expect(versionsList(page).getByRole('listitem').filter({ hasText: 'from v1' })).toHaveCount(2);
    await expect
      .poll(async () => (await gridValues(page)).map((r) => r[0]))
      .toEqual(['Cid', 'Ann', 'Eve', 'Bob', 'Dee']);

    // Check out v2 again.
    await versionsList(page).getByRole('button', { name: /^v2 / }).click();
    await page.getByRole('button', { name: 'Check out' }).click();
    await expect(versionsList(page).getByRole('button', { name: /^v2 .*current/ })).toBeVisible();
    await expect(page.getByText('Previewing')).toHaveCount(0);
  });

  test('an operation the backend refuses is explained in the form', async ({ page, host }) => {
    await host.open(page);
    await newWorkspace(page, 'Errors');
    await dropFiles(page, 'Errors', [{ name: 'people.csv', content: PEOPLE }]);
    await page.getByRole('link', { name: 'people' }).first().click();
    await expect.poll(() => gridValues(page)).toHaveLength(5);

    const form = await transform(page, 'Derive column');
    await form.getByRole('button', { name: 'Preview' }).click();
    await expect(form.getByText('A column name cannot be empty.')).toBeVisible();
    await form.getByRole('textbox', { name: 'New column name' }).fill('double');
    await form.getByRole('combobox', { name: 'Expression' }).fill('salary * 2');
    await form.getByRole('button', { name: 'Preview' }).click();
    await expect(form.getByRole('alert').filter({ hasText: 'salary' })).toBeVisible();
    await form.getByRole('combobox', { name: 'Expression' }).fill('age * 2');
    await form.getByRole('button', { name: 'Preview' }).click();
    await form.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(async () => (await gridValues(page))[0]).toEqual(['Ann', '34', 'NY', '68']);
  });

  test('export a recipe and replay it on another file; a file with other columns is refused', async ({
    page,
    host,
  }) => {
    await host.open(page);
    await newWorkspace(page, 'Recipes');
    await dropFiles(page, 'Recipes', [{ name: 'people.csv', content: PEOPLE }]);
    await page.getByRole('link', { name: 'people' }).first().click();
    await expect.poll(() => gridValues(page)).toHaveLength(5);

    const form = await transform(page, 'Filter rows');
    await form.getByRole('combobox', { name: 'Keep rows where' }).fill("city = 'NY'");
    await form.getByRole('button', { name: 'Preview' }).click();
    await form.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => gridValues(page)).toHaveLength(3);

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export recipe' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.json$/);
    const recipeText = fs.readFileSync(await download.path(), 'utf8');
    const recipe = JSON.parse(recipeText) as { format: string; operations: { op: string }[] };
    expect(recipe.format).toBe('cairn-recipe');
    expect(recipe.operations.map((o) => o.op)).toEqual(['filter_rows']);

    await page.getByRole('combobox', { name: 'Recipe format' }).selectOption('pandas');
    const pandas = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export recipe' }).click();
    expect(fs.readFileSync(await (await pandas).path(), 'utf8')).toContain('import pandas');

    // Next month's file: same columns, other rows.
    await page.getByRole('link', { name: 'Recipes' }).first().click();
    await dropFiles(page, 'Recipes', [
      { name: 'people-next.csv', content: 'name,age,city\nFay,50,NY\nGus,22,LA\n' },
      { name: 'other.csv', content: 'a,b\n1,2\n' },
    ]);
    const table = page.getByRole('table', { name: 'Datasets' });
    await expect(table.getByRole('link', { name: 'other' })).toBeVisible();
    await openDataset(page, 'people-next');
    await page.locator('input[aria-label="Recipe file to apply"]').setInputFiles({
      name: 'recipe.json',
      mimeType: 'application/json',
      buffer: Buffer.from(recipeText),
    });
    await expect.poll(() => gridValues(page)).toEqual([['Fay', '50', 'NY']]);
    await expect(versionsList(page).getByRole('listitem')).toHaveCount(2);

    await page.getByRole('link', { name: 'Recipes' }).first().click();
    await openDataset(page, 'other');
    await page.locator('input[aria-label="Recipe file to apply"]').setInputFiles({
      name: 'recipe.json',
      mimeType: 'application/json',
      buffer: Buffer.from(recipeText),
    });
    await expect(page.getByRole('complementary').getByRole('alert')).toContainText(
      'This recipe does not fit this dataset',
    );
    await expect(versionsList(page).getByRole('listitem')).toHaveCount(1);
  });

  test('re-import with another delimiter makes a new dataset', async ({ page, host }) => {
    await host.open(page);
    await newWorkspace(page, 'Dialects');
    await dropFiles(page, 'Dialects', [{ name: 'semi.csv', content: 'a;b\n1;2\n3;4\n' }]);
    await page.getByRole('link', { name: 'semi' }).first().click();
    await expect
      .poll(() => gridValues(page))
      .toEqual([
        ['1', '2'],
        ['3', '4'],
      ]);
    await page.getByRole('button', { name: 'Re-import with…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Re-import with…' });
    await dialog.getByRole('combobox', { name: 'Delimiter' }).selectOption(',');
    await dialog.getByRole('button', { name: 'Re-import' }).click();
    // Over a dataset's grid a finished import folds into a small indicator; the person opens it.
    await page.getByRole('button', { name: /^Imports: 2 done$/ }).click();
    const imports = page.getByRole('region', { name: 'Imports' });
    await expect(imports.getByText(/Imported as “semi”, 2 rows × 1 column\b/)).toBeVisible();
    await imports.getByRole('link', { name: 'Open' }).last().click();
    await expect(page.getByRole('grid').getByRole('columnheader', { name: /a;b/ })).toBeVisible();
  });

  test('a million-row version scrolls by fetching only the pages in view', async ({ page, host }) => {
    test.setTimeout(60_000);
    await host.open(page);
    await newWorkspace(page, 'Big');
    await dropGenerated(page, 'Big', 'big.csv', 1_000_000);
    await expect(
      page.getByRole('table', { name: 'Datasets' }).getByRole('link', { name: 'big' }),
    ).toBeVisible({
      timeout: 40_000,
    });
    await openDataset(page, 'big');
    const grid = page.getByRole('grid');
    await expect(grid).toHaveAttribute('aria-rowcount', '1000001');

    const fetched: number[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/invoke/versions%3Arows')) {
        fetched.push((JSON.parse(request.postData() ?? '{}') as { start: number }).start);
      }
    });
    await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight / 2 }));
    await expect(grid.locator('[aria-rowindex="500001"]')).toContainText('row 500000');
    await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect(grid.locator('[aria-rowindex="1000001"]')).toContainText('row 1000000');
    // Keyboard: Ctrl+Home goes back to the first cell.
    await grid.focus();
    await page.keyboard.press('Control+Home');
    await expect(grid.locator('[aria-rowindex="2"]')).toContainText('row 1');
    expect(fetched.length).toBeLessThan(10);
    expect(await grid.getByRole('row').count()).toBeLessThan(120);
  });

  test('an import can be cancelled while it runs, and leaves nothing behind', async ({ page, host }) => {
    await host.open(page);
    await newWorkspace(page, 'Cancel');
    await dropGenerated(page, 'Cancel', 'huge.csv', 2_000_000);
    const imports = page.getByRole('region', { name: 'Imports' });
    const bar = imports.getByRole('progressbar', { name: 'Importing huge.csv' });
    await expect(bar).toBeVisible();
    await expect(bar).toHaveAttribute('aria-valuenow', /\d+/);
    await expect(imports.getByText(/rows\/s/)).toBeVisible({ timeout: 15_000 });
    await imports.getByRole('button', { name: 'Cancel import of huge.csv' }).click();
    await expect(imports.getByText('Cancelled. Nothing was imported.')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'No datasets yet' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { name: 'No datasets yet' })).toBeVisible();
  });

  test('keyboard: the grid, its column menu and rename; a second window follows along', async ({
    page,
    host,
    context,
  }) => {
    await host.open(page);
    await newWorkspace(page, 'Keys');
    await dropFiles(page, 'Keys', [{ name: 'people.csv', content: PEOPLE }]);
    await openDataset(page, 'people');
    const other = await context.newPage();
    await other.goto(page.url());
    await expect(other.getByRole('heading', { level: 1, name: 'people' })).toBeVisible();

    const grid = page.getByRole('grid');
    await grid.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    const active = await grid.getAttribute('aria-activedescendant');
    expect(active).toBeTruthy();
    await expect(page.locator(`[id="${active}"]`)).toHaveText('25');
    // Up to the header row, then the column's menu with Shift+F10.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Shift+F10');
    const menu = page.getByRole('menu', { name: 'Column age' });
    await expect(menu.getByRole('menuitem').first()).toBeFocused();
    await page.keyboard.press('c');
    await expect(menu.getByRole('menuitem', { name: 'Change type…' })).toBeFocused();
    await page.keyboard.press('Enter');
    const cast = page.getByRole('dialog', { name: 'Change column type' });
    await expect(cast.getByRole('combobox', { name: 'Column' })).toHaveValue('age');
    await cast.getByRole('combobox', { name: 'New type' }).selectOption('float');
    await cast.getByRole('button', { name: 'Preview' }).click();
    await cast.getByRole('button', { name: 'Apply' }).click();
    await expect(grid.getByRole('columnheader', { name: /age.*float/ })).toBeVisible();

    // The other window saw the new version without reloading.
    await expect(other.getByRole('list', { name: 'Versions' }).getByRole('listitem')).toHaveCount(2);
    await expect(other.getByRole('grid').getByRole('columnheader', { name: /age.*float/ })).toBeVisible();

    await page.getByRole('button', { name: 'Rename dataset' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename dataset' });
    await rename.getByRole('textbox', { name: 'Name' }).fill('staff');
    await rename.getByRole('textbox', { name: 'Name' }).press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'staff' })).toBeVisible();
    await expect(other.getByRole('heading', { level: 1, name: 'staff' })).toBeVisible();
  });

  test('every operation form previews and applies', async ({ page, host }) => {
    // About 8 s a form (19 of them) on a busy machine.
    test.setTimeout(160_000);
    await host.open(page);
    await newWorkspace(page, 'Catalogue');
    const csv = [
      'name,age,city,score',
      'Ann,34,NY,1.5',
      'Bob,25,LA,2.5',
      'Cid,41,NY,',
      'Dee,,SF,100',
      'Eve,29,NY,3.5',
      'Ann,34,NY,1.5',
      '',
    ];
    await dropFiles(page, 'Catalogue', [{ name: 'scores.csv', content: csv.join('\n') }]);
    await openDataset(page, 'scores');
    await expect.poll(() => gridValues(page)).toHaveLength(6);

    type Form = ReturnType<Page['getByRole']>;
    const steps: [string, (form: Form) => Promise<void>][] = [
      ['Select columns', (f) => f.getByRole('checkbox', { name: 'age' }).check()],
      ['Drop columns', (f) => f.getByRole('checkbox', { name: 'score' }).check()],
      ['Rename columns', (f) => f.getByRole('textbox', { name: 'New name' }).fill('full_name')],
      ['Reorder columns', (f) => f.getByRole('button', { name: 'Move age up' }).click()],
      [
        'Change column type',
        async (f) => {
          await f.getByRole('combobox', { name: 'Column' }).selectOption('age');
          await f.getByRole('combobox', { name: 'New type' }).selectOption('float');
        },
      ],
      [
        'Filter rows',
        (f) => f.getByRole('combobox', { name: 'Keep rows where' }).fill('age > 30 OR age IS NULL'),
      ],
      [
        'Fill missing values',
        async (f) => {
          await f.getByRole('checkbox', { name: 'age' }).check();
          await f.getByRole('combobox', { name: 'Fill with' }).selectOption('median');
        },
      ],
      ['Drop rows with missing values', async () => undefined],
      ['Remove duplicates', async () => undefined],
      [
        'Sort',
        async (f) => {
          await f.getByRole('combobox', { name: 'Direction' }).selectOption('desc');
        },
      ],
      [
        'Derive column',
        async (f) => {
          await f.getByRole('textbox', { name: 'New column name' }).fill('age2');
          await f.getByRole('combobox', { name: 'Expression' }).fill('age * 2');
        },
      ],
      [
        'Find and replace',
        async (f) => {
          await f.getByRole('checkbox', { name: 'city' }).check();
          await f.getByRole('textbox', { name: 'Find' }).fill('NY');
          await f.getByRole('textbox', { name: 'Replace with' }).fill('N.Y.');
        },
      ],
      [
        'Clean text',
        async (f) => {
          await f.getByRole('checkbox', { name: 'name' }).check();
          await f.getByRole('combobox', { name: 'Case' }).selectOption('upper');
        },
      ],
      [
        'Split column',
        async (f) => {
          await f.getByRole('textbox', { name: 'Split at' }).fill('n');
          await f.getByRole('textbox', { name: 'New column names (one per line)' }).fill('before_n\nafter_n');
        },
      ],
      [
        'Merge columns',
        async (f) => {
          await f.getByRole('checkbox', { name: 'name' }).check();
          await f.getByRole('checkbox', { name: 'city' }).check();
          await f.getByRole('textbox', { name: 'New column name' }).fill('who_where');
        },
      ],
      [
        'Clip outliers',
        async (f) => {
          await f.getByRole('combobox', { name: 'Method' }).selectOption('bounds');
          await f.getByRole('textbox', { name: 'Lower bound' }).fill('0');
          await f.getByRole('textbox', { name: 'Upper bound' }).fill('10');
        },
      ],
      [
        'Group and aggregate',
        async (f) => {
          await f.getByRole('checkbox', { name: 'city' }).check();
          await f.getByRole('button', { name: 'Add an aggregation' }).click();
          const second = f.getByRole('group', { name: 'Aggregation 2' });
          await second.getByRole('combobox', { name: 'Function' }).selectOption('mean');
          await second.getByRole('combobox', { name: 'Of column' }).selectOption('age');
          await second.getByRole('textbox', { name: 'Result name' }).fill('mean_age');
        },
      ],
      ['Sample rows', (f) => f.getByRole('textbox', { name: 'Rows' }).fill('3')],
      [
        'Edit cells',
        async (f) => {
          await f.getByRole('textbox', { name: 'Row number' }).fill('2');
          await f.getByRole('textbox', { name: 'New value (empty: missing)' }).fill('Zed');
        },
      ],
    ];

    let versions = 1;
    for (const [operation, fill] of steps) {
      // Every step branches from the imported data, so each form sees the original columns.
      await versionsList(page).getByRole('button', { name: /^v1 / }).click();
      await page.getByRole('button', { name: 'Branch from here…' }).click();
      await page
        .getByRole('menu', { name: 'Transform' })
        .getByRole('menuitem', { name: `${operation}…` })
        .click();
      const form = page.getByRole('dialog', { name: operation });
      await fill(form);
      await form.getByRole('button', { name: 'Preview' }).click();
      await expect(form.getByRole('region', { name: 'Preview' }), operation).toBeVisible();
      await expect(form.getByRole('alert'), operation).toHaveCount(0);
      await form.getByRole('button', { name: 'Apply' }).click();
      await expect(form, operation).toBeHidden();
      versions += 1;
      await expect(versionsList(page).getByRole('listitem'), operation).toHaveCount(versions);
    }
    await expect(versionsList(page).getByRole('listitem').filter({ hasText: 'from v1' })).toHaveCount(
      steps.length,
    );
  });
});
