import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './host';
import { importCsv, newWorkspace, openTransform } from './steps';

/** Every main screen scanned with axe: no serious or critical violations. */

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test('home, workspace, dataset, operation form, palette and settings pass axe', async ({ page, host }) => {
  test.setTimeout(120_000);
  await host.open(page);
  expect(await seriousViolations(page), 'home').toEqual([]);

  await newWorkspace(page, 'Access');
  expect(await seriousViolations(page), 'workspace').toEqual([]);

  await importCsv(page, 'Access', 'people.csv', 'name,age\nAnn,34\nBob,\n');
  await expect(page.getByRole('grid')).toBeVisible();
  expect(await seriousViolations(page), 'dataset').toEqual([]);

  for (const tab of ['Profile', 'Insights', 'Chat']) {
    await page.getByRole('tab', { name: new RegExp(tab) }).click();
    expect(await seriousViolations(page), `${tab} tab`).toEqual([]);
  }
  await page.getByRole('tab', { name: /Versions/ }).click();

  const form = await openTransform(page, 'Fill missing values');
  await form.getByRole('checkbox', { name: 'age' }).check();
  // A fixed value starts empty (no preview of an incomplete form): the median needs nothing more.
  await form.getByRole('combobox', { name: 'Fill with' }).selectOption({ label: 'The median' });
  await expect(form.getByRole('region', { name: 'Preview' })).toBeVisible();
  expect(await seriousViolations(page), 'operation form').toEqual([]);
  await form.getByRole('button', { name: 'Cancel' }).click();

  await page.keyboard.press('Control+k');
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
  expect(await seriousViolations(page), 'palette').toEqual([]);
  await page.keyboard.press('Escape');

  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  expect(await seriousViolations(page), 'settings').toEqual([]);
});

test('the built-in profile shows only what applies to it; Delete asks in Cairn’s own dialog', async ({
  page,
  host,
}) => {
  await host.open(page);
  await page.getByRole('link', { name: 'Settings' }).click();
  await page
    .getByRole('list', { name: 'Profiles' })
    .getByRole('button', { name: /Offline \(built-in\)/ })
    .click();
  const editor = page.getByRole('form', { name: /Profile Offline/ });
  await expect(editor.getByRole('combobox', { name: 'Provider' })).toHaveValue('builtin');
  for (const name of ['Temperature', 'Max tokens', 'Timeout (seconds)', 'Base URL']) {
    await expect(editor.getByRole('textbox', { name })).toHaveCount(0);
  }
  await expect(editor.getByRole('button', { name: 'Test connection' })).toHaveCount(0);
  // Switching the provider brings the endpoint's fields.
  await editor.getByRole('combobox', { name: 'Provider' }).selectOption('openai_compatible');
  await expect(editor.getByRole('textbox', { name: 'Temperature' })).toBeVisible();
  await expect(editor.getByRole('button', { name: 'Test connection' })).toBeVisible();
});
