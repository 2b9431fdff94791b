import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './host';
import { gridRows, importCsv, newWorkspace } from './steps';

/** Edits in the grid: a cell typed in place becomes a version; right-click menus prefill operations. */

test.use({ viewport: { width: 1440, height: 900 } });
test.describe.configure({ mode: 'parallel' });

const PRICES = ['city,price,qty', 'NY,4.5,3', 'LA,2.5,', 'NY,7.25,1', 'SF,1.5,5', ''].join('\n');

/** A body cell by its place in the grid (row and column from 1), as a person points at it. */
function cell(page: Page, row: number, col: number) {
  return page
    .getByRole('grid')
    .locator(`[role="row"][aria-rowindex="${row + 1}"] [role="gridcell"][aria-colindex="${col + 1}"]`);
}

const versions = (page: Page) => page.getByRole('list', { name: 'Versions' }).getByRole('listitem');

async function openPrices(page: Page, host: { open(page: Page): Promise<void> }, workspace: string) {
  await host.open(page);
  await newWorkspace(page, workspace);
  await importCsv(page, workspace, 'prices.csv', PRICES);
  await expect.poll(() => gridRows(page)).toHaveLength(4);
}

test('double-click a cell, type a value, "this cell only": a new version with the new value', async ({
  page,
  host,
}) => {
  await openPrices(page, host, 'Cells');

  // A value that does not fit the column is refused in the editor, and nothing is made.
  await cell(page, 1, 3).dblclick();
  const qty = page.getByRole('textbox', { name: 'New value for qty in row 1' });
  await expect(qty).toBeFocused();
  await expect(qty).toHaveValue('3');
  await qty.fill('abc');
  await qty.press('Enter');
  await expect(page.getByRole('group', { name: 'Edit qty in row 1' }).getByRole('alert')).toHaveText(
    /"abc" is not a whole number, so it cannot go in "qty" \(integer\)/,
  );
  await qty.press('Escape');
  await expect(qty).toBeHidden();
  await expect(versions(page)).toHaveCount(1);

  await cell(page, 2, 2).dblclick();
  const price = page.getByRole('textbox', { name: 'New value for price in row 2' });
  await expect(price).toHaveValue('2.5');
  await price.fill('9.75');
  await page.getByRole('radio', { name: 'This cell only (row 2)' }).check();
  await price.press('Enter');

  await expect(versions(page)).toHaveCount(2);
  await expect(versions(page).filter({ hasText: 'Set "price" in row 2 to 9.75' })).toHaveCount(1);
  await expect
    .poll(() => gridRows(page))
    .toEqual([
      ['NY', '4.5', '3'],
      ['LA', '9.75', 'null'],
      ['NY', '7.25', '1'],
      ['SF', '1.5', '5'],
    ]);
});

test('"every cell with this value" changes each matching cell of the column', async ({ page, host }) => {
  await openPrices(page, host, 'Every');
  await cell(page, 1, 1).dblclick();
  const city = page.getByRole('textbox', { name: 'New value for city in row 1' });
  await city.fill('New York');
  await page.getByRole('radio', { name: 'Every cell with “NY” in city' }).check();
  await page.getByRole('button', { name: 'Save' }).click();

  await expect(versions(page).filter({ hasText: 'Replace "NY" with "New York" in "city"' })).toHaveCount(1);
  await expect
    .poll(async () => (await gridRows(page)).map((r) => r[0]))
    .toEqual(['New York', 'LA', 'New York', 'SF']);
});

test('right-click a cell → "Keep rows with this value": the filter is prefilled, Apply keeps those rows', async ({
  page,
  host,
}) => {
  await openPrices(page, host, 'Keep');
  await cell(page, 1, 1).click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Cell city in row 1' });
  await expect(menu.getByRole('menuitem')).toHaveText([
    'Keep rows with this value',
    'Exclude rows with this value',
    'Edit cell',
    'Copy value',
  ]);
  await menu.getByRole('menuitem', { name: 'Keep rows with this value' }).click();

  const form = page.getByRole('dialog', { name: 'Filter rows' });
  await expect(form.getByRole('combobox', { name: 'Keep rows where' })).toHaveValue("city = 'NY'");
  await expect(form.getByRole('region', { name: 'Preview' })).toContainText('2 rows in the result');
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect(form).toBeHidden();
  await expect(versions(page)).toHaveCount(2);
  await expect
    .poll(() => gridRows(page))
    .toEqual([
      ['NY', '4.5', '3'],
      ['NY', '7.25', '1'],
    ]);
});

test('right-click an empty cell → "Fill missing here…" opens the fill form on that column', async ({
  page,
  host,
}) => {
  await openPrices(page, host, 'Fill');
  await cell(page, 2, 3).click({ button: 'right' });
  await page
    .getByRole('menu', { name: 'Cell qty in row 2' })
    .getByRole('menuitem', { name: 'Fill missing here…' })
    .click();
  const form = page.getByRole('dialog', { name: 'Fill missing values' });
  await expect(form.getByRole('checkbox', { name: 'qty' })).toBeChecked();
  await expect(form.getByRole('checkbox', { name: 'price' })).not.toBeChecked();
  await form.getByRole('textbox', { name: 'Value' }).fill('0');
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect(form).toBeHidden();
  await expect.poll(async () => (await gridRows(page)).map((r) => r[2])).toEqual(['3', '0', '1', '5']);
});

