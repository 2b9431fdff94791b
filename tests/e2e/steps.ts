import { expect, type Page } from '@playwright/test';

/** Steps that several specs take the same way a person would. */

/** Creates a workspace through the sidebar and waits for its page. */
export async function newWorkspace(page: Page, name = 'Analysis'): Promise<void> {
  await page.getByRole('button', { name: 'New workspace' }).click();
  const dialog = page.getByRole('dialog', { name: 'New workspace' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

/**
 * Builds a CSV of `rows` data rows inside the page (nothing large crosses from the test), drops it
 * on the window and waits for the import to start. Columns: `id` (1..rows), `value`
 * (`(id × 7919) mod 1000` + 0.5, so sorting reorders), `label` (`row <id>`). With
 * `duplicateEvery: k`, every k-th row repeats the row before it exactly (id included).
 */
export async function dropGeneratedCsv(
  page: Page,
  workspace: string,
  fileName: string,
  rows: number,
  options: { duplicateEvery?: number } = {},
): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ fileName, rows, every }) => {
      const line = (id: number) => `${id},${(id * 7919) % 1000}.5,row ${id}\n`;
      const parts: string[] = ['id,value,label\n'];
      let chunk = '';
      for (let i = 1; i <= rows; i++) {
        chunk += every > 0 && i % every === 0 ? line(i - 1) : line(i);
        if (i % 50_000 === 0) {
          parts.push(chunk);
          chunk = '';
        }
      }
      parts.push(chunk);
      const dt = new DataTransfer();
      dt.items.add(new File(parts, fileName, { type: 'text/csv' }));
      return dt;
    },
    { fileName, rows, every: options.duplicateEvery ?? 0 },
  );
  await page.dispatchEvent('main', 'dragenter', { dataTransfer });
  await expect(page.getByText(`Drop CSV files to import into ${workspace}`)).toBeVisible();
  await page.dispatchEvent('main', 'drop', { dataTransfer });
}

/** Drops a CSV on the window as a file manager would, and opens the dataset it becomes. */
export async function importCsv(
  page: Page,
  workspace: string,
  fileName: string,
  content: string,
): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, text }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type: 'text/csv' }));
      return dt;
    },
    { name: fileName, text: content },
  );
  await page.dispatchEvent('main', 'dragenter', { dataTransfer });
  await expect(page.getByText(`Drop CSV files to import into ${workspace}`)).toBeVisible();
  await page.dispatchEvent('main', 'drop', { dataTransfer });
  const datasetName = fileName.replace(/\.csv$/, '');
  await page.getByRole('table', { name: 'Datasets' }).getByRole('link', { name: datasetName }).click();
  await expect(page.getByRole('heading', { level: 1, name: datasetName })).toBeVisible();
}

/** The values of the body rows the grid has rendered, in row order. */
export function gridRows(page: Page): Promise<(string | null)[][]> {
  return page.getByRole('grid').evaluate((grid) =>
    Array.from(grid.querySelectorAll('[role="row"]'))
      .map((row) => ({ index: Number(row.getAttribute('aria-rowindex')), row }))
      .filter(({ index }) => index > 1)
      .sort((a, b) => a.index - b.index)
      .map(({ row }) => Array.from(row.querySelectorAll('[role="gridcell"]')).map((c) => c.textContent)),
  );
}

/** Opens an operation's form from the Transform menu of the open dataset. */
export async function openTransform(page: Page, operation: string): Promise<ReturnType<Page['getByRole']>> {
  await page.getByRole('button', { name: 'Transform ▾' }).click();
  await page
    .getByRole('menu', { name: 'Transform' })
    .getByRole('menuitem', { name: `${operation}…` })
    .click();
  return page.getByRole('dialog', { name: operation });
}

/** Makes a model profile in Settings as a person does: a name, an OpenAI-compatible server, a model. */
export async function newModelProfile(page: Page, name: string, baseUrl: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'New profile', exact: true }).click();
  const editor = page.getByRole('form', { name: 'Profile New profile' });
  await editor.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await editor.getByRole('combobox', { name: 'Provider' }).selectOption('openai_compatible');
  await editor.getByRole('textbox', { name: 'Base URL' }).fill(baseUrl);
  await editor.getByRole('textbox', { name: 'Model', exact: true }).fill('mock-small');
  await editor.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Profiles' }).getByRole('button', { name })).toBeVisible();
}
