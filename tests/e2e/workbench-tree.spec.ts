import { expect, test } from './host';
import { importCsv, newWorkspace } from './steps';

/** A long history read at a glance: fitted, straight where it is straight, one tab stop in the list. */

test.use({ viewport: { width: 1440, height: 900 } });

const NUMBERS = ['n,word', '3,c', '1,a', '2,b', ''].join('\n');

test('a 60-version history fits the graph as one straight line, and the list is one tab stop', async ({
  page,
  host,
}) => {
  test.setTimeout(150_000); // 59 operations applied one by one in worker processes
  await host.open(page);
  await newWorkspace(page, 'History');
  await importCsv(page, 'History', 'numbers.csv', NUMBERS);

  // 59 steps in one recipe, replayed as 59 versions on top of the import.
  const recipe = {
    format: 'cairn-recipe',
    version: 1,
    columns: [
      { name: 'n', type: 'integer' },
      { name: 'word', type: 'text' },
    ],
    operations: Array.from({ length: 59 }, (_, i) => ({
      op: 'sort',
      keys: [{ column: 'n', direction: i % 2 ? 'asc' : 'desc', nulls: 'last' }],
    })),
  };
  await page.getByLabel('Recipe file to apply').setInputFiles({
    name: 'long.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(recipe)),
  });
  const list = page.getByRole('list', { name: 'Versions' });
  await expect(list.getByRole('listitem')).toHaveCount(60, { timeout: 120_000 });

  // Every node is inside the canvas after fitting, all in one column: a straight line.
  await page.getByRole('button', { name: /fit view/i }).click();
  const geometry = await page.locator('.tree-canvas').evaluate((canvas) => {
    const box = canvas.getBoundingClientRect();
    const nodes = Array.from(canvas.querySelectorAll('.react-flow__node')).map((n) =>
      n.getBoundingClientRect(),
    );
    return {
      count: nodes.length,
      inside: nodes.every(
        (r) =>
          r.top >= box.top - 1 &&
          r.bottom <= box.bottom + 1 &&
          r.left >= box.left - 1 &&
          r.right <= box.right + 1,
      ),
      columns: new Set(nodes.map((r) => Math.round(r.left))).size,
    };
  });
  expect(geometry).toEqual({ count: 60, inside: true, columns: 1 });
  // The list draws the same: one lane, the whole chain on the current path.
  await expect(page.locator('.version-row.lane-0')).toHaveCount(60);
  await expect(page.locator('.version-row.on-path')).toHaveCount(60);

  // One tab stop: the current version's button; the arrows walk the list.
  const current = list.getByRole('button', { name: /^v60 .*current/ });
  await current.focus();
  await page.keyboard.press('ArrowUp');
  await expect(list.getByRole('button', { name: /^v59 / })).toBeFocused();
  await page.keyboard.press('Home');
  await expect(list.getByRole('button', { name: /^v1 / })).toBeFocused();
  await page.keyboard.press('Tab');
  expect(await list.evaluate((ul) => ul.contains(document.activeElement))).toBe(false);
});

test('a branch forks to its own lane in both the list and the graph', async ({ page, host }) => {
  await host.open(page);
  await newWorkspace(page, 'Fork');
  await importCsv(page, 'Fork', 'numbers.csv', NUMBERS);
  const list = page.getByRole('list', { name: 'Versions' });
  for (const direction of ['asc', 'desc'] as const) {
    await list.getByRole('button', { name: /^v1 / }).click();
    await page.getByRole('button', { name: 'Branch from here…' }).click();
    await page.getByRole('menu', { name: 'Transform' }).getByRole('menuitem', { name: 'Sort…' }).click();
    const form = page.getByRole('dialog', { name: 'Sort' });
    await form.getByRole('combobox', { name: 'Direction' }).selectOption(direction);
    await form.getByRole('button', { name: 'Apply' }).click();
    await expect(form).toBeHidden();
  }
  await expect(list.getByRole('listitem')).toHaveCount(3);
  await expect(page.locator('.version-row.lane-0')).toHaveCount(2);
  await expect(page.locator('.version-row.lane-1')).toHaveCount(1);
  // The current version (v3, the second branch) and its parent are on the highlighted path; v2 is not.
  await expect(page.locator('.version-row.on-path')).toHaveCount(2);
  const columns = await page
    .locator('.tree-canvas .react-flow__node')
    .evaluateAll((nodes) => new Set(nodes.map((n) => Math.round(n.getBoundingClientRect().left))).size);
  expect(columns).toBe(2);
});
