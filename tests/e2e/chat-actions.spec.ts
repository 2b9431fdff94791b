import type { Page } from '@playwright/test';
import { startMockOpenAi } from '../helpers/mock-openai';
import { expect, test } from './host';
import { importCsv, newModelProfile, newWorkspace } from './steps';

/**
 * What a person can do in the chat with what the assistant did: undo the version it made (or go
 * back to it), and apply a fix for a problem it listed, without leaving the conversation.
 */

const PEOPLE = ['name,age,city', 'Ann,34,NY', 'Bob,,LA', 'Cid,51,SF', 'Ann,34,NY', ''].join('\n');

const chat = (page: Page) => page.getByRole('region', { name: 'Chat' });
const messages = (page: Page) => chat(page).getByRole('log', { name: 'Messages' });
const headers = (page: Page) => page.getByRole('columnheader');
const sidePanel = (page: Page) => page.getByRole('tablist', { name: 'Side panel' });

async function openChat(page: Page): Promise<void> {
  await sidePanel(page).getByRole('tab', { name: 'Chat' }).click();
  await expect(chat(page)).toBeVisible();
}

async function say(page: Page, text: string): Promise<void> {
  const box = chat(page).getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

/** The version the Versions panel marks current, e.g. "v1". */
async function expectCurrentVersion(page: Page, name: string): Promise<void> {
  await sidePanel(page).getByRole('tab', { name: 'Versions' }).click();
  const current = page.getByRole('list', { name: 'Versions' }).locator('[aria-current="true"]');
  await expect(current.locator('.version-name')).toHaveText(name);
  await openChat(page);
}

test.describe('acting on the assistant’s work in the chat', () => {
  test('the built-in assistant: a dropped column shows as v2 with Undo, Undo brings it back, and Apply fix makes v3', async ({
    page,
    host,
  }) => {
    await host.open(page);
    await newWorkspace(page, 'Actions');
    await importCsv(page, 'Actions', 'people.csv', PEOPLE);
    await openChat(page);

    await say(page, 'drop column city');
    const v2 = messages(page).getByRole('group', { name: 'New version v2 — Drop column "city"' });
    await expect(v2).toBeVisible();
    await expect(headers(page).filter({ hasText: 'city' })).toHaveCount(0);
    // Versions in words, never ids; tool calls in words, never their JSON.
    await expect(messages(page)).not.toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    await expect(messages(page)).not.toContainText('{"');

    await v2.getByRole('button', { name: 'Undo' }).click();
    await expect(headers(page).filter({ hasText: 'city' })).toHaveCount(1);
    await expect(v2.getByText('v2 is no longer the current version.')).toBeVisible();
    await expect(v2.getByRole('button', { name: 'Go to v2' })).toBeVisible();
    await expectCurrentVersion(page, 'v1');

    // Kept with the conversation: after a reload the change and its state are still shown.
    await page.reload();
    await openChat(page);
    const reloaded = messages(page).getByRole('group', { name: 'New version v2 — Drop column "city"' });
    await expect(reloaded.getByRole('button', { name: 'Go to v2' })).toBeVisible();

    await say(page, 'what’s wrong');
    const fixes = messages(page).getByRole('region', { name: 'Fixes' });
    const apply = fixes.getByRole('button', { name: /^Apply fix: / }).first();
    await expect(apply).toBeVisible();
    await expect(messages(page)).not.toContainText('{"');
    await apply.click();
    const v3 = messages(page).getByRole('group', { name: /^New version v3 — / });
    await expect(v3).toBeVisible();
    await expect(v3.getByRole('button', { name: 'Undo' })).toBeVisible();
    await expect(fixes.getByText('applied').first()).toBeVisible();
    await expect(messages(page).getByText(/^Apply the fix: /)).toBeVisible();
    await expectCurrentVersion(page, 'v3');
  });

  test('a model’s tool call that changes the data shows its version with Undo', async ({ page, host }) => {
    const server = await startMockOpenAi();
    try {
      await host.open(page);
      await newModelProfile(page, 'Undo model', server.baseUrl);
      await newWorkspace(page, 'Model actions');
      await importCsv(page, 'Model actions', 'people.csv', PEOPLE);
      await openChat(page);
      await chat(page).getByRole('combobox', { name: 'Profile' }).selectOption({ label: 'Undo model' });
      await expect(chat(page).getByTestId('chat-active-profile')).toContainText('Undo model');

      server.script(
        {
          kind: 'tool_calls',
          calls: [
            {
              name: 'apply_operation',
              arguments: JSON.stringify({ operation: { op: 'drop_columns', columns: ['age'] } }),
            },
          ],
        },
        { kind: 'text', content: 'I removed the age column.' },
      );
      await say(page, 'Please remove the age column');
      await expect(messages(page).getByText('I removed the age column.')).toBeVisible();
      const v2 = messages(page).getByRole('group', { name: 'New version v2 — Drop column "age"' });
      await expect(headers(page).filter({ hasText: 'age' })).toHaveCount(0);
      await v2.getByRole('button', { name: 'Undo' }).click();
      await expect(headers(page).filter({ hasText: 'age' })).toHaveCount(1);
      await expect(v2.getByRole('button', { name: 'Go to v2' })).toBeVisible();
      await v2.getByRole('button', { name: 'Go to v2' }).click();
      await expect(headers(page).filter({ hasText: 'age' })).toHaveCount(0);
      await expect(v2.getByRole('button', { name: 'Undo' })).toBeVisible();
    } finally {
      await server.close();
    }
  });
});
