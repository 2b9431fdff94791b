import type { Locator, Page } from '@playwright/test';
import { startMockOpenAi } from '../helpers/mock-openai';
import { expect, test } from './host';
import { importCsv, newModelProfile, newWorkspace } from './steps';

/**
 * Boards as a person uses them: projects, a kanban whose cards move by mouse and by keyboard
 * (each move one patch set that Ctrl+Z reverts), the tree, the task drawer, the Trash, the
 * History, and tasks made from an insight that lead back to the data.
 */

const column = (page: Page, name: string) => page.getByRole('list', { name, exact: true });
const card = (scope: Page | Locator, title: string) =>
  scope.getByRole('button', { name: new RegExp(`^${title}, `) });
const drawer = (page: Page) => page.getByRole('dialog', { name: /^Task/ });

async function openBoards(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Boards' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Projects' })).toBeVisible();
}

async function newProject(page: Page, name: string): Promise<void> {
  await page.getByRole('textbox', { name: 'New project' }).fill(name);
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('table', { name: 'Projects' }).getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

async function addTasks(page: Page, titles: string[]): Promise<void> {
  const box = page.getByRole('textbox', { name: 'New task' });
  // Typing is expected as the board opens.
  await expect(box).toBeFocused();
  for (const title of titles) {
    await box.fill(title);
    await box.press('Enter');
    await expect(card(column(page, 'To do'), title)).toBeVisible();
    await expect(box).toBeFocused();
  }
}

/** Drags with the mouse in small steps, as a hand does (the board starts a drag after 5 px). */
async function dragWithMouse(page: Page, from: Locator, to: Locator): Promise<void> {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('Nothing to drag or nowhere to drop');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2, { steps: 3 });
  await page.mouse.move(b.x + b.width / 2, b.y + Math.min(b.height / 2, 40), { steps: 12 });
  await page.mouse.move(b.x + b.width / 2, b.y + Math.min(b.height / 2, 40) + 2, { steps: 2 });
  await page.mouse.up();
}

test.describe.configure({ mode: 'parallel' });

