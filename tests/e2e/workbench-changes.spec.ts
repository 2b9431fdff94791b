import type { Locator } from '@playwright/test';
import { expect, test } from './host';
import { gridRows, importCsv, newWorkspace, openTransform } from './steps';

/** Changes you can see: previews and diffs show which rows and cells an operation changes. */

const NOTES = Array.from({ length: 11 }, (_, i) => `note_${String.fromCharCode(97 + i)}`);

/** 40 rows, 14 columns; `city` (the last, off-screen in a preview) is missing only in rows 31 and 37. */
function wideCsv(): string {
  const lines = [['id', 'name', ...NOTES, 'city'].join(',')];
  for (let id = 1; id <= 40; id++) {
    const city = id === 31 || id === 37 ? '' : id % 2 === 0 ? 'Lyon' : 'Nantes';
    lines.push([id, `Person ${id}`, ...NOTES.map((n) => `${n} text of row ${id}`), city].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Whether a cell is inside the visible part of its scrolling table, scrolled sideways to get there. */
function scrolledIntoView(cell: Locator): Promise<boolean> {
  return cell.evaluate((el) => {
    const box = el.closest('.table-scroll');
    if (!box) return false;
    const b = box.getBoundingClientRect();
    const c = el.getBoundingClientRect();
    return box.scrollLeft > 0 && c.left >= b.left - 1 && c.right <= b.right + 1;
  });
}

async function fillCityForm(page: Parameters<typeof openTransform>[0]) {
  const form = await openTransform(page, 'Fill missing values');
  await form.getByRole('checkbox', { name: 'city' }).check();
  await form.getByRole('combobox', { name: 'Fill with' }).selectOption({ label: 'A fixed value' });
  await form.getByRole('textbox', { name: 'Value' }).fill('Unknown');
  return form;
}

test.describe.configure({ mode: 'parallel' });

test('a fill-missing preview shows the changed rows first, their changed cells marked, and the counts', async ({
  page,
  host,
}) => {
  await host.open(page);
  await newWorkspace(page, 'Fills');
  await importCsv(page, 'Fills', 'wide.csv', wideCsv());
  await expect.poll(async () => (await gridRows(page)).length).toBeGreaterThan(0);

  const form = await fillCityForm(page);
  const preview = form.getByRole('region', { name: 'Preview' });
  await expect(preview.getByRole('list', { name: 'What changes' }).getByRole('listitem')).toHaveText([
    '2 rows changed (2 cells, in city)',
  ]);
  const table = preview.getByRole('table', { name: 'Preview rows' });
  // The two changed rows lead, then the first rows as they were.
  await expect(table.getByRole('rowheader')).toHaveText([
    '31 changed',
    '37 changed',
    ...Array.from({ length: 18 }, (_, i) => String(i + 1)),
  ]);
  await expect(table.getByRole('columnheader', { name: 'city (changed)' })).toBeVisible();
  const changed = table.locator('td.cell-changed');
  await expect(changed).toHaveCount(2);
  for (const cell of await changed.all()) {
    await expect(cell).toHaveAttribute('title', 'changed from empty');
    await expect(cell).toContainText('null → Unknown');
  }
  // The changed column is the last of 14: the table scrolled sideways to show it.
  await expect.poll(() => scrolledIntoView(changed.first())).toBe(true);
});

test('a filter preview says how many rows it removes and shows the first of them', async ({ page, host }) => {
  await host.open(page);
  await newWorkspace(page, 'Filters');
  await importCsv(page, 'Filters', 'wide.csv', wideCsv());
  await expect.poll(async () => (await gridRows(page)).length).toBeGreaterThan(0);

  const form = await openTransform(page, 'Filter rows');
  await form.getByRole('combobox', { name: 'Keep rows where' }).fill('id > 30');
  const preview = form.getByRole('region', { name: 'Preview' });
  await expect(preview.getByRole('list', { name: 'What changes' }).getByRole('listitem')).toHaveText([
    '30 rows removed',
  ]);
  await expect(preview.getByText('10 rows in the result (now 40)')).toBeVisible();
  const removed = preview.getByRole('region', { name: 'Removed rows' });
  await expect(removed.getByRole('heading')).toHaveText('30 rows removed (the first 20 shown)');
  const rows = removed.getByRole('table', { name: 'Removed rows' }).getByRole('rowheader');
  await expect(rows).toHaveCount(20);
  await expect(rows.first()).toHaveText('1 removed');
  await expect(
    preview.getByRole('table', { name: 'Preview rows' }).getByRole('rowheader').first(),
  ).toHaveText('31');
});

test('the diff of two versions marks the changed cells and Next change walks through them', async ({
  page,
  host,
}) => {
  await host.open(page);
  await newWorkspace(page, 'Diffs');
  await importCsv(page, 'Diffs', 'wide.csv', wideCsv());
  await expect.poll(async () => (await gridRows(page)).length).toBeGreaterThan(0);
  const form = await fillCityForm(page);
  await expect(form.getByRole('region', { name: 'Preview' }).locator('td.cell-changed')).toHaveCount(2);
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect(form).toBeHidden();

  await page.getByRole('list', { name: 'Versions' }).getByRole('button', { name: /^v1 / }).click();
  await page.getByRole('button', { name: 'Diff with current' }).click();
  const diff = page.getByRole('dialog', { name: 'Differences from v1 to v2 (current)' });
  const table = diff.getByRole('table', { name: 'Changed rows' });
  await expect(table.getByRole('rowheader')).toHaveText(['Row 31 changed', 'Row 37 changed']);
  const changed = table.locator('td.cell-changed');
  await expect(changed).toHaveCount(2);
  await expect(changed.first()).toContainText('null → Unknown');
  await expect(changed.first()).toHaveAttribute('title', 'changed from empty');

  const position = diff.getByRole('group', { name: 'Changes' }).getByRole('status');
  const current = table.locator('td.cell-current');
  await expect(position).toHaveText('Change 1 of 2');
  await expect(table.getByRole('row', { name: /Row 31 changed/ }).locator('td.cell-current')).toHaveCount(1);
  await expect.poll(() => scrolledIntoView(current)).toBe(true);

  await diff.getByRole('button', { name: 'Next change' }).click();
  await expect(position).toHaveText('Change 2 of 2');
  await expect(table.getByRole('row', { name: /Row 37 changed/ }).locator('td.cell-current')).toHaveCount(1);
  await expect(diff.getByRole('button', { name: 'Next change' })).toBeDisabled();

  // From the keyboard: p goes back, Alt+↓ forward again.
  await page.keyboard.press('p');
  await expect(position).toHaveText('Change 1 of 2');
  await page.keyboard.press('Alt+ArrowDown');
  await expect(position).toHaveText('Change 2 of 2');
});
