import { expect, type Page } from '@playwright/test';

/** Steps that several specs take the same way a person would. */

/** Creates a workspace through the sidebar and waits for its page. */
export async function newWorkspace(page: Page, name = 'Analysis'): Promise<void> {
  await page.getByRole('button', { name: 'New workspace' }).click();
  const dialog = page.getByRole('dialog', { name: 'New workspace' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}