test.describe('boards', () => {
  test('a person builds a board: tasks and a subtask, moves cards by mouse and by keyboard, Ctrl+Z undoes a move', async ({
    page,
    host,
  }) => {
    test.setTimeout(150_000);
    await host.open(page);
    await newWorkspace(page, 'Ops');
    await openBoards(page);
    await expect(page.getByText('No projects yet')).toBeVisible();

    // An empty name is explained where it was typed.
    await page.getByRole('button', { name: 'Create project' }).click();
    await expect(page.getByRole('alert')).toHaveText('A project needs a name.');
    await expect(page.getByRole('textbox', { name: 'New project' })).toBeFocused();
    await newProject(page, 'Cleanup');

    await addTasks(page, ['Check nulls', 'Fix dates', 'Write report']);
    await expect(column(page, 'To do').getByRole('button')).toHaveCount(3);

    // A subtask from the drawer; the card counts it.
    await card(page, 'Check nulls').click();
    await expect(drawer(page)).toHaveAccessibleName('Task: Check nulls');
    await drawer(page).getByRole('textbox', { name: 'New subtask' }).fill('Price column');
    await drawer(page).getByRole('textbox', { name: 'New subtask' }).press('Enter');
    await expect(
      drawer(page).getByRole('list', { name: 'Subtasks' }).getByRole('button', { name: 'Price column' }),
    ).toBeVisible();
    await drawer(page).getByRole('button', { name: 'Close' }).first().click();
    await expect(drawer(page)).toBeHidden();
    await expect(card(page, 'Check nulls')).toHaveAccessibleName(/1 subtask/);

    // Mouse: To do → Done.
    await dragWithMouse(page, card(page, 'Fix dates'), column(page, 'Done'));
    await expect(card(column(page, 'Done'), 'Fix dates')).toBeVisible();
    // The move shows at once; the board says when it is stored, and only then is a reload safe.
    await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible();
    await page.reload();
    await expect(card(column(page, 'Done'), 'Fix dates')).toBeVisible();

    // Ctrl+Z reverts that move (one patch set).
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await expect(card(column(page, 'To do'), 'Fix dates')).toBeVisible();
    await expect(column(page, 'Done').getByRole('button')).toHaveCount(0);

    // Keyboard: Space picks up, arrows move across the columns, Space drops.
    await card(page, 'Write report').focus();
    await page.keyboard.press('Space');
    await expect(page.getByText(/^Picked up Write report in To do/)).toBeAttached();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await expect(page.getByText(/^Write report is now in Done, position 1 of 1/)).toBeAttached();
    await page.keyboard.press('Space');
    await expect(page.getByText(/^Dropped Write report in Done/)).toBeAttached();
    await expect(card(column(page, 'Done'), 'Write report')).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible();
    await page.reload();
    await expect(card(column(page, 'Done'), 'Write report')).toBeVisible();

    // Reorder within a column by keyboard: Fix dates goes above Check nulls.
    const todoTitles = () => column(page, 'To do').locator('.task-card-title').allTextContents();
    expect(await todoTitles()).toEqual(['Check nulls', 'Fix dates', 'Price column']);
    // Each key waits for what the board announces, as a screen-reader user hears it: an arrow
    // pressed before the pick-up has started moves nothing.
    await card(page, 'Fix dates').focus();
    await page.keyboard.press('Space');
    await expect(page.getByText(/^Picked up Fix dates in To do/)).toBeAttached();
    await page.keyboard.press('ArrowUp');
    await expect(page.getByText(/^Fix dates is now in To do, position 1 of 3/)).toBeAttached();
    await page.keyboard.press('Space');
    await expect(page.getByText(/^Dropped Fix dates in To do/)).toBeAttached();
    await expect.poll(todoTitles).toEqual(['Fix dates', 'Check nulls', 'Price column']);
    await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible();
    await page.reload();
    await expect.poll(todoTitles).toEqual(['Fix dates', 'Check nulls', 'Price column']);
  });

  test('a person edits a task in the drawer, deletes and restores it from the Trash, and reverts from History', async ({
    page,
    host,
  }) => {
    test.setTimeout(150_000);
    await host.open(page);
    await newWorkspace(page, 'Ops');
    await openBoards(page);
    await newProject(page, 'Cleanup');
    await addTasks(page, ['Check nulls', 'Write report']);

    // The drawer: every field, saved as one change; a bad value is explained beside its field.
    await card(page, 'Check nulls').focus();
    await page.keyboard.press('Enter');
    const form = drawer(page);
    await expect(form.getByRole('textbox', { name: 'Title' })).toBeFocused();
    await form.getByRole('textbox', { name: 'Title' }).fill('Check nulls in price');
    await form.getByRole('combobox', { name: 'Priority' }).selectOption('high');
    await form.getByRole('textbox', { name: 'Assignee' }).fill('ana');
    await form.getByLabel('Due date').fill('2020-01-31');
    await form.getByRole('textbox', { name: 'Metadata (JSON object)' }).fill('{"source": ');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.getByRole('alert')).toHaveText(
      'Metadata is not valid JSON: check the quotes and commas.',
    );
    await expect(form.getByRole('textbox', { name: 'Metadata (JSON object)' })).toBeFocused();
    await form.getByRole('textbox', { name: 'Metadata (JSON object)' }).fill('{"source": "audit"}');
    await form.getByRole('textbox', { name: 'Tags (comma-separated)' }).fill('quality, price');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form).toBeHidden();
    await expect(card(page, 'Check nulls in price')).toHaveAccessibleName(
      /^Check nulls in price, high priority, assigned to ana, due 2020-01-31, overdue$/,
    );
    await expect(card(page, 'Check nulls in price').getByText('Overdue 2020-01-31')).toBeVisible();

    // Delete goes to the Trash; Restore brings it back.
    await card(page, 'Write report').click();
    await drawer(page).getByRole('button', { name: 'Delete task' }).click();
    await expect(drawer(page)).toBeHidden();
    await expect(card(page, 'Write report')).toHaveCount(0);
    await page.getByRole('navigation', { name: 'Boards' }).getByRole('link', { name: 'Trash' }).click();
    const trash = page.getByRole('table', { name: 'Deleted items' });
    await expect(trash.getByRole('cell', { name: 'Write report', exact: true })).toBeVisible();
    await trash.getByRole('button', { name: 'Restore Write report' }).click();
    await expect(page.getByText('The Trash is empty.')).toBeVisible();

    await page.getByRole('navigation', { name: 'Boards' }).getByRole('link', { name: 'Projects' }).click();
    await page.getByRole('table', { name: 'Projects' }).getByRole('link', { name: 'Cleanup' }).click();
    await expect(card(page, 'Write report')).toBeVisible();

    // Permanent delete asks first, in Cairn's own dialog; Cancel has the focus.
    await card(page, 'Write report').click();
    await drawer(page).getByRole('button', { name: 'Delete task' }).click();
    await expect(drawer(page)).toBeHidden();
    await page.getByRole('navigation', { name: 'Boards' }).getByRole('link', { name: 'Trash' }).click();
    await trash.getByRole('button', { name: 'Delete Write report permanently' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete permanently?' });
    await expect(confirm).toContainText('“Write report” will be gone for good.');
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await confirm.getByRole('button', { name: 'Delete permanently' }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByText('The Trash is empty.')).toBeVisible();

    // History: revert the drawer's change; a revert that would clobber a later change is refused.
    await page.getByRole('navigation', { name: 'Boards' }).getByRole('link', { name: 'History' }).click();
    const changes = page.getByRole('list', { name: 'Changes' });
    const created = changes.getByRole('listitem').filter({ hasText: 'New task “Check nulls”' });
    await created.getByRole('button', { name: /^Revert/ }).click();
    await expect(created.getByRole('alert')).toContainText(/^Not reverted: Cannot undo/);
    const edit = changes.getByRole('listitem').filter({
      hasText: 'Task changed: title, priority, assignee, due date, tags, metadata',
    });
    await edit.getByRole('button', { name: /^Revert/ }).click();
    await expect(page.getByText(/^Reverted /)).toBeVisible();
    await expect(edit).toContainText('reverted');
    await expect(edit.getByRole('button', { name: /^Revert/ })).toHaveCount(0);

    await page.getByRole('navigation', { name: 'Boards' }).getByRole('link', { name: 'Projects' }).click();
    await page.getByRole('table', { name: 'Projects' }).getByRole('link', { name: 'Cleanup' }).click();
    await expect(card(page, 'Check nulls')).toHaveAccessibleName('Check nulls, medium priority');
  });
});

