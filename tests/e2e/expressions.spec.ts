import type { Page } from '@playwright/test';
import { expect, test } from './host';
import { importCsv, newWorkspace } from './steps';

/**
 * Expressions as a new user writes them: column names with spaces in double quotes or bare,
 * text in single quotes; a misspelt name is answered with the nearest columns, and a filter that
 * keeps nothing (or changes nothing) says so before anything is applied.
 */

const FLIGHTS = [
  'Origin State,Dest State,Flights',
  'Texas,Ohio,3',
  'Ohio,Texas,5',
  'Texas,Utah,2',
  'Utah,Ohio,7',
  'Ohio,Texas,5',
  '',
].join('\n');

function firstColumn(page: Page): Promise<(string | null)[]> {
  return page.getByRole('grid').evaluate((grid) =>
    Array.from(grid.querySelectorAll('[role="row"]'))
      .map((row) => ({ index: Number(row.getAttribute('aria-rowindex')), row }))
      .filter(({ index }) => index > 1)
      .sort((a, b) => a.index - b.index)
      .map(({ row }) => row.querySelector('[role="gridcell"]')?.textContent ?? null),
  );
}

async function transform(page: Page, operation: string) {
  await page.getByRole('button', { name: 'Transform ▾' }).click();
  await page
    .getByRole('menu', { name: 'Transform' })
    .getByRole('menuitem', { name: `${operation}…` })
    .click();
  return page.getByRole('dialog', { name: operation });
}

const versions = (page: Page) => page.getByRole('list', { name: 'Versions' }).getByRole('listitem');

test.describe.configure({ mode: 'parallel' });

test('a double-quoted column name with a space filters the rows it names', async ({ page, host }) => {
  await host.open(page);
  await newWorkspace(page, 'Flights');
  await importCsv(page, 'Flights', 'flights.csv', FLIGHTS);
  await expect.poll(() => firstColumn(page)).toHaveLength(5);

  const form = await transform(page, 'Filter rows');
  await expect(form.getByText('Functions and operators')).toBeVisible();
  await form.getByRole('combobox', { name: 'Keep rows where' }).fill(`"Origin State" = 'Texas'`);
  await form.getByRole('button', { name: 'Preview' }).click();
  const preview = form.getByRole('region', { name: 'Preview' });
  await expect(preview.getByText('2 rows in the result (now 5)')).toBeVisible();
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect(form).toBeHidden();
  await expect.poll(() => firstColumn(page)).toEqual(['Texas', 'Texas']);
  await expect(versions(page)).toHaveCount(2);
});

test('the view filter takes an unquoted spaced name, names the nearest columns for a bad one, and says when nothing matches', async ({
  page,
  host,
}) => {
  await host.open(page);
  await newWorkspace(page, 'Views');
  await importCsv(page, 'Views', 'flights.csv', FLIGHTS);
  await expect.poll(() => firstColumn(page)).toHaveLength(5);
  const filter = page.getByRole('combobox', { name: 'Filter view' });

  await filter.fill("Origin State = 'Ohio'");
  await filter.press('Enter');
  await expect.poll(() => firstColumn(page)).toEqual(['Ohio', 'Ohio']);

  await filter.fill("State = 'Ohio'");
  await filter.press('Enter');
  await expect(page.getByRole('alert')).toHaveText(
    'Unknown column "State" at position 1. The nearest columns: "Origin State", "Dest State".',
  );
  await expect.poll(() => firstColumn(page)).toEqual(['Ohio', 'Ohio']);

  await filter.fill(`'Origin State' = 'Ohio'`);
  await filter.press('Enter');
  await expect(page.getByRole('alert')).toContainText(
    `This compares two fixed values, 'Origin State' = 'Ohio', at position 1: every row would get the same answer. Did you mean the column "Origin State"? Write: "Origin State" = 'Ohio'`,
  );

  await filter.fill(`"Origin State" = 'Nowhere'`);
  await filter.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'No rows match this filter' })).toHaveText(
    'No rows match this filter: it keeps 0 of 5 rows.',
  );
  await expect.poll(() => firstColumn(page)).toEqual([]);
});

