import { expect, test } from './host';
import { gridRows, importCsv, newWorkspace } from './steps';

/** Every action from the keyboard: the palette, its shortcuts, and the list of them. */

const CITIES = ['city,people', 'Oslo,700', 'Lima,10000', 'Rome,2800', ''].join('\n');

test.describe.configure({ mode: 'parallel' });

test('Ctrl+K finds an operation by a few letters and runs it; Ctrl+Shift+P opens the same palette', async ({
  page,
  host,
}) => {
  await host.open(page);
  await newWorkspace(page, 'Palette');
  await importCsv(page, 'Palette', 'cities.csv', CITIES);
  await expect.poll(() => gridRows(page)).toHaveLength(3);

  await page.getByRole('grid').focus();
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  await page.keyboard.type('filtr rows');
  await expect(palette.getByRole('option', { name: 'Filter rows…' })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  const form = page.getByRole('dialog', { name: 'Filter rows' });
  await form.getByRole('combobox', { name: 'Keep rows where' }).fill('people > 1000');
  await form.getByRole('button', { name: 'Apply' }).click();
  await expect(form).toBeHidden();
  await expect.poll(() => gridRows(page)).toHaveLength(2);

  // Undo is listed with its shortcut and runs from the palette too.
  await page.keyboard.press('Control+Shift+P');
  await expect(palette).toBeVisible();
  await page.keyboard.type('undo');
  const undo = palette.getByRole('option', { name: /Undo/ });
  await expect(undo).toContainText('Ctrl+Z');
  await page.keyboard.press('Enter');
  await expect.poll(() => gridRows(page)).toHaveLength(3);

  // Escape closes it and nothing else happens.
  await page.keyboard.press('Control+k');
  await expect(palette).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();
});

test('the palette goes to any workspace or dataset, and switches the theme', async ({ page, host }) => {
  await host.open(page);
  await newWorkspace(page, 'First');
  await importCsv(page, 'First', 'cities.csv', CITIES);
  await newWorkspace(page, 'Second');

  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await page.keyboard.type('cities');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'cities' })).toBeVisible();

  await page.keyboard.press('Control+k');
  await page.keyboard.type('theme dark');
  await palette.getByRole('option', { name: 'Theme: Dark' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  await page.keyboard.press('Control+k');
  await page.keyboard.type('settings');
  await palette.getByRole('option', { name: 'Go to Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
});

test('? lists the shortcuts from the same registry, and they work', async ({ page, host }) => {
  await host.open(page);
  await newWorkspace(page, 'Keys');
  await importCsv(page, 'Keys', 'cities.csv', CITIES);
  await page.getByRole('grid').focus();
  await page.keyboard.press('?');
  const list = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(list).toBeVisible();
  await expect(list.getByRole('region', { name: 'Versions' })).toContainText('Undo');
  await expect(list.getByRole('region', { name: 'Side panel' })).toContainText('Show Profile');
  await list.getByRole('button', { name: 'Close' }).last().click();
  await expect(list).toBeHidden();

  // A shortcut from the list: the Profile tab.
  await page.getByRole('grid').focus();
  await page.keyboard.press('Control+Alt+2');
  await expect(page.getByRole('tab', { name: /Profile/ })).toHaveAttribute('aria-selected', 'true');
  // `/` puts the cursor in the view filter.
  await page.getByRole('grid').focus();
  await page.keyboard.press('/');
  await expect(page.getByRole('combobox', { name: 'Filter view' })).toBeFocused();
});