/** Duplicates (Ann, Bob twice) make a "Duplicate rows" insight with a Fix. */
const ORDERS = ['name,price', 'Ann,10', 'Bob,20', 'Cid,30', 'Ann,10', 'Bob,20', 'Dee,4000', ''].join('\n');

const chat = (page: Page) => page.getByRole('region', { name: 'Chat' });
const sideTab = (page: Page, name: string) =>
  page.getByRole('tablist', { name: 'Side panel' }).getByRole('tab', { name: new RegExp(`^${name}`) });

async function say(page: Page, text: string): Promise<void> {
  const box = chat(page).getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

test.describe('boards: the tree', () => {
  test('a person nests tasks in the tree (indent, collapse, outdent), renames one in place and filters', async ({
    page,
    host,
  }) => {
    test.setTimeout(150_000);
    await host.open(page);
    await newWorkspace(page, 'Ops');
    await openBoards(page);
    await newProject(page, 'Cleanup');
    await addTasks(page, ['Audit prices', 'Find outliers', 'Send summary']);
    await page.getByRole('button', { name: 'Tree', exact: true }).click();
    const tree = page.getByRole('table', { name: 'Tasks' });
    const row = (title: string) => tree.getByRole('row').filter({ hasText: title });

    await tree.getByRole('button', { name: 'Indent Find outliers' }).click();
    await expect(tree.getByRole('button', { name: 'Collapse Audit prices' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
    await expect(row('Audit prices')).toContainText('(1 subtask)');
    await tree.getByRole('button', { name: 'Collapse Audit prices' }).click();
    await expect(row('Find outliers')).toHaveCount(0);
    await tree.getByRole('button', { name: 'Expand Audit prices' }).click();
    await expect(row('Find outliers')).toBeVisible();
    await tree.getByRole('button', { name: 'Outdent Find outliers' }).click();
    await expect(tree.getByRole('button', { name: /^(Collapse|Expand) Audit prices/ })).toHaveCount(0);

    await tree.getByRole('button', { name: 'Rename Send summary' }).click();
    const box = tree.getByRole('textbox', { name: 'Title of Send summary' });
    await expect(box).toBeFocused();
    await box.fill('Send the summary to Ana');
    await box.press('Enter');
    await expect(row('Send the summary to Ana')).toBeVisible();

    const filters = page.getByRole('search', { name: 'Filter tasks' });
    await filters.getByRole('searchbox', { name: 'Search' }).fill('summary');
    await expect(page.getByRole('status').filter({ hasText: 'match' })).toHaveText('1 task match.');
    await expect(page.getByRole('table', { name: 'Matching tasks' }).getByRole('row')).toHaveCount(2);
    await filters.getByRole('combobox', { name: 'Status' }).selectOption('done');
    await expect(page.getByText('No task matches these filters.')).toBeVisible();
    await filters.getByRole('button', { name: 'Clear filters' }).click();
    await expect(tree.getByRole('row')).toHaveCount(4);
  });
});

test.describe('boards beside the data', () => {
  test('Create task on an insight makes a prefilled, linked task; its Open version shows the data at that version', async ({
    page,
    host,
  }) => {
    test.setTimeout(150_000);
    await host.open(page);
    await newWorkspace(page, 'Shop');
    await importCsv(page, 'Shop', 'orders.csv', ORDERS);
    await sideTab(page, 'Insights').click();
    const insight = page.getByRole('article', { name: /^Duplicate rows$/ });
    await insight.getByRole('button', { name: 'Create task' }).click();

    const dialog = page.getByRole('dialog', { name: 'New task from an insight' });
    await expect(dialog.getByRole('textbox', { name: 'Title' })).toHaveValue('Duplicate rows');
    await expect(dialog.getByRole('textbox', { name: 'Title' })).toBeFocused();
    await expect(dialog.getByRole('textbox', { name: 'Description' })).toHaveValue(/Recommendation: /);
    // No project yet: a new one is made in the same change.
    await expect(dialog.getByRole('combobox', { name: 'Project' })).toHaveValue('new');
    await dialog.getByRole('textbox', { name: 'New project name' }).fill('Data quality');
    const priority = await dialog.getByRole('combobox', { name: 'Priority' }).inputValue();
    await dialog.getByRole('button', { name: 'Create task' }).click();
    const done = page.getByRole('dialog', { name: 'Task created' });
    await expect(done.getByRole('status')).toContainText('linked to this insight and v1');
    await done.getByRole('button', { name: 'Close' }).first().click();

    // The data moves on: the fix makes v2 the current version.
    await insight.getByRole('button', { name: 'Fix' }).click();
    await expect(page.getByRole('region', { name: 'Insights on v2' })).toBeVisible({ timeout: 15_000 });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Boards' }).click();
    await page.getByRole('table', { name: 'Projects' }).getByRole('link', { name: 'Data quality' }).click();
    const task = card(column(page, 'To do'), 'Duplicate rows');
    await expect(task).toHaveAccessibleName(
      new RegExp(`^Duplicate rows, ${priority} priority, linked to data$`),
    );
    await task.click();
    await expect(drawer(page).getByRole('combobox', { name: 'Priority' })).toHaveValue(priority);
    await expect(drawer(page).getByText(/Dataset orders at v1/)).toBeVisible();
    await drawer(page).getByRole('button', { name: 'Open version' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'orders' })).toBeVisible();
    await expect(page.getByText(/^Previewing v1 /)).toBeVisible();

    // Open insight goes to the same version with its insights shown.
    await page.goBack();
    await drawer(page).getByRole('button', { name: 'Open insight' }).click();
    await expect(page.getByRole('region', { name: 'Insights on v1' })).toBeVisible();
  });

  test('the built-in assistant adds and completes a task from a dataset’s chat, and the board shows it', async ({
    page,
    host,
  }) => {
    test.setTimeout(150_000);
    await host.open(page);
    await newWorkspace(page, 'Shop');
    await importCsv(page, 'Shop', 'orders.csv', ORDERS);
    await sideTab(page, 'Chat').click();
    await say(page, 'add a task to look at the outliers in price');
    const messages = chat(page).getByRole('log', { name: 'Messages' });
    await expect(messages.getByText(/^Added the task “Look at the outliers in price”/).last()).toBeVisible();
    await say(page, 'complete outliers in price');
    await expect(chat(page).getByRole('region', { name: 'Board changes by the assistant' })).toBeVisible();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Boards' }).click();
    await page.getByRole('table', { name: 'Projects' }).getByRole('link', { name: 'Tasks' }).click();
    await expect(card(column(page, 'Done'), 'Look at the outliers in price')).toHaveAccessibleName(
      /linked to data$/,
    );
    await page.getByRole('navigation', { name: 'Boards' }).getByRole('link', { name: 'History' }).click();
    await expect(page.getByRole('list', { name: 'Changes' }).getByText('Assistant')).toHaveCount(2);
  });

  test('a model’s patch set, applied through a tool call, is undone by the person from the chat', async ({
    page,
    host,
  }) => {
    test.setTimeout(150_000);
    const server = await startMockOpenAi();
    try {
      await host.open(page);
      await newModelProfile(page, 'Mock model', server.baseUrl);

      await newWorkspace(page, 'Shop');
      await importCsv(page, 'Shop', 'orders.csv', ORDERS);
      await sideTab(page, 'Chat').click();
      await chat(page).getByRole('combobox', { name: 'Profile' }).selectOption({ label: 'Mock model' });
      server.script(
        {
          kind: 'tool_calls',
          calls: [
            {
              name: 'apply_patch_set',
              arguments: JSON.stringify({
                summary: 'Plan the price cleanup',
                patches: [
                  { op: 'create_project', key: 'p', fields: { name: 'Price cleanup', status: 'active' } },
                  {
                    op: 'create_task',
                    key: 'a',
                    projectKey: 'p',
                    fields: { title: 'Find outliers', priority: 'high' },
                  },
                  { op: 'create_task', projectKey: 'p', parentKey: 'a', fields: { title: 'Check Dee' } },
                ],
              }),
            },
          ],
        },
        { kind: 'text', content: 'I planned the cleanup.' },
      );
      await say(page, 'Plan the cleanup of price');
      await expect(chat(page).getByText('I planned the cleanup.')).toBeVisible();
      const changes = chat(page).getByRole('region', { name: 'Board changes by the assistant' });
      await expect(changes.getByText('Plan the price cleanup')).toBeVisible();

      // On the board, then undone from the chat.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Boards' }).click();
      await page
        .getByRole('table', { name: 'Projects' })
        .getByRole('link', { name: 'Price cleanup' })
        .click();
      await expect(card(column(page, 'To do'), 'Find outliers')).toHaveAccessibleName(
        /high priority, 1 subtask/,
      );
      await page.goBack();
      await page.goBack();
      await sideTab(page, 'Chat').click();
      await changes.getByRole('button', { name: 'Undo Plan the price cleanup' }).click();
      await expect(changes.getByText('undone')).toBeVisible();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Boards' }).click();
      await expect(page.getByText('No projects yet')).toBeVisible();
    } finally {
      await server.close();
    }
  });
});

test.describe('boards: the workspace conversation', () => {
  test('the Chat tab of Boards talks about the boards: the built-in assistant adds a task there, and the board shows it', async ({
    page,
    host,
  }) => {
    test.setTimeout(90_000);
    await host.open(page);
    await newWorkspace(page, 'Plans');
    await openBoards(page);
    await page.getByRole('navigation', { name: 'Boards' }).getByRole('link', { name: 'Chat' }).click();
    const talk = page.getByRole('region', { name: 'Chat' });
    await expect(talk.getByRole('combobox', { name: 'Conversation' })).toHaveValue(/.+/);
    const box = talk.getByRole('textbox', { name: 'Message' });
    await box.fill('add task call the supplier');
    await box.press('Enter');
    await expect(
      talk
        .getByRole('log', { name: 'Messages' })
        .getByText(/^Added the task “Call the supplier”/)
        .last(),
    ).toBeVisible();

    await page.getByRole('navigation', { name: 'Boards' }).getByRole('link', { name: 'Projects' }).click();
    await page.getByRole('table', { name: 'Projects' }).getByRole('link', { name: 'Tasks' }).click();
    await expect(card(column(page, 'To do'), 'Call the supplier')).toBeVisible();
  });
});
