import { expect, test } from './host';

test.describe('workspaces', () => {
  test('a person creates and renames a workspace, and it survives a restart of the host', async ({
    page,
    host,
  }) => {
    await host.open(page);
    const list = page.getByRole('list', { name: 'Workspaces' });
    await expect(page.getByText('No workspaces yet.')).toBeVisible();

    await page.getByRole('button', { name: 'New workspace' }).click();
    const createDialog = page.getByRole('dialog', { name: 'New workspace' });
    await createDialog.getByRole('textbox', { name: 'Name' }).fill('Quarterly sales');
    await createDialog.getByRole('button', { name: 'Create' }).click();
    await expect(createDialog).toBeHidden();
    await expect(list.getByRole('link', { name: 'Quarterly sales' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: 'Quarterly sales' })).toBeVisible();

    await page.getByRole('button', { name: 'Rename' }).click();
    const renameDialog = page.getByRole('dialog', { name: 'Rename workspace' });
    const nameBox = renameDialog.getByRole('textbox', { name: 'Name' });
    await expect(nameBox).toHaveValue('Quarterly sales');
    await nameBox.fill('Sales 2026 Q3');
    await nameBox.press('Enter');
    await expect(renameDialog).toBeHidden();
    await expect(page.getByRole('heading', { level: 1, name: 'Sales 2026 Q3' })).toBeVisible();
    await expect(list.getByRole('link', { name: 'Sales 2026 Q3' })).toBeVisible();

    await host.restart();
    await host.open(page);
    await expect(
      page.getByRole('list', { name: 'Workspaces' }).getByRole('link', { name: 'Sales 2026 Q3' }),
    ).toBeVisible();
    await expect(page.getByRole('link', { name: 'Quarterly sales' })).toHaveCount(0);
  });

  test('a taken name is explained in the dialog and nothing is created', async ({ page, host }) => {
    await host.open(page);
    for (const name of ['Alpha', 'alpha']) {
      await page.getByRole('button', { name: 'New workspace' }).click();
      const dialog = page.getByRole('dialog', { name: 'New workspace' });
      await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
      await dialog.getByRole('button', { name: 'Create' }).click();
    }
    const dialog = page.getByRole('dialog', { name: 'New workspace' });
    await expect(dialog.getByRole('alert')).toHaveText(
      'A workspace named "alpha" already exists. Choose another name.',
    );
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('list', { name: 'Workspaces' }).getByRole('link')).toHaveCount(1);
  });

  test('an empty name is refused before anything is sent', async ({ page, host }) => {
    await host.open(page);
    await page.getByRole('button', { name: 'New workspace' }).click();
    const dialog = page.getByRole('dialog', { name: 'New workspace' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('   ');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog.getByRole('alert')).toHaveText('A workspace needs a name.');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByText('No workspaces yet.')).toBeVisible();
  });

  test('archiving hides a workspace until "Show archived"; restoring a clashing name shows an error toast', async ({
    page,
    host,
  }) => {
    await host.open(page);
    const list = page.getByRole('list', { name: 'Workspaces' });
    const create = async (name: string) => {
      await page.getByRole('button', { name: 'New workspace' }).click();
      const dialog = page.getByRole('dialog', { name: 'New workspace' });
      await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
      await dialog.getByRole('button', { name: 'Create' }).click();
      await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    };
    await create('Inventory');
    await page.getByRole('button', { name: 'Archive' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Archived “Inventory”' })).toBeVisible();
    await expect(list.getByRole('link', { name: 'Inventory' })).toHaveCount(0);

    await create('Inventory');
    await page.getByRole('checkbox', { name: 'Show archived' }).check();
    await expect(list.getByRole('link', { name: /Inventory/ })).toHaveCount(2);
    await list.getByRole('link', { name: /Inventory.*archived/ }).click();
    await page.getByRole('button', { name: 'Restore' }).click();
    await expect(page.getByRole('alert')).toContainText('Another workspace is already named "Inventory"');
  });

  test('a change made in one window appears in another without reloading', async ({
    page,
    host,
    context,
  }) => {
    await host.open(page);
    const other = await context.newPage();
    await other.goto(host.origin + '/');
    await other.getByRole('navigation', { name: 'Main' }).waitFor();

    await page.getByRole('button', { name: 'New workspace' }).click();
    const dialog = page.getByRole('dialog', { name: 'New workspace' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Shared view');
    await dialog.getByRole('button', { name: 'Create' }).click();

    await expect(
      other.getByRole('list', { name: 'Workspaces' }).getByRole('link', { name: 'Shared view' }),
    ).toBeVisible();
  });
});
