import type { Page } from '@playwright/test';
import { startMockOpenAi } from '../helpers/mock-openai';
import { expect, test } from './host';
import { importCsv, newModelProfile, newWorkspace } from './steps';

/**
 * The Chat tab of a dataset as a person uses it: the built-in assistant by default, then a
 * profile pointed at a local model server, switched in the chat itself.
 */

const PEOPLE = ['name,age,city', 'Ann,34,NY', 'Bob,,LA', 'Cid,51,SF', 'Ann,34,NY', ''].join('\n');

const chat = (page: Page) => page.getByRole('region', { name: 'Chat' });
const messages = (page: Page) => chat(page).getByRole('log', { name: 'Messages' });
const headers = (page: Page) => page.getByRole('columnheader');

async function openChat(page: Page): Promise<void> {
  await page.getByRole('tablist', { name: 'Side panel' }).getByRole('tab', { name: 'Chat' }).click();
  await expect(chat(page)).toBeVisible();
}

async function say(page: Page, text: string): Promise<void> {
  const box = chat(page).getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

test.describe('chat with the assistant', () => {
  test('the built-in assistant, offline: commands change the data as new versions, and mistakes are explained', async ({
    page,
    host,
  }) => {
    await host.open(page);
    await newWorkspace(page, 'Chat');
    await importCsv(page, 'Chat', 'people.csv', PEOPLE);
    await openChat(page);

    await expect(chat(page).getByTestId('chat-active-profile')).toContainText('Offline (built-in)');
    await expect(chat(page).getByRole('combobox', { name: 'Profile' })).toHaveValue('');
    await expect(headers(page).filter({ hasText: 'city' })).toHaveCount(1);

    // A half-written message survives a look at another tab.
    await chat(page).getByRole('textbox', { name: 'Message' }).fill('drop column ci');
    await page.getByRole('tablist', { name: 'Side panel' }).getByRole('tab', { name: 'Versions' }).click();
    await openChat(page);
    await expect(chat(page).getByRole('textbox', { name: 'Message' })).toHaveValue('drop column ci');

    await say(page, 'drop column city');
    await expect(
      messages(page)
        .getByText(/^Done: /)
        .last(),
    ).toBeVisible();
    await expect(headers(page).filter({ hasText: 'city' })).toHaveCount(0);
    await expect(messages(page).getByText('drop column city')).toBeVisible();
    await expect(messages(page).getByText('Changed the data')).toBeVisible();

    await say(page, 'remove duplicates');
    await expect(page.getByText(/3 rows/).first()).toBeVisible();

    await say(page, 'sql SELECT count(*) AS people FROM data');
    await expect(
      messages(page)
        .getByText(/^1 row:\s+people\s+3$/)
        .last(),
    ).toBeVisible();

    await say(page, 'drop column agee');
    await expect(messages(page).getByText(/There is no column “agee”/)).toBeVisible();

    // Versions by the names the versions panel gives them.
    const said = (text: string | RegExp) => messages(page).locator('.chat-text', { hasText: text });
    await say(page, 'what changed');
    await expect(
      said(
        /^From v2 — Drop column "city" to v3 — .*Rows: 4 → 3\.\sOnly copies of rows that remain were removed\.$/s,
      ),
    ).toBeVisible();
    await say(page, 'go to v2');
    await expect(said('v2 — Drop column "city" is now current.')).toBeVisible();
    // v2 still holds the duplicate Ann that v3 removed.
    await expect(page.getByRole('gridcell', { name: 'Ann', exact: true })).toHaveCount(2);
    await say(page, 'go to v3');
    await expect(said(/^v3 — .* is now current\.$/)).toBeVisible();
    await expect(page.getByRole('gridcell', { name: 'Ann', exact: true })).toHaveCount(1);

    await say(page, 'undo');
    await say(page, 'undo');
    await expect(headers(page).filter({ hasText: 'city' })).toHaveCount(1);

    await say(page, 'help');
    await expect(
      messages(page)
        .getByText(/remove duplicates/)
        .last(),
    ).toBeVisible();

    // The conversation is kept: it is there after a reload.
    await page.reload();
    await openChat(page);
    await expect(messages(page).getByText('drop column agee')).toBeVisible();
  });

  test('switching the chat to a model profile: the reply streams in, its tool call makes a version, and Stop stops a slow answer', async ({
    page,
    host,
  }) => {
    const server = await startMockOpenAi();
    try {
      await host.open(page);
      // The model profile, made as a person makes it.
      await newModelProfile(page, 'Mock model', server.baseUrl);

      await newWorkspace(page, 'Models');
      await importCsv(page, 'Models', 'people.csv', PEOPLE);
      await openChat(page);
      await chat(page).getByRole('combobox', { name: 'Profile' }).selectOption({ label: 'Mock model' });
      await expect(chat(page).getByTestId('chat-active-profile')).toContainText('Mock model');
      await expect(chat(page).getByTestId('chat-active-profile')).toContainText('mock-small');

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
        { kind: 'text', content: 'I removed the age column; undo brings it back.' },
      );
      await say(page, 'Please remove the age column');
      await expect(messages(page).getByText('I removed the age column; undo brings it back.')).toBeVisible();
      await expect(headers(page).filter({ hasText: 'age' })).toHaveCount(0);
      await expect(messages(page).getByText('Changed the data')).toBeVisible();
      await expect(messages(page).getByText('15 tokens')).toBeVisible();

      // A slow model: the text so far shows; a look at another tab does not repeat anything;
      // Stop (here, Escape in the chat) ends the turn and keeps what was said.
      server.script({ kind: 'stall', content: 'Let me think about' });
      await say(page, 'Think very hard');
      await expect(chat(page).getByText('Let me think about')).toBeVisible();
      await page.getByRole('tablist', { name: 'Side panel' }).getByRole('tab', { name: 'Versions' }).click();
      await openChat(page);
      await expect(messages(page).getByText('Think very hard')).toHaveCount(1);
      await expect(chat(page).getByRole('button', { name: 'Stop' })).toBeVisible();
      await chat(page).getByRole('textbox', { name: 'Message' }).press('Escape');
      await expect(messages(page).getByText('Stopped before the answer was finished.')).toBeVisible();
      await expect(messages(page).getByText('Let me think about')).toBeVisible();
      await expect(chat(page).getByRole('button', { name: 'Send' })).toBeVisible();

      // A turn running in one window can be seen and stopped from another.
      server.script({ kind: 'hang' });
      await say(page, 'Another slow one');
      await expect(chat(page).getByRole('button', { name: 'Stop' })).toBeVisible();
      const other = await page.context().newPage();
      await other.goto(page.url());
      await openChat(other);
      await expect(chat(other).getByText(/^The assistant is still answering/)).toBeVisible();
      await expect(chat(other).getByRole('button', { name: 'Send' })).toHaveCount(0);
      await chat(other).getByRole('button', { name: 'Stop' }).click();
      await expect(messages(other).getByText('Stopped before the answer was finished.')).toHaveCount(2);
      await expect(messages(page).getByText('Stopped before the answer was finished.')).toHaveCount(2);
      await expect(chat(other).getByRole('button', { name: 'Send' })).toBeVisible();
      await other.close();

      // A broken reply is explained, and the chat carries on.
      server.script({ kind: 'malformed' });
      await say(page, 'Hello?');
      await expect(messages(page).getByRole('note').last()).toContainText(/could not be read/);

      // Back to the default profile, from the chat.
      await chat(page).getByRole('combobox', { name: 'Profile' }).selectOption('');
      await expect(chat(page).getByTestId('chat-active-profile')).toContainText('Offline (built-in)');
    } finally {
      await server.close();
    }
  });

  test('a message sent while the assistant is still answering waits in a queue, then goes; Stop gives it back', async ({
    page,
    host,
  }) => {
    const server = await startMockOpenAi();
    try {
      await host.open(page);
      await newModelProfile(page, 'Queue model', server.baseUrl);
      await newWorkspace(page, 'Queue');
      await importCsv(page, 'Queue', 'people.csv', PEOPLE);
      await openChat(page);
      await chat(page).getByRole('combobox', { name: 'Profile' }).selectOption({ label: 'Queue model' });
      await expect(chat(page).getByTestId('chat-active-profile')).toContainText('Queue model');

      let release = (): void => undefined;
      const released = new Promise<void>((resolve) => (release = resolve));
      server.script(
        { kind: 'held', content: 'First answer.', release: released },
        { kind: 'text', content: 'Second answer.' },
      );
      await say(page, 'First question');
      await expect(chat(page).getByRole('button', { name: 'Stop' })).toBeVisible();
      await say(page, 'Second question');
      const queue = chat(page).getByRole('list', { name: 'Queued messages' });
      await expect(queue.getByText('Second question')).toBeVisible();
      await expect(queue.getByText('Queued')).toBeVisible();
      await expect(chat(page).getByRole('textbox', { name: 'Message' })).toHaveValue('');

      release();
      await expect(messages(page).getByText('Second answer.')).toBeVisible();
      await expect(queue).toHaveCount(0);
      const texts = await messages(page).locator('.chat-text').allInnerTexts();
      expect(texts).toEqual(['First question', 'First answer.', 'Second question', 'Second answer.']);

      // Stop ends the turn and hands what was queued back to the message box: nothing typed is lost.
      server.script({ kind: 'hang' });
      await say(page, 'Third question');
      await expect(chat(page).getByRole('button', { name: 'Stop' })).toBeVisible();
      await say(page, 'Fourth question');
      await expect(queue.getByText('Fourth question')).toBeVisible();
      await chat(page).getByRole('button', { name: 'Stop' }).click();
      await expect(messages(page).getByText('Stopped before the answer was finished.')).toBeVisible();
      await expect(queue).toHaveCount(0);
      await expect(chat(page).getByRole('textbox', { name: 'Message' })).toHaveValue('Fourth question');
      await expect(messages(page).getByText('Fourth question')).toHaveCount(0);
    } finally {
      await server.close();
    }
  });
});
