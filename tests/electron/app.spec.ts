import { _electron, expect, test } from '@playwright/test';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The desktop app end to end: the built main process, the sandboxed preload and the renderer in a
 * real Electron. It needs the Electron binary and the Electron build of better-sqlite3
 * (`npm run native:electron`); without the binary the whole file is skipped, loudly.
 */
const SKIP_REASON =
  'SKIPPED: Electron binary not installed on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD); the desktop end-to-end spec runs only where Electron exists.';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function electronBinaryAvailable(): boolean {
  try {
    // The electron package exports the executable's path, and throws when the binary was never downloaded.
    const executable: unknown = createRequire(import.meta.url)('electron');
    return typeof executable === 'string' && fs.existsSync(executable);
  } catch {
    return false;
  }
}

const electronAvailable = electronBinaryAvailable();
// Playwright loads spec files in its runner and again in workers; only the runner has no worker index.
if (!electronAvailable && process.env.TEST_WORKER_INDEX === undefined) console.warn(SKIP_REASON);

test.skip(!electronAvailable, SKIP_REASON);

test('the desktop app creates a workspace and exposes only window.cairn', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-electron-'));
  // Chromium refuses to start as root with its sandbox on (CI containers); the renderer sandbox
  // Cairn asks for in webPreferences, which this test checks, still applies.
  const rootOnly = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  const app = await _electron.launch({
    args: [path.join(root, 'out', 'main', 'index.js'), ...rootOnly],
    cwd: root,
    env: { ...process.env, CAIRN_DATA_DIR: dataDir },
  });
  try {
    const page = await app.firstWindow();

    await page.getByRole('button', { name: 'New workspace' }).click();
    const dialog = page.getByRole('dialog', { name: 'New workspace' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Field survey');
    await dialog.getByRole('button', { name: 'Create' }).click();

    await expect(
      page.getByRole('list', { name: 'Workspaces' }).getByRole('link', { name: 'Field survey' }),
    ).toBeVisible();
    await expect(dialog).toBeHidden();

    const exposed = await page.evaluate(() => {
      const scope = window as unknown as Record<string, unknown>;
      return { cairn: typeof scope.cairn, require: typeof scope.require, process: typeof scope.process };
    });
    expect(exposed).toEqual({ cairn: 'object', require: 'undefined', process: 'undefined' });

    // The workspace was written by the main process into the data folder the test chose.
    expect(fs.existsSync(path.join(dataDir, 'cairn.db'))).toBe(true);
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('exporting a CSV asks where to save it in the main process and writes exactly there', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-electron-'));
  const saveDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-electron-save-'));
  const target = path.join(saveDir, 'customers export.csv');
  const rootOnly = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  const app = await _electron.launch({
    args: [path.join(root, 'out', 'main', 'index.js'), ...rootOnly],
    cwd: root,
    env: { ...process.env, CAIRN_DATA_DIR: dataDir },
  });
  try {
    const page = await app.firstWindow();
    await page.getByRole('button', { name: 'New workspace' }).click();
    const dialog = page.getByRole('dialog', { name: 'New workspace' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Exports');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('button', { name: 'Try sample data: Customers' }).click();
    await page.getByRole('table', { name: 'Datasets' }).getByRole('link', { name: 'customers' }).click();
    await expect(page.getByRole('grid')).toHaveAttribute('aria-rowcount', '301');
    const exportButton = page
      .getByRole('toolbar', { name: 'Dataset actions' })
      .getByRole('button', { name: 'Export CSV' });

    // The person dismisses the save dialog: cancelled, and nothing is written.
    await app.evaluate(({ dialog }) => {
      dialog.showSaveDialog = () => Promise.resolve({ canceled: true, filePath: '' });
    });
    await exportButton.click();
    await expect(page.getByText('Export cancelled', { exact: true })).toBeVisible();
    expect(fs.readdirSync(saveDir)).toEqual([]);

    // The person picks a file: the CSV is written there and the toast says so.
    await app.evaluate(({ dialog }, filePath) => {
      dialog.showSaveDialog = () => Promise.resolve({ canceled: false, filePath });
    }, target);
    await exportButton.click();
    await expect(page.getByText(`Exported 300 rows. Saved to ${target}`)).toBeVisible();
    const lines = fs.readFileSync(target, 'utf8').split('\r\n');
    expect(lines[0]).toBe(
      'customer_id,first_name,last_name,email,phone,city,state,zip,age,signup_date,plan,monthly_spend,is_active',
    );
    expect(lines).toHaveLength(302);
    expect(fs.readdirSync(saveDir)).toEqual(['customers export.csv']);
    // Nothing went through the exports folder the web host serves.
    const exportsDir = path.join(dataDir, 'exports');
    expect(fs.existsSync(exportsDir) ? fs.readdirSync(exportsDir) : []).toEqual([]);
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(saveDir, { recursive: true, force: true });
  }
});
