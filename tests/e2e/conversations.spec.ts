import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './host';
import { importCsv, newWorkspace } from './steps';

/** Conversations of a dataset (new, switch, rename, delete) and the log of the assistant's runs. */

const PEOPLE = ['name,age,city', 'Ann,34,NY', 'Bob,,LA', 'Cid,51,SF', ''].join('\n');

const chat = (page: Page) => page.getByRole('region', { name: 'Chat' });
const messages = (page: Page) => chat(page).getByRole('log', { name: 'Messages' });
const conversation = (page: Page) => chat(page).getByRole('combobox', { name: 'Conversation' });

async function openChat(page: Page): Promise<void> {
  await page.getByRole('tablist', { name: 'Side panel' }).getByRole('tab', { name: 'Chat' }).click();
  await expect(chat(page)).toBeVisible();
}

async function say(page: Page, text: string): Promise<void> {
  const box = chat(page).getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

async function openPeople(page: Page, host: { open(page: Page): Promise<void> }, workspace: string) {
  await host.open(page);
  await newWorkspace(page, workspace);
  await importCsv(page, workspace, 'people.csv', PEOPLE);
  await openChat(page);
}

test('conversations: a new one takes its name from its first message, and the person switches between them', async ({
  page,
  host,
}) => {
  await openPeople(page, host, 'Talks');
  await say(page, 'drop column city');
  await expect(
    messages(page)
      .getByText(/^Done: /)
      .last(),
  ).toBeVisible();
  await expect(conversation(page).locator('option:checked')).toHaveText('people (4 messages)');

  await chat(page).getByRole('button', { name: 'New', exact: true }).click();
  await expect(messages(page).getByText('drop column city')).toHaveCount(0);
  await say(page, 'help');
  await expect(conversation(page).locator('option:checked')).toHaveText(/^help \(\d+ messages\)$/);
  await expect(conversation(page).locator('option')).toHaveCount(2);

  await conversation(page).selectOption({ label: 'people (4 messages)' });
  await expect(messages(page).getByText('drop column city')).toBeVisible();
  await expect(messages(page).getByText(/^help$/)).toHaveCount(0);
});

test('conversations: rename (an empty title is refused) and delete after a confirm', async ({
  page,
  host,
}) => {
  await openPeople(page, host, 'Renames');
  await say(page, 'drop column city');
  await expect(
    messages(page)
      .getByText(/^Done: /)
      .last(),
  ).toBeVisible();
  await chat(page).getByRole('button', { name: 'New', exact: true }).click();
  await expect(conversation(page).locator('option')).toHaveCount(2);
  await conversation(page).selectOption({ label: 'people (4 messages)' });

  await chat(page).getByRole('button', { name: 'Rename' }).click();
  const title = chat(page).getByRole('textbox', { name: 'Conversation title' });
  await expect(title).toBeFocused();
  await title.fill('   ');
  await title.press('Enter');
  await expect(chat(page).getByRole('alert')).toContainText('A conversation needs a title.');
  await title.fill('Cleaning');
  await title.press('Enter');
  await expect(conversation(page).locator('option:checked')).toHaveText('Cleaning (4 messages)');

  await chat(page).getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete this conversation?' });
  await expect(confirm).toContainText('“Cleaning” and its 4 messages are deleted');
  await confirm.getByRole('button', { name: 'Keep it' }).click();
  await expect(conversation(page).locator('option')).toHaveCount(2);
  await chat(page).getByRole('button', { name: 'Delete' }).click();
  await confirm.getByRole('button', { name: 'Delete conversation' }).click();
  await expect(conversation(page).locator('option')).toHaveCount(1);
  await expect(conversation(page).locator('option:checked')).toHaveText('New conversation (0 messages)');
  // The version the deleted conversation made stays: city is still gone from the grid.
  await expect(page.getByRole('columnheader').filter({ hasText: 'city' })).toHaveCount(0);
});

test('the runs log lists every turn with its outcome, filters by profile and exports CSV', async ({
  page,
  host,
}) => {
  await openPeople(page, host, 'Logged');
  await say(page, 'drop column city');
  await expect(
    messages(page)
      .getByText(/^Done: /)
      .last(),
  ).toBeVisible();
  await say(page, 'drop column nowhere');
  await expect(messages(page).getByText(/There is no column “nowhere”/)).toBeVisible();

  await chat(page).getByRole('link', { name: 'Runs' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Assistant runs' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Runs' });
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table.getByRole('row').nth(1)).toContainText('completed');
  await expect(table.getByRole('row').nth(1)).toContainText('built-in');
  const totals = page.getByRole('definition').first();
  await expect(totals).toHaveText('2');
  await expect(page.getByLabel('Totals')).toContainText('Versions made1');

  await page.getByRole('combobox', { name: 'Profile' }).selectOption({ label: 'Offline (built-in)' });
  await expect(table.getByRole('row')).toHaveCount(3);
  await page.getByRole('combobox', { name: 'Experiment' }).selectOption({ label: 'offline' });
  await expect(table.getByRole('row')).toHaveCount(3);

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^cairn-agent-runs-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = fs
    .readFileSync(await download.path(), 'utf8')
    .trim()
    .split(/\r\n/);
  expect(lines[0]).toMatch(/^started_at,completed_at,status,experiment,profile,provider,model,/);
  expect(lines).toHaveLength(3);
  expect(lines.slice(1).every((l) => l.includes(',completed,') && l.includes('Offline (built-in)'))).toBe(
    true,
  );

  // The conversation link leads back to the dataset.
  await table.getByRole('link', { name: 'people' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'people' })).toBeVisible();
});
