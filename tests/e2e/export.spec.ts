import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './host';
import { dropGeneratedCsv, importCsv, newWorkspace } from './steps';

/**
 * CSV export of a version big enough to take a while: the person sees its progress, the browser
 * downloads the finished file, and a cancelled export downloads nothing and leaves no file.
 */

const ROWS = 400_000;
/** Larger, so the export is surely still running when the person reaches Cancel. */
const CANCEL_ROWS = 800_000;

/** Drops a generated CSV (see dropGeneratedCsv) and opens the dataset. */
async function importGenerated(page: Page, workspace: string, name: string, rows: number): Promise<void> {
  await dropGeneratedCsv(page, workspace, `${name}.csv`, rows);
  const link = page.getByRole('table', { name: 'Datasets' }).getByRole('link', { name });
  await expect(link).toBeVisible({ timeout: 60_000 });
  await link.click();
  await expect(page.getByRole('grid')).toHaveAttribute('aria-rowcount', String(rows + 1));
}

const exportButton = (page: Page) =>
  page.getByRole('toolbar', { name: 'Dataset actions' }).getByRole('button', { name: 'Export CSV' });

const exportsFolder = (dataDir: string): string[] => {
  const dir = path.join(dataDir, 'exports');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};

test.describe('CSV export', () => {
  test('shows its progress while it runs, then the browser downloads the whole file', async ({
    page,
    host,
  }) => {
    test.setTimeout(180_000);
    await host.open(page);
    await newWorkspace(page, 'Export');
    await importGenerated(page, 'Export', 'big', ROWS);

    const downloading = page.waitForEvent('download', { timeout: 90_000 });
    await exportButton(page).click();
    const exports = page.getByRole('region', { name: 'Exports' });
    const bar = exports.getByRole('progressbar', { name: 'Exporting big v1' });
    await expect(bar).toBeVisible();
    await expect(exports.getByText(`of ${ROWS.toLocaleString('en-US')} rows`)).toBeVisible({
      timeout: 30_000,
    });
    await expect(exports.getByRole('button', { name: 'Cancel export of big v1' })).toBeEnabled();

    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^big-v1-[0-9a-f]{8}\.csv$/);
    await expect(
      page.getByText(`Exported ${ROWS.toLocaleString('en-US')} rows to ${download.suggestedFilename()}.`),
    ).toBeVisible();
    await expect(exports).toBeHidden();

    const lines = fs.readFileSync(await download.path(), 'utf8').split('\r\n');
    expect(lines).toHaveLength(ROWS + 2);
    expect(lines[0]).toBe('id,value,label');
    expect(lines[1]).toBe('1,919.5,row 1');
    expect(lines[ROWS]).toBe(`${ROWS},0.5,row ${ROWS}`);
    expect(lines[ROWS + 1]).toBe('');
  });

  test('cancelled from the keyboard while it runs: "Export cancelled", no download, no file', async ({
    page,
    host,
  }) => {
    test.setTimeout(180_000);
    await host.open(page);
    await newWorkspace(page, 'Cancel export');
    await importGenerated(page, 'Cancel export', 'huge', CANCEL_ROWS);
    const downloads: string[] = [];
    page.on('download', (d) => downloads.push(d.suggestedFilename()));

    await exportButton(page).click();
    const exports = page.getByRole('region', { name: 'Exports' });
    const bar = exports.getByRole('progressbar', { name: 'Exporting huge v1' });
    // Cancelled part-way: some rows written, not all.
    await expect(bar).toHaveAttribute('aria-valuetext', /^\d+%, [1-9][\d,]* of /, { timeout: 30_000 });
    const cancel = exports.getByRole('button', { name: 'Cancel export of huge v1' });
    await cancel.focus();
    await page.keyboard.press('Enter');

    await expect(page.getByText('Export cancelled', { exact: true })).toBeVisible();
    await expect(exports).toBeHidden();
    // The export stops between two chunks and removes its partial file.
    await expect.poll(() => exportsFolder(host.dataDir), { timeout: 20_000 }).toEqual([]);
    await page.waitForTimeout(1000);
    expect(exportsFolder(host.dataDir)).toEqual([]);
    expect(downloads).toEqual([]);
  });

  test('exports a recipe in every format and engine; a step an engine cannot run is named', async ({
    page,
    host,
  }) => {
    // Six downloads, a shell run and two transformations: more than the default 45 s here.
    test.setTimeout(120_000);
    const csv = 'name,age,city\nAnn,34,NY\nBob,25,LA\nCid,41,NY\n';
    await host.open(page);
    await newWorkspace(page, 'Recipes');
    await importCsv(page, 'Recipes', 'people.csv', csv);
    await page.getByRole('button', { name: 'Transform ▾' }).click();
    await page
      .getByRole('menu', { name: 'Transform' })
      .getByRole('menuitem', { name: 'Filter rows…' })
      .click();
    const filter = page.getByRole('dialog', { name: 'Filter rows' });
    await filter.getByRole('combobox', { name: 'Keep rows where' }).fill("city = 'NY'");
    await filter.getByRole('button', { name: 'Preview' }).click();
    await filter.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByRole('grid')).toHaveAttribute('aria-rowcount', '3');

    const format = page.getByRole('combobox', { name: 'Recipe format' });
    const exportRecipe = async (label: string): Promise<{ name: string; text: string }> => {
      await format.selectOption({ label });
      const downloading = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export recipe' }).click();
      const download = await downloading;
      return { name: download.suggestedFilename(), text: fs.readFileSync(await download.path(), 'utf8') };
    };
    const expected: [string, RegExp, string][] = [
      ['JSON (re-appliable)', /\.json$/, '"format": "cairn-recipe"'],
      ['pandas script', /\.py$/, 'pd.read_csv(INPUT'],
      ['Ray Data job (cluster)', /-ray\.py$/, 'ray.data.read_csv('],
      ['SQL for the sqlite3 shell', /-sqlite\.sql$/, ".import --csv --skip 1 'people.csv' cairn_input"],
      ['SQL for DuckDB', /-duckdb\.sql$/, "read_csv('people.csv'"],
      ['SQL for Postgres', /-postgres\.sql$/, `COPY "cairn_input" ("name", "age", "city") FROM 'people.csv'`],
    ];
    let sqliteScript = '';
    for (const [label, name, text] of expected) {
      const file = await exportRecipe(label);
      expect(file.name).toMatch(name);
      expect(file.text).toContain(text);
      if (label === 'SQL for the sqlite3 shell') sqliteScript = file.text;
    }
    // The script the person downloaded runs as is in the stock sqlite3 shell, next to the CSV.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-recipe-'));
    fs.writeFileSync(path.join(dir, 'people.csv'), csv);
    const run = spawnSync('sqlite3', [':memory:'], { cwd: dir, input: sqliteScript, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(fs.readFileSync(path.join(dir, 'result.csv'), 'utf8').replace(/\r/g, '')).toBe(
      'name,age,city\nAnn,34,NY\nCid,41,NY\n',
    );
    fs.rmSync(dir, { recursive: true, force: true });

    // Lowercase letters beyond ASCII: the sqlite3 shell cannot, so that export says which step.
    await page.getByRole('button', { name: 'Transform ▾' }).click();
    await page
      .getByRole('menu', { name: 'Transform' })
      .getByRole('menuitem', { name: 'Clean text…' })
      .click();
    const clean = page.getByRole('dialog', { name: 'Clean text' });
    await clean.getByRole('checkbox', { name: 'name' }).check();
    await clean.getByRole('combobox', { name: 'Case' }).selectOption('lower');
    await clean.getByRole('button', { name: 'Preview' }).click();
    await clean.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByRole('grid').getByText('ann', { exact: true })).toBeVisible();
    await format.selectOption({ label: 'SQL for the sqlite3 shell' });
    await page.getByRole('button', { name: 'Export recipe' }).click();
    await expect(
      page.getByText(/Step 2 \(Clean text in "name": .*lowercase\) cannot be exported to SQLite/),
    ).toBeVisible();
    const duck = await exportRecipe('SQL for DuckDB');
    expect(duck.text).toContain('-- Step 2: Clean text in "name"');
  });
});
