import { expect, test } from './host';
import { newWorkspace } from './steps';

/** The sidebar lists the selected workspace's datasets and follows imports and archiving. */

test('the selected workspace lists its datasets in the sidebar, current one marked, archived ones gone', async ({
  page,
  host,
}) => {
  await host.open(page);
  await newWorkspace(page, 'Side');
  const sidebar = page.getByRole('navigation', { name: 'Main' });
  const datasets = sidebar.getByRole('list', { name: 'Datasets in Side' });

  await page.locator('input[type="file"][aria-label="CSV files to import"]').setInputFiles([
    { name: 'alpha.csv', mimeType: 'text/csv', buffer: Buffer.from('x,y\n1,2\n') },
    { name: 'beta.csv', mimeType: 'text/csv', buffer: Buffer.from('p,q\n3,4\n5,6\n') },
  ]);
  // Both arrive through `datasets:changed`, without a reload.
  await expect(datasets.getByRole('link')).toHaveCount(2);
  await expect(datasets.getByRole('link', { name: /^alpha/ })).toContainText('1 row');
  await expect(datasets.getByRole('link', { name: /^beta/ })).toContainText('2 rows');
  await expect(datasets.getByRole('link', { name: /^beta/ })).not.toHaveAttribute('aria-current');

  await datasets.getByRole('link', { name: /^beta/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'beta' })).toBeVisible();
  await expect(page.getByRole('grid')).toBeVisible();
  await expect(datasets.getByRole('link', { name: /^beta/ })).toHaveAttribute('aria-current', 'page');
  await expect(datasets.getByRole('link', { name: /^alpha/ })).not.toHaveAttribute('aria-current');

  // The links work from the keyboard.
  await datasets.getByRole('link', { name: /^alpha/ }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'alpha' })).toBeVisible();
  await expect(datasets.getByRole('link', { name: /^alpha/ })).toHaveAttribute('aria-current', 'page');

  // Archived on the workspace page, beta leaves the sidebar, even when the page shows archived ones.
  await sidebar
    .getByRole('list', { name: 'Workspaces' })
    .getByRole('link', { name: 'Side', exact: true })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Side' })).toBeVisible();
  await page.getByRole('button', { name: 'Archive beta' }).click();
  await expect(datasets.getByRole('link')).toHaveCount(1);
  await expect(datasets.getByRole('link', { name: /^beta/ })).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Include archived datasets' }).check();
  await expect(page.getByRole('button', { name: 'Restore beta' })).toBeVisible();
  await expect(datasets.getByRole('link', { name: /^beta/ })).toHaveCount(0);

  // Another workspace shows its own (none), and the first one's list is no longer shown.
  await newWorkspace(page, 'Other');
  await expect(sidebar.getByRole('list', { name: 'Datasets in Side' })).toHaveCount(0);
  await expect(sidebar.getByRole('list', { name: /^Datasets in/ })).toHaveCount(0);
});
