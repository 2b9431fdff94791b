import path from 'node:path';
import { expect, test } from './host';

/**
 * Not a check: renders the main screens with data for docs/screenshot.png and docs/screens/.
 * Run it on purpose with
 * `CAIRN_SCREENSHOT=1 npx playwright test --project=web tests/e2e/datasets-screenshot.spec.ts`.
 * CAIRN_SCREENSHOT_DIR also saves the other screens (menus, forms) there for review.
 */
test.skip(!process.env.CAIRN_SCREENSHOT, 'Set CAIRN_SCREENSHOT=1 to render docs/screenshot.png.');

test('dataset view screenshot', async ({ page, host }) => {
  test.setTimeout(60_000);
  const extra = process.env.CAIRN_SCREENSHOT_DIR;
  const shot = async (name: string) => {
    if (extra) await page.screenshot({ path: path.join(extra, `${name}.png`) });
  };
  /** A screen the docs show (docs/screens/<name>.png). */
  const docShot = (name: string) => page.screenshot({ path: `docs/screens/${name}.png` });
  await page.setViewportSize({ width: 1280, height: 800 });
  await host.open(page);
  await page.getByRole('button', { name: 'New workspace' }).click();
  const dialog = page.getByRole('dialog', { name: 'New workspace' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Customer analytics');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await shot('empty-workspace');
  await page.getByRole('button', { name: 'Try sample data: Customers' }).click();
  await page.getByRole('button', { name: 'Try sample data: Sensor readings' }).click();
  const table = page.getByRole('table', { name: 'Datasets' });
  await expect(table.getByRole('link', { name: 'sensor_readings' })).toBeVisible();
  await shot('dataset-list');
  await table.getByRole('link', { name: 'customers' }).click();
  await expect(page.getByRole('grid')).toHaveAttribute('aria-rowcount', '301');

  await page.getByRole('button', { name: 'Transform ▾' }).click();
  await shot('transform-menu');
  await page.getByRole('menuitem', { name: 'Filter rows…' }).click();
  const form = page.getByRole('dialog', { name: 'Filter rows' });
  await form.getByRole('combobox', { name: 'Keep rows where' }).fill('monthly_spend >= 30');
  await form.getByRole('button', { name: 'Preview' }).click();
  await expect(form.getByRole('region', { name: 'Preview' })).toBeVisible();
  await expect(form.getByText('rows removed', { exact: false }).first()).toBeVisible();
  await docShot('filter-preview');
  await form.getByText('SQL and pandas').click();
  await shot('filter-form');
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect(form).toBeHidden();

  await page.getByRole('button', { name: 'Column first_name actions' }).click();
  await shot('column-menu');
  await page.getByRole('menuitem', { name: 'Clean text…' }).click();
  const clean = page.getByRole('dialog', { name: 'Clean text' });
  await clean.getByRole('combobox', { name: 'Case' }).selectOption('upper');
  await clean.getByRole('button', { name: 'Preview' }).click();
  await clean.getByRole('button', { name: 'Apply' }).click();
  await expect(clean).toBeHidden();

  await page.getByRole('list', { name: 'Versions' }).getByRole('button', { name: /^v1 / }).click();
  await page.getByRole('button', { name: 'Branch from here…' }).click();
  await page.getByRole('menuitem', { name: 'Remove duplicates…' }).click();
  const dedupe = page.getByRole('dialog', { name: 'Remove duplicates' });
  await dedupe.getByRole('checkbox', { name: 'email' }).check();
  await dedupe.getByRole('button', { name: 'Preview' }).click();
  await dedupe.getByRole('button', { name: 'Apply' }).click();
  await expect(dedupe).toBeHidden();
  await page.getByRole('list', { name: 'Versions' }).getByRole('button', { name: /^v3 / }).click();
  await page.getByRole('button', { name: 'Diff with current' }).click();
  await expect(page.getByRole('table', { name: 'Changed rows' })).toBeVisible();
  await docShot('diff');
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).first().click();

  await page
    .getByRole('grid')
    .getByRole('button', { name: /^last_name/ })
    .click();
  await page.getByRole('grid').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  // Finished imports fold into a small indicator over the grid; an open tray is cleared.
  const clear = page.getByRole('button', { name: 'Clear finished' });
  if (await clear.isVisible()) await clear.click();
  for (const close of await page.getByRole('button', { name: 'Dismiss notification' }).all())
    await close.click();
  await page.locator('#versions-panel').evaluate((el) => el.scrollTo({ top: 0 }));
  await page.waitForTimeout(400);
  await page.screenshot({ path: 'docs/screenshot.png' });
  await page.keyboard.press('Control+k');
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
  await page.keyboard.type('fill');
  await docShot('palette');
  await page.keyboard.press('Escape');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Boards' }).click();
  await page.getByRole('textbox', { name: 'New project' }).fill('Data quality');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('table', { name: 'Projects' }).getByRole('link', { name: 'Data quality' }).click();
  for (const title of ['Check missing emails', 'Merge duplicate customers', 'Review spend outliers']) {
    await page.getByRole('textbox', { name: 'New task' }).fill(title);
    await page.getByRole('textbox', { name: 'New task' }).press('Enter');
    await expect(page.getByRole('button', { name: new RegExp(`^${title}, `) })).toBeVisible();
  }
  await docShot('boards');

  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await shot('dark');
});
