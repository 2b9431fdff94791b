import type { Page } from '@playwright/test';
import { expect, test } from './host';
import { importCsv, newWorkspace } from './steps';

/**
 * The built-in assistant understanding everyday words, as a person sees its answers in the Chat
 * tab: a question answered from the data (nothing changes), a condition in words that keeps some
 * rows, and a derived column.
 */

const ORDERS = [
  'order_id,Product Name,unit price,Qty,City',
  'A-1,Desk Lamp,35,2,Boston',
  'A-2,Office Chair,149.99,1,Chicago',
  'A-3,Standing Desk,499,1,Boston',
  'A-4,Keyboard,25,5,Denver',
  'A-5,Monitor,180,2,Boston',
  '',
].join('\n');

const chat = (page: Page) => page.getByRole('region', { name: 'Chat' });
const messages = (page: Page) => chat(page).getByRole('log', { name: 'Messages' });
const headers = (page: Page) => page.getByRole('columnheader');

async function say(page: Page, text: string): Promise<void> {
  const box = chat(page).getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
  // The question is in the log before its answer; each step below waits for that answer.
  await expect(messages(page).getByText(text, { exact: true }).last()).toBeVisible();
}

test('the built-in assistant answers a question, reads a condition in words and derives a column', async ({
  page,
  host,
}) => {
  await host.open(page);
  await newWorkspace(page, 'Words');
  await importCsv(page, 'Words', 'orders.csv', ORDERS);
  await page.getByRole('tablist', { name: 'Side panel' }).getByRole('tab', { name: 'Chat' }).click();
  await expect(chat(page)).toBeVisible();

  // A question: answered in words from the data, and nothing changes.
  await say(page, 'how many rows have unit price over 100');
  await expect(messages(page).getByText('3 rows of 5 match `unit price` > 100.')).toBeVisible();
  await say(page, 'what is the average unit price');
  await expect(messages(page).getByText('The average of unit price is 177.8.')).toBeVisible();
  await expect(page.getByText(/5 rows/).first()).toBeVisible();

  // A condition in words: the rows in Boston are kept, as a new version.
  await say(page, 'keep orders in boston');
  await expect(
    messages(page)
      .getByText(/^Done: /)
      .last(),
  ).toBeVisible();
  await expect(page.getByText(/3 rows/).first()).toBeVisible();
  await expect(page.getByRole('gridcell', { name: 'Chicago' })).toHaveCount(0);

  // A derive in words: a new column, computed from two others.
  await say(page, 'add a column total = qty times unit price');
  await expect(
    messages(page)
      .getByText(/^Done: /)
      .last(),
  ).toBeVisible();
  await expect(headers(page).filter({ hasText: /^total/ })).toHaveCount(1);
  await expect(page.getByRole('gridcell', { name: '360' })).toBeVisible();
});