test('the Filter rows preview warns of 0 rows, and a second Remove duplicates has nothing to change', async ({
  page,
  host,
}) => {
  await host.open(page);
  await newWorkspace(page, 'Trust');
  await importCsv(page, 'Trust', 'flights.csv', FLIGHTS);
  await expect.poll(() => firstColumn(page)).toHaveLength(5);

  const filter = await transform(page, 'Filter rows');
  await filter.getByRole('combobox', { name: 'Keep rows where' }).fill(`"Dest State" = 'Nowhere'`);
  await filter.getByRole('button', { name: 'Preview' }).click();
  await expect(filter.getByRole('status').filter({ hasText: 'No rows match' })).toHaveText(
    'No rows match this filter: it keeps 0 of 5 rows. Applying it makes an empty version.',
  );
  await filter.getByRole('button', { name: 'Cancel' }).click();

  const first = await transform(page, 'Remove duplicates');
  await first.getByRole('button', { name: 'Preview' }).click();
  await expect(first.getByText('4 rows in the result (now 5)')).toBeVisible();
  await first.getByRole('button', { name: 'Apply' }).click();
  await expect(first).toBeHidden();
  await expect(versions(page)).toHaveCount(2);

  const second = await transform(page, 'Remove duplicates');
  await second.getByRole('button', { name: 'Preview' }).click();
  await expect(second.getByRole('status').filter({ hasText: 'Nothing to change' })).toHaveText(
    'Nothing to change: “Remove duplicate rows, keeping the first of each” would leave all 4 rows and every value exactly as they are. Apply would make no version.',
  );
  await expect(second.getByRole('button', { name: 'Apply' })).toBeDisabled();
  await second.getByRole('button', { name: 'Cancel' }).click();
  await expect(versions(page)).toHaveCount(2);
});

test('expression inputs complete column and function names as a person types, by keyboard and by mouse', async ({
  page,
  host,
}) => {
  await host.open(page);
  await newWorkspace(page, 'Completion');
  await importCsv(page, 'Completion', 'flights.csv', FLIGHTS);
  await expect.poll(() => firstColumn(page)).toHaveLength(5);

  const form = await transform(page, 'Derive column');
  await form.getByRole('textbox', { name: 'New column name' }).fill('Route');
  const expression = form.getByRole('combobox', { name: 'Expression' });
  const suggestions = form.getByRole('listbox', { name: 'Suggestions' });
  // Escape closes the list and leaves the dialog open.
  await expression.pressSequentially('Fl');
  await expect(suggestions.getByRole('option')).toHaveText([/^Flights/, /^floor\(\)/]);
  await expression.press('Escape');
  await expect(suggestions).toBeHidden();
  await expect(form).toBeVisible();
  await expression.fill('');

  await expression.pressSequentially('conc');
  await expect(suggestions.getByRole('option').first()).toContainText('concat()');
  await expect(expression).toHaveAttribute('aria-expanded', 'true');
  await expression.press('Enter');
  await expect(expression).toHaveValue('concat(');
  await expression.pressSequentially('Orig');
  await expect(suggestions.getByRole('option')).toHaveText(['Origin Statecolumn']);
  await expression.press('Enter');
  await expect(expression).toHaveValue('concat("Origin State"');
  await expect(suggestions).toBeHidden();

  await expression.pressSequentially(", ' to ', lo");
  await expect(suggestions.getByRole('option').first()).toContainText('lower()');
  await expression.press('Tab');
  await expect(expression).toHaveValue(`concat("Origin State", ' to ', lower(`);
  // Typing inside text in single quotes suggests nothing.
  await expression.pressSequentially("'De");
  await expect(suggestions).toBeHidden();
  await expression.fill(`concat("Origin State", ' to ', lower(De`);
  await expect(suggestions.getByRole('option', { name: /Dest State/ })).toBeVisible();
  await suggestions.getByRole('option', { name: /Dest State/ }).click();
  await expect(expression).toHaveValue(`concat("Origin State", ' to ', lower("Dest State"`);
  await expect(expression).toBeFocused();
  await expression.pressSequentially('))');
  const preview = form.getByRole('region', { name: 'Preview' });
  await expect(preview.getByRole('cell', { name: 'Texas to ohio' })).toBeVisible();
  await form.getByRole('button', { name: 'Cancel' }).click();

  // The view filter completes too; Ctrl+Space lists every name.
  const filter = page.getByRole('combobox', { name: 'Filter view' });
  await filter.click();
  await filter.press('Control+Space');
  await expect(page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option').first()).toHaveText(
    'Origin Statecolumn',
  );
  await filter.press('ArrowDown');
  await filter.press('Enter');
  await expect(filter).toHaveValue('"Dest State"');
  await filter.pressSequentially(" = 'Ohio'");
  await filter.press('Enter');
  await expect.poll(() => firstColumn(page)).toEqual(['Texas', 'Utah']);
});
