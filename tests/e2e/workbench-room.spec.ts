import type { Page } from '@playwright/test';
import { expect, test } from './host';
import { gridRows, importCsv, newWorkspace } from './steps';

/** Room for the data at 1440 × 900: a side panel sized once, columns sized by hand, a quiet tray. */

test.use({ viewport: { width: 1440, height: 900 } });
test.describe.configure({ mode: 'parallel' });

/** A file shaped like a public open-data table: twelve columns of mixed types. */
const WIDE = [
  'id,station,city,country,lat,lon,date,temp_c,rain_mm,wind_kmh,humidity,notes',
  ...Array.from(
    { length: 30 },
    (_, i) =>
      `${i + 1},ST${100 + i},Oslo,NO,59.9${i % 10},10.7${i % 10},2024-01-${String((i % 28) + 1).padStart(2, '0')},${(i % 7) - 3}.5,${i % 5}.2,${10 + (i % 9)},${60 + (i % 30)},ok`,
  ),
  '',
].join('\n');

/** How many column headers are wholly inside the grid's visible area. */
function fullyVisibleColumns(page: Page): Promise<number> {
  return page.getByRole('grid').evaluate((grid) => {
    const box = grid.getBoundingClientRect();
    return Array.from(grid.querySelectorAll('[role="columnheader"]'))
      .slice(1)
      .filter((h) => {
        const r = h.getBoundingClientRect();
        return r.left >= box.left && r.right <= box.right + 1;
      }).length;
  });
}

const panelWidth = (page: Page) =>
  page.locator('#versions-panel').evaluate((el) => Math.round(el.getBoundingClientRect().width));

test('most of a 12-column file is visible, and the side panel keeps one width across tabs and reloads', async ({
  page,
  host,
}) => {
  await host.open(page);
  await newWorkspace(page, 'Room');
  await importCsv(page, 'Room', 'weather.csv', WIDE);
  await expect.poll(() => gridRows(page)).toHaveLength(30);
  expect(await fullyVisibleColumns(page)).toBeGreaterThanOrEqual(7);

  const before = await panelWidth(page);
  await page.getByRole('tab', { name: /Profile/ }).click();
  expect(await panelWidth(page)).toBe(before);
  await page.getByRole('tab', { name: /Versions/ }).click();

  // Narrow the panel from the keyboard: the grid gains the room, and a reload remembers it.
  const splitter = page.getByRole('separator', { name: 'Side panel width' });
  await splitter.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await expect.poll(() => panelWidth(page)).toBe(before - 64);
  await page.reload();
  await expect(page.getByRole('grid')).toBeVisible();
  await expect.poll(() => panelWidth(page)).toBe(before - 64);

  // Collapsed, it stays collapsed after a reload, and the grid shows more columns than beside it.
  const besidePanel = await fullyVisibleColumns(page);
  await page.getByRole('button', { name: 'Side panel' }).click();
  await expect(page.locator('#versions-panel')).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('grid')).toBeVisible();
  await expect(page.locator('#versions-panel')).toHaveCount(0);
  await expect.poll(() => fullyVisibleColumns(page)).toBeGreaterThan(besidePanel);
});

test('a column resized by hand or fitted by a double-click keeps its width for the dataset', async ({
  page,
  host,
}) => {
  await host.open(page);
  await newWorkspace(page, 'Widths');
  await importCsv(page, 'Widths', 'weather.csv', WIDE);
  await expect.poll(() => gridRows(page)).toHaveLength(30);
  const header = page.getByRole('columnheader', { name: /station/ });
  const width = () => header.evaluate((h) => Math.round(h.getBoundingClientRect().width));
  const start = await width();

  const handle = header.locator('.col-resize');
  const box = await handle.boundingBox();
  if (!box) throw new Error('no resize handle');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  await expect.poll(width).toBe(start + 120);

  // Double-click fits it back to its name and values: far narrower than the dragged width.
  await handle.dblclick();
  await expect.poll(width).toBeLessThan(start + 40);
  const fitted = await width();

  await page.reload();
  await expect(page.getByRole('grid')).toBeVisible();
  await expect.poll(width).toBe(fitted);
});

test('the no-match message shows below the headers, not under them', async ({ page, host }) => {
  await host.open(page);
  await newWorkspace(page, 'Messages');
  await importCsv(page, 'Messages', 'weather.csv', WIDE);
  await page.getByRole('combobox', { name: 'Filter view' }).fill("city = 'Lima'");
  await page.getByRole('button', { name: 'Apply filter' }).click();
  const message = page.getByRole('grid').getByText('No rows match the filter.');
  await expect(message).toBeVisible();
  const headerBottom = await page
    .getByRole('columnheader', { name: /station/ })
    .evaluate((h) => h.getBoundingClientRect().bottom);
  const messageTop = await message.evaluate((m) => m.getBoundingClientRect().top);
  expect(messageTop).toBeGreaterThan(headerBottom);
});
