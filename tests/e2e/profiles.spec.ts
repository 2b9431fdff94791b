import fs from 'node:fs';
import { startMockOpenAi } from '../helpers/mock-openai';
import { expect, test } from './host';
import type { Page } from '@playwright/test';

async function openSettings(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
}

const profileList = (page: Page) => page.getByRole('list', { name: 'Profiles' });

test.describe('assistant profiles', () => {
  test('a person creates a profile, makes it default, is stopped by a bad temperature, changes the model and restores it from the history', async ({
    page,
    host,
  }) => {
    await host.open(page);
    await openSettings(page);
    await expect(
      profileList(page).getByRole('button', { name: /Offline \(built-in\).*default/ }),
    ).toBeVisible();
    await expect(profileList(page).getByRole('button', { name: 'Local model' })).toBeVisible();

    // A new profile is a draft: nothing is created until Save, and Discard leaves no trace.
    await page.getByRole('button', { name: 'New profile', exact: true }).click();
    const editor = page.getByRole('form', { name: 'Profile New profile' });
    await expect(editor).toBeVisible();
    await expect(profileList(page).getByRole('button', { name: /New profile.*not saved/ })).toBeVisible();
    await expect(editor.getByText('Not saved yet').first()).toBeVisible();
    await expect(editor.getByRole('button', { name: 'Delete' })).toHaveCount(0);
    await editor.getByRole('button', { name: 'Discard' }).click();
    await expect(profileList(page).getByRole('button', { name: /New profile/ })).toHaveCount(0);
    await expect(profileList(page).getByRole('listitem')).toHaveCount(2);
    await page.getByRole('button', { name: 'New profile', exact: true }).click();
    await page.getByRole('button', { name: 'New profile', exact: true }).click();
    await expect(profileList(page).getByRole('button', { name: /New profile/ })).toHaveCount(1);
    await editor.getByRole('textbox', { name: 'Name', exact: true }).fill('Team GPU box');
    await editor.getByRole('combobox', { name: 'Provider' }).selectOption('openai_compatible');
    await editor.getByRole('textbox', { name: 'Base URL' }).fill('http://127.0.0.1:9/v1');
    await editor.getByRole('textbox', { name: 'Model', exact: true }).fill('qwen2.5');
    await editor.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(profileList(page).getByRole('button', { name: 'Team GPU box' })).toBeVisible();
    await expect(profileList(page).getByRole('button', { name: /not saved/ })).toHaveCount(0);
    await expect(profileList(page).getByRole('listitem')).toHaveCount(3);

    const saved = page.getByRole('form', { name: 'Profile Team GPU box' });
    await saved.getByRole('button', { name: 'Make default' }).click();
    await expect(profileList(page).getByRole('button', { name: /Team GPU box.*default/ })).toBeVisible();
    await expect(
      profileList(page).getByRole('button', { name: 'Offline (built-in)', exact: true }),
    ).toBeVisible();

    const temperature = saved.getByRole('textbox', { name: 'Temperature' });
    await temperature.fill('2.5');
    await saved.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(saved.getByText('Temperature must be between 0 and 2.')).toBeVisible();
    await expect(temperature).toHaveAttribute('aria-invalid', 'true');
    await expect(saved.getByText('Some settings need attention before they can be saved.')).toBeVisible();

    await temperature.fill('0.4');
    await saved.getByRole('textbox', { name: 'Model', exact: true }).fill('llama3.1:70b');
    await page.keyboard.press('Control+s');
    await expect(saved.getByText('All changes saved')).toBeVisible();

    await page.getByRole('tab', { name: 'History' }).click();
    const history = page.getByRole('list', { name: 'History of Team GPU box' });
    const entry = history.getByRole('listitem').filter({ hasText: 'model qwen2.5 → llama3.1:70b' });
    await expect(entry).toBeVisible();
    await entry.getByRole('button', { name: 'Show changes' }).click();
    await expect(entry.getByRole('row', { name: /Model qwen2.5 llama3.1:70b/ })).toBeVisible();
    await entry.getByRole('button', { name: 'Restore' }).click();
    await expect(history.getByRole('listitem').first()).toContainText('Restored the state before');

    await page.getByRole('tab', { name: 'Settings' }).click();
    await expect(
      page
        .getByRole('form', { name: 'Profile Team GPU box' })
        .getByRole('textbox', { name: 'Model', exact: true }),
    ).toHaveValue('qwen2.5');

    await host.restart();
    await host.open(page);
    await openSettings(page);
    await expect(profileList(page).getByRole('button', { name: /Team GPU box.*default/ })).toBeVisible();
  });

  test('test connection lists the models of a local server and explains a refused port', async ({
    page,
    host,
  }) => {
    const server = await startMockOpenAi({ models: ['llama3.2', 'phi4'] });
    try {
      await host.open(page);
      await openSettings(page);
      await profileList(page).getByRole('button', { name: 'Local model' }).click();
      const editor = page.getByRole('form', { name: 'Profile Local model' });
      await editor.getByRole('textbox', { name: 'Base URL' }).fill(server.baseUrl);
      await editor.getByRole('button', { name: 'Test connection' }).click();
      const result = editor.getByRole('status', { name: 'Connection result' });
      await expect(result).toContainText('Connected. 2 models available, including “llama3.2”.');
      await result.getByRole('button', { name: 'phi4' }).click();
      await expect(editor.getByRole('textbox', { name: 'Model', exact: true })).toHaveValue('phi4');

      const dead = server.baseUrl;
      await server.close();
      await editor.getByRole('textbox', { name: 'Base URL' }).fill(dead);
      await editor.getByRole('button', { name: 'Test connection' }).click();
      await expect(result).toContainText(
        `Nothing is listening at ${dead} (connection refused). Is the server running?`,
      );
    } finally {
      await server.close().catch(() => undefined);
    }
  });

  test('an API key is accepted but never shown again, and the export leaves it out', async ({
    page,
    host,
  }) => {
    await host.open(page);
    await openSettings(page);
    await profileList(page).getByRole('button', { name: 'Local model' }).click();
    const editor = page.getByRole('form', { name: 'Profile Local model' });
    await expect(editor.getByText(/No key is set\./)).toBeVisible();
    await expect(editor.getByText(/key file in Cairn’s data folder/)).toBeVisible();
    const keyBox = editor.getByLabel('API key');
    await keyBox.fill('sk-e2e-secret-42');
    await editor.getByRole('button', { name: 'Save key' }).click();
    await expect(editor.getByText(/A key is set\./)).toBeVisible();
    await expect(keyBox).toHaveValue('');
    expect(await page.content()).not.toContain('sk-e2e-secret-42');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export this profile' }).click();
    const file = await (await download).path();
    const exported = fs.readFileSync(file, 'utf8');
    expect(JSON.parse(exported)).toMatchObject({
      format: 'cairn-profiles',
      profiles: [{ name: 'Local model' }],
    });
    expect(exported).not.toContain('sk-e2e-secret-42');

    await page
      .getByLabel('Profiles file to import')
      .setInputFiles({ name: 'p.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
    await expect(profileList(page).getByRole('button', { name: 'Local model (imported)' })).toBeVisible();

    await page
      .getByLabel('Profiles file to import')
      .setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"x":1}') });
    await expect(
      page.getByRole('alert').filter({ hasText: 'This file is not a Cairn profiles export.' }),
    ).toBeVisible();
  });

  test('a deleted profile can be restored from the list of deleted profiles', async ({ page, host }) => {
    await host.open(page);
    await openSettings(page);
    await profileList(page).getByRole('button', { name: 'Local model' }).click();
    await page
      .getByRole('form', { name: 'Profile Local model' })
      .getByRole('button', { name: 'Delete' })
      .click();
    // Cairn's own confirmation (not the browser's): Cancel has the focus, Delete profile deletes.
    const confirm = page.getByRole('dialog', { name: 'Delete “Local model”?' });
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await confirm.getByRole('button', { name: 'Delete profile' }).click();
    await expect(profileList(page).getByRole('button', { name: 'Local model' })).toHaveCount(0);
    const deleted = page.getByRole('list', { name: 'Deleted profiles' });
    await deleted.getByRole('button', { name: 'Restore' }).click();
    await expect(profileList(page).getByRole('button', { name: 'Local model' })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Deleted profiles' })).toHaveCount(0);
  });
});