test('right-click a column header → Sort view descending; an edit under the sorted view names the version’s row', async ({
  page,
  host,
}) => {
  await openPrices(page, host, 'Headers');
  await page.getByRole('columnheader', { name: /price/ }).click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Column price' });
  for (const item of [
    'Sort view ascending',
    'Rename column…',
    'Change type…',
    'Fill missing values…',
    'Drop column…',
  ]) {
    await expect(menu.getByRole('menuitem', { name: item })).toBeVisible();
  }
  await menu.getByRole('menuitem', { name: 'Sort view descending' }).click();
  await expect
    .poll(async () => (await gridRows(page)).map((r) => r[1]))
    .toEqual(['7.25', '4.5', '2.5', '1.5']);
  // A view sort changes nothing in the data.
  await expect(versions(page)).toHaveCount(1);

  // Under the sorted view the first row shown is the version's row 3: "this cell only" names it.
  await cell(page, 1, 2).dblclick();
  const price = page.getByRole('textbox', { name: 'New value for price in row 3' });
  await expect(price).toHaveValue('7.25');
  await price.fill('0.5');
  await price.press('Enter');
  await expect(versions(page).filter({ hasText: 'Set "price" in row 3 to 0.5' })).toHaveCount(1);
  await expect
    .poll(async () => (await gridRows(page)).map((r) => r[1]))
    .toEqual(['4.5', '2.5', '1.5', '0.5']);
});

test('from the keyboard: F2 edits the focused cell, Shift+F10 opens its menu', async ({ page, host }) => {
  await openPrices(page, host, 'Keys');
  const grid = page.getByRole('grid');
  await grid.focus();
  // The first cell is active on focus: down to row 3, right to price.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('F2');
  const price = page.getByRole('textbox', { name: 'New value for price in row 3' });
  await expect(price).toBeFocused();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('8');
  await page.keyboard.press('Enter');
  await expect(versions(page).filter({ hasText: 'Set "price" in row 3 to 8' })).toHaveCount(1);
  await expect.poll(async () => (await gridRows(page))[2]).toEqual(['NY', '8', '1']);

  // The new version's grid: focus it again, pick "LA" and exclude it from the keyboard.
  await grid.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+F10');
  const menu = page.getByRole('menu', { name: 'Cell city in row 2' });
  await expect(menu.getByRole('menuitem', { name: 'Keep rows with this value' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const form = page.getByRole('dialog', { name: 'Filter rows' });
  await expect(form.getByRole('combobox', { name: 'Keep rows where' })).toHaveValue(
    "city IS NULL OR city != 'LA'",
  );
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect.poll(async () => (await gridRows(page)).map((r) => r[0])).toEqual(['NY', 'NY', 'SF']);

  // Enter on a cell edits it too; Escape leaves it as it was.
  await grid.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'New value for city in row 1' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(grid).toBeFocused();
  await expect(versions(page)).toHaveCount(3);
});

test('the cell editor and the cell menu pass axe', async ({ page, host }) => {
  // Two full axe scans: each takes seconds on a busy machine (the a11y spec allows 120 s for its eight).
  test.setTimeout(90_000);
  await openPrices(page, host, 'Access');
  const serious = async () =>
    (await new AxeBuilder({ page }).analyze()).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);

  await cell(page, 1, 2).dblclick();
  const price = page.getByRole('textbox', { name: 'New value for price in row 1' });
  await price.fill('x');
  await price.press('Enter');
  await expect(page.getByRole('group', { name: 'Edit price in row 1' }).getByRole('alert')).toBeVisible();
  expect(await serious(), 'cell editor with an error').toEqual([]);
  await price.press('Escape');

  await cell(page, 1, 1).click({ button: 'right' });
  await expect(page.getByRole('menu', { name: 'Cell city in row 1' })).toBeVisible();
  expect(await serious(), 'cell menu').toEqual([]);
});

test('the cell menu edits the cell and copies its value', async ({ page, host }) => {
  await openPrices(page, host, 'Copy');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await cell(page, 3, 2).click({ button: 'right' });
  await page
    .getByRole('menu', { name: 'Cell price in row 3' })
    .getByRole('menuitem', { name: 'Copy value' })
    .click();
  await expect(page.getByText('Copied the value.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('7.25');

  await cell(page, 4, 1).click({ button: 'right' });
  await page
    .getByRole('menu', { name: 'Cell city in row 4' })
    .getByRole('menuitem', { name: 'Edit cell' })
    .click();
  const city = page.getByRole('textbox', { name: 'New value for city in row 4' });
  await expect(city).toBeFocused();
  await expect(city).toHaveValue('SF');
  // An empty box is a missing value.
  await city.fill('');
  await city.press('Enter');
  await expect(versions(page).filter({ hasText: 'Set "city" in row 4 to missing' })).toHaveCount(1);
  await expect.poll(async () => (await gridRows(page))[3]).toEqual(['null', '1.5', '5']);
});
