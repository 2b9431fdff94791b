import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './host';
import { dropGeneratedCsv, newWorkspace } from './steps';

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
});
