import { expect, test } from './host';
import { dropGeneratedCsv, newWorkspace } from './steps';

/**
 * A slow operation on a large file: the person sees that it is working, and can cancel it, after
 * which nothing was changed.
 */

test('a slow operation shows it is working and can be cancelled, changing nothing', async ({
  page,
  host,
}) => {
  test.setTimeout(120_000);
  await host.open(page);
  await newWorkspace(page, 'Slow');
  await dropGeneratedCsv(page, 'Slow', 'large.csv', 1_000_000);
  const link = page.getByRole('table', { name: 'Datasets' }).getByRole('link', { name: 'large' });
  await expect(link).toBeVisible({ timeout: 60_000 });
  await link.click();
  await expect(page.getByRole('grid')).toBeVisible();
  const versions = page.getByRole('list', { name: 'Versions' }).getByRole('listitem');
  await expect(versions).toHaveCount(1);

  await page.getByRole('button', { name: 'Transform ▾' }).click();
  await page.getByRole('menu', { name: 'Transform' }).getByRole('menuitem', { name: 'Sort…' }).click();
  const form = page.getByRole('dialog', { name: 'Sort' });
  await form.getByRole('combobox', { name: 'Direction' }).selectOption('desc');
  await form.getByRole('button', { name: 'Preview' }).click();
  // The preview refreshes by itself: wait for the one of the form as it is now (descending), not
  // the one of the form as it opened (ascending, which would change nothing).
  const preview = form.getByRole('region', { name: 'Preview' });
  await expect(preview).toContainText('descending', { timeout: 30_000 });
  await expect(preview).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
  await form.getByRole('button', { name: 'Apply' }).click();

  const status = form.getByRole('status');
  await expect(status).toContainText('Applying…');
  await expect(form.getByRole('button', { name: 'Cancel apply' })).toBeVisible();
  // The backend still answers meanwhile: the grid's page is there.
  await expect(page.getByRole('grid')).toBeVisible();
  await page.keyboard.press('Escape');

  await expect(page.getByText('Cancelled — nothing was changed')).toBeVisible();
  await expect(form).toBeVisible();
  await expect(status).toHaveCount(0);
  await expect(versions).toHaveCount(1);
});
