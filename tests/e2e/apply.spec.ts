import type { Page } from '@playwright/test';
import { expect, test } from './host';

/**
 * A slow operation on a large file: the person sees that it is working, and can cancel it, after
 * which nothing was changed.
 */

/** Builds a CSV of `rows` rows inside the page (nothing large crosses from the test) and drops it. */
async function dropGenerated(page: Page, workspace: string, name: string, rows: number): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, rows }) => {
      const parts: string[] = ['id,value,label\n'];
      let chunk = '';
      for (let i = 1; i <= rows; i++) {
        chunk += `${i},${(i * 7919) % 1000}.5,row ${(i * 2654435761) % 4294967296}\n`;
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

test('a slow operation shows it is working and can be cancelled, changing nothing', async ({
  page,
  host,
}) => {
  test.setTimeout(120_000);
  await host.open(page);
  await page.getByRole('button', { name: 'New workspace' }).click();
  const create = page.getByRole('dialog', { name: 'New workspace' });
  await create.getByRole('textbox', { name: 'Name' }).fill('Slow');
  await create.getByRole('button', { name: 'Create' }).click();
  await dropGenerated(page, 'Slow', 'large.csv', 1_000_000);
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
  await expect(form.getByRole('region', { name: 'Preview' })).toBeVisible({ timeout: 30_000 });
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
