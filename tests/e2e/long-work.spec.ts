import { type Page } from '@playwright/test';
import { expect, test } from './host';
import { dropGeneratedCsv, newWorkspace } from './steps';

/**
 * Long work on a large file, as a person meets it: profiling says how far it has got, and a fix
 * that takes a while can be cancelled, changing nothing.
 */

const ROWS = 800_000;

const sideTab = (page: Page, name: 'Versions' | 'Profile' | 'Insights') =>
  page.getByRole('tablist', { name: 'Side panel' }).getByRole('tab', { name: new RegExp(`^${name}`) });

async function openDataset(page: Page, name: string): Promise<void> {
  const link = page.getByRole('table', { name: 'Datasets' }).getByRole('link', { name });
  await expect(link).toBeVisible({ timeout: 90_000 });
  await link.click();
  await expect(page.getByRole('grid')).toHaveAttribute('aria-rowcount', String(ROWS + 1));
}

test('while the root is profiled the Profile panel says how many rows it has read', async ({
  page,
  host,
}) => {
  test.setTimeout(180_000);
  // Larger than the other test's file: its profile runs for seconds after the data shows, longer
  // than a person takes to open the dataset and its Profile tab.
  const rows = 1_500_000;
  await host.open(page);
  await newWorkspace(page, 'Big');
  await dropGeneratedCsv(page, 'Big', 'big.csv', rows);
  const link = page.getByRole('table', { name: 'Datasets' }).getByRole('link', { name: 'big' });
  await expect(link).toBeVisible({ timeout: 120_000 });
  await link.click();
  // The tab first, as soon as the page is there: the grid's rows come in meanwhile.
  await sideTab(page, 'Profile').click();
  const panel = page.getByRole('region', { name: /^Profile of / });
  // The import worker goes on profiling the table it just wrote: the count climbs to every row.
  await expect(panel.getByText(/Profiling… [\d,]+ of 1,500,000 rows read/)).toBeVisible({ timeout: 30_000 });
  await expect(panel.getByRole('progressbar', { name: 'Profiling v1' })).toHaveAttribute('max', String(rows));
  await expect(page.getByRole('grid')).toHaveAttribute('aria-rowcount', String(rows + 1));
  await expect(panel.getByRole('group', { name: 'Dataset summary' })).toBeVisible({ timeout: 90_000 });
});

test('a fix that takes a while can be cancelled, and nothing changes', async ({ page, host }) => {
  test.setTimeout(180_000);
  await host.open(page);
  await newWorkspace(page, 'Dupes');
  // Every tenth row repeats the one before it: a "Duplicate rows" insight with a fix.
  await dropGeneratedCsv(page, 'Dupes', 'dupes.csv', ROWS, { duplicateEvery: 10 });
  await openDataset(page, 'dupes');
  await sideTab(page, 'Insights').click();
  const panel = page.getByRole('region', { name: /^Insights on / });
  const duplicates = panel.getByRole('article', { name: /^Duplicate rows$/ });
  await expect(duplicates).toBeVisible({ timeout: 90_000 });
  await duplicates.getByRole('button', { name: 'Fix' }).click();
  await expect(duplicates.getByRole('button', { name: 'Fixing…' })).toBeDisabled();
  await duplicates.getByRole('button', { name: 'Cancel fix' }).click();
  await expect(page.getByText('Cancelled — nothing was changed')).toBeVisible();
  await expect(duplicates.getByRole('button', { name: 'Fix' })).toBeEnabled();
  await expect(panel).toHaveAccessibleName('Insights on v1');
  await sideTab(page, 'Versions').click();
  await expect(page.getByRole('list', { name: 'Versions' }).getByRole('listitem')).toHaveCount(1);
});
