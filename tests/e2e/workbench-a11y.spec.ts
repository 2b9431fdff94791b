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

test('boards, the task drawer, Trash, History, the runs log, a diff, the shortcut list and completions pass axe', async ({
  page,
  host,
}) => {
  test.setTimeout(150_000);
  await host.open(page);
  await newWorkspace(page, 'Access');
  await importCsv(page, 'Access', 'people.csv', 'name,age\nAnn,34\nBob,\n');
  await expect(page.getByRole('grid')).toBeVisible();

  const fill = await openTransform(page, 'Fill missing values');
  await fill.getByRole('checkbox', { name: 'age' }).check();
  await fill.getByRole('combobox', { name: 'Fill with' }).selectOption({ label: 'The median' });
  await expect(fill.getByRole('region', { name: 'Preview' })).toBeVisible();
  await fill.getByRole('button', { name: 'Apply' }).click();
  await expect(fill).toBeHidden();
  await expect(page.getByRole('region', { name: 'Version v2' })).toBeVisible();
  await page.getByRole('list', { name: 'Versions' }).getByRole('button', { name: /^v1 / }).click();
  await expect(page.getByRole('region', { name: 'Version v1' })).toBeVisible();
  await page.getByRole('button', { name: 'Diff with current' }).click();
  await expect(page.getByRole('dialog', { name: /^Differences from v1/ })).toBeVisible();
  expect(await seriousViolations(page), 'diff').toEqual([]);
  await page.keyboard.press('Escape');

  await page.getByRole('grid').focus();
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  expect(await seriousViolations(page), 'shortcuts').toEqual([]);
  await page.keyboard.press('Escape');

  const filter = page.getByRole('combobox', { name: 'Filter view' });
  await filter.pressSequentially('na');
  await expect(page.getByRole('listbox', { name: 'Suggestions' })).toBeVisible();
  expect(await seriousViolations(page), 'completions').toEqual([]);
  await filter.press('Escape');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Boards' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Projects' })).toBeVisible();
  await page.getByRole('textbox', { name: 'New project' }).fill('Audit');
  await page.getByRole('button', { name: 'Create project' }).click();
  expect(await seriousViolations(page), 'projects').toEqual([]);
  await page.getByRole('table', { name: 'Projects' }).getByRole('link', { name: 'Audit' }).click();
  await page.getByRole('textbox', { name: 'New task' }).fill('Check ages');
  await page.getByRole('textbox', { name: 'New task' }).press('Enter');
  const card = page.getByRole('button', { name: /^Check ages, / });
  await expect(card).toBeVisible();
  expect(await seriousViolations(page), 'kanban').toEqual([]);
  await page.getByRole('button', { name: 'Tree', exact: true }).click();
  expect(await seriousViolations(page), 'task tree').toEqual([]);
  await page.getByRole('button', { name: 'Board', exact: true }).click();
  await card.click();
  await expect(page.getByRole('dialog', { name: /^Task/ })).toBeVisible();
  expect(await seriousViolations(page), 'task drawer').toEqual([]);
  await page.keyboard.press('Escape');
  const boardsNav = page.getByRole('navigation', { name: 'Boards' });
  for (const link of ['Trash', 'History']) {
    await boardsNav.getByRole('link', { name: link }).click();
    await expect(page.getByRole('heading', { level: 1, name: link })).toBeVisible();
    expect(await seriousViolations(page), link).toEqual([]);
  }
  await boardsNav.getByRole('link', { name: 'Chat' }).click();
  const chat = page.getByRole('region', { name: 'Chat' });
  await expect(chat).toBeVisible();
  expect(await seriousViolations(page), 'workspace chat').toEqual([]);

  // The runs log, from the chat's own link (it leaves the boards for the workspace's runs).
  await chat.getByRole('link', { name: 'Runs' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Assistant runs' })).toBeVisible();
  expect(await seriousViolations(page), 'runs').toEqual([]);
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
