import { expect, test } from './host';

/** A first run on an empty data folder leads somewhere: a sample or a file opens at once. */

test('on an empty data folder, "Try sample data" makes a workspace and opens the sample', async ({
  page,
  host,
}) => {
  await host.open(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to Cairn' })).toBeVisible();
  await page.getByRole('button', { name: 'Try sample data: customers' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'customers' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('grid')).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My data' }),
  ).toBeVisible();
});

test('"Open a CSV" imports the chosen file and opens it', async ({ page, host }) => {
  await host.open(page);
  await page.getByLabel('CSV file to open').setInputFiles({
    name: 'trees.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('species,height\noak,20\nbirch,12\n'),
  });
  await expect(page.getByRole('heading', { level: 1, name: 'trees' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('grid').getByRole('gridcell', { name: 'birch' })).toBeVisible();
});

test('after an empty workspace name, the focus is back in the name field', async ({ page, host }) => {
  await host.open(page);
  await page.getByRole('button', { name: 'New workspace' }).click();
  const dialog = page.getByRole('dialog', { name: 'New workspace' });
  const name = dialog.getByRole('textbox', { name: 'Name' });
  await expect(name).toBeFocused();
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog.getByText('A workspace needs a name.')).toBeVisible();
  await expect(name).toBeFocused();
  await page.keyboard.type('Typed straight away');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Typed straight away' })).toBeVisible();
});
